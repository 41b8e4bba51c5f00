package dev.artifactservice.audit;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One audited action: when, by whom ({@code actor} = the token's {@code sub}) from which client address,
 * in which organization and session, on which path, and how many bytes (null when not applicable).
 */
public record AuditEvent(long eventId, Instant occurredAt, UUID organizationId,
                         @Schema(nullable = true) UUID sessionId, String action,
                         @Schema(nullable = true) String path, @Schema(nullable = true) Long bytes, String actor,
                         @Schema(nullable = true) String clientAddress) {
}
