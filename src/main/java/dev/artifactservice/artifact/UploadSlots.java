package dev.artifactservice.artifact;

import dev.artifactservice.failure.DependencyUnavailableException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * How many writes of artifacts this instance runs at once ({@code artifacts.upload.max-concurrent}): uploads,
 * restores, deletes and keep flags. Each holds a pooled database connection and its transaction while it waits for
 * its path's lock (up to {@code artifacts.upload.lock-wait-seconds}) and, for an upload, for as long as its body takes
 * to arrive, so a client sending slowly, or many writes of one path queued behind it, could take every pooled
 * connection, and downloads, lists and readiness would fail with them. With the bound, a write past it waits at most
 * {@code artifacts.upload.slot-wait-seconds} for a slot, then is answered 503 with {@code Retry-After} before any
 * byte of its body is read or any row written. At most as many writes wait as may run (each waiter holds a request
 * thread); one more is answered 503 at once. The connections the bound leaves serve everything else.
 *
 * <p>Created when the application starts, so a bad setting stops the start with its name, and the metrics exist
 * from then: on {@code /metrics}, {@code artifacts_upload_slots_in_use} (writes in progress),
 * {@code artifacts_upload_slots_max} and {@code artifacts_upload_slots_refused_total} (writes answered 503 for want
 * of a slot).
 */
@ApplicationScoped
public class UploadSlots {

    @Inject
    UploadSettings settings;

    @Inject
    MetricRegistry registry;

    private int maxConcurrent;
    private long waitSeconds;
    private Semaphore slots;
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    private Counter refused;

    /** For CDI. */
    public UploadSlots() {
    }

    /** Slots outside CDI (unit tests): {@code maxConcurrent} at once, a wait of {@code waitSeconds}, no metrics. */
    UploadSlots(int maxConcurrent, long waitSeconds) {
        create(maxConcurrent, waitSeconds);
    }

    @PostConstruct
    void create() {
        create(settings.maxConcurrent(), settings.slotWaitSeconds());
    }

    /** Creates the slots (and checks their settings) when the application starts, not at the first write. */
    void createOnStartup(@jakarta.enterprise.event.Observes
                         @jakarta.enterprise.context.Initialized(ApplicationScoped.class) Object startup) {
        inUse();
    }

    private void create(int maxConcurrent, long waitSeconds) {
        this.maxConcurrent = maxConcurrent;
        this.waitSeconds = waitSeconds;
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("artifacts.upload.max-concurrent must be at least 1, not "
                + maxConcurrent);
        }
        if (waitSeconds < 0) {
            throw new IllegalArgumentException("artifacts.upload.slot-wait-seconds must not be negative, not "
                + waitSeconds);
        }
        slots = new Semaphore(maxConcurrent, true);
        if (registry == null) {
            return;
        }
        registry.gauge(Metadata.builder().withName("artifacts.upload.slots.in.use")
            .withDescription("Uploads and other writes of artifacts in progress on this instance (each holds a "
                + "database connection)").build(),
            this, UploadSlots::inUse);
        registry.gauge(Metadata.builder().withName("artifacts.upload.slots.max")
            .withDescription("artifacts.upload.max-concurrent: the most writes of artifacts this instance runs at "
                + "once").build(),
            this, s -> s.maxConcurrent);
        refused = registry.counter(Metadata.builder().withName("artifacts.upload.slots.refused")
            .withDescription("Writes of artifacts answered 503 because artifacts.upload.max-concurrent were in "
                + "progress for artifacts.upload.slot-wait-seconds, or as many were waiting").build());
    }

    /** Writes holding a slot now, 0 to {@code artifacts.upload.max-concurrent}. */
    public int inUse() {
        return maxConcurrent - slots.availablePermits();
    }

    /**
     * Takes a slot for one write, waiting up to {@code artifacts.upload.slot-wait-seconds} (first come, first
     * served) unless as many writes are waiting already as may run; close the returned slot when the write has
     * ended, however it ended.
     *
     * @throws DependencyUnavailableException 503 with {@code Retry-After} when no slot came free in time, too many
     *                                        writes were waiting, or the request thread was interrupted
     */
    public Slot take() {
        boolean taken;
        try {
            taken = slots.tryAcquire(0, TimeUnit.SECONDS);
            if (!taken) {
                if (waiting.incrementAndGet() > maxConcurrent) {
                    waiting.decrementAndGet();
                    throw refusal("and as many are waiting for one", null);
                }
                try {
                    taken = slots.tryAcquire(waitSeconds, TimeUnit.SECONDS);
                } finally {
                    waiting.decrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refusal("and this request was interrupted while it waited", e);
        }
        if (!taken) {
            throw refusal("and none ended within " + waitSeconds + " s", null);
        }
        return new Slot();
    }

    private DependencyUnavailableException refusal(String why, Throwable cause) {
        if (refused != null) {
            refused.inc();
        }
        return new DependencyUnavailableException(maxConcurrent + " uploads or other writes of artifacts are in "
            + "progress on this instance, its most at once (artifacts.upload.max-concurrent), " + why + "; nothing "
            + "was changed. Retry later.", DependencyUnavailableException.RETRY_AFTER_SECONDS, cause);
    }

    /** One write's slot, given back once by {@link #close}. */
    public final class Slot implements AutoCloseable {

        private boolean open = true;

        private Slot() {
        }

        /** Gives the slot back (a second call does nothing). */
        @Override
        public void close() {
            if (open) {
                open = false;
                slots.release();
            }
        }
    }
}
