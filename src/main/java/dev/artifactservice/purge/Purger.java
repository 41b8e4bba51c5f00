package dev.artifactservice.purge;

import dev.artifactservice.failure.DependencyUnavailableException;
import dev.artifactservice.retention.RetentionSettings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes expired artifacts (object and row) in batches: every {@code artifacts.purge.interval-seconds} on the
 * managed scheduled executor, and on demand ({@code POST /api/admin/purge}). Safe on several instances at
 * once: each batch takes only rows no other purge holds (see {@link PurgeBatch}).
 */
@ApplicationScoped
public class Purger {

    private static final Logger LOG = Logger.getLogger(Purger.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    PurgeBatch batch;

    @Inject
    RetentionSettings settings;

    private volatile ScheduledFuture<?> schedule;

    void scheduleOnStartup(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        long interval = settings.intervalSeconds();
        if (interval <= 0) {
            LOG.info("Scheduled purge of expired artifacts is off (artifacts.purge.interval-seconds=" + interval + ")");
            return;
        }
        schedule = scheduler.scheduleWithFixedDelay(this::purgeOnSchedule, interval, interval, TimeUnit.SECONDS);
        LOG.info("Expired artifacts are purged every " + interval + " s, " + settings.batchSize() + " per batch");
    }

    @PreDestroy
    void stop() {
        ScheduledFuture<?> scheduled = schedule;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    private void purgeOnSchedule() {
        try {
            PurgeReport report = purge(null);
            if (report.artifactsPurged() > 0) {
                LOG.info("Scheduled purge: " + report);
            }
        } catch (RuntimeException e) {
            // Never let a failure end the schedule: the rows stay expired (invisible) and the next run retries.
            LOG.log(Level.WARNING, "Scheduled purge failed; it runs again in " + settings.intervalSeconds() + " s", e);
        }
    }

    /**
     * Runs {@link #purge(UUID)} on the managed scheduled executor, the same thread context as the scheduled
     * runs, and waits for its report: the on-demand purge.
     *
     * @param organizationId the organization whose expired artifacts to purge; {@code null} purges every
     *                       organization's (operators only)
     * @throws RuntimeException what the purge threw (e.g. 503 when S3 or the database fails)
     */
    public PurgeReport purgeNow(UUID organizationId) {
        try {
            return scheduler.submit(() -> purge(organizationId)).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the purge", e);
        }
    }

    /**
     * Purges every expired, not kept artifact that no other purge holds, one batch
     * ({@code artifacts.purge.batch-size}) per transaction, until a batch comes back short.
     *
     * @param organizationId only this organization's artifacts; {@code null} for every organization (the
     *                       scheduled purge)
     * @throws dev.artifactservice.failure.DependencyUnavailableException when S3 or the database fails; batches
     *                                                             already done stay done
     */
    public PurgeReport purge(UUID organizationId) {
        int size = settings.batchSize();
        long artifacts = 0;
        long bytes = 0;
        int batches = 0;
        while (true) {
            PurgeBatch.Purged done = batch.purge(organizationId, size);
            batches++;
            artifacts += done.artifacts();
            bytes += done.bytes();
            if (done.artifacts() < size) {
                return new PurgeReport(organizationId, artifacts, bytes, batches);
            }
        }
    }
}
