package dev.artifactservice.diff;

import dev.artifactservice.retention.Expiry;
import dev.artifactservice.telemetry.DatabaseTimed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/**
 * The live artifacts of two sessions side by side, by path, in one native query (a full outer join of the two
 * sessions' rows; native SQL since JPQL has no full join). Only rows of the given organization are read. Joins the
 * calling service's transaction ({@code MANDATORY}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
@DatabaseTimed
public class ComparisonRepository {

    @PersistenceContext(unitName = "artifacts")
    EntityManager em;

    /**
     * One path of either session: its SHA-256 and size in bytes in the {@code from} session and in the {@code to}
     * session, each null where that session has no live artifact at the path.
     */
    public record PathPair(String path, String fromSha256, Long fromSize, String toSha256, Long toSize) {
    }

    /**
     * Every path that has a live artifact in session {@code from} or {@code to} of {@code organizationId}, in
     * code-point order of the path (as the artifact list).
     */
    public List<PathPair> paths(UUID organizationId, UUID from, UUID to) {
        String side = "SELECT path, sha256, file_size FROM artifacts WHERE session_id = CAST(?%d AS uuid) "
            + "AND organization_id = CAST(?3 AS uuid) AND " + Expiry.LIVE_SQL;
        List<?> rows = em.createNativeQuery("SELECT COALESCE(f.path, t.path) AS path, f.sha256, f.file_size, "
                + "t.sha256, t.file_size FROM (" + side.formatted(1) + ") f FULL OUTER JOIN (" + side.formatted(2)
                + ") t ON f.path = t.path ORDER BY COALESCE(f.path, t.path) COLLATE \"C\"")
            .setParameter(1, from.toString())
            .setParameter(2, to.toString())
            .setParameter(3, organizationId.toString())
            .getResultList();
        return rows.stream().map(row -> (Object[]) row).map(r -> new PathPair((String) r[0], (String) r[1],
            r[2] == null ? null : ((Number) r[2]).longValue(), (String) r[3],
            r[4] == null ? null : ((Number) r[4]).longValue())).toList();
    }
}
