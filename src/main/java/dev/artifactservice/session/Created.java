package dev.artifactservice.session;

/**
 * The result of an idempotent create: the resource, and whether this call created it (201) or found
 * it already there (200).
 */
public record Created<T>(T value, boolean isNew) {
}
