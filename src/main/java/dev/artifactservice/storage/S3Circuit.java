package dev.artifactservice.storage;

import dev.artifactservice.failure.DependencyUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one circuit breaker (MicroProfile Fault Tolerance) in front of every S3 call the service makes: when at least
 * half of the last 4 calls found S3 unavailable (a timeout, a refused connection, a 5xx or 429), the circuit opens
 * and the calls of the next 2,000 ms fail at once with {@code CircuitBreakerOpenException} (which {@link
 * S3ObjectStorage} answers as 503 with {@code Retry-After}) rather than each waiting for its own timeout; then one
 * trial call decides whether it closes again. Its figures are MicroProfile Config settings under
 * {@code dev.artifactservice.storage.S3Circuit/call/CircuitBreaker/} (README, "Configuration"); its state is
 * Liberty's {@code ft_circuitbreaker_*} metric.
 */
@ApplicationScoped
public class S3Circuit {

    /**
     * Runs one S3 call through the circuit.
     *
     * @param s3Call the call; an {@link SdkException} it throws is translated ({@link S3ObjectStorage#translate}),
     *     and only {@link DependencyUnavailableException} counts as a failure: a missing object or a refused request
     *     is an answer, so it neither opens the circuit nor keeps it open
     * @return what the call returned
     * @throws org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException while the circuit is
     *     open
     */
    @CircuitBreaker(failOn = DependencyUnavailableException.class, requestVolumeThreshold = 4, failureRatio = 0.5,
        delay = 2000, successThreshold = 1)
    public <T> T call(Supplier<T> s3Call) {
        return translated(s3Call);
    }

    /**
     * Runs one page of a bucket listing through a circuit of its own (same figures, keys under
     * {@code dev.artifactservice.storage.S3Circuit/list/CircuitBreaker/}): listings are the background walks of the
     * reconciler and of deletions, and one that an endpoint serves slowly (file-backed S3 servers list large buckets
     * in seconds) must not open the circuit that downloads and uploads go through.
     *
     * @see #call(Supplier)
     */
    @CircuitBreaker(failOn = DependencyUnavailableException.class, requestVolumeThreshold = 4, failureRatio = 0.5,
        delay = 2000, successThreshold = 1)
    public <T> T list(Supplier<T> s3Call) {
        return translated(s3Call);
    }

    private static <T> T translated(Supplier<T> s3Call) {
        try {
            return s3Call.get();
        } catch (SdkException e) {
            throw S3ObjectStorage.translate(e);
        }
    }
}
