package dev.artifactservice.diff;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How session {@code to} differs from session {@code from} ({@code GET /api/sessions/{from}/compare/{to}}), by
 * path and SHA-256 of the live artifacts: paths only in {@code to} are {@code added}, paths only in {@code from}
 * {@code removed}, paths in both with other bytes {@code changed}; each list in the artifact list's order (code-point
 * order of the path).
 *
 * @param unchangedCount paths in both sessions with the same SHA-256 and size
 */
@Schema(description = "How the other session differs from this one, by path and SHA-256")
public record Comparison(@Schema(description = "Paths only in the other session") List<String> added,
                         @Schema(description = "Paths only in this session") List<String> removed,
                         @Schema(description = "Paths in both with other bytes") List<ChangedArtifact> changed,
                         @Schema(description = "Paths in both with the same bytes") long unchangedCount) {

    /**
     * A path whose bytes differ between the two sessions.
     *
     * @param fromSize bytes in this session ({@code session_id})
     * @param toSize   bytes in the other session
     */
    @Schema(description = "A path in both sessions whose bytes differ; from = this session, to = the other")
    public record ChangedArtifact(String path,
                                  @Schema(pattern = "^[0-9a-f]{64}$", description = "SHA-256 in this session")
                                  String fromSha256,
                                  @Schema(pattern = "^[0-9a-f]{64}$", description = "SHA-256 in the other session")
                                  String toSha256,
                                  @Schema(description = "Bytes in this session") long fromSize,
                                  @Schema(description = "Bytes in the other session") long toSize) {
    }
}
