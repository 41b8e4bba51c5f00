package dev.artifactservice.artifact;

import dev.artifactservice.storage.StorageKeys;
import java.util.List;
import java.util.UUID;

/**
 * The S3 keys one upload may write, both recorded as write intents before its first byte: the artifact's own key
 * (a new path lands there) and a fresh staging key (a replacement lands there until its digest is checked). Also
 * tracks which of them the upload wrote and whether, after a failure, that object was removed again, which is
 * when the intents can be released at once instead of by the reconciler.
 */
final class UploadKeys {

    private final String key;
    private final String stagingKey;
    private String written;
    private boolean removed;

    private UploadKeys(String key, String stagingKey) {
        this.key = key;
        this.stagingKey = stagingKey;
    }

    /** The keys for {@code path} in the session {@code sessionId} of the organization {@code organizationId}. */
    static UploadKeys of(UUID organizationId, UUID sessionId, ArtifactPath path) {
        return new UploadKeys(StorageKeys.artifactKey(organizationId, sessionId, path.value()),
            StorageKeys.stagingKey(organizationId, sessionId));
    }

    /** The artifact's key. */
    String key() {
        return key;
    }

    /** The staging key of a replacement. */
    String stagingKey() {
        return stagingKey;
    }

    /** Both keys, as recorded and released. */
    List<String> all() {
        return List.of(key, stagingKey);
    }

    /** Notes that the upload is about to write {@code target}, one of the two keys. */
    void writing(String target) {
        written = target;
    }

    /** Notes that the object written by a failed upload was deleted again. */
    void removed() {
        removed = true;
    }

    /** True when no object of a failed upload can be left in S3 (none was written, or it was removed). */
    boolean clean() {
        return written == null || removed;
    }
}
