/**
 * Agreement of S3 and the database: deletes only what this service half-wrote (stale write intents, staging keys), reports the rest, and the operator resource.
 * May use audit, security and the infrastructure packages; the resource alone may use web.
 */
package dev.artifactservice.reconcile;
