/**
 * MicroProfile Health checks: readiness (database and schema, bucket, token verification key, each with a deadline) and liveness.
 * Part of the web boundary; may use storage, schema, security and the other infrastructure packages.
 */
package dev.artifactservice.health;
