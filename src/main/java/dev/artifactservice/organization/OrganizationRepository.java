package dev.artifactservice.organization;

import dev.artifactservice.telemetry.DatabaseTimed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.UUID;

/** Organizations (tenants), created on first use from a token's {@code org_id}. */
@ApplicationScoped
@Transactional
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
}
