package dev.artifactservice.quota;

import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One usage counter a recount found wrong: the organization's ({@code sessionId} null) or a session's, which counter
 * ({@code artifact_count}, {@code artifact_bytes} in bytes, or the organization's {@code session_count}), what it held
 * ({@code was}, null when the session had no counter row) and what it holds now, summed from the rows.
 */
public record UsageCorrection(
    UUID organizationId,
    @Schema(nullable = true, description = "The session whose counter this is; null: the organization's")
    UUID sessionId,
    @Schema(enumeration = {"artifact_count", "artifact_bytes", "session_count"}) String counter,
    @Schema(nullable = true, description = "What the counter held; null: the session had no counter row") Long was,
    @Schema(description = "What it holds now: its rows summed") long now) {
}
