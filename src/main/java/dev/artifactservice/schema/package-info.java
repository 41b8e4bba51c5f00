/**
 * Flyway migrations at start-up (src/main/resources/db/migration).
 * Infrastructure: uses nothing of the service.
 */
package dev.artifactservice.schema;
