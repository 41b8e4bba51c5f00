package dev.artifactservice.bundle;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Serialises the check-and-rebuild of one session's stored {@code bundle.zip} across every instance with a
 * PostgreSQL session-level advisory lock (keyed by the session id), held on a connection of its own while the
 * bundle is checked and, if stale, rebuilt. Without it, two instances asked at once both rebuild the same
 * ZIP, and a rebuild that began before a change could finish last and leave an outdated bundle behind a link
 * already handed out for the newer state.
 */
@ApplicationScoped
public class StoredBundleLock {

    @Resource(lookup = "jdbc/artifacts")
    DataSource dataSource;

    /**
     * Runs {@code work} while holding the session's bundle lock, waiting for another instance's rebuild to end.
     *
     * @return what {@code work} returns
     * @throws IllegalStateException when the database cannot be reached for the lock
     */
    public <T> T holding(UUID sessionId, Supplier<T> work) {
        try (Connection db = dataSource.getConnection()) {
            lock(db, "pg_advisory_lock", sessionId);
            try {
                return work.get();
            } finally {
                lock(db, "pg_advisory_unlock", sessionId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the stored bundle's lock needs the database", e);
        }
    }

    private static void lock(Connection db, String function, UUID sessionId) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(
            "SELECT " + function + "(hashtextextended(?, 0))")) {
            statement.setString(1, "stored-bundle/" + sessionId);
            statement.execute();
        }
    }
}
