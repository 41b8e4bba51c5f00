package dev.artifactservice.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
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
    @ConfigProperty(name = "artifacts.s3.access-key")
    Optional<String> accessKey;

    @Inject
    @ConfigProperty(name = "artifacts.s3.secret-key")
    Optional<String> secretKey;

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

    /** Static access key id, when configured. */
    public Optional<String> accessKey() {
        return accessKey.filter(s -> !s.isBlank());
    }

    /** Static secret access key, when configured. */
    public Optional<String> secretKey() {
        return secretKey.filter(s -> !s.isBlank());
    }
}
