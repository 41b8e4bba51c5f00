package dev.artifactservice.artifact;

import java.util.List;
import java.util.UUID;

/**
 * The versions of one path ({@code GET /api/artifacts/versions/{session_id}/{path}}), newest first: the current one
 * ({@code current} true) and the non-current ones still kept ({@code artifacts.versions.keep}).
 */
public record VersionHistory(UUID sessionId, String path, List<ArtifactVersionView> versions) {
}
