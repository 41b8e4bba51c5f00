/**
 * The one owner of S3 (S3ObjectStorage behind ObjectStorage): bounded calls, the circuit breaker, failure translation, the key layout (StorageKeys) and write intents (WriteIntents).
 * Infrastructure: may use failure, io and telemetry, never a feature or web.
 */
package dev.artifactservice.storage;
