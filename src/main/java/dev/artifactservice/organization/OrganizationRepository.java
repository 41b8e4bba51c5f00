package dev.artifactservice.organization;

import dev.artifactservice.telemetry.DatabaseTimed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/**
 * Organizations (tenants), created on first use from a token's {@code org_id}, and their overrides (native SQL:
 * the table has no entity). Every method joins the calling service's transaction ({@code MANDATORY}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
@DatabaseTimed
public class OrganizationRepository {

    @PersistenceContext(unitName = "artifacts")
    EntityManager em;

    /** Inserts the organization unless it exists; safe when several requests race to create it. */
    public void ensureExists(UUID organizationId) {
        em.createNativeQuery("INSERT INTO organizations (organization_id) VALUES (CAST(?1 AS uuid)) "
                + "ON CONFLICT (organization_id) DO NOTHING")
            .setParameter(1, organizationId.toString())
            .executeUpdate();
    }

    /**
     * The organization's overrides; both null (use the configured defaults) when it has none or does not
     * exist yet.
     */
    public OrganizationPolicy policy(UUID organizationId) {
        return policy(organizationId, "");
    }

    /**
     * The organization's overrides, read while its row is held until the transaction ends
     * ({@code FOR NO KEY UPDATE}, which does not block inserts that reference it), so that uploads of one
     * organization check their quota one at a time.
     */
    public OrganizationPolicy lockPolicy(UUID organizationId) {
        return policy(organizationId, " FOR NO KEY UPDATE");
    }

    private OrganizationPolicy policy(UUID organizationId, String lock) {
        List<?> rows = em.createNativeQuery("SELECT retention_days, quota_bytes FROM organizations "
                + "WHERE organization_id = CAST(?1 AS uuid)" + lock)
            .setParameter(1, organizationId.toString())
            .getResultList();
        if (rows.isEmpty()) {
            return new OrganizationPolicy(null, null);
        }
        Object[] row = (Object[]) rows.get(0);
        return new OrganizationPolicy(row[0] == null ? null : ((Number) row[0]).intValue(),
            row[1] == null ? null : ((Number) row[1]).longValue());
    }

    /**
     * Sets the organization's retention override in days (0 = forever, null = the configured default),
     * creating the organization row if needed; the quota override is left alone.
     */
    public void setRetentionDays(UUID organizationId, Integer days) {
        ensureExists(organizationId);
        em.createNativeQuery("UPDATE organizations SET retention_days = ?2 WHERE organization_id = CAST(?1 AS uuid)")
            .setParameter(1, organizationId.toString())
            .setParameter(2, days)
            .executeUpdate();
    }
}
