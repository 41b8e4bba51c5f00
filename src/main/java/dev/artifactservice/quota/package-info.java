/**
 * Storage quotas: room for an upload, the final check under the organization lock, and /api/usage.
 * May use organization, security and the infrastructure packages; the resource alone may use web.
 */
package dev.artifactservice.quota;
