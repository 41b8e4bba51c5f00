package dev.artifactservice.artifact;

import dev.artifactservice.failure.ProblemType;
import dev.artifactservice.failure.ServiceException;
import java.util.UUID;

/**
 * An artifact's stored bytes are not what its row says: the S3 object is gone ({@link Kind#MISSING}), or its
 * length, CRC-32 or SHA-256 differs from the recorded one ({@link Kind#ALTERED}, changed behind the service's
 * back). The service's own data is damaged, so the caller cannot fix it; the bytes are never served as good.
 * Reported once by {@link DamagedArtifacts#report}; answered as a {@link ProblemType#DAMAGED_ARTIFACT} problem (500)
 * naming the path.
 */
public class DamagedArtifactException extends ServiceException {

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
        super(ProblemType.DAMAGED_ARTIFACT, "The stored bytes of " + path + " "
            + (kind == Kind.MISSING ? "are missing from S3" : "differ from what was uploaded") + ", so it cannot be "
            + "served. The organization's administrators see it in the audit trail (action damaged-object); delete "
            + "or upload the artifact again.", java.util.Map.of(), cause);
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

    /** A short account for the log: the path and whether its bytes are missing or altered. */
    public String summary() {
        return "stored bytes of " + path + " " + (kind == Kind.MISSING ? "are missing" : "differ from the recorded ones");
    }

    /** Missing or altered. */
    public Kind kind() {
        return kind;
    }
}
