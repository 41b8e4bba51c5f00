/**
 * The audit trail: every change and download as an artifact_events row (AuditLog) and GET /api/audit.
 * May use security and the infrastructure packages; the resource alone may use web.
 */
package dev.artifactservice.audit;
