package dev.artifactservice.audit;

import dev.artifactservice.failure.DependencyUnavailableException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Audit events recorded off the request thread: a request puts its event in a bounded in-memory queue and goes on;
 * one writer thread takes whatever has queued up (at most {@link AuditRepository#MAX_BATCH} events) and writes it
 * with one multi-row insert in one transaction, so under load many requests share one commit (group commit). After
 * the first event of an empty queue the writer lingers up to {@code artifacts.audit.linger-millis} for more (less
 * when {@link #flush} is waiting or a batch is full), so an event waits at most that linger plus one batch write
 * (well under the 200 ms the design allows) plus a database outage.
 *
 * <p>Nothing is dropped: when the queue is full (the database is slow or down), {@link #enqueue} waits up to
 * {@code artifacts.audit.wait-seconds} for room and then refuses the request with 503; a batch that fails is
 * retried (every second) until it is written. At shutdown the queue is written out before the application stops
 * (bounded by the same wait). What a crash (kill -9, power loss) loses is what was queued and not yet written: at
 * most {@code artifacts.audit.queue-capacity} events, in practice the downloads, bundles and pre-signed links of the
 * last linger and batch write (tens of milliseconds). Events that belong to a change (uploads, deletes, keep
 * changes, purges) are not queued: {@link AuditLog} writes them in the change's own transaction.
 *
 * <p>Order: events of one instance get ids in the order they were recorded; {@link #flush} lets an in-transaction
 * event, and a read of the trail, wait until everything queued before it is written.
 */
@ApplicationScoped
public class AuditQueue {

    private static final Logger LOG = Logger.getLogger(AuditQueue.class.getName());

    /** Pause between attempts to write a batch the database refused, in milliseconds. */
    private static final long RETRY_MILLIS = 1000;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    AuditWriter writer;

    @Inject
    @ConfigProperty(name = "artifacts.audit.queue-capacity", defaultValue = "10000")
    int capacity;

    @Inject
    @ConfigProperty(name = "artifacts.audit.wait-seconds", defaultValue = "5")
    long waitSeconds;

    @Inject
    @ConfigProperty(name = "artifacts.audit.linger-millis", defaultValue = "20")
    long lingerMillis;

    /** The application's metrics; null outside a server (unit tests). */
    @Inject
    MetricRegistry registry;

    /** Events written so far, on {@code /metrics}; null without a registry. */
    private Counter writtenEvents;

    private BlockingQueue<NewAuditEvent> queue;
    private final Object enqueueLock = new Object();
    private final Object progress = new Object();
    /** Events put in the queue so far; guarded by {@link #enqueueLock} for writes. */
    private volatile long enqueued;
    /** Events written so far; guarded by {@link #progress}. */
    private long written;
    /** The event count {@link #flush} callers wait for: below it the writer does not linger. */
    private final AtomicLong hurryUntil = new AtomicLong();
    private volatile boolean stopping;
    private Thread thread;

    @PostConstruct
    void start() {
        queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
        thread = threads.newThread(this::run);
        thread.setName("artifact-audit-writer");
        thread.setDaemon(true);
        thread.start();
        if (registry != null) {
            registry.gauge(Metadata.builder().withName("artifacts.audit.queue.events")
                .withDescription("Audit events of reads queued on this instance and not yet written (a crash loses "
                    + "them; near artifacts.audit.queue-capacity, requests wait and then get 503)").build(),
                this, AuditQueue::pending);
            writtenEvents = registry.counter(Metadata.builder().withName("artifacts.audit.events.written")
                .withDescription("Audit events of reads this instance's writer has written to the database").build());
        }
    }

    /**
     * Queues {@code event} for writing, waiting up to {@code artifacts.audit.wait-seconds} for room.
     *
     * @throws DependencyUnavailableException 503 when the queue stayed full (the database does not keep up or is
     *     down); the event is not recorded and the request should fail rather than go unaudited
     */
    public void enqueue(NewAuditEvent event) {
        boolean queued;
        synchronized (enqueueLock) {
            try {
                queued = !stopping && queue.offer(event, waitSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                queued = false;
            }
            if (queued) {
                enqueued++;
            }
        }
        if (!queued) {
            throw new DependencyUnavailableException("The audit trail cannot be written right now (database); "
                + "the request was not carried out. Retry later.", DependencyUnavailableException.RETRY_AFTER_SECONDS,
                null);
        }
    }

    /**
     * Waits until every event queued before this call is written, at most {@code artifacts.audit.wait-seconds}.
     *
     * @return true when they are all written, false when the wait ran out (the database is slow or down)
     */
    public boolean flush() {
        long target = enqueued;
        if (hurryUntil.getAndAccumulate(target, Math::max) < target) {
            LockSupport.unpark(thread);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        synchronized (progress) {
            while (written < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** The number of events queued and not yet written. */
    public int pending() {
        return queue == null ? 0 : queue.size();
    }

    @PreDestroy
    void stop() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(waitSeconds) + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            LOG.severe(queue.size() + " audit events could not be written before the application stopped");
        }
    }

    private void run() {
        List<NewAuditEvent> batch = new ArrayList<>();
        long stopDeadline = Long.MAX_VALUE;
        while (true) {
            if (stopping && stopDeadline == Long.MAX_VALUE) {
                stopDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
            }
            if (stopping && (queue.isEmpty() || System.nanoTime() > stopDeadline)) {
                return;
            }
            try {
                NewAuditEvent first = stopping ? queue.poll() : queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                continue; // stop() interrupts to end the wait; the loop writes out what is left
            }
            linger();
            queue.drainTo(batch, AuditRepository.MAX_BATCH - 1);
            if (writeUntilDone(batch, stopDeadline)) {
                synchronized (progress) {
                    written += batch.size();
                    progress.notifyAll();
                }
                if (writtenEvents != null) {
                    writtenEvents.inc(batch.size());
                }
            }
            batch.clear();
        }
    }

    /**
     * Waits up to {@code artifacts.audit.linger-millis} after a batch's first event for more to queue up, so that a
     * steady stream of reads is written in fewer, larger batches (one commit and one WAL flush each); no wait when
     * stopping, when a full batch is queued, or while a {@link #flush} caller waits for events not yet written.
     */
    private void linger() {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lingerMillis);
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            // Thread.interrupted() also clears the flag stop() sets, which parkNanos keeps (the batch is written next).
            if (Thread.interrupted() || stopping || queue.size() >= AuditRepository.MAX_BATCH - 1 || flushWaiting()) {
                return;
            }
            LockSupport.parkNanos(this, left);
        }
    }

    private boolean flushWaiting() {
        synchronized (progress) {
            return written < hurryUntil.get();
        }
    }

    /** Writes {@code batch}, retrying while the database refuses; false when the stop deadline passed first. */
    private boolean writeUntilDone(List<NewAuditEvent> batch, long stopDeadline) {
        for (int attempt = 1; ; attempt++) {
            try {
                writer.write(batch);
                if (attempt > 1) {
                    LOG.info("Audit trail written again after " + (attempt - 1) + " failed attempts");
                }
                return true;
            } catch (RuntimeException e) {
                if (attempt == 1 || attempt % 60 == 0) {
                    LOG.log(Level.WARNING, "Cannot write " + batch.size() + " audit events (" + queue.size()
                        + " more queued); retrying every " + RETRY_MILLIS + " ms: " + e, attempt == 1 ? null : e);
                }
                if (stopping && System.nanoTime() > stopDeadline) {
                    LOG.severe(batch.size() + " audit events lost at shutdown: the database did not take them");
                    return false;
                }
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    // stop() interrupts; the deadline decides when to give up
                }
            }
        }
    }
}
