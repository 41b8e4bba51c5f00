package dev.artifactservice.share;

import dev.artifactservice.database.NativeValues;
import dev.artifactservice.telemetry.DatabaseTimed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code shares} table (native SQL; the table has no entity). Every method joins the calling service's
 * transaction ({@code MANDATORY}). Nothing is cached: a revocation is seen by every instance's next query.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
@DatabaseTimed
public class ShareRepository {

    private static final String COLUMNS = "share_id::text, organization_id::text, session_id::text, path, "
        + "artifact_id::text, expires_at, max_downloads, downloads, revoked_at, created_by, created_at";

    @PersistenceContext(unitName = "artifacts")
    EntityManager em;

    /** Inserts a link whose token has SHA-256 {@code tokenSha256} (hex); returns it as stored. */
    public Share insert(UUID shareId, UUID organizationId, UUID sessionId, String path, UUID artifactId,
                        String tokenSha256, Instant expiresAt, Integer maxDownloads, String createdBy) {
        Object row = em.createNativeQuery("INSERT INTO shares (share_id, organization_id, session_id, path, "
                + "artifact_id, token_sha256, expires_at, max_downloads, created_by) VALUES (CAST(?1 AS uuid), "
                + "CAST(?2 AS uuid), CAST(?3 AS uuid), ?4, CAST(?5 AS uuid), ?6, ?7, ?8, ?9) RETURNING " + COLUMNS)
            .setParameter(1, shareId.toString())
            .setParameter(2, organizationId.toString())
            .setParameter(3, sessionId.toString())
            .setParameter(4, path)
            .setParameter(5, artifactId == null ? null : artifactId.toString())
            .setParameter(6, tokenSha256)
            .setParameter(7, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))
            .setParameter(8, maxDownloads)
            .setParameter(9, createdBy)
            .getSingleResult();
        return share((Object[]) row);
    }

    /** The link whose token has SHA-256 {@code tokenSha256}, in any state. */
    public Optional<Share> findByToken(String tokenSha256) {
        return first(em.createNativeQuery("SELECT " + COLUMNS + " FROM shares WHERE token_sha256 = ?1")
            .setParameter(1, tokenSha256));
    }

    /** The organization's link {@code shareId}, in any state. */
    public Optional<Share> find(UUID organizationId, UUID shareId) {
        return first(em.createNativeQuery("SELECT " + COLUMNS + " FROM shares WHERE share_id = CAST(?1 AS uuid) "
                + "AND organization_id = CAST(?2 AS uuid)")
            .setParameter(1, shareId.toString())
            .setParameter(2, organizationId.toString()));
    }

    /**
     * Counts one download of the link whose token has SHA-256 {@code tokenSha256} if it still serves (not revoked,
     * not expired, not used up), in one statement: the row lock makes concurrent downloads of a link with one
     * download left count exactly one. Returns the link as counted, or empty when it did not serve.
     */
    public Optional<Share> countDownload(String tokenSha256) {
        return first(em.createNativeQuery("UPDATE shares SET downloads = downloads + 1 WHERE token_sha256 = ?1 "
                + "AND revoked_at IS NULL AND expires_at > now() AND (max_downloads IS NULL OR downloads < max_downloads) "
                + "RETURNING " + COLUMNS)
            .setParameter(1, tokenSha256));
    }

    /**
     * Up to {@code limit} of the organization's links, of one session when {@code sessionId} is not null, newest
     * first.
     */
    public List<Share> list(UUID organizationId, UUID sessionId, int limit) {
        Query query = em.createNativeQuery("SELECT " + COLUMNS + " FROM shares WHERE organization_id = CAST(?1 AS uuid)"
                + (sessionId == null ? "" : " AND session_id = CAST(?2 AS uuid)")
                + " ORDER BY created_at DESC, share_id LIMIT ?3")
            .setParameter(1, organizationId.toString())
            .setParameter(3, limit);
        if (sessionId != null) {
            query.setParameter(2, sessionId.toString());
        }
        return rows(query);
    }

    /** Revokes the organization's link now unless it already was; returns whether this call revoked it. */
    public boolean revoke(UUID organizationId, UUID shareId) {
        return em.createNativeQuery("UPDATE shares SET revoked_at = now() WHERE share_id = CAST(?1 AS uuid) "
                + "AND organization_id = CAST(?2 AS uuid) AND revoked_at IS NULL")
            .setParameter(1, shareId.toString())
            .setParameter(2, organizationId.toString())
            .executeUpdate() == 1;
    }

    private static Optional<Share> first(Query query) {
        return rows(query).stream().findFirst();
    }

    private static List<Share> rows(Query query) {
        return ((List<?>) query.getResultList()).stream().map(row -> share((Object[]) row)).toList();
    }

    private static Share share(Object[] r) {
        return new Share(UUID.fromString((String) r[0]), UUID.fromString((String) r[1]), UUID.fromString((String) r[2]),
            (String) r[3], r[4] == null ? null : UUID.fromString((String) r[4]), NativeValues.instant(r[5]),
            r[6] == null ? null : ((Number) r[6]).intValue(), ((Number) r[7]).intValue(), NativeValues.instant(r[8]),
            (String) r[9], NativeValues.instant(r[10]));
    }
}
