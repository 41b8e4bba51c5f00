package dev.artifactservice.artifact;

import dev.artifactservice.retention.Expiry;
import java.time.Instant;
import java.util.UUID;

/**
 * An immutable snapshot of one artifact row, taken in the transaction that read it: everything the service knows
 * of one stored artifact, for the features that serve its bytes (download, bundle, pre-signed URL). {@code storageKey} comes from the database row, never from the request.
 *
 * @param size      bytes
 * @param sha256    lower-case hex SHA-256 of the bytes
 * @param crc32     CRC-32 of the bytes
 * @param metadata  JSON object text, or null
 * @param expiresAt when the artifact stops being served and is purged; null when it never expires (no
 *                  retention, or {@code keep})
 * @param keep      whether the artifact is exempt from retention
 * @param deflatedSize   bytes the content takes as a deflated bundle entry, measured at upload, or null
 * @param deflateProfile fingerprint of the deflater that measured it ({@code Deflation.profile()}), or null
 * @param version   the version these bytes are of the path (1 = the first upload); a snapshot of a non-current
 *                  version ({@link ArtifactVersions#find}) has that version's bytes, type, key and time
 *                  ({@code updatedAt} = when that version was uploaded)
 */
public record ArtifactSnapshot(UUID artifactId, UUID sessionId, ArtifactType type, String name, String path,
                           long size, String mimeType, String sha256, long crc32, UUID conversationId,
                           String metadata, Instant createdAt, Instant updatedAt, String storageKey,
                           Instant expiresAt, boolean keep, Long deflatedSize, Integer deflateProfile, int version) {

    static ArtifactSnapshot of(Artifact a) {
        return new ArtifactSnapshot(a.id(), a.sessionId(), a.type(), a.name(), a.path(), a.size(), a.mimeType(),
            a.sha256(), a.crc32(), a.conversationId(), a.metadata(), a.createdAt().toInstant(),
            a.updatedAt().toInstant(), a.storagePath(), Expiry.effective(a.expiresAt(), a.keep()), a.keep(),
            a.deflatedSize(), a.deflateProfile(), a.version());
    }

    /** Non-current version {@code v} of the artifact {@code a}: its bytes, type, key and time, else the artifact's. */
    static ArtifactSnapshot of(Artifact a, ArtifactVersion v) {
        return new ArtifactSnapshot(a.id(), a.sessionId(), a.type(), a.name(), a.path(), v.size(), v.mimeType(),
            v.sha256(), v.crc32(), v.conversationId(), null, a.createdAt().toInstant(), v.createdAt().toInstant(),
            v.storageKey(), Expiry.effective(a.expiresAt(), a.keep()), a.keep(), null, null, v.version());
    }

    /** This row with a deflated size in bytes measured by a deflater of the given profile. */
    public ArtifactSnapshot withDeflatedSize(long bytes, int profile) {
        return new ArtifactSnapshot(artifactId, sessionId, type, name, path, size, mimeType, sha256, crc32, conversationId,
            metadata, createdAt, updatedAt, storageKey, expiresAt, keep, bytes, profile, version);
    }

    /** The last path segment: the name a browser saves the file under. */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The strong entity tag of the bytes: the quoted SHA-256 hex (RFC 9110 section 8.8.3). */
    public String etag() {
        return "\"" + sha256 + "\"";
    }

    /** The download URL relative to the host, each path segment percent-encoded. */
    public String downloadUrl() {
        return "/api/artifacts/download/" + sessionId + "/" + dev.artifactservice.http.UriSegments.encodePath(path);
    }
}
