package dev.artifactservice.share;

import java.time.Instant;

/**
 * What the landing page of a live share link shows: the file's name, its size in bytes and SHA-256 (lower-case hex;
 * null for a whole-session bundle, whose size is the sum of its {@code fileCount} artifacts), when the link stops
 * serving (the link's expiry, or the artifact's if sooner), and the downloads left (null: no limit).
 */
public record ShareLanding(String fileName, long size, String sha256, boolean wholeSession, int fileCount,
                           Instant expiresAt, Integer downloadsLeft) {
}
