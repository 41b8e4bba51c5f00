package dev.artifactservice.storage;

import java.time.Instant;

/** One object of a listing: its key, size in bytes and last-modified time. */
public record ObjectSummary(String key, long size, Instant lastModified) {
}
