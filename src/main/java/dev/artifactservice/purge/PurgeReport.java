package dev.artifactservice.purge;

import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The outcome of one purge: the organization it covered ({@code null}: every organization, an operator's
 * purge), expired artifacts whose object and row were deleted, their total size in bytes (their non-current
 * versions included), and the number of batches (transactions) it took. Rows that another purge held at the time
 * were skipped and are counted by that purge.
 */
public record PurgeReport(@Schema(nullable = true, description = "The organization purged; null: every organization")
                          UUID organizationId, long artifactsPurged, long bytesPurged, int batches) {
}
