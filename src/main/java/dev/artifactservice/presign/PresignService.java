package dev.artifactservice.presign;

import dev.artifactservice.artifact.ArtifactFile;
import dev.artifactservice.artifact.ArtifactPath;
import dev.artifactservice.artifact.ArtifactService;
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

    /**
     * A link to the artifact at {@code path} of the caller's session, valid for {@code expiresIn} seconds.
     *
     * @throws dev.artifactservice.web.ApiException 404 when the session or artifact does not exist for the caller
     */
    public PresignedLink presign(UUID sessionId, ArtifactPath path, int expiresIn) {
        ArtifactFile file = artifacts.find(sessionId, path);
        Instant signedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String url = storage.presignGet(file.storageKey(), Duration.ofSeconds(expiresIn),
            ContentDisposition.attachment(file.fileName()), file.mimeType()).toString();
        return new PresignedLink(url, signedAt.plusSeconds(expiresIn), expiresIn);
    }
}
