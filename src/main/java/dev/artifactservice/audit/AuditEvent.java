package dev.artifactservice.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One audited action: when, by whom ({@code actor} = the token's {@code sub}) from which client address,
 * in which organization and session, on which path, and how many bytes (null when not applicable).
 */
public record AuditEvent(long eventId, Instant occurredAt, UUID organizationId, UUID sessionId, String action,
                         String path, Long bytes, String actor, String clientAddress) {
}
