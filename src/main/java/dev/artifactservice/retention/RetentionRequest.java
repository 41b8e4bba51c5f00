package dev.artifactservice.retention;

/**
 * Body of {@code PUT /api/admin/retention}: the organization's retention in days after each upload, 0
 * (forever) to 36500, or null to use the configured default.
 */
public record RetentionRequest(Integer retentionDays) {
}
