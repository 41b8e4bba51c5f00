package dev.artifactservice.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.organization.OrganizationPolicy;
import org.junit.jupiter.api.Test;

class QuotasTest {

    private static Quotas withDefault(long defaultBytes) {
        QuotaSettings settings = new QuotaSettings();
        settings.defaultBytes = defaultBytes;
        Quotas quotas = new Quotas();
        quotas.settings = settings;
        return quotas;
    }

    @Test
    void anOrganizationWithoutOverrideHasTheConfiguredDefault() {
        assertEquals(5000L, withDefault(5000).quotaBytes(new OrganizationPolicy(null, null)));
    }

    @Test
    void aZeroOrNegativeDefaultIsUnlimited() {
        assertNull(withDefault(0).quotaBytes(new OrganizationPolicy(null, null)));
        assertNull(withDefault(-1).quotaBytes(new OrganizationPolicy(null, null)));
    }

    @Test
    void theOperatorsOverrideWinsInBothDirections() {
        assertEquals(100L, withDefault(5000).quotaBytes(new OrganizationPolicy(null, 100L)));
        assertEquals(9000L, withDefault(0).quotaBytes(new OrganizationPolicy(null, 9000L)));
        assertNull(withDefault(5000).quotaBytes(new OrganizationPolicy(null, 0L)), "0 exempts the organization");
    }

    @Test
    void exceedingTheQuotaIs507InsufficientStorageNamingTheFigures() {
        ServiceException e = Quotas.exceeded(1000, 600);
        assertEquals(507, e.status());
        assertEquals("insufficient-storage", e.type().slug());
        assertEquals("Insufficient storage", e.type().title());
        assertTrue(e.getMessage().contains("1000 bytes") && e.getMessage().contains("600 bytes"), e.getMessage());
    }
}
