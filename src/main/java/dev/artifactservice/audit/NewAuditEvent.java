package dev.artifactservice.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * An audit event to be written: who ({@code actor}, {@code clientAddress}) did what ({@code action}, an
 * {@link AuditAction} id) when ({@code occurredAt}, taken when the action happened, not when the row is written) to
 * which session and path, with how many bytes. {@code sessionId}, {@code path}, {@code bytes} and
 * {@code clientAddress} may be null.
 */
public record NewAuditEvent(UUID organizationId, String action, UUID sessionId, String path, Long bytes,
                            String actor, String clientAddress, Instant occurredAt) {
}
