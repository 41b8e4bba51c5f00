package dev.artifactservice.storage;

import java.time.Instant;

/**
 * One multipart upload that was initiated and neither completed nor aborted: its key, S3's upload id, and when S3
 * says it was initiated (some S3-compatible servers report the time of the listing instead).
 */
public record UnfinishedUpload(String key, String uploadId, Instant initiated) {
}
