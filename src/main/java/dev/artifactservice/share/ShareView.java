package dev.artifactservice.share;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A share link as the API shows it; never its token. {@code url} (which holds the token) is only in the answer that
 * created the link, null in lists.
 *
 * @param expiresAt    when the link stops serving
 * @param maxDownloads downloads allowed, or null for no limit
 * @param downloads    downloads counted so far
 * @param revokedAt    when it was revoked, or null
 */
@Schema(name = "Share", description = "A share link (never its token)")
public record ShareView(
    @Schema(format = "uuid") UUID shareId,
    @Schema(format = "uri", nullable = true, description = "The link, .../s/{token}: only in the answer to POST "
        + "/api/shares (the service keeps only the token's SHA-256)") String url,
    @Schema(format = "uuid") UUID sessionId,
    @Schema(nullable = true, description = "The artifact's path; null for the session's whole bundle") String path,
    Instant expiresAt,
    @Schema(nullable = true, description = "Downloads allowed; null for no limit") Integer maxDownloads,
    int downloads,
    @Schema(nullable = true, description = "When the link was revoked; null while not") Instant revokedAt,
    String createdBy,
    Instant createdAt) {

    static ShareView of(Share share, String url) {
        return new ShareView(share.shareId(), url, share.sessionId(), share.path(), share.expiresAt(),
            share.maxDownloads(), share.downloads(), share.revokedAt(), share.createdBy(), share.createdAt());
    }
}
