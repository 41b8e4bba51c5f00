package dev.artifactservice.schema;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema up to date with Flyway (migrations in {@code db/migration}) when the
 * application starts. Flyway's own lock (a PostgreSQL advisory lock) makes concurrent starts of several
 * instances migrate once: the others wait, then find nothing to do. If the database is not reachable at start,
 * or a migration fails (e.g. the user may not create tables in schema {@code public}), the readiness check
 * retries in the background, at most once per {@link #RETRY_INTERVAL}, and reports the last failure at once,
 * naming the database's own message (see {@link #checkMigrated} and {@link MigrationFailedException}).
 */
@ApplicationScoped
public class SchemaMigrations {

    /** How long a failed migration is reported as is before the next attempt. */
    public static final Duration RETRY_INTERVAL = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());

    @Resource(lookup = "jdbc/artifacts")
    DataSource dataSource;

    private volatile boolean migrated;
    private volatile MigrationFailedException lastFailure;
    private volatile long lastFailureNanos;
    private final AtomicBoolean attempting = new AtomicBoolean();

    void migrateOnStartup(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        try {
            ensureMigrated();
        } catch (MigrationFailedException e) {
            // The reason in one line: readiness repeats it, and the stack trace would say no more.
            LOG.log(Level.SEVERE, e.getMessage() + "; /health/ready stays DOWN and retries every "
                + RETRY_INTERVAL.toSeconds() + " s");
        }
    }

    /**
     * Runs pending migrations once; later calls return at once. After a failure, calls within
     * {@link #RETRY_INTERVAL} throw the same failure again without touching the database.
     *
     * @throws MigrationFailedException when the database is unreachable or a migration fails
     */
    public synchronized void ensureMigrated() {
        if (migrated) {
            return;
        }
        MigrationFailedException failure = lastFailure;
        if (failure != null && System.nanoTime() - lastFailureNanos < RETRY_INTERVAL.toNanos()) {
            throw failure;
        }
        try {
            migrate();
            lastFailure = null;
        } catch (RuntimeException e) {
            lastFailure = new MigrationFailedException(reason(e), e);
            lastFailureNanos = System.nanoTime();
            throw lastFailure;
        }
    }

    private void migrate() {
        Flyway flyway = Flyway.configure(SchemaMigrations.class.getClassLoader())
            .dataSource(dataSource)
            // Liberty's class loader finds a folder only through a file in it: db/migration/flyway.location.
            .locations("classpath:db/migration")
            .load();
        MigrateResult result = flyway.migrate();
        migrated = true;
        // The schema's version, read back: the result's target version is the last migration this instance applied,
        // which is an older one when two instances started together and took turns (Flyway locks each migration),
        // and none when another instance had done everything. migrate() returns only once nothing is pending.
        MigrationInfo current = flyway.info().current();
        String version = current == null ? "none" : current.getVersion().getVersion();
        LOG.info("Database schema at version " + version + " (" + result.migrationsExecuted
            + " migrations applied now)");
    }

    /**
     * What an operator needs from a failed migration: the database's own message and SQL state when there is an
     * SQL error in the causes (e.g. {@code ERROR: permission denied for schema public (SQL state 42501)}), else
     * the first line of the failure's message. Never a statement's parameters or a password: PostgreSQL's
     * messages name objects, not values.
     */
    static String reason(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getMessage() != null) {
                return "schema migration failed: " + firstLine(sql.getMessage())
                    + (sql.getSQLState() != null ? " (SQL state " + sql.getSQLState() + ")" : "");
            }
        }
        String message = failure.getMessage();
        return "schema migration failed: " + failure.getClass().getSimpleName()
            + (message != null ? ": " + firstLine(message) : "");
    }

    private static String firstLine(String message) {
        String line = message.strip().lines().findFirst().orElse("").strip();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /**
     * For readiness: returns when the schema is current; else throws at once the last failure (or that a migration
     * is under way), and starts a new attempt on {@code background} when none is running and the last one ended
     * {@link #RETRY_INTERVAL} ago or more. A probe never waits for Flyway, whose failed attempt can take ten seconds
     * (it retries creating its history table).
     *
     * @throws MigrationFailedException when the schema is not (yet) current
     */
    public void checkMigrated(Executor background) {
        if (migrated) {
            return;
        }
        MigrationFailedException failure = lastFailure;
        boolean due = failure == null || System.nanoTime() - lastFailureNanos >= RETRY_INTERVAL.toNanos();
        if (due && attempting.compareAndSet(false, true)) {
            try {
                background.execute(() -> {
                    try {
                        ensureMigrated();
                    } catch (MigrationFailedException e) {
                        LOG.fine("Migration retry failed: " + e.getMessage());
                    } finally {
                        attempting.set(false);
                    }
                });
            } catch (RuntimeException rejected) {
                attempting.set(false);
                throw rejected;
            }
        }
        if (migrated) {
            return;
        }
        throw failure != null ? failure : new MigrationFailedException("schema migration under way", null);
    }

    /** True once the schema is known to be current. */
    public boolean isMigrated() {
        return migrated;
    }

    /** A failed migration (or no database to migrate), with the reason readiness reports. */
    public static final class MigrationFailedException extends RuntimeException {

        MigrationFailedException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
