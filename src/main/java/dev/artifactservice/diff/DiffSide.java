package dev.artifactservice.diff;

import java.util.UUID;

/**
 * One side of a diff: a stored version of an artifact, as much as the diff needs of it. {@code storageKey} comes
 * from the database row, never from the request.
 *
 * @param sessionId  the session it belongs to
 * @param path       the artifact path, e.g. {@code terraform/main.tf}
 * @param version    its version number (1 for the first upload of the path)
 * @param current    whether it is the path's current version
 * @param size       bytes
 * @param sha256     lower-case hex SHA-256 of the bytes
 * @param mimeType   the media type stored with it, or null
 * @param storageKey the S3 key of its bytes
 */
public record DiffSide(UUID sessionId, String path, int version, boolean current, long size, String sha256,
                       String mimeType, String storageKey) {

    /** Whether both sides name the same stored version (so their diff is empty without reading any byte). */
    boolean sameVersionAs(DiffSide other) {
        return sessionId.equals(other.sessionId) && path.equals(other.path) && version == other.version;
    }
}
