package dev.artifactservice.session;

import dev.artifactservice.retention.Expiry;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /api/sessions}: a title, optionally the session's UUID (chosen by the caller so that
 * retries are idempotent), and optionally how long its artifacts are kept: {@code retention_days} after each
 * upload (0 to 36500; 0 = forever) or until {@code expires_at} (ISO-8601, in the future), not both. Unknown
 * properties are refused with 400 (JsonbProvider).
 */
public record CreateSessionRequest(
    @Schema(nullable = true, maxLength = SessionService.MAX_TITLE) String title,
    @Schema(nullable = true, format = "uuid", description = "Chosen by the caller so that retries are idempotent")
    String sessionId,
    @Schema(nullable = true, minimum = "0", maximum = "" + Expiry.MAX_DAYS,
        description = "Days each artifact is kept after its upload; 0 = forever")
    Integer retentionDays,
    @Schema(nullable = true, format = "date-time", description = "When every artifact of the session expires; "
        + "in the future")
    String expiresAt) {
}
