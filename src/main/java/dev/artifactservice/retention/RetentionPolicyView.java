package dev.artifactservice.retention;

import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An organization's retention as {@code /api/admin/retention} shows it: its own override in days (null =
 * the default applies; 0 = forever), the configured default ({@code artifacts.retention.default-days}, 0 =
 * forever), and the days in force for uploads into sessions that set none (0 = forever).
 */
public record RetentionPolicyView(UUID organizationId, @Schema(nullable = true) Integer retentionDays,
                                  int defaultRetentionDays, int effectiveRetentionDays) {
}
