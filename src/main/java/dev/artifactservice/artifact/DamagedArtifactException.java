package dev.artifactservice.artifact;

import java.util.UUID;

/**
 * An artifact's stored bytes are not what its row says: the S3 object is gone ({@link Kind#MISSING}), or its
 * length, CRC-32 or SHA-256 differs from the recorded one ({@link Kind#ALTERED}, changed behind the service's
 * back). The service's own data is damaged, so the caller cannot fix it; the bytes are never served as good.
 * Reported once by {@link DamagedArtifacts#report}.
 */
public class DamagedArtifactException extends RuntimeException {

    /** What is wrong with the stored bytes. */
    public enum Kind {
        /** The object is not in the bucket. */
        MISSING,
        /** The object's bytes differ from the recorded length, CRC-32 or SHA-256. */
        ALTERED;

        /** The kind as shown in metrics and problems: {@code missing} or {@code altered}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final UUID sessionId;
    private final String path;
    private final Kind kind;

    /** Creates the exception for the artifact at {@code path} of {@code sessionId}. */
    public DamagedArtifactException(UUID sessionId, String path, Kind kind, Throwable cause) {
        super("stored bytes of " + path + " " + (kind == Kind.MISSING ? "are missing" : "differ from the recorded ones"),
            cause);
        this.sessionId = sessionId;
        this.path = path;
        this.kind = kind;
    }

    /** The session of the damaged artifact. */
    public UUID sessionId() {
        return sessionId;
    }

    /** The artifact's path in its session. */
    public String path() {
        return path;
    }

    /** Missing or altered. */
    public Kind kind() {
        return kind;
    }
}
