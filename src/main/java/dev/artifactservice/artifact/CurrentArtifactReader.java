package dev.artifactservice.artifact;

import dev.artifactservice.database.DatabaseFailures;
import dev.artifactservice.retention.Expiry;
import dev.artifactservice.telemetry.DatabaseTimed;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Reads the current version of one live artifact with a single plain JDBC statement and no JTA transaction: the
 * lookup behind every single download and pre-signed link, which writes nothing and so needs neither a transaction
 * (a BEGIN and COMMIT round trip, the transaction manager's enlistment) nor an EclipseLink unit of work. Outside a
 * transaction the pooled connection runs in auto-commit, so the statement sees the last committed row (the same
 * READ COMMITTED view a transaction's first statement has). Its waits are the datasource's: the pool timeout, the
 * server-side {@code statement_timeout} and the socket timeout (README, "Bounded waits"). Pooled connections are not
 * checked before use (a round trip per request, README "Outages and damaged data"), so after a database restart
 * the first connection handed out is dead: the read then runs once more, on a connection the pool opens anew
 * (the pool drops every connection on the first dead one, {@code purgePolicy="EntirePool"}); it never runs again
 * after a timeout or a refused connect ({@link DatabaseFailures#isBrokenConnection}).
 */
@ApplicationScoped
@DatabaseTimed
public class CurrentArtifactReader {

    private static final String SELECT = "SELECT artifact_id, session_id, artifact_type, artifact_name, path, "
        + "file_size, mime_type, sha256, crc32, conversation_id, metadata::text, created_at, updated_at, "
        + "storage_path, expires_at, keep, deflated_size, deflate_profile, version FROM artifacts "
        + "WHERE session_id = ? AND path = ? AND organization_id = ? AND " + Expiry.LIVE_SQL;

    @Resource(lookup = "jdbc/artifacts")
    DataSource dataSource;

    /**
     * The current version of the live (not expired) artifact at {@code path} of session {@code sessionId}, when the
     * session belongs to {@code organizationId}; empty when there is none (no such session for the organization, no
     * artifact at the path, or it expired).
     *
     * @throws IllegalStateException with the {@link SQLException} as its cause when PostgreSQL cannot be reached,
     *     the pool has no free connection in time or the statement fails (the cause chain lets the problem mapping
     *     answer 503 for an unreachable database)
     */
    public Optional<ArtifactSnapshot> find(UUID organizationId, UUID sessionId, String path) {
        try {
            return DatabaseFailures.onceMoreIfBroken(() -> select(organizationId, sessionId, path));
        } catch (SQLException e) {
            throw new IllegalStateException("reading the artifact " + path + " of session " + sessionId + " failed",
                e);
        }
    }

    private Optional<ArtifactSnapshot> select(UUID organizationId, UUID sessionId, String path) throws SQLException {
        try (Connection db = dataSource.getConnection(); PreparedStatement select = db.prepareStatement(SELECT)) {
            select.setObject(1, sessionId);
            select.setString(2, path);
            select.setObject(3, organizationId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(snapshot(row)) : Optional.empty();
            }
        }
    }

    private static ArtifactSnapshot snapshot(ResultSet row) throws SQLException {
        boolean keep = row.getBoolean(16);
        long deflatedSize = row.getLong(17);
        Long deflated = row.wasNull() ? null : deflatedSize;
        int profile = row.getInt(18);
        Integer deflateProfile = row.wasNull() ? null : profile;
        return new ArtifactSnapshot(row.getObject(1, UUID.class), row.getObject(2, UUID.class),
            ArtifactType.ofId(row.getString(3)), row.getString(4), row.getString(5), row.getLong(6), row.getString(7),
            row.getString(8), row.getLong(9), row.getObject(10, UUID.class), row.getString(11), instant(row, 12),
            instant(row, 13), row.getString(14), Expiry.effective(row.getObject(15, OffsetDateTime.class), keep), keep,
            deflated, deflateProfile, row.getInt(19));
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }
}
