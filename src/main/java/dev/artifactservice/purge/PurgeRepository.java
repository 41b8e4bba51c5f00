package dev.artifactservice.purge;

import dev.artifactservice.retention.Expiry;
import dev.artifactservice.telemetry.DatabaseTimed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The purge's rows: expired artifacts taken with {@code FOR UPDATE SKIP LOCKED} (native SQL, which JPQL cannot
 * express) and their deletion. Every method joins the calling service's transaction ({@code MANDATORY}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
@DatabaseTimed
public class PurgeRepository {

    @PersistenceContext(unitName = "artifacts")
    EntityManager em;

    /**
     * An expired artifact row: its id, owner, session, S3 key, path, size in bytes, and the bytes of its non-current
     * versions.
     */
    public record ExpiredArtifact(UUID artifactId, UUID organizationId, UUID sessionId, String storageKey,
                                  String path, long size, long versionsBytes) {
    }

    /**
     * Up to {@code limit} expired, not kept artifact rows, oldest expiry first, locked until the transaction ends;
     * rows another transaction holds are skipped, not waited for.
     *
     * @param organizationId only this organization's rows; {@code null} for every organization
     */
    public List<ExpiredArtifact> lockExpired(UUID organizationId, int limit) {
        List<?> rows = em.createNativeQuery("SELECT artifact_id::text, organization_id::text, session_id::text, "
                + "storage_path, path, file_size, versions_bytes FROM artifacts "
                + "WHERE " + Expiry.EXPIRED_SQL + " "
                + "AND (CAST(?2 AS uuid) IS NULL OR organization_id = CAST(?2 AS uuid)) "
                + "ORDER BY expires_at LIMIT ?1 FOR UPDATE SKIP LOCKED")
            .setParameter(1, limit)
            .setParameter(2, organizationId == null ? null : organizationId.toString())
            .getResultList();
        List<ExpiredArtifact> expired = new ArrayList<>();
        for (Object value : rows) {
            Object[] row = (Object[]) value;
            expired.add(new ExpiredArtifact(UUID.fromString((String) row[0]), UUID.fromString((String) row[1]),
                UUID.fromString((String) row[2]), (String) row[3], (String) row[4], ((Number) row[5]).longValue(),
                ((Number) row[6]).longValue()));
        }
        return expired;
    }

    /** The S3 keys of the non-current versions of the artifact with this id (they go with its row). */
    public List<String> versionKeys(UUID artifactId) {
        List<String> keys = new ArrayList<>();
        for (Object key : em.createNativeQuery("SELECT storage_path FROM artifact_versions "
            + "WHERE artifact_id = CAST(?1 AS uuid)").setParameter(1, artifactId.toString()).getResultList()) {
            keys.add((String) key);
        }
        return keys;
    }

    /** Deletes the artifact row with this id (its versions' rows with it, ON DELETE CASCADE). */
    public void delete(UUID artifactId) {
        em.createNativeQuery("DELETE FROM artifacts WHERE artifact_id = CAST(?1 AS uuid)")
            .setParameter(1, artifactId.toString())
            .executeUpdate();
    }
}
