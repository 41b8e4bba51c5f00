package dev.artifactservice.download;

import dev.artifactservice.artifact.ArtifactSnapshot;
import dev.artifactservice.artifact.ArtifactPath;
import dev.artifactservice.artifact.ArtifactService;
import dev.artifactservice.artifact.DamagedArtifactException;
import dev.artifactservice.artifact.DamagedArtifacts;
import dev.artifactservice.audit.AuditAction;
import dev.artifactservice.audit.AuditLog;
import dev.artifactservice.storage.ByteRange;
import dev.artifactservice.storage.ObjectNotFoundException;
import dev.artifactservice.storage.ObjectStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/** Single downloads: the artifact a caller may read, and its object's bytes, verified and audited. */
@ApplicationScoped
public class DownloadService {

    @Inject
    ArtifactService artifacts;

    @Inject
    ObjectStorage storage;

    @Inject
    AuditLog audit;

    @Inject
    DamagedArtifacts damaged;

    /**
     * The live artifact at {@code path} of the caller's session.
     *
     * @throws dev.artifactservice.failure.NotFoundException when the session or the artifact does not exist for the
     *     caller (expired artifacts included)
     */
    public ArtifactSnapshot find(UUID sessionId, ArtifactPath path) {
        return artifacts.find(sessionId, path);
    }

    /**
     * Opens the object's bytes, the whole of them or {@code partial} (a byte range), and audits the download with
     * the bytes it sends. A whole download is verified against the artifact's SHA-256 on the way: a mismatch (the
     * object changed behind the service's back) withholds the last bytes, cuts the response and is reported as a
     * damaged artifact. A range cannot be verified and is sent as read.
     *
     * @throws DamagedArtifactException when the object is missing from S3
     * @throws dev.artifactservice.failure.DependencyUnavailableException when S3 cannot be reached
     */
    public ObjectStreamingOutput open(ArtifactSnapshot file, ByteRange partial) {
        ObjectStreamingOutput body;
        try {
            body = partial != null ? new ObjectStreamingOutput(storage.open(file.storageKey(), partial))
                : new ObjectStreamingOutput(storage.open(file.storageKey(), null), file.sha256(),
                    mismatch -> damaged.report(new DamagedArtifactException(file.sessionId(), file.path(),
                        DamagedArtifactException.Kind.ALTERED, mismatch)));
        } catch (ObjectNotFoundException e) {
            throw ArtifactService.missingObject(e, file.path());
        }
        audit.record(AuditAction.DOWNLOAD, file.sessionId(), file.path(), partial == null ? file.size()
            : partial.length());
        return body;
    }
}
