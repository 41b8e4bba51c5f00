package dev.artifactservice.session;

import dev.artifactservice.telemetry.DatabaseTimed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sessions and conversations in PostgreSQL; every read is scoped by organization. Native SQL throughout (rows
 * map to the {@link Session} and {@link Conversation} entities), since the upload's shared hold on a session
 * ({@code FOR SHARE}) and the race-free create ({@code ON CONFLICT DO NOTHING}) have no JPQL form. Every method
 * joins the calling service's transaction ({@code MANDATORY}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
@DatabaseTimed
public class SessionRepository {

    private static final String SESSION_COLUMNS =
        "session_id, organization_id, title, created_by, created_at, retention_days, expires_at";

    @PersistenceContext(unitName = "artifacts")
    EntityManager em;

    /** The session if it belongs to the organization; empty for a missing session or another tenant's. */
    public Optional<Session> findOwned(UUID organizationId, UUID sessionId) {
        return owned(organizationId, sessionId, "");
    }

    /**
     * The session if it belongs to the organization, held shared until the transaction ends ({@code FOR SHARE}),
     * so that it cannot be deleted while an upload writes into it (several uploads hold it at once).
     */
    public Optional<Session> findOwnedForShare(UUID organizationId, UUID sessionId) {
        return owned(organizationId, sessionId, " FOR SHARE");
    }

    private Optional<Session> owned(UUID organizationId, UUID sessionId, String lock) {
        return sessions(em.createNativeQuery("SELECT " + SESSION_COLUMNS + " FROM sessions "
                + "WHERE session_id = CAST(?1 AS uuid) AND organization_id = CAST(?2 AS uuid)" + lock, Session.class)
            .setParameter(1, sessionId.toString())
            .setParameter(2, organizationId.toString()))
            .stream().findFirst();
    }

    /** The session with this id in any organization (only to tell "exists elsewhere" for a 409). */
    public Optional<Session> findAnywhere(UUID sessionId) {
        return sessions(em.createNativeQuery("SELECT " + SESSION_COLUMNS + " FROM sessions "
                + "WHERE session_id = CAST(?1 AS uuid)", Session.class)
            .setParameter(1, sessionId.toString()))
            .stream().findFirst();
    }

    /**
     * Inserts the session unless one with its id exists (in any organization); a concurrent insert of the same id
     * is waited for, so afterwards {@link #findAnywhere} sees the winner.
     *
     * @return true when this call inserted it
     */
    public boolean insertIfAbsent(Session session) {
        return em.createNativeQuery("INSERT INTO sessions (" + SESSION_COLUMNS + ") VALUES (CAST(?1 AS uuid), "
                + "CAST(?2 AS uuid), ?3, ?4, ?5, ?6, ?7) ON CONFLICT (session_id) DO NOTHING")
            .setParameter(1, session.id().toString())
            .setParameter(2, session.organizationId().toString())
            .setParameter(3, session.title())
            .setParameter(4, session.createdBy())
            .setParameter(5, session.createdAt())
            .setParameter(6, session.retentionDays())
            .setParameter(7, session.expiresAt())
            .executeUpdate() == 1;
    }

    /**
     * Locks the session row for its deletion, against new uploads (which hold it shared while they write), until
     * the transaction ends.
     *
     * @return false when the session no longer exists
     */
    public boolean lockForDelete(UUID sessionId) {
        return !em.createNativeQuery("SELECT 1 FROM sessions WHERE session_id = CAST(?1 AS uuid) FOR UPDATE")
            .setParameter(1, sessionId.toString()).getResultList().isEmpty();
    }

    /**
     * Deletes the session's artifact rows (live or expired), then the session row (its conversations go with it, ON
     * DELETE CASCADE).
     *
     * @return the artifact rows this call deleted and their bytes, their versions' included (rows another
     *     transaction deleted first are not among them), or empty when the session row was already gone
     */
    public Optional<ArtifactStats> deleteWithArtifacts(UUID sessionId) {
        Object[] row = (Object[]) em.createNativeQuery("WITH deleted AS (DELETE FROM artifacts "
                + "WHERE session_id = CAST(?1 AS uuid) RETURNING file_size + versions_bytes AS b) "
                + "SELECT COUNT(*), COALESCE(SUM(b), 0) FROM deleted")
            .setParameter(1, sessionId.toString()).getSingleResult();
        boolean deleted = em.createNativeQuery("DELETE FROM sessions WHERE session_id = CAST(?1 AS uuid)")
            .setParameter(1, sessionId.toString()).executeUpdate() == 1;
        return deleted ? Optional.of(new ArtifactStats(((Number) row[0]).longValue(), ((Number) row[1]).longValue()))
            : Optional.empty();
    }

    /**
     * One page of the organization's sessions, newest first, strictly after the keyset position
     * ({@code createdAt}, {@code id}) when given.
     */
    public List<Session> page(UUID organizationId, OffsetDateTime afterCreatedAt, UUID afterId, int limit) {
        Query query = em.createNativeQuery("SELECT " + SESSION_COLUMNS + " FROM sessions "
                + "WHERE organization_id = CAST(?1 AS uuid)"
                + (afterCreatedAt == null ? "" : " AND (created_at, session_id) < (?2, CAST(?3 AS uuid))")
                + " ORDER BY created_at DESC, session_id DESC LIMIT ?4", Session.class)
            .setParameter(1, organizationId.toString())
            .setParameter(4, limit);
        if (afterCreatedAt != null) {
            query.setParameter(2, afterCreatedAt).setParameter(3, afterId.toString());
        }
        return sessions(query);
    }

    /** How many artifact rows a session's delete removed, holding how many bytes. */
    public record ArtifactStats(long count, long bytes) {
    }

    /** The conversation with this id in any session. */
    public Optional<Conversation> findConversation(UUID conversationId) {
        List<?> rows = em.createNativeQuery("SELECT conversation_id, session_id, organization_id, title, created_by, "
                + "created_at FROM conversations WHERE conversation_id = CAST(?1 AS uuid)", Conversation.class)
            .setParameter(1, conversationId.toString())
            .getResultList();
        return rows.stream().map(Conversation.class::cast).findFirst();
    }

    /**
     * Inserts the conversation unless one with its id exists (in any session); see {@link #insertIfAbsent(Session)}.
     *
     * @return true when this call inserted it
     */
    public boolean insertIfAbsent(Conversation conversation) {
        return em.createNativeQuery("INSERT INTO conversations (conversation_id, session_id, organization_id, title, "
                + "created_by, created_at) VALUES (CAST(?1 AS uuid), CAST(?2 AS uuid), CAST(?3 AS uuid), ?4, ?5, ?6) "
                + "ON CONFLICT (conversation_id) DO NOTHING")
            .setParameter(1, conversation.id().toString())
            .setParameter(2, conversation.sessionId().toString())
            .setParameter(3, conversation.organizationId().toString())
            .setParameter(4, conversation.title())
            .setParameter(5, conversation.createdBy())
            .setParameter(6, conversation.createdAt())
            .executeUpdate() == 1;
    }

    private static List<Session> sessions(Query query) {
        return ((List<?>) query.getResultList()).stream().map(Session.class::cast).toList();
    }
}
