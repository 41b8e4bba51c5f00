package dev.artifactservice.artifact;

import dev.artifactservice.database.NativeValues;
import dev.artifactservice.telemetry.DatabaseTimed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The non-current versions of artifacts in PostgreSQL (table {@code artifact_versions}, native SQL): one row per
 * replaced content, its bytes at a key of their own ({@code StorageKeys.versionKey}). Every method joins the calling
 * service's transaction ({@code MANDATORY}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
@DatabaseTimed
public class ArtifactVersionRepository {

    private static final String COLUMNS = "artifact_id::text, version, storage_path, file_size, mime_type, sha256, "
        + "crc32, created_at, created_by, conversation_id::text";

    @PersistenceContext(unitName = "artifacts")
    EntityManager em;

    /** Stores {@code artifact}'s current content (not yet changed in the database) as a version kept at {@code key}. */
    void insert(Artifact artifact, String key) {
        em.createNativeQuery("INSERT INTO artifact_versions (artifact_id, organization_id, session_id, version, "
                + "storage_path, file_size, mime_type, sha256, crc32, created_at, created_by, conversation_id) "
                + "VALUES (CAST(?1 AS uuid), CAST(?2 AS uuid), CAST(?3 AS uuid), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                + "CAST(?12 AS uuid))")
            .setParameter(1, artifact.id().toString())
            .setParameter(2, artifact.organizationId().toString())
            .setParameter(3, artifact.sessionId().toString())
            .setParameter(4, artifact.version())
            .setParameter(5, key)
            .setParameter(6, artifact.size())
            .setParameter(7, artifact.mimeType())
            .setParameter(8, artifact.sha256())
            .setParameter(9, artifact.crc32())
            .setParameter(10, artifact.updatedAt())
            .setParameter(11, artifact.uploadedBy())
            .setParameter(12, artifact.conversationId() == null ? null : artifact.conversationId().toString())
            .executeUpdate();
    }

    /**
     * The highest version number the path had in the session before its current artifact, remembered when an
     * artifact row is deleted (V12's trigger); 0 for a path that never had a deleted artifact.
     */
    int lastNumber(UUID sessionId, String path) {
        List<?> rows = em.createNativeQuery("SELECT last_version FROM artifact_path_versions "
                + "WHERE session_id = CAST(?1 AS uuid) AND path = ?2")
            .setParameter(1, sessionId.toString())
            .setParameter(2, path)
            .getResultList();
        return rows.isEmpty() ? 0 : ((Number) rows.get(0)).intValue();
    }

    /** The artifact's non-current versions, newest first. */
    List<ArtifactVersion> list(UUID artifactId) {
        return versions(em.createNativeQuery("SELECT " + COLUMNS + " FROM artifact_versions "
            + "WHERE artifact_id = CAST(?1 AS uuid) ORDER BY version DESC").setParameter(1, artifactId.toString()));
    }

    /** The artifact's non-current version {@code version}, if kept. */
    Optional<ArtifactVersion> find(UUID artifactId, int version) {
        return versions(em.createNativeQuery("SELECT " + COLUMNS + " FROM artifact_versions "
                + "WHERE artifact_id = CAST(?1 AS uuid) AND version = ?2")
            .setParameter(1, artifactId.toString()).setParameter(2, version)).stream().findFirst();
    }

    /** Bytes of the artifact's {@code newest} newest non-current versions. */
    long newestBytes(UUID artifactId, int newest) {
        if (newest <= 0) {
            return 0;
        }
        Object sum = em.createNativeQuery("SELECT COALESCE(SUM(file_size), 0) FROM (SELECT file_size FROM "
                + "artifact_versions WHERE artifact_id = CAST(?1 AS uuid) ORDER BY version DESC LIMIT ?2) v")
            .setParameter(1, artifactId.toString()).setParameter(2, newest).getSingleResult();
        return ((Number) sum).longValue();
    }

    /** Deletes all but the artifact's {@code keep} newest non-current versions; returns the deleted ones. */
    List<ArtifactVersion> deleteBeyond(UUID artifactId, int keep) {
        return versions(em.createNativeQuery("DELETE FROM artifact_versions WHERE artifact_id = CAST(?1 AS uuid) "
                + "AND version IN (SELECT version FROM artifact_versions WHERE artifact_id = CAST(?1 AS uuid) "
                + "ORDER BY version DESC OFFSET ?2) RETURNING " + COLUMNS)
            .setParameter(1, artifactId.toString()).setParameter(2, Math.max(0, keep)));
    }

    /** The S3 keys of the artifact's non-current versions (their rows go with the artifact's, ON DELETE CASCADE). */
    List<String> keys(UUID artifactId) {
        List<String> keys = new ArrayList<>();
        for (Object key : em.createNativeQuery("SELECT storage_path FROM artifact_versions "
            + "WHERE artifact_id = CAST(?1 AS uuid)").setParameter(1, artifactId.toString()).getResultList()) {
            keys.add((String) key);
        }
        return keys;
    }

    private static List<ArtifactVersion> versions(Query query) {
        List<ArtifactVersion> versions = new ArrayList<>();
        for (Object value : query.getResultList()) {
            Object[] row = (Object[]) value;
            versions.add(new ArtifactVersion(UUID.fromString((String) row[0]), ((Number) row[1]).intValue(),
                (String) row[2], ((Number) row[3]).longValue(), (String) row[4], (String) row[5],
                ((Number) row[6]).longValue(), OffsetDateTime.ofInstant(NativeValues.instant(row[7]), ZoneOffset.UTC),
                (String) row[8], row[9] == null ? null : UUID.fromString((String) row[9])));
        }
        return versions;
    }
}
