package dev.artifactservice.session;

import dev.artifactservice.retention.Expiry;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A session as the API shows it, with the number of its live artifacts and their total size in bytes, and
 * its retention: {@code retention_days} (0 = forever) or {@code expires_at}, null when the organization's
 * retention applies.
 */
public record SessionView(UUID sessionId, UUID organizationId, @Schema(nullable = true) String title, String createdBy,
                          Instant createdAt, long artifactCount,
                          @Schema(description = "Bytes of its live artifacts") long totalSize,
                          @Schema(nullable = true, minimum = "0", maximum = "" + Expiry.MAX_DAYS,
                              description = "Days after each upload (0 = forever); null: the organization's applies")
                          Integer retentionDays,
                          @Schema(nullable = true) Instant expiresAt) {

    static SessionView of(Session session, long artifactCount, long totalSize) {
        return new SessionView(session.id(), session.organizationId(), session.title(), session.createdBy(),
            session.createdAt().toInstant(), artifactCount, totalSize, session.retentionDays(),
            session.expiresAt() == null ? null : session.expiresAt().toInstant());
    }
}
