package dev.artifactservice.quota;

import dev.artifactservice.organization.OrganizationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.UUID;

/** What an organization stores against its quota ({@code GET /api/usage}). */
@ApplicationScoped
public class UsageService {

    @Inject
    OrganizationRepository organizations;

    @Inject
    UsageRepository usage;

    @Inject
    Quotas quotas;

    /**
     * Bytes and count of the organization's live artifacts, its quota in bytes (null: none), its session count: read
     * from the counters kept with every change (see {@link UsageRepository}), not summed over its rows.
     */
    @Transactional
    public Usage usage(UUID organizationId) {
        UsageRepository.Counts counts = usage.current(organizationId, null);
        return new Usage(organizationId, counts.bytes(), quotas.quotaBytes(organizations.policy(organizationId)),
            counts.artifacts(), counts.sessions());
    }
}
