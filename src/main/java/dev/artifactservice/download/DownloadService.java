package dev.artifactservice.download;

import dev.artifactservice.artifact.ArtifactSnapshot;
import dev.artifactservice.artifact.ArtifactPath;
import dev.artifactservice.artifact.ArtifactService;
import dev.artifactservice.artifact.ArtifactVersions;
import dev.artifactservice.artifact.DamagedArtifactException;
import dev.artifactservice.artifact.DamagedArtifacts;
import dev.artifactservice.audit.AuditAction;
import dev.artifactservice.audit.AuditLog;
import dev.artifactservice.io.ContentMismatchException;
import dev.artifactservice.storage.ByteRange;
import dev.artifactservice.storage.ContentCache;
import dev.artifactservice.storage.ObjectContent;
import dev.artifactservice.storage.ObjectNotFoundException;
import dev.artifactservice.storage.ObjectStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/** Single downloads: the artifact a caller may read, and its object's bytes, verified and audited. */
@ApplicationScoped
public class DownloadService {

    @Inject
    ArtifactVersions versions;

    @Inject
    ObjectStorage storage;

    @Inject
    AuditLog audit;

    @Inject
    DamagedArtifacts damaged;

    @Inject
    ContentCache cache;

    /**
     * The live artifact at {@code path} of the caller's session: its current version, or version {@code version}
     * (see {@link ArtifactVersions#find(UUID, ArtifactPath, java.util.Optional)}).
     *
     * @throws dev.artifactservice.failure.NotFoundException when the session, the artifact or the version does not
     *     exist for the caller (expired artifacts and purged versions included)
     */
    public ArtifactSnapshot find(UUID sessionId, ArtifactPath path, java.util.Optional<Integer> version) {
        return versions.find(sessionId, path, version);
    }

    /**
     * Opens the object's bytes, the whole of them or {@code partial} (a byte range), and audits the download with
     * the bytes it sends. A small object ({@link ContentCache#holds}) is served from the in-memory cache, or read
     * whole and verified against the artifact's SHA-256 before the response starts. A larger whole download is verified against the artifact's SHA-256 on the way: a mismatch (the
     * object changed behind the service's back) withholds the last bytes, cuts the response and is reported as a
     * damaged artifact. A range cannot be verified and is sent as read.
     *
     * @throws DamagedArtifactException when the object is missing from S3
     * @throws dev.artifactservice.failure.DependencyUnavailableException when S3 cannot be reached
     */
    public ObjectStreamingOutput open(ArtifactSnapshot file, ByteRange partial) {
        ObjectStreamingOutput body;
        try {
            if (cache.holds(file.size())) {
                // Small: read whole and verified (or served from memory) before the response starts, so damage is
                // a clean problem rather than a cut connection.
                body = new ObjectStreamingOutput(ObjectContent.of(cache.get(file.sha256(), file.size(),
                    file.storageKey()), partial));
            } else {
                body = partial != null ? new ObjectStreamingOutput(storage.open(file.storageKey(), partial))
                    : new ObjectStreamingOutput(storage.open(file.storageKey(), null), file.sha256(),
                        mismatch -> damaged.report(altered(file, mismatch)));
            }
        } catch (ObjectNotFoundException e) {
            throw ArtifactService.missingObject(e, file.path());
        } catch (ContentMismatchException mismatch) {
            throw damaged.report(altered(file, mismatch));
        }
        audit.record(AuditAction.DOWNLOAD, file.sessionId(), file.path(), partial == null ? file.size()
            : partial.length());
        return body;
    }

    private static DamagedArtifactException altered(ArtifactSnapshot file, ContentMismatchException mismatch) {
        return new DamagedArtifactException(file.sessionId(), file.path(), DamagedArtifactException.Kind.ALTERED,
            mismatch);
    }
}
