package dev.artifactservice.session;

import java.time.Instant;
import java.util.UUID;

/**
 * A session as the API shows it, with the number of its live artifacts and their total size in bytes, and
 * its retention: {@code retention_days} (0 = forever) or {@code expires_at}, null when the organization's
 * retention applies.
 */
public record SessionView(UUID sessionId, UUID organizationId, String title, String createdBy, Instant createdAt,
                          long artifactCount, long totalSize, Integer retentionDays, Instant expiresAt) {

    static SessionView of(Session session, long artifactCount, long totalSize) {
        return new SessionView(session.id(), session.organizationId(), session.title(), session.createdBy(),
            session.createdAt().toInstant(), artifactCount, totalSize, session.retentionDays(),
            session.expiresAt() == null ? null : session.expiresAt().toInstant());
    }
}
