package dev.artifactservice.retention;

/**
 * The outcome of one purge: expired artifacts whose object and row were deleted, their total size in bytes,
 * and the number of batches (transactions) it took. Rows that another purge held at the time were skipped
 * and are counted by that purge.
 */
public record PurgeReport(long artifactsPurged, long bytesPurged, int batches) {
}
