package dev.artifactservice.presign;

import dev.artifactservice.artifact.ArtifactFile;
import dev.artifactservice.artifact.ArtifactPath;
import dev.artifactservice.artifact.ArtifactService;
import dev.artifactservice.audit.AuditAction;
import dev.artifactservice.audit.AuditLog;
import dev.artifactservice.bundle.BundleService;
import dev.artifactservice.storage.ObjectStorage;
import dev.artifactservice.web.ContentDisposition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Issues SigV4 pre-signed GET URLs for artifacts, signed for the public S3 endpoint, that make S3 answer
 * with the artifact's file name ({@code response-content-disposition}) and type ({@code response-content-type}).
 */
@ApplicationScoped
public class PresignService {

    @Inject
    ArtifactService artifacts;

    @Inject
    ObjectStorage storage;

    @Inject
    BundleService bundles;

    @Inject
    AuditLog audit;

    /**
     * A link to the session's whole bundle as a ZIP stored in S3 (built or reused by
     * {@link BundleService#ensureStored}), valid for {@code expiresIn} seconds; resumable with ranges.
     *
     * @throws dev.artifactservice.web.ApiException 404 when the session does not exist for the caller
     */
    public PresignedLink presignBundle(UUID sessionId, int expiresIn) {
        String key = bundles.ensureStored(sessionId);
        audit.record(AuditAction.PRESIGN, sessionId, BundleService.STORED_BUNDLE_NAME, null);
        return sign(key, expiresIn, BundleService.fileName(sessionId), "application/zip");
    }

    /**
     * A link to the artifact at {@code path} of the caller's session, valid for {@code expiresIn} seconds.
     *
     * @throws dev.artifactservice.web.ApiException 404 when the session or artifact does not exist for the caller
     */
    public PresignedLink presign(UUID sessionId, ArtifactPath path, int expiresIn) {
        ArtifactFile file = artifacts.find(sessionId, path);
        audit.record(AuditAction.PRESIGN, sessionId, file.path(), file.size());
        return sign(file.storageKey(), expiresIn, file.fileName(), file.mimeType());
    }

    private PresignedLink sign(String key, int expiresIn, String fileName, String mimeType) {
        Instant signedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String url = storage.presignGet(key, Duration.ofSeconds(expiresIn), ContentDisposition.attachment(fileName),
            mimeType).toString();
        return new PresignedLink(url, signedAt.plusSeconds(expiresIn), expiresIn);
    }
}
