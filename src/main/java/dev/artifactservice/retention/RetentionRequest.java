package dev.artifactservice.retention;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code PUT /api/admin/retention}: the organization's retention in days after each upload, 0
 * (forever) to 36500, or null to use the configured default. Unknown properties are refused with 400.
 */
public record RetentionRequest(
    @Schema(nullable = true, minimum = "0", maximum = "" + Expiry.MAX_DAYS,
        description = "Days after each upload; 0 = forever; null = artifacts.retention.default-days")
    Integer retentionDays) {
}
