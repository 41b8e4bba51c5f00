package dev.artifactservice.session;

import dev.artifactservice.retention.Expiry;
import dev.artifactservice.telemetry.DatabaseTimed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Sessions and conversations in PostgreSQL; every read is scoped by organization. */
@ApplicationScoped
@Transactional
@DatabaseTimed
public class SessionRepository {

    @PersistenceContext(unitName = "artifacts")
    EntityManager em;

    /** The session if it belongs to the organization; empty for a missing session or another tenant's. */
    public Optional<Session> findOwned(UUID organizationId, UUID sessionId) {
        return em.createNamedQuery(Session.FIND_OWNED, Session.class)
            .setParameter("id", sessionId)
            .setParameter("organizationId", organizationId)
            .getResultStream().findFirst();
    }

    /** The session with this id in any organization (only to tell "exists elsewhere" for a 409). */
    public Optional<Session> findAnywhere(UUID sessionId) {
        return Optional.ofNullable(em.find(Session.class, sessionId));
    }

    /** Stores a new session. */
    public void persist(Session session) {
        em.persist(session);
        em.flush();
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

    /** Deletes the session row; its artifacts and conversations go with it (ON DELETE CASCADE). */
    public void deleteRow(UUID sessionId) {
        em.createNativeQuery("DELETE FROM sessions WHERE session_id = CAST(?1 AS uuid)")
            .setParameter(1, sessionId.toString()).executeUpdate();
    }

    /**
     * Holds the session row shared until the transaction ends, so that it cannot be deleted while an upload
     * writes into it.
     *
     * @return false when the session no longer exists
     */
    public boolean lockShared(UUID sessionId) {
        return !em.createNativeQuery("SELECT 1 FROM sessions WHERE session_id = CAST(?1 AS uuid) FOR SHARE")
            .setParameter(1, sessionId.toString()).getResultList().isEmpty();
    }

    /**
     * One page of the organization's sessions, newest first, strictly after the keyset position
     * ({@code createdAt}, {@code id}) when given.
     */
    public List<Session> page(UUID organizationId, OffsetDateTime afterCreatedAt, UUID afterId, int limit) {
        String jpql = "SELECT s FROM Session s WHERE s.organizationId = :org"
            + (afterCreatedAt == null ? ""
                : " AND (s.createdAt < :createdAt OR (s.createdAt = :createdAt AND s.id < :id))")
            + " ORDER BY s.createdAt DESC, s.id DESC";
        TypedQuery<Session> query = em.createQuery(jpql, Session.class)
            .setParameter("org", organizationId)
            .setMaxResults(limit);
        if (afterCreatedAt != null) {
            query.setParameter("createdAt", afterCreatedAt).setParameter("id", afterId);
        }
        return query.getResultList();
    }

    /** How many live artifacts a session has, holding how many bytes. */
    public record ArtifactStats(long count, long bytes) {

        /** A session without live artifacts. */
        public static final ArtifactStats NONE = new ArtifactStats(0, 0);
    }

    /** Live artifact count and total size in bytes per session id, for the given sessions. */
    public Map<UUID, ArtifactStats> artifactStats(List<UUID> sessionIds) {
        Map<UUID, ArtifactStats> stats = new HashMap<>();
        if (sessionIds.isEmpty()) {
            return stats;
        }
        List<Object[]> rows = em.createQuery("SELECT a.sessionId, COUNT(a), SUM(a.size) FROM Artifact a "
                + "WHERE a.sessionId IN :ids AND " + Expiry.LIVE_JPQL + " GROUP BY a.sessionId", Object[].class)
            .setParameter("ids", sessionIds)
            .getResultList();
        for (Object[] row : rows) {
            stats.put((UUID) row[0], new ArtifactStats(((Number) row[1]).longValue(),
                row[2] == null ? 0 : ((Number) row[2]).longValue()));
        }
        return stats;
    }

    /** The conversation with this id in any session. */
    public Optional<Conversation> findConversation(UUID conversationId) {
        return Optional.ofNullable(em.find(Conversation.class, conversationId));
    }

    /** Stores a new conversation. */
    public void persist(Conversation conversation) {
        em.persist(conversation);
        em.flush();
    }
}
