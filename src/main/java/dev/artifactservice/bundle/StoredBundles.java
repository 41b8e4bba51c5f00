package dev.artifactservice.bundle;

import dev.artifactservice.artifact.ArtifactFilter;
import dev.artifactservice.failure.DependencyUnavailableException;
import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.session.Session;
import dev.artifactservice.session.SessionService;
import dev.artifactservice.security.Caller;
import dev.artifactservice.storage.ByteRange;
import dev.artifactservice.storage.ObjectContent;
import dev.artifactservice.storage.ObjectNotFoundException;
import dev.artifactservice.storage.ObjectStorage;
import dev.artifactservice.storage.ObjectUpload;
import dev.artifactservice.storage.RangeNotSatisfiableException;
import dev.artifactservice.storage.StorageKeys;
import dev.artifactservice.telemetry.ServiceMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The stored copy of a session's whole bundle ({@code .../artifacts/bundle.zip}, carrying its ETag as S3 metadata):
 * opened when it can stand for a bundle, kept while a bundle is sent, and made sure of for the pre-signed bundle
 * link under {@link StoredBundleLock}.
 */
@ApplicationScoped
public class StoredBundles {

    private static final Logger LOG = Logger.getLogger(StoredBundles.class.getName());

    /** S3 user metadata key holding the stored bundle's ETag. */
    static final String ETAG_METADATA = "bundle-etag";

    @Inject
    SessionService sessions;

    @Inject
    BundleService bundles;

    @Inject
    BundleEntrySizes sizes;

    @Inject
    ObjectStorage storage;

    @Inject
    ServiceMetrics metrics;

    @Inject
    StoredBundleLock storedBundleLock;

    @Inject
    Caller caller;

    /**
     * Whether a whole-session bundle sent to a client is also kept as the session's stored copy, and later
     * whole-session bundles of the same ETag are sent from that copy (one S3 GET instead of one per artifact).
     */
    @Inject
    @ConfigProperty(name = "artifacts.bundle.keep-copy", defaultValue = "true")
    boolean keepCopy;

    /**
     * The session's stored copy of {@code bundle} ({@code .../artifacts/bundle.zip}, kept by {@link #keepingCopy}
     * or by the pre-signed bundle link), open for sending, when it can stand for the bundle: only a whole-session
     * bundle without SHA256SUMS, and only when the copy's ETag metadata, read from the GET's own answer, is this
     * bundle's ETag, so a copy replaced in between is never sent under the wrong ETag. The stored bytes are those
     * the writer would produce (bundles are deterministic; the ETag covers {@link BundleWriter#FORMAT_VERSION}).
     * Empty otherwise, or when copies are turned off.
     *
     * @param range the inclusive byte range to read (a ranged GET), or null for the whole copy
     * @throws dev.artifactservice.failure.DependencyUnavailableException when S3 cannot be reached
     */
    Optional<ObjectContent> openCopy(BundleService.Bundle bundle, ByteRange range) {
        if (!keepCopy || !bundle.wholeSession()) {
            return Optional.empty();
        }
        ObjectContent content;
        try {
            content = storage.open(storedKey(bundle.sessionId()), range);
        } catch (ObjectNotFoundException | RangeNotSatisfiableException e) {
            // No copy, or a stale one shorter than this bundle.
            return Optional.empty();
        }
        if (!unquoted(bundle.etag()).equals(content.metadata().get(ETAG_METADATA)) || content.length() < 0
            || range != null && content.length() != range.length()) {
            // Stale (the session changed since): dropped without reading it.
            content.abort();
            return Optional.empty();
        }
        return Optional.of(content);
    }

    /**
     * The key of the session's stored copy of {@code bundle} when it can stand for the bundle (as for
     * {@link #openCopy}: a whole-session bundle without SHA256SUMS whose copy's ETag metadata, read with a HEAD, is
     * this bundle's ETag); empty otherwise, or when copies are turned off.
     *
     * @throws dev.artifactservice.failure.DependencyUnavailableException when S3 cannot be reached
     */
    Optional<String> currentCopyKey(BundleService.Bundle bundle) {
        if (!keepCopy || !bundle.wholeSession()) {
            return Optional.empty();
        }
        String key = storedKey(bundle.sessionId());
        String etag = unquoted(bundle.etag());
        return storage.metadata(key).filter(m -> etag.equals(m.get(ETAG_METADATA))).map(m -> key);
    }

    /**
     * {@code writer}, which also keeps what it writes as the session's stored copy when {@code bundle} is the
     * whole session without SHA256SUMS: the copy goes to S3 in parts (one 8 MiB part buffer) while the client
     * receives the same bytes, and is completed only when the whole ZIP was written; an aborted bundle leaves
     * no copy. A failing copy (S3 refusing a part) is logged and dropped; the client's bundle goes on.
     */
    StreamingOutput keepingCopy(BundleService.Bundle bundle, BundleWriter writer) {
        if (!keepCopy || !bundle.wholeSession()) {
            return writer;
        }
        String key = storedKey(bundle.sessionId());
        Map<String, String> metadata = Map.of(ETAG_METADATA, unquoted(bundle.etag()));
        return output -> {
            try (ObjectUpload upload = storage.openUpload(key, "application/zip", metadata)) {
                CopyingOutputStream copying = new CopyingOutputStream(output, upload.stream());
                writer.write(copying);
                if (copying.failure() == null) {
                    try {
                        upload.complete();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Keeping the bundle of session " + bundle.sessionId() + " failed: " + e);
                    }
                } else {
                    LOG.log(Level.WARNING, "Keeping the bundle of session " + bundle.sessionId() + " failed: "
                        + copying.failure());
                }
            }
        };
    }

    private String storedKey(UUID sessionId) {
        return StorageKeys.storedBundleKey(caller.organizationId(), sessionId);
    }

    private static String unquoted(String etag) {
        return etag.replace("\"", "");
    }

    /**
     * Makes sure the session's whole bundle lies in S3 at {@code .../artifacts/bundle.zip} (the design's
     * "generated on-demand" bundle) and returns its key: reused while the session's artifacts are unchanged
     * (the object carries the bundle's ETag as metadata), rebuilt by streaming the ZIP into a multipart
     * upload after any upload or delete in the session, or once one of its artifacts expired. One instance at a
     * time checks and rebuilds a session's bundle ({@link StoredBundleLock}), so concurrent callers wait for one
     * rebuild rather than each writing one.
     *
     * @return the key, and the earliest expiry of the artifacts in it (null when none expires)
     * @throws dev.artifactservice.failure.ServiceException 404 when the session does not exist for the caller
     */
    public StoredBundle ensureStored(UUID sessionId) {
        Session session = sessions.require(sessionId);
        return storedBundleLock.holding(sessionId, () -> storeIfChanged(session));
    }

    private StoredBundle storeIfChanged(Session session) {
        UUID sessionId = session.id();
        BundleService.Bundle bundle = bundles.prepare(sessionId, ArtifactFilter.ALL, false);
        String key = StorageKeys.storedBundleKey(session.organizationId(), sessionId);
        String etag = unquoted(bundle.etag());
        boolean current = storage.metadata(key).map(m -> etag.equals(m.get(ETAG_METADATA))).orElse(false);
        if (!current) {
            try (ObjectUpload upload = storage.openUpload(key, "application/zip", Map.of(ETAG_METADATA, etag))) {
                metrics.bundle(sizes.writer(bundle), ServiceMetrics.STORED).write(upload.stream());
                upload.complete();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new StoredBundle(key, bundle.expiresAt());
    }

    /** The key of a session's stored bundle and the earliest expiry of its artifacts (null: none expires). */
    public record StoredBundle(String key, Instant expiresAt) {
    }

}
