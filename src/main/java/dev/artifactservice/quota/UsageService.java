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

    /** Bytes and count of the organization's live artifacts, its quota in bytes (null: none), its session count. */
    @Transactional
    public Usage usage(UUID organizationId) {
        UsageRepository.LiveArtifacts live = usage.liveArtifacts(organizationId, null);
        return new Usage(organizationId, live.bytes(), quotas.quotaBytes(organizations.policy(organizationId)),
            live.count(), usage.sessionCount(organizationId));
    }
}
