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
 * How many uploads this instance takes at once ({@code artifacts.upload.max-concurrent}). An upload holds a pooled
 * database connection, its transaction and its path's lock for as long as its body takes to arrive, so a client
 * sending slowly holds them as long as it likes; without a bound, enough slow uploads take every pooled connection
 * and downloads, lists and readiness fail with them. With the bound, the uploads past it wait at most
 * {@code artifacts.upload.slot-wait-seconds} for one to finish and are then answered 503 with {@code Retry-After},
 * before any byte of theirs is read or any row written, while the connections the bound leaves serve everything
 * else.
 *
 * <p>On {@code /metrics}: {@code artifacts_upload_slots_in_use} (uploads in progress),
 * {@code artifacts_upload_slots_max} and {@code artifacts_upload_slots_refused_total} (uploads answered 503 for
 * want of a slot).
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
            .withDescription("Uploads in progress on this instance (each holds a database connection)").build(),
            this, UploadSlots::inUse);
        registry.gauge(Metadata.builder().withName("artifacts.upload.slots.max")
            .withDescription("artifacts.upload.max-concurrent: the most uploads this instance takes at once").build(),
            this, s -> s.maxConcurrent);
        refused = registry.counter(Metadata.builder().withName("artifacts.upload.slots.refused")
            .withDescription("Uploads answered 503 because artifacts.upload.max-concurrent uploads were in progress "
                + "for artifacts.upload.slot-wait-seconds").build());
    }

    /** Uploads holding a slot now, 0 to {@code artifacts.upload.max-concurrent}. */
    public int inUse() {
        return maxConcurrent - slots.availablePermits();
    }

    /**
     * Takes a slot for one upload, waiting up to {@code artifacts.upload.slot-wait-seconds} (first come, first
     * served); close the returned slot when the upload has ended, however it ended.
     *
     * @throws DependencyUnavailableException 503 with {@code Retry-After} when no slot came free in time, or the
     *                                        request thread was interrupted while waiting
     */
    public Slot take() {
        boolean taken;
        try {
            taken = slots.tryAcquire(waitSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refusal(e);
        }
        if (!taken) {
            throw refusal(null);
        }
        return new Slot();
    }

    private DependencyUnavailableException refusal(Throwable cause) {
        if (refused != null) {
            refused.inc();
        }
        return new DependencyUnavailableException(maxConcurrent + " uploads are in progress on this instance, its "
            + "most at once (artifacts.upload.max-concurrent), and none ended within " + waitSeconds + " s; "
            + "nothing was stored. Retry later.", DependencyUnavailableException.RETRY_AFTER_SECONDS, cause);
    }

    /** One upload's slot, given back once by {@link #close}. */
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
