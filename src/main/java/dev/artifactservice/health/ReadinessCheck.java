package dev.artifactservice.health;

import dev.artifactservice.schema.SchemaMigrations;
import dev.artifactservice.storage.ObjectStorage;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /health/ready}: UP only when PostgreSQL answers (with the schema migrated) and the S3 bucket can
 * be reached. Reasons are reported without credentials or keys.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Resource(lookup = "jdbc/artifacts")
    DataSource dataSource;

    @Inject
    ObjectStorage storage;

    @Inject
    SchemaMigrations migrations;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("artifact-service");
        boolean database = checkDatabase(response);
        boolean bucket = checkBucket(response);
        return response.status(database && bucket).build();
    }

    private boolean checkDatabase(HealthCheckResponseBuilder response) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(3);
            statement.execute("SELECT 1");
            migrations.ensureMigrated();
            response.withData("database", "UP");
            return true;
        } catch (Exception e) {
            response.withData("database", "DOWN: " + e.getClass().getSimpleName());
            return false;
        }
    }

    private boolean checkBucket(HealthCheckResponseBuilder response) {
        try {
            storage.checkBucket();
            response.withData("bucket", "UP");
            return true;
        } catch (RuntimeException e) {
            response.withData("bucket", "DOWN: " + e.getClass().getSimpleName());
            return false;
        }
    }
}
