package dev.artifactservice.artifact;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One non-current version of an artifact (a row of {@code artifact_versions}): its number, the S3 key its bytes
 * were copied to, size in bytes, media type, SHA-256 (lower-case hex) and CRC-32, when and by whom it was uploaded
 * (null for contents uploaded before versions existed) and its conversation.
 */
record ArtifactVersion(UUID artifactId, int version, String storageKey, long size, String mimeType, String sha256,
                       long crc32, OffsetDateTime createdAt, String createdBy, UUID conversationId) {
}
