package dev.artifactservice.storage;

/**
 * What was written by {@link ObjectStorage#put}: the object's size in bytes, its SHA-256 as lower-case hex
 * and its CRC-32 (the checksum a stored ZIP entry needs), all computed from the bytes as they streamed.
 */
public record StoredObject(long size, String sha256, long crc32) {
}
