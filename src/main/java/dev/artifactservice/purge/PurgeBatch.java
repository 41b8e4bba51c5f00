package dev.artifactservice.purge;

import dev.artifactservice.audit.AuditAction;
import dev.artifactservice.audit.AuditLog;
import dev.artifactservice.failure.DependencyUnavailableException;
import dev.artifactservice.quota.UsageRepository;
import dev.artifactservice.storage.ObjectStorage;
import dev.artifactservice.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One purge transaction: takes up to a batch of expired, not kept artifact rows (with their versions) with
 * {@code FOR UPDATE SKIP LOCKED} (so that purges on several instances, and uploads or keep changes holding a
 * row, never wait for or collide with each other), deletes their objects, then their rows, and records each
 * in the audit trail. Objects go first: if S3 fails part-way the transaction rolls back and the rows stay,
 * still expired and so invisible, for the next purge (deleting a missing object is no error); a row is never
 * left live without its object, and no object outlives its committed row delete. The rows' counts and bytes leave
 * their sessions' and organizations' usage counters in the same transaction.
 */
@ApplicationScoped
public class PurgeBatch {

    @Inject
    PurgeRepository rows;

    @Inject
    ObjectStorage storage;

    @Inject
    AuditLog audit;

    @Inject
    UsageRepository usage;

    /**
     * Purges up to {@code size} expired artifacts in a transaction of its own.
     *
     * @param organizationId only this organization's artifacts; {@code null} for every organization
     * @return the artifacts and bytes purged; fewer artifacts than {@code size} when no more were free
     * @throws dev.artifactservice.failure.DependencyUnavailableException when S3 fails (nothing is committed)
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Purged purge(UUID organizationId, int size) {
        List<PurgeRepository.ExpiredArtifact> expired = rows.lockExpired(organizationId, size);
        long bytes = 0;
        Set<String> storedBundles = new LinkedHashSet<>();
        for (PurgeRepository.ExpiredArtifact artifact : expired) {
            storage.delete(artifact.storageKey());
            rows.versionKeys(artifact.artifactId()).forEach(storage::delete);
        }
        List<UsageRepository.ArtifactDelta> removed = new ArrayList<>();
        for (PurgeRepository.ExpiredArtifact artifact : expired) {
            rows.delete(artifact.artifactId()); // locked above: no one else can have deleted it
            removed.add(new UsageRepository.ArtifactDelta(artifact.organizationId(), artifact.sessionId(), -1,
                -artifact.size(), -artifact.versionsBytes()));
            audit.recordSystem(artifact.organizationId(), AuditAction.PURGE, artifact.sessionId(), artifact.path(),
                artifact.size(), AuditLog.SYSTEM_ACTOR);
            storedBundles.add(StorageKeys.storedBundleKey(artifact.organizationId(), artifact.sessionId()));
            bytes += artifact.size() + artifact.versionsBytes();
        }
        // A stored whole-session bundle still holds the purged bytes: drop it (it is rebuilt when next asked for).
        storedBundles.forEach(storage::delete);
        usage.add(removed);
        return new Purged(expired.size(), bytes);
    }

    /** What one batch purged: {@code artifacts} rows and objects, holding {@code bytes} bytes. */
    public record Purged(long artifacts, long bytes) {
    }
}
