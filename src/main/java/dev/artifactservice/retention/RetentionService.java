package dev.artifactservice.retention;

import dev.artifactservice.failure.BadInputException;
import dev.artifactservice.organization.OrganizationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * The retention policy of an organization: days from an upload to the expiry of artifacts whose session sets no
 * retention of its own, or the service's default ({@code artifacts.retention.default-days}) when it sets none.
 */
@ApplicationScoped
public class RetentionService {

    @Inject
    OrganizationRepository organizations;

    @Inject
    RetentionSettings settings;

    /** The organization's retention as the API shows it. */
    @Transactional
    public RetentionPolicyView policy(UUID organizationId) {
        Integer days = organizations.policy(organizationId).retentionDays();
        int defaultDays = settings.defaultDays();
        return new RetentionPolicyView(organizationId, days, defaultDays, days != null ? days : defaultDays);
    }

    /**
     * Sets the organization's retention in days (null: back to the default); applies to uploads from now on.
     *
     * @throws BadInputException when {@code request} is missing or its days are outside 0..{@value Expiry#MAX_DAYS}
     */
    @Transactional
    public RetentionPolicyView setPolicy(UUID organizationId, RetentionRequest request) {
        if (request == null) {
            throw new BadInputException("A JSON body {\"retention_days\": <0 to " + Expiry.MAX_DAYS
                + " or null>} is required.");
        }
        Integer days = request.retentionDays();
        if (days != null && (days < 0 || days > Expiry.MAX_DAYS)) {
            throw new BadInputException("retention_days must be an integer from 0 (keep forever) to "
                + Expiry.MAX_DAYS + ", or null for the default.");
        }
        organizations.setRetentionDays(organizationId, days);
        return policy(organizationId);
    }
}
