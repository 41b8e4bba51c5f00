package dev.artifactservice.storage;

import dev.artifactservice.telemetry.DatabaseTimed;
import dev.artifactservice.database.AdvisoryLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.UUID;

/**
 * The write intents in PostgreSQL (table {@code write_intents}): every S3 key this service is about to write is
 * recorded, and committed, before its first byte goes to S3, and released in the transaction that commits the row
 * describing the object (or once a failed write's object is removed). An object whose intent has stayed longer
 * than the reconciler's grace period is what a write left behind when it died between S3 and its row; an object
 * that neither a row nor an intent explains was written by someone else (another database on the bucket, a
 * database restored from a backup) and is never deleted without an operator's explicit call.
 */
@ApplicationScoped
@DatabaseTimed
public class WriteIntents {

    @Inject
    AdvisoryLocks locks;

    @PersistenceContext(unitName = "artifacts")
    EntityManager em;

    /**
     * Records the intents to write {@code keys} (S3 keys of {@code organizationId}) in the caller's transaction,
     * which must commit before the first byte goes to S3; an intent left by an earlier write of the same key starts
     * again now. Holds each key's advisory lock ({@link AdvisoryLocks#lockInTransaction(String)}), so it waits for a
     * reconciler deciding on one of the keys (bounded by the database's statement timeout).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID organizationId, Collection<String> keys) {
        for (String key : keys) {
            locks.lockInTransaction(key);
            em.createNativeQuery("INSERT INTO write_intents (storage_key, organization_id) VALUES (?1, CAST(?2 AS uuid)) "
                    + "ON CONFLICT (storage_key) DO UPDATE SET started_at = now(), "
                    + "organization_id = EXCLUDED.organization_id")
                .setParameter(1, key).setParameter(2, organizationId.toString()).executeUpdate();
        }
    }

    /**
     * Releases the intents of {@code keys}, in the caller's transaction: the one that commits their rows, or one of
     * its own after a failed write whose object was removed (or never written).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void release(Collection<String> keys) {
        for (String key : keys) {
            em.createNativeQuery("DELETE FROM write_intents WHERE storage_key = ?1").setParameter(1, key)
                .executeUpdate();
        }
    }
}
