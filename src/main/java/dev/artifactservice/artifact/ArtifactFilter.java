package dev.artifactservice.artifact;

import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * Which artifacts of a session to list or bundle; empty {@code types} and null bounds mean "all".
 *
 * @param createdAfter  exclusive lower bound on {@code created_at}, or null
 * @param createdBefore exclusive upper bound on {@code created_at}, or null
 */
public record ArtifactFilter(Set<ArtifactType> types, UUID conversationId, OffsetDateTime createdAfter,
                             OffsetDateTime createdBefore) {

    /** Every artifact of the session. */
    public static final ArtifactFilter ALL = new ArtifactFilter(Set.of(), null, null, null);
}
