package dev.artifactservice.quota;

import dev.artifactservice.retention.Expiry;
import dev.artifactservice.telemetry.DatabaseTimed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What an organization stores, from its counters ({@code organization_usage}): every artifact row (live or
 * expired until the purge deletes it) with its bytes and the bytes of its non-current versions (an artifact's
 * versions count in bytes, not in the artifact count), and every session row. Each change to those rows adds its
 * delta here in its own transaction ({@code UPDATE ... SET n = n + delta}: the counter row stays locked until the
 * change commits, so concurrent changes on several instances add up exactly). Readers subtract the rows whose
 * expiry has passed, found through the index on ({@code organization_id}, {@code expires_at}), so no read sums
 * over all of an organization's rows. The same is kept per session ({@code session_usage}: artifact rows and the
 * bytes of their current content, without versions), for the session list's figures. Native SQL; every method joins
 * the calling service's transaction ({@code MANDATORY}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
@DatabaseTimed
public class UsageRepository {

    @PersistenceContext(unitName = "artifacts")
    EntityManager em;

    /**
     * Artifacts, the bytes they hold and sessions of one organization: its live ones, or, as its counters hold them,
     * every row.
     */
    public record Counts(long artifacts, long bytes, long sessions) {
    }

    /**
     * A change to add to an organization's counters: artifact rows, their bytes, session rows (negative for
     * deletions).
     */
    public record Delta(long artifacts, long bytes, long sessions) {

        /** Adds another change to this one. */
        public Delta plus(Delta other) {
            return new Delta(artifacts + other.artifacts, bytes + other.bytes, sessions + other.sessions);
        }
    }

    /**
     * The count and bytes (versions included) of the organization's live artifacts, leaving out
     * {@code excludedArtifactId} with its versions if it is live, and its session count.
     *
     * @param excludedArtifactId the artifact not to count, or null
     */
    public Counts current(UUID organizationId, UUID excludedArtifactId) {
        Object[] row = (Object[]) em.createNativeQuery("SELECT COALESCE(u.artifact_count, 0) - x.n - COALESCE(r.n, 0), "
                + "COALESCE(u.artifact_bytes, 0) - x.b - COALESCE(r.b, 0), COALESCE(u.session_count, 0) "
                + "FROM (SELECT COUNT(*) AS n, COALESCE(SUM(file_size + versions_bytes), 0) AS b FROM artifacts "
                + "WHERE organization_id = CAST(?1 AS uuid) AND " + Expiry.EXPIRED_SQL + ") x "
                + "LEFT JOIN organization_usage u ON u.organization_id = CAST(?1 AS uuid) "
                + "LEFT JOIN (SELECT 1 AS n, file_size + versions_bytes AS b FROM artifacts "
                + "WHERE artifact_id = CAST(?2 AS uuid) "
                + "AND organization_id = CAST(?1 AS uuid) AND " + Expiry.LIVE_SQL + ") r ON TRUE")
            .setParameter(1, organizationId.toString())
            .setParameter(2, excludedArtifactId == null ? null : excludedArtifactId.toString())
            .getSingleResult();
        return counts(row);
    }

    /**
     * A change to one session's artifact rows: rows added (negative when removed), the bytes of their current
     * content and the bytes of their non-current versions (each negative when removed).
     */
    public record ArtifactDelta(UUID organizationId, UUID sessionId, long artifacts, long bytes, long versionsBytes) {
    }

    /**
     * Artifacts of one session and the bytes of their current content: its live ones, or, as its counters hold them,
     * every row.
     */
    public record SessionCounts(long artifacts, long bytes) {

        /** A session without live artifacts. */
        public static final SessionCounts NONE = new SessionCounts(0, 0);
    }

    /**
     * The count and bytes (current content only) of each given session's live artifacts, from its counters less
     * its expired, unpurged rows; a session without counters or without live artifacts is absent from the map.
     */
    public Map<UUID, SessionCounts> sessions(List<UUID> sessionIds) {
        Map<UUID, SessionCounts> counts = new HashMap<>();
        if (sessionIds.isEmpty()) {
            return counts;
        }
        List<?> rows = em.createNativeQuery("SELECT u.session_id::text, u.artifact_count - COALESCE(x.n, 0), "
                + "u.artifact_bytes - COALESCE(x.b, 0) FROM session_usage u "
                + "LEFT JOIN (SELECT session_id, COUNT(*) AS n, SUM(file_size) AS b FROM artifacts "
                + "WHERE session_id = ANY(CAST(?1 AS uuid[])) AND " + Expiry.EXPIRED_SQL + " GROUP BY session_id) x "
                + "ON x.session_id = u.session_id WHERE u.session_id = ANY(CAST(?1 AS uuid[]))")
            .setParameter(1, "{" + String.join(",", sessionIds.stream().map(UUID::toString).toList()) + "}")
            .getResultList();
        return sessionCounts(rows, counts);
    }

    /**
     * Puts rows of (session id as text, artifact rows, bytes, any further columns) into {@code counts}, which it
     * returns.
     */
    private static Map<UUID, SessionCounts> sessionCounts(List<?> rows, Map<UUID, SessionCounts> counts) {
        for (Object value : rows) {
            Object[] row = (Object[]) value;
            counts.put(UUID.fromString((String) row[0]), new SessionCounts(((Number) row[1]).longValue(),
                ((Number) row[2]).longValue()));
        }
        return counts;
    }

    /** An organization's counts from a row of (artifact rows, bytes, sessions). */
    private static Counts counts(Object[] row) {
        return new Counts(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), ((Number) row[2]).longValue());
    }

    /**
     * Adds a change to artifact rows to its session's and its organization's counters (the organization's bytes
     * with the versions'), holding both rows until the transaction ends. Call it after the rows changed and after
     * any slow step (S3) of the transaction, so the rows are held only until the commit.
     */
    public void add(ArtifactDelta change) {
        add(List.of(change));
    }

    /**
     * Adds changes to artifact rows of several sessions and organizations: the session rows first, then the
     * organization rows, each in the order of their ids, so that two transactions that change the same sessions or
     * organizations never wait for each other's rows in opposite orders (deadlock).
     */
    public void add(Collection<ArtifactDelta> changes) {
        Map<UUID, Delta> sessions = new TreeMap<>();
        Map<UUID, Delta> organizations = new TreeMap<>();
        for (ArtifactDelta change : changes) {
            sessions.merge(change.sessionId(), new Delta(change.artifacts(), change.bytes(), 0), Delta::plus);
            organizations.merge(change.organizationId(),
                new Delta(change.artifacts(), change.bytes() + change.versionsBytes(), 0), Delta::plus);
        }
        sessions.forEach(this::addToSession);
        organizations.forEach(this::add);
    }

    /** Adds a session's artifact rows and bytes ({@code delta.sessions()} is not used) to its counters. */
    private void addToSession(UUID sessionId, Delta delta) {
        if (delta.artifacts() == 0 && delta.bytes() == 0) {
            return;
        }
        upsertSession(sessionId, delta.artifacts(), delta.bytes(), true);
    }

    /**
     * Inserts a session's counter row with the given counts, or, when it exists, adds them to its counters
     * ({@code add}) or sets its counters to them.
     */
    private void upsertSession(UUID sessionId, long artifacts, long bytes, boolean add) {
        String countPrefix = add ? "u.artifact_count + " : "";
        String bytesPrefix = add ? "u.artifact_bytes + " : "";
        em.createNativeQuery("INSERT INTO session_usage AS u (session_id, artifact_count, artifact_bytes) "
                + "VALUES (CAST(?1 AS uuid), ?2, ?3) ON CONFLICT (session_id) DO UPDATE "
                + "SET artifact_count = " + countPrefix + "EXCLUDED.artifact_count, "
                + "artifact_bytes = " + bytesPrefix + "EXCLUDED.artifact_bytes")
            .setParameter(1, sessionId.toString())
            .setParameter(2, artifacts)
            .setParameter(3, bytes)
            .executeUpdate();
    }

    /**
     * Adds {@code delta} to the organization's counters (creating them at zero first), holding their row until
     * the transaction ends: for changes to session rows (a session's artifacts change through
     * {@link #add(ArtifactDelta)}). Call it after the rows changed and after any slow step (S3) of the transaction,
     * so the row is held only until the commit.
     */
    public void add(UUID organizationId, Delta delta) {
        if (delta.artifacts() == 0 && delta.bytes() == 0 && delta.sessions() == 0) {
            return;
        }
        em.createNativeQuery("INSERT INTO organization_usage AS u (organization_id, artifact_count, artifact_bytes, "
                + "session_count) VALUES (CAST(?1 AS uuid), ?2, ?3, ?4) ON CONFLICT (organization_id) DO UPDATE "
                + "SET artifact_count = u.artifact_count + EXCLUDED.artifact_count, "
                + "artifact_bytes = u.artifact_bytes + EXCLUDED.artifact_bytes, "
                + "session_count = u.session_count + EXCLUDED.session_count")
            .setParameter(1, organizationId.toString())
            .setParameter(2, delta.artifacts())
            .setParameter(3, delta.bytes())
            .setParameter(4, delta.sessions())
            .executeUpdate();
    }

    /**
     * The id of every organization, or only {@code organizationId}'s when it is not null (none when no such
     * organization exists), in id order: the organizations a recount walks.
     */
    public List<UUID> organizations(UUID organizationId) {
        List<?> rows = organizationId == null
            ? em.createNativeQuery("SELECT organization_id::text FROM organizations ORDER BY organization_id")
                .getResultList()
            : em.createNativeQuery("SELECT organization_id::text FROM organizations "
                + "WHERE organization_id = CAST(?1 AS uuid)").setParameter(1, organizationId.toString())
                .getResultList();
        return rows.stream().map(id -> UUID.fromString((String) id)).toList();
    }

    /**
     * Locks the counter rows of an organization's sessions ({@code FOR UPDATE}, in session id order) and then the
     * organization's own (created at zero first when missing), the order in which every change takes them
     * ({@link #add(Collection)}), and returns what they hold, as stored (expired, unpurged rows not subtracted).
     * Each wait for a row a change holds is bounded by the database's statement timeout.
     *
     * @return the organization's counters (artifact rows, bytes with versions, sessions) and each session's that has
     *     a counter row (artifact rows, bytes of current content), keyed by session id
     */
    public StoredCounters lockCounters(UUID organizationId) {
        List<?> sessionRows = em.createNativeQuery("SELECT u.session_id::text, u.artifact_count, u.artifact_bytes "
                + "FROM session_usage u JOIN sessions s ON s.session_id = u.session_id "
                + "WHERE s.organization_id = CAST(?1 AS uuid) ORDER BY u.session_id FOR UPDATE OF u")
            .setParameter(1, organizationId.toString())
            .getResultList();
        Map<UUID, SessionCounts> sessions = sessionCounts(sessionRows, new TreeMap<>());
        em.createNativeQuery("INSERT INTO organization_usage (organization_id) VALUES (CAST(?1 AS uuid)) "
                + "ON CONFLICT (organization_id) DO NOTHING")
            .setParameter(1, organizationId.toString())
            .executeUpdate();
        Object[] row = (Object[]) em.createNativeQuery("SELECT artifact_count, artifact_bytes, session_count "
                + "FROM organization_usage WHERE organization_id = CAST(?1 AS uuid) FOR UPDATE")
            .setParameter(1, organizationId.toString())
            .getSingleResult();
        return new StoredCounters(counts(row), sessions);
    }

    /**
     * What an organization's counters hold, or should hold: the organization's (artifact rows, bytes with versions,
     * sessions) and each session's (artifact rows, bytes of current content), keyed by session id.
     */
    public record StoredCounters(Counts organization, Map<UUID, SessionCounts> sessions) {
    }

    /**
     * Sums an organization's rows as its counters count them: every artifact row (live or expired) with its bytes
     * and its versions' bytes ({@code versions_bytes}), every session row, and per session its artifact rows and the
     * bytes of their current content (sessions without artifacts absent); the artifacts are read once, grouped by
     * session, and the organization's figures added up from the groups. Run it after {@link #lockCounters}: in
     * READ COMMITTED the sums then see every change that added to the counters before, and none that adds after.
     */
    public StoredCounters sumRows(UUID organizationId) {
        List<?> sessionRows = em.createNativeQuery("SELECT session_id::text, COUNT(*), COALESCE(SUM(file_size), 0), "
                + "COALESCE(SUM(versions_bytes), 0) FROM artifacts WHERE organization_id = CAST(?1 AS uuid) "
                + "GROUP BY session_id")
            .setParameter(1, organizationId.toString())
            .getResultList();
        Map<UUID, SessionCounts> sessions = sessionCounts(sessionRows, new TreeMap<>());
        long versionsBytes = 0;
        for (Object value : sessionRows) {
            versionsBytes += ((Number) ((Object[]) value)[3]).longValue();
        }
        long artifacts = sessions.values().stream().mapToLong(SessionCounts::artifacts).sum();
        long bytes = sessions.values().stream().mapToLong(SessionCounts::bytes).sum() + versionsBytes;
        long sessionRowCount = ((Number) em.createNativeQuery("SELECT COUNT(*) FROM sessions "
                + "WHERE organization_id = CAST(?1 AS uuid)")
            .setParameter(1, organizationId.toString())
            .getSingleResult()).longValue();
        return new StoredCounters(new Counts(artifacts, bytes, sessionRowCount), sessions);
    }

    /** Sets a session's counters (creating its row when missing); the session row must exist. */
    public void setSession(UUID sessionId, SessionCounts counts) {
        upsertSession(sessionId, counts.artifacts(), counts.bytes(), false);
    }

    /** Sets an organization's counters, whose row {@link #lockCounters} created and holds. */
    public void setOrganization(UUID organizationId, Counts counts) {
        em.createNativeQuery("UPDATE organization_usage SET artifact_count = ?2, artifact_bytes = ?3, "
                + "session_count = ?4 WHERE organization_id = CAST(?1 AS uuid)")
            .setParameter(1, organizationId.toString())
            .setParameter(2, counts.artifacts())
            .setParameter(3, counts.bytes())
            .setParameter(4, counts.sessions())
            .executeUpdate();
    }
}
