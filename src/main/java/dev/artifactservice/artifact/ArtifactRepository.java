package dev.artifactservice.artifact;

import dev.artifactservice.database.AdvisoryLocks;
import dev.artifactservice.failure.ConflictException;
import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.retention.Expiry;
import dev.artifactservice.telemetry.DatabaseTimed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Artifact rows in PostgreSQL, always queried within one session; ordered by path in code-point order. Only
 * live artifacts are found or listed: an expired row is invisible before the purge deletes it. Queries are JPQL;
 * every method joins the calling service's transaction ({@code MANDATORY}: without one it throws
 * {@link jakarta.transaction.TransactionalException}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
@DatabaseTimed
public class ArtifactRepository {

    @jakarta.inject.Inject
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "artifacts.upload.lock-wait-seconds")
    long lockWaitSeconds;

    @jakarta.inject.Inject
    AdvisoryLocks locks;

    @PersistenceContext(unitName = "artifacts")
    EntityManager em;

    /** The live artifact at {@code path} in the session; empty when there is none or it has expired. */
    public Optional<Artifact> find(UUID sessionId, String path) {
        return em.createQuery("SELECT a FROM Artifact a WHERE a.sessionId = :session AND a.path = :path AND "
                + Expiry.LIVE_JPQL, Artifact.class)
            .setParameter("session", sessionId)
            .setParameter("path", path)
            .getResultStream().findFirst();
    }

    /**
     * The live artifact at {@code path} in the session, if the session belongs to {@code organizationId} (each row
     * carries its session's organization); empty when there is none, it has expired or the organization differs.
     */
    public Optional<Artifact> findOwned(UUID organizationId, UUID sessionId, String path) {
        return em.createQuery("SELECT a FROM Artifact a WHERE a.sessionId = :session AND a.path = :path AND "
                + "a.organizationId = :organization AND " + Expiry.LIVE_JPQL, Artifact.class)
            .setParameter("session", sessionId)
            .setParameter("path", path)
            .setParameter("organization", organizationId)
            .getResultStream().findFirst();
    }

    /**
     * The row at {@code path} in the session, live or expired, locked until the transaction ends
     * ({@code FOR UPDATE}), so that the purge skips it while an upload or a keep change uses it, and an
     * upload waits for a purge that has it.
     */
    public Optional<Artifact> findForUpdate(UUID sessionId, String path) {
        return em.createQuery("SELECT a FROM Artifact a WHERE a.sessionId = :session AND a.path = :path",
                Artifact.class)
            .setParameter("session", sessionId)
            .setParameter("path", path)
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultStream().findFirst();
    }

    /**
     * The row at {@code path} locked as by {@link #findForUpdate}, if it is live at {@code now}: judged after any
     * wait for the lock, so a row that a purge or a session delete removed meanwhile is not found.
     */
    public Optional<Artifact> findLiveForUpdate(UUID sessionId, String path, Instant now) {
        return findForUpdate(sessionId, path).filter(a -> a.isLive(now));
    }

    /**
     * Serialises uploads and deletes of one path of a session until the current transaction ends (a PostgreSQL
     * transaction-level advisory lock, so it also holds across several instances). The lock is tried every
     * 20 ms rather than waited for in one statement, so the wait is bounded by
     * {@code artifacts.upload.lock-wait-seconds} and not by the database's socket or statement timeouts, which
     * bound a hung database instead.
     *
     * @throws ServiceException 409 with {@code Retry-After} when another write of the path held it longer
     */
    public void lockPath(UUID sessionId, String path) {
        locks.lockInTransaction(sessionId + "/" + path, Duration.ofSeconds(lockWaitSeconds),
            () -> new ConflictException("Another upload or delete of this path is still in progress (waited "
                + lockWaitSeconds + " s); retry when it has finished.", 5));
    }

    /** Stores a new artifact row and writes it at once, so constraint failures surface here. */
    public void persist(Artifact artifact) {
        em.persist(artifact);
        em.flush();
    }

    /** Writes the changes of a managed artifact now. */
    public void flush() {
        em.flush();
    }

    /**
     * Records the deflated size in bytes of an artifact's content, measured by a deflater of {@code profile};
     * only while the row still holds that content ({@code sha256}), so a replacement in between is not
     * given the old content's size.
     */
    public void recordDeflatedSize(UUID artifactId, String sha256, long bytes, int profile) {
        em.createQuery("UPDATE Artifact a SET a.deflatedSize = :bytes, a.deflateProfile = :profile "
                + "WHERE a.id = :id AND a.sha256 = :sha256")
            .setParameter("bytes", bytes)
            .setParameter("profile", profile)
            .setParameter("id", artifactId)
            .setParameter("sha256", sha256)
            .executeUpdate();
    }

    /**
     * The latest expiry that has passed of a row of the session not yet purged (nor kept), or empty when there is
     * none: the time that artifact left the session.
     */
    public Optional<Instant> lastPassedExpiry(UUID sessionId) {
        OffsetDateTime latest = em.createQuery("SELECT MAX(a.expiresAt) FROM Artifact a WHERE a.sessionId = :session "
                + "AND a.keep = FALSE AND a.expiresAt <= CURRENT_TIMESTAMP", OffsetDateTime.class)
            .setParameter("session", sessionId)
            .getSingleResult();
        return Optional.ofNullable(latest).map(OffsetDateTime::toInstant);
    }

    /** Deletes the artifact row. */
    public void delete(Artifact artifact) {
        em.remove(artifact);
        em.flush();
    }

    /**
     * Up to {@code limit} matching artifacts with a path after {@code afterPath} (exclusive, or from the
     * start when null), in path order.
     */
    public List<Artifact> page(UUID sessionId, ArtifactFilter filter, String afterPath, int limit) {
        StringBuilder jpql = new StringBuilder("SELECT a FROM Artifact a WHERE ");
        Map<String, Object> params = where(sessionId, filter, jpql);
        if (afterPath != null) {
            jpql.append(" AND a.path > :afterPath");
            params.put("afterPath", afterPath);
        }
        jpql.append(" ORDER BY a.path");
        TypedQuery<Artifact> query = em.createQuery(jpql.toString(), Artifact.class).setMaxResults(limit);
        params.forEach(query::setParameter);
        return query.getResultList();
    }

    /** How many artifacts match a filter, holding how many bytes. */
    public record Totals(long count, long bytes) {
    }

    /** Count and total size in bytes of every matching artifact. */
    public Totals totals(UUID sessionId, ArtifactFilter filter) {
        StringBuilder jpql = new StringBuilder("SELECT COUNT(a), SUM(a.size) FROM Artifact a WHERE ");
        Map<String, Object> params = where(sessionId, filter, jpql);
        Query query = em.createQuery(jpql.toString());
        params.forEach(query::setParameter);
        Object[] row = (Object[]) query.getSingleResult();
        return new Totals(((Number) row[0]).longValue(), row[1] == null ? 0 : ((Number) row[1]).longValue());
    }

    private static Map<String, Object> where(UUID sessionId, ArtifactFilter filter, StringBuilder jpql) {
        Map<String, Object> params = new HashMap<>();
        jpql.append("a.sessionId = :session AND ").append(Expiry.LIVE_JPQL);
        params.put("session", sessionId);
        if (!filter.types().isEmpty()) {
            jpql.append(" AND a.type IN :types");
            params.put("types", filter.types().stream().map(ArtifactType::id).toList());
        }
        if (filter.conversationId() != null) {
            jpql.append(" AND a.conversationId = :conversation");
            params.put("conversation", filter.conversationId());
        }
        if (filter.createdAfter() != null) {
            jpql.append(" AND a.createdAt > :after");
            params.put("after", filter.createdAfter());
        }
        if (filter.createdBefore() != null) {
            jpql.append(" AND a.createdAt < :before");
            params.put("before", filter.createdBefore());
        }
        return params;
    }
}
