package dev.artifactservice.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** S3 settings ({@code artifacts.s3.*}, MicroProfile Config; defaults in microprofile-config.properties). */
@ApplicationScoped
public class S3Settings {

    @Inject
    @ConfigProperty(name = "artifacts.s3.bucket")
    String bucket;

    @Inject
    @ConfigProperty(name = "artifacts.s3.region")
    String region;

    @Inject
    @ConfigProperty(name = "artifacts.s3.endpoint")
    Optional<String> endpoint;

    @Inject
    @ConfigProperty(name = "artifacts.s3.public-endpoint")
    Optional<String> publicEndpoint;

    @Inject
    @ConfigProperty(name = "artifacts.s3.path-style")
    boolean pathStyle;

    @Inject
    @ConfigProperty(name = "artifacts.s3.sign-payload-over-http")
    boolean signPayloadOverHttp;

    @Inject
    @ConfigProperty(name = "artifacts.s3.access-key")
    Optional<String> accessKey;

    @Inject
    @ConfigProperty(name = "artifacts.s3.secret-key")
    Optional<String> secretKey;

    @Inject
    @ConfigProperty(name = "artifacts.s3.connect-timeout-seconds")
    int connectTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "artifacts.s3.socket-timeout-seconds")
    int socketTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "artifacts.s3.call-timeout-seconds")
    int callTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "artifacts.s3.max-attempts")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "artifacts.s3.pool-timeout-seconds")
    int poolTimeoutSeconds;

    /** The bucket holding every organization's objects. */
    public String bucket() {
        return bucket;
    }

    /** The signing region, e.g. {@code us-east-1}. */
    public String region() {
        return region;
    }

    /** The endpoint the service calls, when not AWS's default. */
    public Optional<URI> endpoint() {
        return endpoint.filter(s -> !s.isBlank()).map(URI::create);
    }

    /** The endpoint pre-signed URLs are signed for: the public endpoint, else {@link #endpoint()}. */
    public Optional<URI> presignEndpoint() {
        return publicEndpoint.filter(s -> !s.isBlank()).map(URI::create).or(this::endpoint);
    }

    /** Whether to address the bucket in the path rather than the host name. */
    public boolean pathStyle() {
        return pathStyle;
    }

    /**
     * Whether request bodies sent to a plain-HTTP endpoint are signed ({@code artifacts.s3.sign-payload-over-http}):
     * true keeps the SDK's aws-chunked signing (a SigV4 signature per 128 KiB chunk), false sends them as
     * {@code UNSIGNED-PAYLOAD} with signed headers, as over HTTPS. Has no effect on HTTPS endpoints.
     */
    public boolean signPayloadOverHttp() {
        return signPayloadOverHttp;
    }

    /** Static access key id, when configured. */
    public Optional<String> accessKey() {
        return accessKey.filter(s -> !s.isBlank());
    }

    /** Longest wait for a TCP connection to the S3 endpoint ({@code artifacts.s3.connect-timeout-seconds}). */
    public Duration connectTimeout() {
        return positiveSeconds("artifacts.s3.connect-timeout-seconds", connectTimeoutSeconds);
    }

    /**
     * Longest time a socket read or write to S3 may make no progress ({@code artifacts.s3.socket-timeout-seconds}):
     * bounds a stalled response, including a download or bundle whose object stream stops mid-way (the socket's
     * {@code SO_TIMEOUT}), and an upload body that S3 stops taking ({@link StallWatchingHttpClient}).
     */
    public Duration socketTimeout() {
        return positiveSeconds("artifacts.s3.socket-timeout-seconds", socketTimeoutSeconds);
    }

    /**
     * Longest time a call without a streamed body (head, delete, list, copy, part completion) may take, all
     * attempts together ({@code artifacts.s3.call-timeout-seconds}); streamed bodies are bounded by
     * {@link #socketTimeout()} instead, since their length has no bound.
     */
    public Duration callTimeout() {
        return positiveSeconds("artifacts.s3.call-timeout-seconds", callTimeoutSeconds);
    }

    /** Attempts per S3 call, the first included ({@code artifacts.s3.max-attempts}, 1 to 10). */
    public int maxAttempts() {
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("artifacts.s3.max-attempts must be 1 to 10: " + maxAttempts);
        }
        return maxAttempts;
    }

    /** Longest wait for a free connection of the S3 client's pool ({@code artifacts.s3.pool-timeout-seconds}). */
    public Duration poolTimeout() {
        return positiveSeconds("artifacts.s3.pool-timeout-seconds", poolTimeoutSeconds);
    }

    private static Duration positiveSeconds(String name, int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 second: " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    /** Static secret access key, when configured. */
    public Optional<String> secretKey() {
        return secretKey.filter(s -> !s.isBlank());
    }
}
