package dev.artifactservice.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The audit queue's batching: what one linger gathers is written as one batch, a flush cuts the linger short, and a
 * stop writes the queue out. The writer here records batches instead of inserting them (the insert itself is
 * AuditTrailIT's, against PostgreSQL).
 */
class AuditQueueTest {

    /** Records each batch it is given, in order. */
    static final class RecordingWriter extends AuditWriter {
        final List<List<NewAuditEvent>> batches = new ArrayList<>();

        @Override
        public synchronized void write(List<NewAuditEvent> batch) {
            batches.add(List.copyOf(batch));
        }

        synchronized List<List<NewAuditEvent>> batches() {
            return List.copyOf(batches);
        }
    }

    private final RecordingWriter writer = new RecordingWriter();
    private AuditQueue queue;

    private AuditQueue start(long lingerMillis) {
        queue = new AuditQueue();
        queue.threads = new ManagedThreadFactory() {
            @Override
            public Thread newThread(Runnable r) {
                return new Thread(r);
            }

            @Override
            public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
                throw new UnsupportedOperationException();
            }
        };
        queue.writer = writer;
        queue.capacity = 10_000;
        queue.waitSeconds = 60;
        queue.lingerMillis = lingerMillis;
        queue.start();
        return queue;
    }

    @AfterEach
    void stop() {
        if (queue != null) {
            queue.stop();
        }
    }

    private static NewAuditEvent event(int i) {
        return new NewAuditEvent(UUID.randomUUID(), "download", null, "terraform/f" + i + ".tf", (long) i, "u", null,
            Instant.now());
    }

    @Test
    void eventsQueuedWithinOneLingerAreWrittenAsOneBatchInOrder() throws Exception {
        start(TimeUnit.SECONDS.toMillis(2));
        List<NewAuditEvent> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            NewAuditEvent e = event(i);
            sent.add(e);
            queue.enqueue(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (writer.batches().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(sent), writer.batches(), "one batch of all 50 events, in the order they were queued");
        assertEquals(0, queue.pending());
    }

    @Test
    void aFlushDoesNotWaitForTheLinger() {
        start(TimeUnit.MINUTES.toMillis(10));
        queue.enqueue(event(1));
        queue.enqueue(event(2));
        // With a ten-minute linger, only the flush's hurry gets these written before its own 60 s wait runs out.
        assertTrue(queue.flush(), "flush returned with the events written");
        assertEquals(2, writer.batches().stream().mapToInt(List::size).sum());
    }

    @Test
    void aStopWritesOutWhatIsQueuedWithoutWaitingForTheLinger() {
        start(TimeUnit.MINUTES.toMillis(10));
        for (int i = 0; i < 5; i++) {
            queue.enqueue(event(i));
        }
        queue.stop();
        queue = null;
        assertEquals(5, writer.batches().stream().mapToInt(List::size).sum());
    }
}
