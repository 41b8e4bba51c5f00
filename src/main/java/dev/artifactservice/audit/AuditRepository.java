package dev.artifactservice.audit;

import dev.artifactservice.database.NativeValues;
import dev.artifactservice.telemetry.DatabaseTimed;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The {@code artifact_events} table (native SQL; the table has no entity). Every method joins the calling
 * service's transaction ({@code MANDATORY}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
@DatabaseTimed
public class AuditRepository {

    @PersistenceContext(unitName = "artifacts")
    EntityManager em;

    @Resource(lookup = "jdbc/artifacts")
    DataSource dataSource;

    /** Inserts one event; {@code sessionId}, {@code path}, {@code bytes} and {@code clientAddress} may be null. */
    public void insert(UUID organizationId, String action, UUID sessionId, String path, Long bytes, String actor,
                       String clientAddress) {
        em.createNativeQuery("INSERT INTO artifact_events (organization_id, session_id, action, path, bytes, actor, "
                + "client_address) VALUES (CAST(?1 AS uuid), CAST(?2 AS uuid), ?3, ?4, ?5, ?6, ?7)")
            .setParameter(1, organizationId.toString())
            .setParameter(2, sessionId == null ? null : sessionId.toString())
            .setParameter(3, action)
            .setParameter(4, path)
            .setParameter(5, bytes)
            .setParameter(6, actor)
            .setParameter(7, clientAddress)
            .executeUpdate();
    }

    /** The most events {@link #insertAll} takes at once (one JDBC batch). */
    public static final int MAX_BATCH = 1000;

    private static final String INSERT_EVENT = "INSERT INTO artifact_events (organization_id, session_id, action, "
        + "path, bytes, actor, client_address, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * Inserts {@code batch} (1 to {@link #MAX_BATCH} events) as one JDBC batch on a connection of the datasource,
     * which the container enlists in the caller's transaction, in list order, each with its own
     * {@code occurred_at}: one round trip, the rows as multi-row INSERTs (the datasource's
     * {@code reWriteBatchedInserts}). Plain JDBC
     * rather than a JPA native query: EclipseLink binds a query's parameters by a linear search per parameter, which
     * made a multi-row statement of 1,000 events cost 8,000 squared steps.
     *
     * @throws IllegalStateException with the {@link SQLException} as its cause when the insert fails
     */
    public void insertAll(List<NewAuditEvent> batch) {
        if (batch.isEmpty() || batch.size() > MAX_BATCH) {
            throw new IllegalArgumentException("a batch holds 1 to " + MAX_BATCH + " events, not " + batch.size());
        }
        try (Connection db = dataSource.getConnection(); PreparedStatement insert = db.prepareStatement(INSERT_EVENT)) {
            for (NewAuditEvent event : batch) {
                insert.setObject(1, event.organizationId());
                insert.setObject(2, event.sessionId(), Types.OTHER);
                insert.setString(3, event.action());
                insert.setString(4, event.path());
                insert.setObject(5, event.bytes(), Types.BIGINT);
                insert.setString(6, event.actor());
                insert.setString(7, event.clientAddress());
                insert.setObject(8, OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("inserting " + batch.size() + " audit events failed", e);
        }
    }

    /**
     * Up to {@code limit} events of the organization with an id after {@code afterEventId}, oldest first, of one
     * session ({@code sessionId} not null) and from a time on ({@code since} not null).
     */
    public List<AuditEvent> page(UUID organizationId, UUID sessionId, OffsetDateTime since, long afterEventId,
                                 int limit) {
        Query query = em.createNativeQuery("SELECT event_id, occurred_at, organization_id::text, session_id::text, "
                + "action, path, bytes, actor, client_address FROM artifact_events "
                + "WHERE organization_id = CAST(?1 AS uuid) AND event_id > ?2"
                + (sessionId == null ? "" : " AND session_id = CAST(?3 AS uuid)")
                + (since == null ? "" : " AND occurred_at >= ?4")
                + " ORDER BY event_id LIMIT ?5")
            .setParameter(1, organizationId.toString())
            .setParameter(2, afterEventId)
            .setParameter(5, limit);
        if (sessionId != null) {
            query.setParameter(3, sessionId.toString());
        }
        if (since != null) {
            query.setParameter(4, since);
        }
        List<AuditEvent> events = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] r = (Object[]) row;
            events.add(new AuditEvent(((Number) r[0]).longValue(), NativeValues.instant(r[1]),
                UUID.fromString((String) r[2]), r[3] == null ? null : UUID.fromString((String) r[3]), (String) r[4],
                (String) r[5], r[6] == null ? null : ((Number) r[6]).longValue(), (String) r[7], (String) r[8]));
        }
        return events;
    }

    /** When the session's latest event of one of {@code actions} was recorded; empty when it has none. */
    public Optional<Instant> lastAt(UUID sessionId, List<String> actions) {
        Object latest = em.createNativeQuery("SELECT MAX(occurred_at) FROM artifact_events "
                + "WHERE session_id = CAST(?1 AS uuid) AND action = ANY(CAST(?2 AS text[]))")
            .setParameter(1, sessionId.toString())
            .setParameter(2, "{" + String.join(",", actions) + "}")
            .getSingleResult();
        return Optional.ofNullable(NativeValues.instant(latest));
    }
}
