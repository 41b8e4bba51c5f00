package dev.artifactservice.health;

import dev.artifactservice.database.DatabasePing;
import dev.artifactservice.schema.SchemaMigrations;
import dev.artifactservice.security.VerificationKeys;
import dev.artifactservice.storage.ObjectStorage;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /health/ready}: UP only when PostgreSQL answers (with the schema migrated), the S3 bucket can
 * be reached and bearer tokens can be verified (the MicroProfile JWT key loads: {@link VerificationKeys}). The
 * checks run at once on the managed executor and each must answer within
 * {@code artifacts.health.timeout-millis} (default 2500 ms), so a dependency that hangs makes the probe answer
 * DOWN (503) within that time rather than hang it. Reasons are reported without credentials or keys; a failed
 * schema migration is reported with the database's message and retried in the background at most once per
 * {@link SchemaMigrations#RETRY_INTERVAL}, so a probe never waits for Flyway (see {@link SchemaMigrations}).
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    DatabasePing database;

    @Resource
    ManagedExecutorService executor;

    @Inject
    ObjectStorage storage;

    @Inject
    SchemaMigrations migrations;

    @Inject
    VerificationKeys verificationKeys;

    @Inject
    @ConfigProperty(name = "artifacts.health.timeout-millis")
    long timeoutMillis;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("artifact-service");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Future<String> database = executor.submit(this::checkDatabase);
        Future<String> bucket = executor.submit(this::checkBucket);
        Future<String> tokens = executor.submit(this::checkTokens);
        String databaseState = await(database, deadline);
        String bucketState = await(bucket, deadline);
        String tokensState = await(tokens, deadline);
        response.withData("database", databaseState).withData("bucket", bucketState).withData("tokens", tokensState);
        return response.status(databaseState.equals("UP") && bucketState.equals("UP") && tokensState.equals("UP"))
            .build();
    }

    /** The check's answer, or DOWN when it failed or had not answered by the deadline (it is cancelled). */
    private String await(Future<String> check, long deadline) {
        try {
            return check.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            check.cancel(true);
            return "DOWN: no answer within " + timeoutMillis + " ms";
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SchemaMigrations.MigrationFailedException failed) {
                // The database's own words (e.g. permission denied for schema public), not just a class name.
                return "DOWN: " + failed.getMessage();
            }
            return "DOWN: " + e.getCause().getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "DOWN: interrupted";
        }
    }

    private String checkDatabase() throws Exception {
        database.ping(Duration.ofMillis(timeoutMillis));
        migrations.checkMigrated(executor);
        return "UP";
    }

    private String checkBucket() {
        storage.checkBucket();
        return "UP";
    }

    /** UP, or DOWN with what is wrong (the setting and the failure, never a key or a credential). */
    private String checkTokens() {
        try {
            verificationKeys.check(Duration.ofMillis(timeoutMillis));
            return "UP";
        } catch (IllegalStateException e) {
            return "DOWN: " + e.getMessage();
        }
    }
}
