package dev.artifactservice.artifact;

import dev.artifactservice.database.Transactions;
import dev.artifactservice.failure.NotFoundException;
import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.security.Caller;
import dev.artifactservice.session.SessionService;
import dev.artifactservice.storage.ObjectStorage;
import dev.artifactservice.storage.WriteIntents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The version history of artifacts: every upload or restore that replaces a path's content first copies the replaced
 * bytes to a key of their own ({@code StorageKeys.versionKey}) and records them in {@code artifact_versions}; the
 * current content stays in the artifact's row and at its contract key. Versions are numbered from 1 per path and
 * never reused, not even across a delete, purge or expiry ({@link #firstNumber}); {@code artifacts.versions.keep} non-current versions are kept, older ones
 * are purged by the replacement that passes the limit (their rows in its transaction, their objects just after its
 * commit, under write intents so that the reconciler finishes a deletion a crash interrupted).
 */
@ApplicationScoped
public class ArtifactVersions {

    private static final Logger LOG = Logger.getLogger(ArtifactVersions.class.getName());

    @Inject
    ArtifactRepository artifacts;

    @Inject
    ArtifactVersionRepository versions;

    @Inject
    CurrentArtifactReader current;

    @Inject
    SessionService sessions;

    @Inject
    VersionSettings settings;

    @Inject
    WriteIntents intents;

    @Inject
    ObjectStorage storage;

    @Inject
    Transactions transactions;

    @Inject
    Caller caller;

    /**
     * Version {@code version} of the live artifact at {@code path} of the caller's session, or its current version
     * when {@code version} is empty (or names the current one). A non-current version's snapshot carries that
     * version's size, media type, SHA-256, CRC-32, conversation, S3 key and upload time ({@code updatedAt}); the rest
     * (ids, path, expiry) is the artifact's, and its metadata is null. The current version is read without a transaction ({@link CurrentArtifactReader}, one statement); another
     * version in one transaction with its artifact row.
     *
     * @throws ServiceException 404 when the session, a live artifact at the path or that version does not exist for
     *                          the caller (purged versions included)
     */
    public ArtifactSnapshot find(UUID sessionId, ArtifactPath path, Optional<Integer> version) {
        UUID organizationId = caller.organizationId();
        if (version.isEmpty()) {
            return current.find(organizationId, sessionId, path.value()).orElseThrow(() -> missing(sessionId, path));
        }
        return transactions.inOne(() -> {
            Artifact artifact = artifacts.findOwned(organizationId, sessionId, path.value())
                .orElseThrow(() -> missing(sessionId, path));
            return version(artifact, version);
        });
    }

    /**
     * As {@link #find(UUID, ArtifactPath, Optional)} for an explicit organization (a session of another organization
     * is 404), for features that read two versions or two sessions of one organization at once (diffs): the bytes
     * are then {@code ObjectStorage.open(snapshot.storageKey(), null)}, their SHA-256 {@code snapshot.sha256()}.
     *
     * @throws ServiceException 404 when no live artifact at the path or no such version exists in that session of
     *                          that organization
     */
    @Transactional
    public ArtifactSnapshot find(UUID organizationId, UUID sessionId, ArtifactPath path, Optional<Integer> version) {
        Artifact artifact = artifacts.findOwned(organizationId, sessionId, path.value())
            .orElseThrow(() -> noArtifact(path));
        return version(artifact, version);
    }

    /**
     * Every kept version of the live artifact at {@code path} of the caller's session, newest (the current one)
     * first.
     *
     * @throws ServiceException 404 when the session or a live artifact at the path does not exist for the caller
     */
    @Transactional
    public VersionHistory history(UUID sessionId, ArtifactPath path) {
        Artifact artifact = artifacts.findOwned(caller.organizationId(), sessionId, path.value())
            .orElseThrow(() -> missing(sessionId, path));
        List<ArtifactVersionView> entries = new ArrayList<>();
        entries.add(new ArtifactVersionView(artifact.version(), artifact.size(), artifact.sha256(),
            artifact.mimeType(), artifact.updatedAt().toInstant(), artifact.uploadedBy(), artifact.conversationId(),
            true));
        for (ArtifactVersion v : versions.list(artifact.id())) {
            entries.add(new ArtifactVersionView(v.version(), v.size(), v.sha256(), v.mimeType(),
                v.createdAt().toInstant(), v.createdBy(), v.conversationId(), false));
        }
        return new VersionHistory(sessionId, artifact.path(), entries);
    }

    /** The snapshot of {@code version} (empty: the current one) of the live {@code artifact}; 404 when not kept. */
    ArtifactSnapshot version(Artifact artifact, Optional<Integer> version) {
        if (version.isEmpty() || version.get() == artifact.version()) {
            return ArtifactSnapshot.of(artifact);
        }
        return versions.find(artifact.id(), version.get()).map(v -> ArtifactSnapshot.of(artifact, v))
            .orElseThrow(() -> new NotFoundException("No version " + version.get() + " of " + artifact.path()
                + " in this session (versions are numbered from 1; only the newest " + settings.keep()
                + " non-current ones are kept)."));
    }

    /** The 404 for a path without a live artifact: the session's own 404 when the session is not the caller's. */
    private NotFoundException missing(UUID sessionId, ArtifactPath path) {
        sessions.require(sessionId);
        return noArtifact(path);
    }

    private static NotFoundException noArtifact(ArtifactPath path) {
        return new NotFoundException("No artifact at " + path.value() + " in this session.");
    }

    /** Whether a replacement keeps the replaced content (so its bytes must be copied to a version key first). */
    boolean keeping() {
        return settings.keep() > 0;
    }

    /**
     * Bytes of non-current versions the live artifact holds once replaced once more: the replaced content and the
     * newest versions kept beside it; what a replacement adds to the organization's usage besides its own bytes.
     */
    long keptAfterReplace(Artifact live) {
        int keep = settings.keep();
        return keep == 0 ? 0 : live.size() + versions.newestBytes(live.id(), keep - 1);
    }

    /**
     * In the replacing transaction, before {@code row}'s content changes: records its current content as a
     * non-current version at {@code versionKey} (whose object the caller has already copied, when {@link #keeping()}),
     * numbers the next version, and deletes the rows of the versions beyond {@code artifacts.versions.keep}, with
     * write intents for their objects.
     *
     * @return the keys of the purged versions, for {@link #discard} once the transaction has committed
     */
    List<String> retire(Artifact row, String versionKey) {
        long bytes = row.versionsBytes();
        if (keeping()) {
            versions.insert(row, versionKey);
            bytes += row.size();
        }
        List<ArtifactVersion> purged = versions.deleteBeyond(row.id(), settings.keep());
        for (ArtifactVersion v : purged) {
            bytes -= v.size();
        }
        row.versioned(row.version() + 1, caller.userId(), bytes);
        return doomed(row.organizationId(), purged);
    }

    /**
     * The number of a new artifact's first version at {@code path} of the session: one above the highest the path
     * has had (1 for a path never used), so that a version number is never reused, not even after a delete or a
     * purge took the path's history. Called under the path's lock.
     */
    int firstNumber(UUID sessionId, String path) {
        return versions.lastNumber(sessionId, path) + 1;
    }

    /**
     * In the transaction that uploads to the path of an expired (not yet purged) artifact, which starts a new
     * artifact: the expired artifact's versions go (rows now, objects by {@link #discard}) and numbering goes on
     * above the expired artifact's current version (numbers are never reused).
     */
    List<String> restart(Artifact row) {
        List<ArtifactVersion> purged = versions.deleteBeyond(row.id(), 0);
        row.versioned(row.version() + 1, caller.userId(), 0);
        return doomed(row.organizationId(), purged);
    }

    /** The S3 keys of the artifact's non-current versions, to delete with it. */
    List<String> keys(Artifact artifact) {
        return versions.keys(artifact.id());
    }

    private List<String> doomed(UUID organizationId, List<ArtifactVersion> purged) {
        List<String> keys = purged.stream().map(ArtifactVersion::storageKey).toList();
        if (!keys.isEmpty()) {
            intents.record(organizationId, keys);
        }
        return keys;
    }

    /**
     * After the commit that deleted their rows: deletes the objects of purged versions and releases their write
     * intents. A failure is logged, not thrown (the change has committed): the intents stay, and the reconciler
     * deletes the objects once they are older than its grace period.
     */
    void discard(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        try {
            keys.forEach(storage::delete);
            transactions.inNew(() -> intents.release(keys));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not delete the objects of purged versions " + keys + " now; the "
                + "reconciler deletes them by their write intents", e);
        }
    }
}
