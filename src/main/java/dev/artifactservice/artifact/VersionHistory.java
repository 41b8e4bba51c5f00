package dev.artifactservice.artifact;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The versions of one path ({@code GET /api/artifacts/versions/{session_id}/{path}}), newest first: the current one
 * ({@code current} true) and the non-current ones still kept ({@code artifacts.versions.keep}).
 */
public record VersionHistory(UUID sessionId, String path, List<Entry> versions) {

    /**
     * One version: its number, size in bytes, SHA-256 (lower-case hex, its download's ETag), media type, when and by
     * whom it was uploaded (null for contents uploaded before versions existed), its conversation, and whether it is
     * the current one.
     */
    public record Entry(@Schema(minimum = "1") int version, @Schema(description = "Bytes") long size,
                        @Schema(pattern = "^[0-9a-f]{64}$") String sha256, String mimeType, Instant createdAt,
                        @Schema(nullable = true) String createdBy, @Schema(nullable = true) UUID conversationId,
                        boolean current) {
    }
}
