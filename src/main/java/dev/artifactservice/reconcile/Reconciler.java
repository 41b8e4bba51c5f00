package dev.artifactservice.reconcile;

import dev.artifactservice.bundle.BundleService;
import dev.artifactservice.storage.ObjectStorage;
import dev.artifactservice.storage.ObjectSummary;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Brings S3 and the database back into agreement after a crash between writing an object and its row:
 * walks every object under {@code organizations/} in key order, one session prefix at a time, deletes
 * objects that have no row and are older than the grace period (an upload in flight writes its row within
 * it), and reports rows whose object is gone. Runs in the background when the service starts and on
 * demand; a PostgreSQL advisory lock lets one instance at a time do it.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

    /** Advisory lock key of the reconciler (arbitrary constant shared by all instances). */
    private static final long LOCK_KEY = 0x4172_7469_6661_6374L;

    /** At most this many missing-object keys are logged. */
    static final int MAX_REPORTED = 1000;

    @Resource(lookup = "jdbc/artifacts")
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    @Inject
    ObjectStorage storage;

    @Inject
    ReconcileSettings settings;

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
        try (Connection db = dataSource.getConnection()) {
            if (!lock(db, "pg_try_advisory_lock")) {
                return new ReconcileReport(false, 0, 0, 0);
            }
            try {
                return walk(db);
            } finally {
                lock(db, "pg_advisory_unlock");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reconciliation needs the database", e);
        }
    }

    private static boolean lock(Connection db, String function) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, LOCK_KEY);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private ReconcileReport walk(Connection db) throws SQLException {
        Instant cutoff = Instant.now().minusSeconds(settings.graceSeconds());
        Walk walk = new Walk(db, cutoff);
        storage.forEachObject("organizations/", walk::accept);
        walk.finishGroup();
        // Sessions with rows but not a single object never showed up in the listing.
        try (PreparedStatement statement = db.prepareStatement(
            "SELECT DISTINCT session_id FROM artifacts")) {
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    UUID session = rs.getObject(1, UUID.class);
                    if (!walk.seenSessions.contains(session)) {
                        walk.reportMissing(session, Set.of());
                    }
                }
            }
        }
        if (!walk.missing.isEmpty()) {
            LOG.warning(walk.missingCount + " rows have no S3 object (rows kept; first keys: " + walk.missing + ")");
        }
        return new ReconcileReport(true, walk.checked, walk.deleted, walk.missingCount);
    }

    /** The state of one walk over the listing: the current session prefix and its objects. */
    private final class Walk {
        private final Connection db;
        private final Instant cutoff;
        private final Set<UUID> seenSessions = new HashSet<>();
        private final List<String> missing = new ArrayList<>();
        private String groupPrefix;
        private UUID groupSession;
        private final List<ObjectSummary> group = new ArrayList<>();
        private long checked;
        private long deleted;
        private long missingCount;

        Walk(Connection db, Instant cutoff) {
            this.db = db;
            this.cutoff = cutoff;
        }

        void accept(ObjectSummary object) {
            checked++;
            String[] parts = object.key().split("/", 5);
            if (parts.length < 5 || !parts[2].equals("sessions")) {
                return;
            }
            String prefix = parts[0] + "/" + parts[1] + "/" + parts[2] + "/" + parts[3] + "/";
            if (!prefix.equals(groupPrefix)) {
                finishGroup();
                groupPrefix = prefix;
                groupSession = parseUuid(parts[3]);
            }
            group.add(object);
        }

        void finishGroup() {
            if (groupPrefix == null) {
                return;
            }
            try {
                Set<String> rows = groupSession == null ? Set.of() : storagePaths(groupSession);
                Set<String> keys = new HashSet<>();
                for (ObjectSummary object : group) {
                    keys.add(object.key());
                    boolean stored = rows.contains(object.key())
                        || object.key().equals(groupPrefix + "artifacts/" + BundleService.STORED_BUNDLE_NAME);
                    if (!stored && object.lastModified().isBefore(cutoff)) {
                        storage.delete(object.key());
                        deleted++;
                        LOG.info("Deleted orphaned object " + object.key() + " (" + object.size() + " bytes)");
                    }
                }
                if (groupSession != null) {
                    seenSessions.add(groupSession);
                    reportMissing(groupSession, keys);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("reconciliation needs the database", e);
            } finally {
                group.clear();
                groupPrefix = null;
            }
        }

        void reportMissing(UUID session, Set<String> keys) throws SQLException {
            for (String row : storagePaths(session)) {
                if (!keys.contains(row)) {
                    missingCount++;
                    if (missing.size() < MAX_REPORTED) {
                        missing.add(row);
                    }
                }
            }
        }

        private Set<String> storagePaths(UUID session) throws SQLException {
            Set<String> paths = new HashSet<>();
            try (PreparedStatement statement = db.prepareStatement(
                "SELECT storage_path FROM artifacts WHERE session_id = ?")) {
                statement.setObject(1, session);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        paths.add(rs.getString(1));
                    }
                }
            }
            return paths;
        }
    }

    private static UUID parseUuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
