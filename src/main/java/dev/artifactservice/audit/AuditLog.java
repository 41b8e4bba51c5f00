package dev.artifactservice.audit;

import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.telemetry.DatabaseTimed;
import dev.artifactservice.security.Caller;
import dev.artifactservice.http.Params;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code artifact_events} table: records who did what to which artifact (each in a transaction of its
 * own, so a failed request's rollback does not erase the trace of what was served) and reads an
 * organization's events back for its admins.
 */
@ApplicationScoped
@DatabaseTimed
public class AuditLog {

    @PersistenceContext(unitName = "artifacts")
    EntityManager em;

    @Inject
    Caller caller;

    /**
     * Records an action of the current caller in the caller's organization.
     *
     * @param path  artifact path, or null for session-wide actions
     * @param bytes bytes sent or stored, or null
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(AuditAction action, UUID sessionId, String path, Long bytes) {
        insert(caller.organizationId(), action, sessionId, path, bytes, caller.userId(), caller.clientAddress());
    }

    /**
     * Records an action of the caller in the current transaction, so that the event exists exactly when the
     * action's changes do (e.g. a session deletion).
     *
     * @param path  artifact path, or null for session-wide actions
     * @param bytes bytes concerned, or null
     */
    @Transactional
    public void recordInTransaction(AuditAction action, UUID sessionId, String path, Long bytes) {
        insert(caller.organizationId(), action, sessionId, path, bytes, caller.userId(), caller.clientAddress());
    }

    /**
     * Records an action the service did by itself (no caller, e.g. the purge), in the current transaction so
     * that the event exists exactly when the action's changes do.
     *
     * @param actor who acted, e.g. {@link #SYSTEM_ACTOR}
     * @param bytes bytes concerned, or null
     */
    @Transactional
    public void recordSystem(UUID organizationId, AuditAction action, UUID sessionId, String path, Long bytes,
                             String actor) {
        insert(organizationId, action, sessionId, path, bytes, actor, null);
    }

    /** The actor of actions the service does by itself. */
    public static final String SYSTEM_ACTOR = "artifact-service";

    private void insert(UUID organizationId, AuditAction action, UUID sessionId, String path, Long bytes,
                        String actor, String clientAddress) {
        em.createNativeQuery("INSERT INTO artifact_events (organization_id, session_id, action, path, bytes, actor, "
                + "client_address) VALUES (CAST(?1 AS uuid), CAST(?2 AS uuid), ?3, ?4, ?5, ?6, ?7)")
            .setParameter(1, organizationId.toString())
            .setParameter(2, sessionId == null ? null : sessionId.toString())
            .setParameter(3, action.id())
            .setParameter(4, path)
            .setParameter(5, bytes)
            .setParameter(6, actor)
            .setParameter(7, clientAddress)
            .executeUpdate();
    }

    /**
     * The caller's organization's events, oldest first, optionally of one session and from a time on.
     *
     * @param cursor {@code next_cursor} of the previous page, or null
     * @throws dev.artifactservice.failure.ServiceException 400 for a cursor this service did not issue
     */
    @Transactional
    public AuditPage list(UUID sessionId, OffsetDateTime since, String cursor, int limit) {
        long after = 0;
        String position = Params.decodeCursor(cursor);
        if (position != null) {
            try {
                after = Long.parseLong(position);
            } catch (NumberFormatException e) {
                throw Params.invalidCursor();
            }
        }
        Query query = em.createNativeQuery("SELECT event_id, occurred_at, organization_id::text, session_id::text, "
                + "action, path, bytes, actor, client_address FROM artifact_events "
                + "WHERE organization_id = CAST(?1 AS uuid) AND event_id > ?2"
                + (sessionId == null ? "" : " AND session_id = CAST(?3 AS uuid)")
                + (since == null ? "" : " AND occurred_at >= ?4")
                + " ORDER BY event_id LIMIT ?5")
            .setParameter(1, caller.organizationId().toString())
            .setParameter(2, after)
            .setParameter(5, limit + 1);
        if (sessionId != null) {
            query.setParameter(3, sessionId.toString());
        }
        if (since != null) {
            query.setParameter(4, since);
        }
        List<AuditEvent> events = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] r = (Object[]) row;
            events.add(new AuditEvent(((Number) r[0]).longValue(), toInstant(r[1]), UUID.fromString((String) r[2]),
                r[3] == null ? null : UUID.fromString((String) r[3]), (String) r[4], (String) r[5],
                r[6] == null ? null : ((Number) r[6]).longValue(), (String) r[7], (String) r[8]));
        }
        boolean more = events.size() > limit;
        List<AuditEvent> shown = more ? events.subList(0, limit) : events;
        String next = more ? Params.encodeCursor(Long.toString(shown.get(shown.size() - 1).eventId())) : null;
        return new AuditPage(List.copyOf(shown), next);
    }

    private static Instant toInstant(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        return OffsetDateTime.parse(value.toString()).toInstant();
    }
}
