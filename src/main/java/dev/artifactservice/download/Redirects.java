package dev.artifactservice.download;

import dev.artifactservice.artifact.ArtifactSnapshot;
import dev.artifactservice.audit.AuditAction;
import dev.artifactservice.audit.AuditLog;
import dev.artifactservice.failure.NotFoundException;
import dev.artifactservice.http.ContentDisposition;
import dev.artifactservice.retention.Expiry;
import dev.artifactservice.storage.ObjectStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code ?redirect=true}: a 302 to a freshly signed SigV4 S3 GET URL of the object, valid for at most
 * {@link #LIFETIME_SECONDS} seconds, that makes S3 answer with the file name and type the service's own download
 * would send (the way GitHub and GitLab hand out artifact bytes). Signing goes through {@link ObjectStorage}.
 */
@ApplicationScoped
public class Redirects {

    /** The longest lifetime in seconds of a redirect's signed URL. */
    public static final int LIFETIME_SECONDS = 60;

    /** OpenAPI text shared by the operations that take {@code redirect}: what the 302 is and how it behaves. */
    public static final String OPENAPI_DESCRIPTION = " ?redirect=true answers 302 with Location a freshly signed S3 "
        + "URL (SigV4, valid at most " + LIFETIME_SECONDS + " s, Cache-Control: no-store), audited as the download "
        + "it replaces. The service still answers the preconditions (304, 412) itself; Range and If-Range are not "
        + "looked at: the client sends them again to S3 after the redirect, and S3 answers 206 or 416.";

    /** OpenAPI text of the 302's Location header. */
    public static final String OPENAPI_LOCATION = "A pre-signed S3 GET URL, valid at most " + LIFETIME_SECONDS + " s";

    @Inject
    ObjectStorage storage;

    @Inject
    AuditLog audit;

    /**
     * A signed URL of the artifact's object (attachment under its file name, its media type), audited as a
     * download of all its bytes. The object is not checked with a HEAD first: a lost object is S3's 404 in the
     * client's hands.
     *
     * @throws NotFoundException when the artifact expires within the next second
     */
    public URI artifact(ArtifactSnapshot file) {
        URI url = signArtifact(file);
        audit.record(AuditAction.DOWNLOAD, file.sessionId(), file.path(), file.size());
        return url;
    }

    /**
     * {@link #artifact}'s signed URL without its audit event, for a caller that records its own (a share link's
     * download).
     *
     * @throws NotFoundException when the artifact expires within the next second
     */
    public URI signArtifact(ArtifactSnapshot file) {
        return sign(file.storageKey(), file.expiresAt(), file.path(), file.fileName(),
            DownloadHeaders.contentType(file.mimeType()));
    }

    /**
     * A signed GET URL of the object at {@code key}, valid for {@link #LIFETIME_SECONDS} seconds but never beyond
     * {@code expiresAt} (null: no cap), answered by S3 as an attachment named {@code fileName} of type
     * {@code mimeType}.
     *
     * @param what the path named in the 404 when the content expires within the next second
     * @throws NotFoundException when it does
     */
    public URI sign(String key, Instant expiresAt, String what, String fileName, String mimeType) {
        long lifetime = Expiry.linkLifetime(LIFETIME_SECONDS, expiresAt, Instant.now());
        if (lifetime < 1) {
            throw new NotFoundException("No artifact at " + what + " in this session.");
        }
        return storage.presignGet(key, Duration.ofSeconds(lifetime), ContentDisposition.attachment(fileName),
            mimeType);
    }

    /** The 302 answer: {@code Location} the signed URL, {@code Cache-Control: no-store} (it expires soon). */
    public static Response found(URI url) {
        return Response.status(Response.Status.FOUND).location(url).header("Cache-Control", "no-store").build();
    }
}
