package dev.artifactservice.share;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /api/shares}.
 *
 * @param sessionId    the session's UUID
 * @param path         the artifact's path in it; null (omitted) shares the session's whole bundle
 * @param expiresIn    lifetime in seconds, 60 to {@code artifacts.share.max-expiry}; null for 30 days (or that
 *                     maximum, if lower)
 * @param maxDownloads downloads allowed, at least 1; null for no limit
 */
@Schema(name = "CreateShareRequest", description = "A share link to create")
public record CreateShareRequest(
    @Schema(required = true, format = "uuid", description = "The session's UUID") String sessionId,
    @Schema(description = "The artifact's path in the session; omit it to share the session's whole bundle (ZIP)")
    String path,
    @Schema(minimum = "60", description = "Lifetime in seconds, 60 to artifacts.share.max-expiry (default and at "
        + "most 2592000, 30 days; never more than 31536000); omitted: 30 days or that maximum if lower")
    Long expiresIn,
    @Schema(minimum = "1", description = "Downloads allowed (1 makes a one-time link); omitted: no limit")
    Long maxDownloads) {
}
