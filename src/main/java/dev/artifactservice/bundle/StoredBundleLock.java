package dev.artifactservice.bundle;

import dev.artifactservice.failure.DependencyUnavailableException;
import dev.artifactservice.failure.ServiceException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Serialises the check-and-rebuild of one session's stored {@code bundle.zip} across every instance with a
 * PostgreSQL session-level advisory lock (keyed by the session id), held on a connection of its own while the
 * bundle is checked and, if stale, rebuilt. Without it, two instances asked at once both rebuild the same
 * ZIP, and a rebuild that began before a change could finish last and leave an outdated bundle behind a link
 * already handed out for the newer state. Waiters poll ({@code pg_try_advisory_lock}) and hold no pooled
 * connection between tries, so many requests for one session cannot starve the rebuild of connections.
 */
@ApplicationScoped
public class StoredBundleLock {

    /** Pause between two tries for a lock another instance holds, in milliseconds. */
    static final long RETRY_MILLIS = 200;

    @Resource(lookup = "jdbc/artifacts")
    DataSource dataSource;

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
        String key = "stored-bundle/" + sessionId;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(maxWaitSeconds);
        while (true) {
            try (Connection db = dataSource.getConnection()) {
                if (call(db, "pg_try_advisory_lock", key)) {
                    try {
                        return work.get();
                    } finally {
                        call(db, "pg_advisory_unlock", key);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("the stored bundle's lock needs the database", e);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new DependencyUnavailableException("Another request is still building this session's bundle "
                    + "(waited " + maxWaitSeconds + " s); retry later.", DependencyUnavailableException.RETRY_AFTER_SECONDS,
                    null);
            }
            try {
                Thread.sleep(RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while another instance rebuilt the bundle", e);
            }
        }
    }

    private static boolean call(Connection db, String function, String key) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement("SELECT " + function + "(hashtextextended(?, 0))")) {
            statement.setString(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
