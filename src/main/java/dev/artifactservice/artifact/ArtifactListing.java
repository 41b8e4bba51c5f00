package dev.artifactservice.artifact;

import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of a session's artifacts in path order, with the count and total size in bytes of every
 * artifact that matches the filter (not just this page); {@code next_cursor} is null on the last page.
 */
public record ArtifactListing(List<ArtifactView> artifacts, @Schema(description = "Bytes") long totalSize,
                              long totalCount, UUID sessionId, @Schema(nullable = true) String nextCursor) {
}
