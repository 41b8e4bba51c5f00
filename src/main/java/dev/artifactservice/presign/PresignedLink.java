package dev.artifactservice.presign;

import java.time.Instant;

/**
 * A pre-signed S3 URL that needs no token: {@code download_url}, when it stops working
 * ({@code expires_at}), and its lifetime in seconds ({@code expires_in}).
 */
public record PresignedLink(String downloadUrl, Instant expiresAt, int expiresIn) {
}
