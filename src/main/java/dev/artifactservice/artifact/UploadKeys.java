package dev.artifactservice.artifact;

import dev.artifactservice.storage.StorageKeys;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The S3 keys one upload or restore may write, all recorded as write intents before its first byte: the artifact's
 * own key (a new path lands there, a replacement is copied there last), a fresh staging key (a replacement lands
 * there until its digest is checked) and a fresh version key (the replaced content is copied there before anything
 * else changes). Also tracks which of them the change wrote, whether it overwrote the artifact's key, and whether,
 * after a failure, what it wrote was removed again, which is when the intents can be released at once instead of by
 * the reconciler.
 */
final class UploadKeys {

    private final String key;
    private final String stagingKey;
    private final String versionKey;
    private final Set<String> written = new LinkedHashSet<>();
    private boolean overwrote;
    private boolean removed;

    private UploadKeys(String key, String stagingKey, String versionKey) {
        this.key = key;
        this.stagingKey = stagingKey;
        this.versionKey = versionKey;
    }

    /** The keys for {@code path} in the session {@code sessionId} of the organization {@code organizationId}. */
    static UploadKeys of(UUID organizationId, UUID sessionId, ArtifactPath path) {
        return new UploadKeys(StorageKeys.artifactKey(organizationId, sessionId, path.value()),
            StorageKeys.stagingKey(organizationId, sessionId), StorageKeys.versionKey(organizationId, sessionId));
    }

    /** The artifact's key. */
    String key() {
        return key;
    }

    /** The staging key of a replacement. */
    String stagingKey() {
        return stagingKey;
    }

    /** The key the replaced content is kept at. */
    String versionKey() {
        return versionKey;
    }

    /** Every key, as recorded and released. */
    List<String> all() {
        return List.of(key, stagingKey, versionKey);
    }

    /** Notes that the change is about to write {@code target}, one of the keys, as a new object. */
    void writing(String target) {
        written.add(target);
    }

    /** Notes that the change is about to overwrite the artifact's key (the replaced bytes are at the version key). */
    void overwriting() {
        overwrote = true;
    }

    /** The new objects written so far, for a failed change to delete. */
    Set<String> written() {
        return written;
    }

    /** Whether the artifact's key was overwritten. */
    boolean overwrote() {
        return overwrote;
    }

    /** Notes that what a failed change wrote was removed again (and an overwritten key put back). */
    void removed() {
        removed = true;
    }

    /** True when no object of a failed change can be left in S3 (none was written, or it was removed). */
    boolean clean() {
        return (written.isEmpty() && !overwrote) || removed;
    }
}
