package dev.artifactservice.reconcile;

import dev.artifactservice.database.NativeValues;
import dev.artifactservice.telemetry.DatabaseTimed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the reconciler asks PostgreSQL about the objects it walks: artifact and version rows by storage key, write
 * intents, and sessions (native SQL). Every method joins the reconciler's transaction ({@code MANDATORY}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
@DatabaseTimed
public class ReconcileRepository {

    @PersistenceContext(unitName = "artifacts")
    EntityManager em;

    /** Every write intent and when it started (the table holds writes in flight and those a crash left). */
    public Map<String, Instant> intents() {
        Map<String, Instant> intents = new HashMap<>();
        for (Object value : em.createNativeQuery("SELECT storage_key, started_at FROM write_intents").getResultList()) {
            Object[] row = (Object[]) value;
            intents.put((String) row[0], NativeValues.instant(row[1]));
        }
        return intents;
    }

    /** The S3 keys of a session's artifact rows, live or expired, and of their non-current versions. */
    public Set<String> storageKeys(UUID sessionId) {
        return strings("SELECT storage_path FROM artifacts WHERE session_id = CAST(?1 AS uuid) UNION ALL "
            + "SELECT storage_path FROM artifact_versions WHERE session_id = CAST(?1 AS uuid)", sessionId.toString());
    }

    /** The keys of the write intents under {@code prefix}. */
    public Set<String> intentKeysUnder(String prefix) {
        return strings("SELECT storage_key FROM write_intents WHERE starts_with(storage_key, ?1)", prefix);
    }

    /** The ids of every session with at least one artifact row. */
    public Set<UUID> sessionsWithArtifacts() {
        Set<UUID> sessions = new HashSet<>();
        for (String id : strings("SELECT DISTINCT session_id::text FROM artifacts", null)) {
            sessions.add(UUID.fromString(id));
        }
        return sessions;
    }

    /** Whether the session exists in the organization. */
    public boolean sessionExists(UUID organizationId, UUID sessionId) {
        return !em.createNativeQuery("SELECT 1 FROM sessions WHERE session_id = CAST(?1 AS uuid) "
                + "AND organization_id = CAST(?2 AS uuid)")
            .setParameter(1, sessionId.toString()).setParameter(2, organizationId.toString())
            .getResultList().isEmpty();
    }

    /** Whether an artifact row of the session, or a version row of one, has its object at {@code key}. */
    public boolean artifactRowExists(UUID sessionId, String key) {
        return !em.createNativeQuery("SELECT 1 FROM artifacts WHERE session_id = CAST(?1 AS uuid) "
                + "AND storage_path = ?2 "
                + "UNION ALL SELECT 1 FROM artifact_versions WHERE session_id = CAST(?1 AS uuid) AND storage_path = ?2")
            .setParameter(1, sessionId.toString()).setParameter(2, key)
            .getResultList().isEmpty();
    }

    /** Whether a write intent of any age names {@code key}. */
    public boolean intentExists(String key) {
        return !em.createNativeQuery("SELECT 1 FROM write_intents WHERE storage_key = ?1").setParameter(1, key)
            .getResultList().isEmpty();
    }

    /**
     * Whether the intent of {@code key} started before {@code cutoff}, holding its row until the transaction ends
     * ({@code FOR UPDATE}).
     */
    public boolean lockStaleIntent(String key, Instant cutoff) {
        return !em.createNativeQuery("SELECT 1 FROM write_intents WHERE storage_key = ?1 AND started_at < ?2 FOR UPDATE")
            .setParameter(1, key).setParameter(2, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
            .getResultList().isEmpty();
    }

    /** Forgets the intents that started before {@code cutoff}; returns how many. */
    public int forgetIntentsBefore(Instant cutoff) {
        return em.createNativeQuery("DELETE FROM write_intents WHERE started_at < ?1")
            .setParameter(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)).executeUpdate();
    }

    private Set<String> strings(String sql, String parameter) {
        var query = em.createNativeQuery(sql);
        if (parameter != null) {
            query.setParameter(1, parameter);
        }
        Set<String> values = new HashSet<>();
        for (Object value : (List<?>) query.getResultList()) {
            values.add((String) value);
        }
        return values;
    }
}
