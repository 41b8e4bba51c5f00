package dev.artifactservice.session;

import java.time.Instant;
import java.util.UUID;

/**
 * A session as the API shows it, with the number of its artifacts and their total size in bytes.
 */
public record SessionView(UUID sessionId, UUID organizationId, String title, String createdBy, Instant createdAt,
                          long artifactCount, long totalSize) {

    static SessionView of(Session session, long artifactCount, long totalSize) {
        return new SessionView(session.id(), session.organizationId(), session.title(), session.createdBy(),
            session.createdAt().toInstant(), artifactCount, totalSize);
    }
}
