package dev.artifactservice.quota;

import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What an organization stores, as {@code GET /api/usage} shows it: bytes of its live artifacts (expired ones
 * no longer count), its quota in bytes (null = unlimited), and how many live artifacts and sessions it has.
 */
public record Usage(UUID organizationId, long bytesUsed, @Schema(nullable = true) Long quotaBytes, long artifactCount,
                    long sessionCount) {
}
