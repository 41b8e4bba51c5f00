package dev.artifactservice.share;

import java.util.List;

/** Answer of {@code GET /api/shares}: the organization's links, newest first (never their tokens). */
public record ShareList(List<ShareView> shares) {
}
