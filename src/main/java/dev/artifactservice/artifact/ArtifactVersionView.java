package dev.artifactservice.artifact;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One version of an artifact path as {@code GET /api/artifacts/versions/...} shows it: its number, size in bytes,
 * SHA-256 (lower-case hex, its download's ETag), media type, when and by whom it was uploaded or restored (null for
 * contents stored before versions existed), its conversation, and whether it is the current one.
 */
public record ArtifactVersionView(@Schema(minimum = "1") int version, @Schema(description = "Bytes") long size,
                                  @Schema(pattern = "^[0-9a-f]{64}$") String sha256, String mimeType,
                                  Instant createdAt, @Schema(nullable = true) String createdBy,
                                  @Schema(nullable = true) UUID conversationId, boolean current) {
}
