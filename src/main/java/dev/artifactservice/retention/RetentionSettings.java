package dev.artifactservice.retention;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Retention and purge settings ({@code artifacts.retention.*}, {@code artifacts.purge.*}, MicroProfile Config). */
@ApplicationScoped
public class RetentionSettings {

    @Inject
    @ConfigProperty(name = "artifacts.retention.default-days", defaultValue = "0")
    int defaultDays;

    @Inject
    @ConfigProperty(name = "artifacts.purge.interval-seconds", defaultValue = "3600")
    long intervalSeconds;

    @Inject
    @ConfigProperty(name = "artifacts.purge.batch-size", defaultValue = "100")
    int batchSize;

    /** Retention in days of artifacts whose session and organization set none; 0 (or less) keeps them forever. */
    public int defaultDays() {
        return Math.max(0, Math.min(defaultDays, Expiry.MAX_DAYS));
    }

    /** Seconds between two scheduled purges (default 3600); 0 or less schedules none. */
    public long intervalSeconds() {
        return intervalSeconds;
    }

    /** Artifacts deleted per purge transaction (default 100, at least 1, at most 1000). */
    public int batchSize() {
        return Math.max(1, Math.min(batchSize, 1000));
    }
}
