package dev.artifactservice.schema;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema up to date with Flyway (migrations in {@code db/migration}) when the
 * application starts. Flyway's own lock (a PostgreSQL advisory lock) makes concurrent starts of several
 * instances migrate once: the others wait, then find nothing to do. If
 * the database is not reachable at start, the readiness check retries until it is.
 */
@ApplicationScoped
public class SchemaMigrations {

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());

    @Resource(lookup = "jdbc/artifacts")
    DataSource dataSource;

    private volatile boolean migrated;

    void migrateOnStartup(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        try {
            ensureMigrated();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Database migration failed; /health/ready stays DOWN and retries", e);
        }
    }

    /**
     * Runs pending migrations once; later calls return at once.
     *
     * @throws org.flywaydb.core.api.FlywayException when the database is unreachable or a migration fails
     */
    public synchronized void ensureMigrated() {
        if (migrated) {
            return;
        }
        Flyway flyway = Flyway.configure(SchemaMigrations.class.getClassLoader())
            .dataSource(dataSource)
            // Liberty's class loader finds a folder only through a file in it: db/migration/flyway.location.
            .locations("classpath:db/migration")
            .load();
        MigrateResult result = flyway.migrate();
        migrated = true;
        // Flyway reports no target version when there was nothing to do (e.g. another instance just migrated).
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion
            : flyway.info().current() == null ? "none" : flyway.info().current().getVersion().getVersion();
        LOG.info("Database schema at version " + version + " (" + result.migrationsExecuted
            + " migrations applied now)");
    }

    /** True once the schema is known to be current. */
    public boolean isMigrated() {
        return migrated;
    }
}
