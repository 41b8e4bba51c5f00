package dev.artifactservice.quota;

import dev.artifactservice.failure.QuotaExceededException;
import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.organization.OrganizationPolicy;
import dev.artifactservice.organization.OrganizationRepository;
import dev.artifactservice.storage.ByteLimit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Storage quotas per organization: the quota in force (the operator's override in
 * {@code organizations.quota_bytes}, else {@code artifacts.quota.default-bytes}; 0 = unlimited), the room an
 * upload has, and the final check made under the organization's row lock so that concurrent uploads cannot
 * together exceed it.
 */
@ApplicationScoped
public class Quotas {

    /** Room of an organization without a quota. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    @Inject
    OrganizationRepository organizations;

    @Inject
    UsageRepository usage;

    @Inject
    QuotaSettings settings;

    /** The quota in bytes an organization with these overrides has, or null when unlimited. */
    public Long quotaBytes(OrganizationPolicy policy) {
        long quota = policy.quotaBytes() != null ? policy.quotaBytes() : settings.defaultBytes();
        return quota <= 0 ? null : quota;
    }

    /**
     * The most bytes an upload may store now, not counting the live artifact it replaces with its versions but
     * counting {@code keptBytes}, the versions of it that stay (negative when the organization is already over its
     * quota), with 507 as the refusal; {@link #UNLIMITED} without a quota.
     *
     * @param replacedArtifactId the live artifact at the upload's path, or null
     * @param keptBytes          bytes of that artifact's versions still kept after the upload (0 for a new path)
     */
    public ByteLimit uploadLimit(UUID organizationId, OrganizationPolicy policy, UUID replacedArtifactId,
                                 long keptBytes) {
        Long quota = quotaBytes(policy);
        if (quota == null) {
            return new ByteLimit(UNLIMITED, () -> new IllegalStateException("no quota"));
        }
        long used = usage.current(organizationId, replacedArtifactId).bytes() + keptBytes;
        return new ByteLimit(quota - used, () -> exceeded(quota, used));
    }

    /**
     * Checks, holding the organization's row until the transaction ends, that {@code bytes} more still fit;
     * call it in the transaction that then writes the artifact row. Organizations without a quota in
     * {@code policy} are not locked.
     *
     * @param replacedArtifactId the live artifact the upload replaces (not counted, nor its versions), or null
     * @param bytes              what the upload will hold: its content and the replaced artifact's versions that stay
     * @throws ServiceException 507 when the bytes do not fit
     */
    public void checkAndHold(UUID organizationId, OrganizationPolicy policy, UUID replacedArtifactId, long bytes) {
        if (quotaBytes(policy) == null) {
            return;
        }
        Long quota = quotaBytes(organizations.lockPolicy(organizationId));
        if (quota == null) {
            return;
        }
        long used = usage.current(organizationId, replacedArtifactId).bytes();
        if (used + bytes > quota) {
            throw exceeded(quota, used);
        }
    }

    /** 507 Insufficient Storage (RFC 4918 section 11.5) for an upload that does not fit in the quota. */
    public static QuotaExceededException exceeded(long quotaBytes, long usedBytes) {
        return new QuotaExceededException(
            "This upload would exceed the organization's storage quota of " + quotaBytes + " bytes ("
                + usedBytes + " bytes in use by other artifacts); nothing was stored.");
    }
}
