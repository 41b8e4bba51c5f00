package dev.artifactservice.organization;

/**
 * An organization's overrides of the configured defaults; null means "use the default", 0 means "no limit".
 *
 * @param retentionDays days an artifact is kept after its upload (0 = forever), or null
 * @param quotaBytes    bytes the organization may store (0 = unlimited), or null; set by operators only
 */
public record OrganizationPolicy(Integer retentionDays, Long quotaBytes) {
}
