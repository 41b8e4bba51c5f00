package dev.artifactservice.purge;

import dev.artifactservice.audit.AuditAction;
import dev.artifactservice.audit.AuditLog;
import dev.artifactservice.failure.DependencyUnavailableException;
import dev.artifactservice.storage.ObjectStorage;
import dev.artifactservice.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One purge transaction: takes up to a batch of expired, not kept artifact rows with
 * {@code FOR UPDATE SKIP LOCKED} (so that purges on several instances, and uploads or keep changes holding a
 * row, never wait for or collide with each other), deletes their objects, then their rows, and records each
 * in the audit trail. Objects go first: if S3 fails part-way the transaction rolls back and the rows stay,
 * still expired and so invisible, for the next purge (deleting a missing object is no error); a row is never
 * left live without its object, and no object outlives its committed row delete.
 */
@ApplicationScoped
public class PurgeBatch {

    @PersistenceContext(unitName = "artifacts")
    EntityManager em;

    @Inject
    ObjectStorage storage;

    @Inject
    AuditLog audit;

    /**
     * Purges up to {@code size} expired artifacts in a transaction of its own.
     *
     * @param organizationId only this organization's artifacts; {@code null} for every organization
     * @return the artifacts and bytes purged; fewer artifacts than {@code size} when no more were free
     * @throws dev.artifactservice.failure.DependencyUnavailableException when S3 fails (nothing is committed)
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Purged purge(UUID organizationId, int size) {
        List<?> rows = em.createNativeQuery("SELECT artifact_id::text, organization_id::text, session_id::text, "
                + "storage_path, path, file_size FROM artifacts "
                + "WHERE expires_at IS NOT NULL AND NOT keep AND expires_at <= now() "
                + "AND (CAST(?2 AS uuid) IS NULL OR organization_id = CAST(?2 AS uuid)) "
                + "ORDER BY expires_at LIMIT ?1 FOR UPDATE SKIP LOCKED")
            .setParameter(1, size)
            .setParameter(2, organizationId == null ? null : organizationId.toString())
            .getResultList();
        long bytes = 0;
        Set<String> storedBundles = new LinkedHashSet<>();
        for (Object value : rows) {
            Object[] row = (Object[]) value;
            storage.delete((String) row[3]);
        }
        for (Object value : rows) {
            Object[] row = (Object[]) value;
            UUID owner = UUID.fromString((String) row[1]);
            UUID sessionId = UUID.fromString((String) row[2]);
            long fileSize = ((Number) row[5]).longValue();
            em.createNativeQuery("DELETE FROM artifacts WHERE artifact_id = CAST(?1 AS uuid)")
                .setParameter(1, row[0])
                .executeUpdate();
            audit.recordSystem(owner, AuditAction.PURGE, sessionId, (String) row[4], fileSize,
                AuditLog.SYSTEM_ACTOR);
            storedBundles.add(StorageKeys.storedBundleKey(owner, sessionId));
            bytes += fileSize;
        }
        // A stored whole-session bundle still holds the purged bytes: drop it (it is rebuilt when next asked for).
        storedBundles.forEach(storage::delete);
        return new Purged(rows.size(), bytes);
    }

    /** What one batch purged: {@code artifacts} rows and objects, holding {@code bytes} bytes. */
    public record Purged(long artifacts, long bytes) {
    }
}
