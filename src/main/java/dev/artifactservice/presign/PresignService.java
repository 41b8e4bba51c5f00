package dev.artifactservice.presign;

import dev.artifactservice.artifact.ArtifactSnapshot;
import dev.artifactservice.artifact.DamagedArtifactException;
import dev.artifactservice.artifact.DamagedArtifacts;
import dev.artifactservice.artifact.ArtifactPath;
import dev.artifactservice.artifact.ArtifactVersions;
import dev.artifactservice.audit.AuditAction;
import dev.artifactservice.audit.AuditLog;
import dev.artifactservice.bundle.BundleService;
import dev.artifactservice.bundle.StoredBundles;
import dev.artifactservice.failure.NotFoundException;
import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.retention.Expiry;
import dev.artifactservice.storage.ObjectStorage;
import dev.artifactservice.storage.StorageKeys;
import dev.artifactservice.http.ContentDisposition;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues SigV4 pre-signed GET URLs for artifacts, signed for the public S3 endpoint, that make S3 answer
 * with the artifact's file name ({@code response-content-disposition}) and type ({@code response-content-type}).
 */
@ApplicationScoped
public class PresignService {

    @Inject
    ArtifactVersions versions;

    @Inject
    ObjectStorage storage;

    @Inject
    StoredBundles storedBundles;

    @Inject
    AuditLog audit;

    @Inject
    DamagedArtifacts damaged;

    @Inject
    PresignSettings settings;

    /**
     * Objects (S3 key and SHA-256) a HEAD found within the last {@code artifacts.presign.recheck-seconds}: further
     * links to them are signed without asking S3 again. At most {@value #RECHECK_ENTRIES} entries, evicted by
     * Caffeine's W-TinyLFU.
     */
    private Cache<String, Boolean> found;

    /** Most objects whose HEAD answer {@link #found} holds at once (about 200 bytes each). */
    static final int RECHECK_ENTRIES = 100_000;

    @PostConstruct
    void createFound() {
        if (settings.recheckSeconds() > 0) {
            found = Caffeine.newBuilder().maximumSize(RECHECK_ENTRIES)
                .expireAfterWrite(Duration.ofSeconds(settings.recheckSeconds())).build();
        }
    }

    /**
     * A link to the session's whole bundle as a ZIP stored in S3 (built or reused by
     * {@link StoredBundles#ensureStored}), valid for {@code expiresIn} seconds but never beyond the expiry of
     * the first of its artifacts to expire; resumable with ranges.
     *
     * @throws dev.artifactservice.failure.ServiceException 404 when the session does not exist for the caller
     */
    public PresignedLink presignBundle(UUID sessionId, int expiresIn) {
        StoredBundles.StoredBundle bundle = storedBundles.ensureStored(sessionId);
        PresignedLink link = sign(bundle.key(), expiresIn, bundle.expiresAt(), StorageKeys.STORED_BUNDLE_NAME,
            BundleService.fileName(sessionId), "application/zip");
        audit.record(AuditAction.PRESIGN, sessionId, StorageKeys.STORED_BUNDLE_NAME, null);
        return link;
    }

    /**
     * A link to the artifact at {@code path} of the caller's session (its current version, or version
     * {@code version}: see {@link ArtifactVersions#find(UUID, ArtifactPath, Optional)}), valid for {@code expiresIn}
     * seconds but never beyond the artifact's expiry: the answer's {@code expires_in} and {@code expires_at} say the
     * lifetime actually signed.
     *
     * @throws dev.artifactservice.failure.ServiceException 404 when the session or a live artifact does not exist for
     *                                              the caller
     * @throws DamagedArtifactException when the artifact's object is missing in S3 (checked with a HEAD, at most once
     *                                   per {@code artifacts.presign.recheck-seconds} for one object)
     */
    public PresignedLink presign(UUID sessionId, ArtifactPath path, Optional<Integer> version, int expiresIn) {
        ArtifactSnapshot file = versions.find(sessionId, path, version);
        requireObject(file);
        PresignedLink link = sign(file.storageKey(), expiresIn, file.expiresAt(), file.path(), file.fileName(),
            file.mimeType());
        audit.record(AuditAction.PRESIGN, sessionId, file.path(), file.size());
        return link;
    }

    /**
     * Checks with a HEAD that the artifact's object is in S3, unless one found it within the last
     * {@code artifacts.presign.recheck-seconds}: a link to a lost object would only fail in the client's hands, so
     * that is said now, and reported. An object lost after its HEAD gets links for at most that long, which then
     * answer S3's 404, as a link signed just before the loss would.
     *
     * @throws DamagedArtifactException when S3 has no object at the artifact's key
     */
    private void requireObject(ArtifactSnapshot file) {
        String object = file.storageKey() + " " + file.sha256();
        if (found != null && found.getIfPresent(object) != null) {
            return;
        }
        if (storage.size(file.storageKey()).isEmpty()) {
            throw damaged.report(new DamagedArtifactException(file.sessionId(), file.path(),
                DamagedArtifactException.Kind.MISSING, null));
        }
        if (found != null) {
            found.put(object, Boolean.TRUE);
        }
    }

    /**
     * Signs for {@code expiresIn} seconds capped by {@code expiresAt} (null: no cap); 404 naming {@code path}
     * when the content expires within the next second.
     */
    private PresignedLink sign(String key, int expiresIn, Instant expiresAt, String path, String fileName,
                               String mimeType) {
        Instant now = Instant.now();
        long lifetime = Expiry.linkLifetime(expiresIn, expiresAt, now);
        if (lifetime < 1) {
            throw new NotFoundException("No artifact at " + path + " in this session.");
        }
        Instant signedAt = now.truncatedTo(ChronoUnit.SECONDS);
        String url = storage.presignGet(key, Duration.ofSeconds(lifetime), ContentDisposition.attachment(fileName),
            mimeType).toString();
        return new PresignedLink(url, signedAt.plusSeconds(lifetime), (int) lifetime);
    }
}
