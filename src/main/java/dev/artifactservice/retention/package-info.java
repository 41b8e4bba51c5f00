/**
 * Expiry rules (Expiry, RetentionSettings) and the retention policy resource of an organization.
 * May use organization, audit, security and the infrastructure packages; the resource alone may use web.
 */
package dev.artifactservice.retention;
