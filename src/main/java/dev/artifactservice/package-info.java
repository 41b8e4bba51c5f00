/**
 * The artifact service: stores the files an infrastructure generator produces, per organization and session, in S3 with their metadata in PostgreSQL.
 * Layers, in the one direction code may depend: web boundary (resources, web, apidoc, health) → feature services (artifact, bundle, download, presign, purge, quota, reconcile, retention, session, audit, organization) → domain (their entities and rules) → infrastructure (storage, zip, io, http, failure, telemetry, schema, security); ArchitectureTest checks it.
 */
package dev.artifactservice;
