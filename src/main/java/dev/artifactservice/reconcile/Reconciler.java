package dev.artifactservice.reconcile;

import dev.artifactservice.audit.AuditAction;
import dev.artifactservice.audit.AuditLog;
import dev.artifactservice.database.AdvisoryLocks;
import dev.artifactservice.database.Transactions;
import dev.artifactservice.failure.BadInputException;
import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.storage.ObjectStorage;
import dev.artifactservice.storage.ObjectRefusedException;
import dev.artifactservice.storage.ObjectSummary;
import dev.artifactservice.storage.StorageKeys;
import dev.artifactservice.storage.UnfinishedUpload;
import dev.artifactservice.storage.WriteIntents;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Brings S3 and the database back into agreement after a crash between writing an object and its row, without
 * ever deleting what it cannot prove this service half-wrote. Walks every object under {@code organizations/} in
 * key order, one session prefix at a time: an object is explained by its artifact row (or, under
 * {@code versions/}, by the row of the artifact version kept there), by a write intent younger
 * than the grace period (a write in flight), or, for a session's stored bundle, by its session row. It deletes
 * objects whose write intent is older than the grace period and that have no row (checked again under the key's
 * lock), and staging keys older than it, and aborts the multipart uploads failed uploads left unfinished; every other object without a row is <em>unexplained</em> (another
 * database on the same bucket, uploads since the backup a database was restored from): counted, its bytes
 * summed, the first keys named, the gauge {@code artifacts_reconcile_unexplained_objects} set, and left alone
 * until an operator deletes it with {@link #deleteUnexplained}. Rows whose object is missing are reported. Runs in
 * the background when the service starts and on demand; a PostgreSQL advisory lock lets one instance at a time do
 * it.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

    /** Advisory lock key of the reconciler, shared by all instances. */
    private static final String LOCK_KEY = "reconciler";

    /** At most this many missing-object and unexplained keys are logged. */
    static final int MAX_REPORTED = 1000;

    /** At most this many unexplained keys are named in the report. */
    static final int REPORTED_KEYS = 20;

    /** At most this many keys in one {@link #deleteUnexplained} call. */
    static final int MAX_DELETIONS = 1000;

    private static final Metadata UNEXPLAINED_OBJECTS = Metadata.builder()
        .withName("artifacts.reconcile.unexplained.objects")
        .withDescription("Objects under organizations/ that no row and no write intent explained at the last "
            + "reconciliation (left alone)").build();

    private static final Metadata UNEXPLAINED_BYTES = Metadata.builder()
        .withName("artifacts.reconcile.unexplained.bytes")
        .withDescription("Bytes of the unexplained objects at the last reconciliation").withUnit("bytes").build();

    @Inject
    ReconcileRepository rows;

    @Inject
    WriteIntents writeIntents;

    @Inject
    AdvisoryLocks locks;

    @Inject
    Transactions transactions;

    @Resource
    ManagedExecutorService executor;

    @Inject
    ObjectStorage storage;

    @Inject
    ReconcileSettings settings;

    @Inject
    AuditLog audit;

    @Inject
    MetricRegistry registry;

    private final AtomicLong unexplainedObjects = new AtomicLong();
    private final AtomicLong unexplainedBytes = new AtomicLong();

    @PostConstruct
    void registerGauges() {
        registry.gauge(UNEXPLAINED_OBJECTS, unexplainedObjects, AtomicLong::get);
        registry.gauge(UNEXPLAINED_BYTES, unexplainedBytes, AtomicLong::get);
    }

    void reconcileOnStartup(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        if (settings.onStart()) {
            executor.submit(() -> {
                try {
                    ReconcileReport report = reconcile();
                    LOG.info("Reconciliation at start: " + report);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Reconciliation at start failed; it runs again at the next start", e);
                }
            });
        }
    }

    /**
     * Runs one reconciliation now, unless another instance is running one.
     *
     * @throws IllegalStateException when the database cannot be used
     */
    public ReconcileReport reconcile() {
        return locks.tryHolding(LOCK_KEY, this::walk).orElseGet(ReconcileReport::skipped);
    }

    /**
     * Deletes the objects at {@code keys} that are still unexplained when checked under each key's lock (no
     * artifact row, no write intent of any age, not the stored bundle of an existing session), auditing each
     * deletion as {@code delete-unexplained-object} by {@code actor} in the organization its key names.
     *
     * @param keys 1 to {@value #MAX_DELETIONS} S3 keys
     * @throws ServiceException 400 when {@code keys} is empty, too long or holds a blank key
     * @throws IllegalStateException when the database cannot be used
     */
    public UnexplainedDeletionReport deleteUnexplained(List<String> keys, String actor) {
        if (keys == null || keys.isEmpty() || keys.size() > MAX_DELETIONS
            || keys.stream().anyMatch(key -> key == null || key.isBlank())) {
            throw new BadInputException("keys must list 1 to " + MAX_DELETIONS + " S3 keys, none blank.");
        }
        List<String> deleted = new ArrayList<>();
        List<UnexplainedDeletionReport.KeptObject> kept = new ArrayList<>();
        for (String key : new java.util.LinkedHashSet<>(keys)) {
                Optional<StorageKeys.SessionKey> parsed = StorageKeys.parse(key);
                if (parsed.isEmpty()) {
                    kept.add(new UnexplainedDeletionReport.KeptObject(key, "outside the service's key layout "
                        + "(organizations/{organization_id}/sessions/{session_id}/...); use S3's own tools"));
                    continue;
                }
                String reason = underKeyLock(key, () -> {
                    String explanation = explanation(parsed.get());
                    if (explanation != null) {
                        return explanation;
                    }
                    Optional<Long> size = storage.size(key);
                    if (size.isEmpty()) {
                        return "no such object";
                    }
                    storage.delete(key);
                    audit.recordSystem(parsed.get().organizationId(), AuditAction.DELETE_UNEXPLAINED_OBJECT,
                        parsed.get().sessionId(), parsed.get().path(), size.get(), actor);
                    LOG.info("Deleted unexplained object " + key + " (" + size.get() + " bytes) for " + actor);
                    return null;
                });
                if (reason == null) {
                    deleted.add(key);
                } else {
                    kept.add(new UnexplainedDeletionReport.KeptObject(key, reason));
                }
        }
        return new UnexplainedDeletionReport(deleted, kept);
    }

    /** Runs one read of the walk in a transaction of its own (a bounded wait, see the persistence unit). */
    private <T> T read(Supplier<T> query) {
        return transactions.inOne(query);
    }

    /** Takes a decision on one key in a transaction of its own holding the key's lock (as a write of it does). */
    private <T> T underKeyLock(String key, Supplier<T> decision) {
        return transactions.inNew(() -> {
            locks.lockInTransaction(key);
            return decision.get();
        });
    }

    /**
     * Why the object at {@code key} is not unexplained right now: an artifact row, a write intent (any age), or the
     * stored bundle of an existing session; null when nothing explains it.
     */
    private String explanation(StorageKeys.SessionKey key) {
        if (rows.artifactRowExists(key.sessionId(), key.key())) {
            return "an artifact row explains it";
        }
        if (rows.intentExists(key.key())) {
            return "a write intent explains it (a write in progress, or one the reconciler will clean up)";
        }
        if (key.isStoredBundle() && rows.sessionExists(key.organizationId(), key.sessionId())) {
            return "it is the stored bundle of an existing session";
        }
        return null;
    }

    /**
     * Aborts the multipart uploads that a failed upload left behind when its own abort did not get through (S3 was
     * down), decided under the key's lock: those whose key has a write intent older than {@code cutoff} (the write
     * died; a failed upload keeps its intents while S3 is unavailable), and those S3 says were initiated before
     * {@code cutoff} that no intent explains (some S3-compatible servers, S3Proxy among them, report the time of the
     * listing instead, so there only the first rule applies). Returns how many were aborted.
     */
    private long abortAbandonedUploads(Instant cutoff) {
        List<UnfinishedUpload> uploads = new ArrayList<>();
        storage.forEachUnfinishedUpload("organizations/", uploads::add);
        long aborted = 0;
        for (UnfinishedUpload upload : uploads) {
            Optional<StorageKeys.SessionKey> key = StorageKeys.parse(upload.key());
            if (key.isEmpty()) {
                continue;
            }
            boolean abandoned = underKeyLock(upload.key(), () -> {
                boolean diedWithItsWrite = rows.lockStaleIntent(upload.key(), cutoff);
                boolean oldAndUnexplained = upload.initiated() != null && upload.initiated().isBefore(cutoff)
                    && !rows.intentExists(upload.key());
                if (diedWithItsWrite || oldAndUnexplained) {
                    try {
                        storage.abortUpload(upload.key(), upload.uploadId());
                        return true;
                    } catch (ObjectRefusedException e) {
                        // Refused now (a part still arriving, say): the next run tries again.
                        LOG.log(Level.WARNING, "S3 refused to abort the multipart upload " + upload.uploadId()
                            + " of " + upload.key(), e);
                    }
                }
                return false;
            });
            if (abandoned) {
                aborted++;
                LOG.info("Aborted the abandoned multipart upload " + upload.uploadId() + " of " + upload.key());
            }
        }
        return aborted;
    }

    private ReconcileReport walk() {
        Instant cutoff = Instant.now().minusSeconds(settings.graceSeconds());
        Walk walk = new Walk(cutoff, read(rows::intents));
        storage.forEachObject("organizations/", walk::accept);
        walk.finishGroup();
        // Sessions with rows but not a single object never showed up in the listing.
        for (UUID session : read(rows::sessionsWithArtifacts)) {
            if (!walk.seenSessions.contains(session)) {
                walk.reportMissing(session, Set.of());
            }
        }
        long abortedUploads = abortAbandonedUploads(cutoff);
        // Stale intents whose object is not there (the write failed before S3 kept it, or its row committed after a
        // crash took the release with it) only need forgetting.
        transactions.inNew(() -> rows.forgetIntentsBefore(cutoff));
        if (!walk.missing.isEmpty()) {
            LOG.warning(walk.missingCount + " rows have no S3 object (rows kept; first keys: " + walk.missing + ")");
        }
        if (walk.unexplainedCount > 0) {
            LOG.warning(walk.unexplainedCount + " objects (" + walk.unexplainedBytes + " bytes) have no row and no "
                + "write intent and were left alone (another database on this bucket, or writes since a restored "
                + "backup?); an operator deletes them with POST /api/admin/reconcile/delete-unexplained. First keys: "
                + walk.unexplained);
        }
        unexplainedObjects.set(walk.unexplainedCount);
        unexplainedBytes.set(walk.unexplainedBytes);
        return new ReconcileReport(true, walk.checked, walk.deleted, walk.missingCount, walk.unexplainedCount,
            walk.unexplainedBytes, List.copyOf(walk.unexplained.subList(0, Math.min(REPORTED_KEYS,
                walk.unexplained.size()))), abortedUploads);
    }

    /** The state of one walk over the listing: the current session prefix and its objects. */
    private final class Walk {
        private final Instant cutoff;
        private final Map<String, Instant> intents;
        private final Set<UUID> seenSessions = new HashSet<>();
        private final List<String> missing = new ArrayList<>();
        private final List<String> unexplained = new ArrayList<>();
        private String groupPrefix;
        private StorageKeys.SessionKey groupKey;
        private final List<ObjectSummary> group = new ArrayList<>();
        private long checked;
        private long deleted;
        private long missingCount;
        private long unexplainedCount;
        private long unexplainedBytes;

        Walk(Instant cutoff, Map<String, Instant> intents) {
            this.cutoff = cutoff;
            this.intents = intents;
        }

        void accept(ObjectSummary object) {
            checked++;
            Optional<StorageKeys.SessionKey> key = StorageKeys.parse(object.key());
            if (key.isEmpty()) {
                unexplained(object);
                return;
            }
            String prefix = key.get().sessionPrefix();
            if (!prefix.equals(groupPrefix)) {
                finishGroup();
                groupPrefix = prefix;
                groupKey = key.get();
            }
            group.add(object);
        }

        void finishGroup() {
            if (groupPrefix == null) {
                return;
            }
            try {
                Set<String> rowKeys = read(() -> rows.storageKeys(groupKey.sessionId()));
                Set<String> keys = new HashSet<>();
                List<ObjectSummary> unexplainedSoFar = new ArrayList<>();
                Boolean sessionExists = null;
                for (ObjectSummary object : group) {
                    keys.add(object.key());
                    if (rowKeys.contains(object.key())) {
                        continue;
                    }
                    StorageKeys.SessionKey key = StorageKeys.parse(object.key()).orElseThrow();
                    Instant intent = intents.get(object.key());
                    if (intent != null && intent.isBefore(cutoff)) {
                        deleteHalfWritten(object);
                    } else if (intent != null) {
                        continue; // a write in flight
                    } else if (key.isStaging() && object.lastModified().isBefore(cutoff)) {
                        storage.delete(object.key());
                        deleted++;
                        LOG.info("Deleted stale staging object " + object.key() + " (" + object.size() + " bytes)");
                    } else if (key.isStoredBundle()) {
                        if (sessionExists == null) {
                            sessionExists = read(() -> rows.sessionExists(key.organizationId(), key.sessionId()));
                        }
                        if (!sessionExists) {
                            unexplained(object);
                        }
                    } else if (!key.isStaging()) {
                        unexplainedSoFar.add(object);
                    }
                }
                if (!unexplainedSoFar.isEmpty()) {
                    // Asked again, once for the group: a write may have started or ended since the walk began.
                    Set<String> rowsNow = read(() -> rows.storageKeys(groupKey.sessionId()));
                    Set<String> intentsNow = read(() -> rows.intentKeysUnder(groupPrefix));
                    for (ObjectSummary object : unexplainedSoFar) {
                        if (!rowsNow.contains(object.key()) && !intentsNow.contains(object.key())) {
                            unexplained(object);
                        }
                    }
                }
                seenSessions.add(groupKey.sessionId());
                reportMissing(groupKey.sessionId(), keys);
            } finally {
                group.clear();
                groupPrefix = null;
            }
        }

        /** Deletes the object of a stale intent if, under the key's lock, the intent is still stale and no row is there. */
        private void deleteHalfWritten(ObjectSummary object) {
            String key = object.key();
            boolean removed = underKeyLock(key, () -> {
                if (!rows.lockStaleIntent(key, cutoff)) {
                    return false; // its write started again, or ended
                }
                boolean row = rows.artifactRowExists(groupKey.sessionId(), key);
                if (!row) {
                    storage.delete(key);
                }
                writeIntents.release(List.of(key));
                return !row;
            });
            if (removed) {
                deleted++;
                LOG.info("Deleted half-written object " + key + " (" + object.size() + " bytes; its write stopped "
                    + "before its row was committed)");
            }
        }

        private void unexplained(ObjectSummary object) {
            unexplainedCount++;
            unexplainedBytes += object.size();
            if (unexplained.size() < MAX_REPORTED) {
                unexplained.add(object.key());
            }
        }

        void reportMissing(UUID session, Set<String> keys) {
            for (String row : read(() -> rows.storageKeys(session))) {
                if (!keys.contains(row)) {
                    missingCount++;
                    if (missing.size() < MAX_REPORTED) {
                        missing.add(row);
                    }
                }
            }
        }
    }
}
