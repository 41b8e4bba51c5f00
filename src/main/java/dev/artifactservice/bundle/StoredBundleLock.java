package dev.artifactservice.bundle;

import dev.artifactservice.database.AdvisoryLocks;
import dev.artifactservice.failure.DependencyUnavailableException;
import dev.artifactservice.failure.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Serialises the check-and-rebuild of one session's stored {@code bundle.zip} across every instance with a
 * PostgreSQL session-level advisory lock (keyed by the session id, {@link AdvisoryLocks#holding}), held while the
 * bundle is checked and, if stale, rebuilt. Without it, two instances asked at once both rebuild the same
 * ZIP, and a rebuild that began before a change could finish last and leave an outdated bundle behind a link
 * already handed out for the newer state. Waiters poll every {@value #RETRY_MILLIS} ms and hold no pooled
 * connection between tries, so many requests for one session cannot starve the rebuild of connections.
 */
@ApplicationScoped
public class StoredBundleLock {

    /** Pause between two tries for a lock another instance holds, in milliseconds. */
    static final long RETRY_MILLIS = 200;

    @Inject
    AdvisoryLocks locks;

    @Inject
    @ConfigProperty(name = "artifacts.bundle.lock-wait-seconds")
    long maxWaitSeconds;

    /**
     * Runs {@code work} while holding the session's bundle lock, waiting for another rebuild of it to end, at
     * most {@code artifacts.bundle.lock-wait-seconds}.
     *
     * @return what {@code work} returns
     * @throws ServiceException 503 with {@code Retry-After} when another rebuild held the lock longer
     * @throws IllegalStateException when the database cannot be reached for the lock, or the wait is interrupted
     */
    public <T> T holding(UUID sessionId, Supplier<T> work) {
        return locks.holding("stored-bundle/" + sessionId, Duration.ofSeconds(maxWaitSeconds), RETRY_MILLIS,
            () -> new DependencyUnavailableException("Another request is still building this session's bundle "
                + "(waited " + maxWaitSeconds + " s); retry later.", DependencyUnavailableException.RETRY_AFTER_SECONDS,
                null), work);
    }
}
