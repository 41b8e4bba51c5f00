package dev.artifactservice.health;

import dev.artifactservice.schema.SchemaMigrations;
import dev.artifactservice.storage.ObjectStorage;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /health/ready}: UP only when PostgreSQL answers (with the schema migrated) and the S3 bucket can
 * be reached. Both checks run at once on the managed executor and each must answer within
 * {@code artifacts.health.timeout-millis} (default 2500 ms), so a dependency that hangs makes the probe answer
 * DOWN (503) within that time rather than hang it. Reasons are reported without credentials or keys.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Resource(lookup = "jdbc/artifacts")
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    @Inject
    ObjectStorage storage;

    @Inject
    SchemaMigrations migrations;

    @Inject
    @ConfigProperty(name = "artifacts.health.timeout-millis")
    long timeoutMillis;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("artifact-service");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Future<String> database = executor.submit(this::checkDatabase);
        Future<String> bucket = executor.submit(this::checkBucket);
        String databaseState = await(database, deadline);
        String bucketState = await(bucket, deadline);
        response.withData("database", databaseState).withData("bucket", bucketState);
        return response.status(databaseState.equals("UP") && bucketState.equals("UP")).build();
    }

    /** The check's answer, or DOWN when it failed or had not answered by the deadline (it is cancelled). */
    private String await(Future<String> check, long deadline) {
        try {
            return check.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            check.cancel(true);
            return "DOWN: no answer within " + timeoutMillis + " ms";
        } catch (ExecutionException e) {
            return "DOWN: " + e.getCause().getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "DOWN: interrupted";
        }
    }

    private String checkDatabase() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(Math.max(1, (int) (timeoutMillis / 1000)));
            statement.execute("SELECT 1");
        }
        migrations.ensureMigrated();
        return "UP";
    }

    private String checkBucket() {
        storage.checkBucket();
        return "UP";
    }
}
