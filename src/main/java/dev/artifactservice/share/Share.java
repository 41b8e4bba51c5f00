package dev.artifactservice.share;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code shares}: a link to the artifact at {@code path} (row {@code artifactId}) of a session, or to the
 * session's whole bundle ({@code path} and {@code artifactId} null).
 *
 * @param maxDownloads downloads allowed, or null for no limit
 * @param downloads    downloads counted so far
 * @param revokedAt    when it was revoked, or null
 */
public record Share(UUID shareId, UUID organizationId, UUID sessionId, String path, UUID artifactId,
                    Instant expiresAt, Integer maxDownloads, int downloads, Instant revokedAt, String createdBy,
                    Instant createdAt) {

    /** Whether it shares the session's whole bundle rather than one artifact. */
    public boolean wholeSession() {
        return path == null;
    }

    /** Why the link no longer serves at {@code now}: its state, in the order a download checks it. */
    public State state(Instant now) {
        if (revokedAt != null) {
            return State.REVOKED;
        }
        if (!expiresAt.isAfter(now)) {
            return State.EXPIRED;
        }
        if (maxDownloads != null && downloads >= maxDownloads) {
            return State.USED_UP;
        }
        return State.ACTIVE;
    }

    /** A link's state: active, or why it stopped. */
    public enum State {
        ACTIVE, REVOKED, EXPIRED, USED_UP
    }
}
