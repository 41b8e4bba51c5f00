package dev.artifactservice.quota;

import dev.artifactservice.retention.Expiry;
import dev.artifactservice.telemetry.DatabaseTimed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * What an organization stores: the bytes and count of its live artifacts (expired ones no longer count). Native
 * SQL; every method joins the calling service's transaction ({@code MANDATORY}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
@DatabaseTimed
public class UsageRepository {

    @PersistenceContext(unitName = "artifacts")
    EntityManager em;

    /** How many live artifacts, holding how many bytes. */
    public record LiveArtifacts(long count, long bytes) {
    }

    /**
     * The count and bytes of the organization's live artifacts, leaving out {@code excludedArtifactId} (the
     * artifact an upload replaces), or all of them when it is null.
     */
    public LiveArtifacts liveArtifacts(UUID organizationId, UUID excludedArtifactId) {
        Query query = em.createNativeQuery("SELECT COALESCE(SUM(file_size), 0), COUNT(*) FROM artifacts "
                + "WHERE organization_id = CAST(?1 AS uuid) AND " + Expiry.LIVE_SQL
                + (excludedArtifactId == null ? "" : " AND artifact_id <> CAST(?2 AS uuid)"))
            .setParameter(1, organizationId.toString());
        if (excludedArtifactId != null) {
            query.setParameter(2, excludedArtifactId.toString());
        }
        Object[] row = (Object[]) query.getSingleResult();
        return new LiveArtifacts(((Number) row[1]).longValue(), ((Number) row[0]).longValue());
    }

    /** The number of the organization's sessions. */
    public long sessionCount(UUID organizationId) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM sessions WHERE organization_id = CAST(?1 AS uuid)")
            .setParameter(1, organizationId.toString())
            .getSingleResult()).longValue();
    }
}
