package dev.artifactservice.storage;

import dev.artifactservice.web.ApiException;
import dev.artifactservice.web.ServiceUnavailableException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The one class that talks to S3 (AWS SDK v2): owns the client and the presigner, and translates SDK
 * failures at this boundary: a missing key becomes {@link ObjectNotFoundException}, an unreachable
 * endpoint or a 5xx becomes a 503 {@link ServiceUnavailableException}.
 */
@ApplicationScoped
public class S3ObjectStorage implements ObjectStorage {

    /** Part size of multipart uploads of bodies with no Content-Length (S3's minimum is 5 MiB). */
    static final int PART_SIZE = 8 * 1024 * 1024;

    private static final String STORE = "object store (S3)";

    @Inject
    S3Settings settings;

    private S3Client client;
    private S3Presigner presigner;
    private volatile boolean multiDeleteUnsupported;

    @PostConstruct
    void start() {
        AwsCredentialsProvider credentials = credentials();
        Region region = Region.of(settings.region());
        S3ClientBuilder builder = S3Client.builder()
            .region(region)
            .credentialsProvider(credentials)
            .forcePathStyle(settings.pathStyle())
            .httpClientBuilder(ApacheHttpClient.builder()
                .maxConnections(128)
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(60)));
        settings.endpoint().ifPresent(endpoint -> builder
            .endpointOverride(endpoint)
            // S3-compatible servers (S3Proxy, older MinIO and Ceph) refuse the SDK's default
            // aws-chunked trailing checksums; send checksums only where S3 requires them.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        client = builder.build();

        S3Presigner.Builder presignerBuilder = S3Presigner.builder()
            .region(region)
            .credentialsProvider(credentials)
            // The presigner does not inherit the client's forcePathStyle.
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        settings.presignEndpoint().ifPresent(presignerBuilder::endpointOverride);
        presigner = presignerBuilder.build();
    }

    @PreDestroy
    void stop() {
        if (presigner != null) {
            presigner.close();
        }
        if (client != null) {
            client.close();
        }
    }

    private AwsCredentialsProvider credentials() {
        if (settings.accessKey().isPresent() && settings.secretKey().isPresent()) {
            return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(settings.accessKey().get(), settings.secretKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public StoredObject put(String key, InputStream body, long contentLength, String contentType, long maxBytes) {
        if (contentLength > maxBytes) {
            throw ApiException.payloadTooLarge(maxBytes);
        }
        DigestingInputStream digesting = new DigestingInputStream(body, maxBytes);
        try {
            if (contentLength >= 0) {
                client.putObject(b -> b.bucket(settings.bucket()).key(key).contentType(contentType)
                    .contentLength(contentLength), RequestBody.fromInputStream(digesting, contentLength));
                if (digesting.count() != contentLength) {
                    delete(key);
                    throw incompleteBody();
                }
            } else {
                putUnknownLength(key, digesting, contentType);
            }
            return digesting.result();
        } catch (SdkException e) {
            if (digesting.limitExceeded()) {
                throw ApiException.payloadTooLarge(maxBytes);
            }
            if (digesting.sourceFailed()) {
                throw incompleteBody();
            }
            throw translate(e);
        } catch (UncheckedIOException e) {
            if (digesting.limitExceeded()) {
                throw ApiException.payloadTooLarge(maxBytes);
            }
            throw incompleteBody();
        }
    }

    private static ApiException incompleteBody() {
        return ApiException.badRequest("The request body ended before all its bytes arrived; nothing was stored.");
    }

    /** Chunked bodies: one PUT when they fit in a part, else a multipart upload aborted on any failure. */
    private void putUnknownLength(String key, DigestingInputStream in, String contentType) {
        byte[] buffer = new byte[PART_SIZE];
        int filled = readFully(in, buffer);
        if (filled < PART_SIZE) {
            client.putObject(b -> b.bucket(settings.bucket()).key(key).contentType(contentType),
                RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, filled)));
            return;
        }
        String uploadId = client.createMultipartUpload(b -> b.bucket(settings.bucket()).key(key)
            .contentType(contentType)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int partNumber = 1;
            while (filled > 0) {
                int number = partNumber++;
                long length = filled;
                String etag = client.uploadPart(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId)
                        .partNumber(number).contentLength(length),
                    RequestBody.fromInputStream(new java.io.ByteArrayInputStream(buffer, 0, filled), length)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                filled = readFully(in, buffer);
            }
            client.completeMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            try {
                client.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId));
            } catch (SdkException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static int readFully(InputStream in, byte[] buffer) {
        try {
            return in.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ObjectContent open(String key, ByteRange range) {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(settings.bucket()).key(key);
        if (range != null) {
            request.range(range.toHeader());
        }
        ResponseInputStream<GetObjectResponse> response;
        try {
            response = client.getObject(request.build());
        } catch (SdkException e) {
            throw translate(e);
        }
        return new ObjectContent() {
            @Override
            public InputStream stream() {
                return response;
            }

            @Override
            public void abort() {
                response.abort();
            }

            @Override
            public void close() throws IOException {
                response.close();
            }
        };
    }

    @Override
    public void copy(String sourceKey, String targetKey) {
        try {
            client.copyObject(b -> b.sourceBucket(settings.bucket()).sourceKey(sourceKey)
                .destinationBucket(settings.bucket()).destinationKey(targetKey));
        } catch (SdkException e) {
            throw translate(e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            client.deleteObject(b -> b.bucket(settings.bucket()).key(key));
        } catch (NoSuchKeyException e) {
            // Already gone: deleting is idempotent.
        } catch (SdkException e) {
            throw translate(e);
        }
    }

    @Override
    public int deletePrefix(String prefix) {
        int deleted = 0;
        try {
            for (var page : client.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(prefix))) {
                List<String> keys = page.contents().stream()
                    .map(S3Object::key)
                    // Filesystem-backed endpoints list their folders as keys ending in "/": not objects.
                    .filter(k -> !k.endsWith("/"))
                    .toList();
                deleteAll(keys);
                deleted += keys.size();
            }
        } catch (SdkException e) {
            throw translate(e);
        }
        return deleted;
    }

    /**
     * Deletes up to 1000 keys with one multi-object delete; endpoints that do not implement its checksum
     * header (S3Proxy answers 501) get one DELETE per key instead.
     */
    private void deleteAll(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        if (!multiDeleteUnsupported) {
            try {
                List<ObjectIdentifier> ids = keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
                client.deleteObjects(b -> b.bucket(settings.bucket())
                    .delete(Delete.builder().objects(ids).quiet(true).build()));
                return;
            } catch (S3Exception e) {
                if (e.statusCode() != 501) {
                    throw e;
                }
                multiDeleteUnsupported = true;
            }
        }
        for (String key : keys) {
            delete(key);
        }
    }

    @Override
    public Optional<Long> size(String key) {
        try {
            return Optional.of(client.headObject(b -> b.bucket(settings.bucket()).key(key)).contentLength());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw translate(e);
        } catch (SdkException e) {
            throw translate(e);
        }
    }

    @Override
    public URI presignGet(String key, Duration lifetime, String contentDisposition, String contentType) {
        try {
            return presigner.presignGetObject(p -> p.signatureDuration(lifetime)
                    .getObjectRequest(g -> g.bucket(settings.bucket()).key(key)
                        .responseContentDisposition(contentDisposition)
                        .responseContentType(contentType)))
                .url().toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("presigner produced an invalid URL", e);
        }
    }

    @Override
    public void checkBucket() {
        try {
            client.headBucket(b -> b.bucket(settings.bucket()));
        } catch (SdkException e) {
            RuntimeException translated = translate(e);
            throw translated instanceof ServiceUnavailableException ? translated
                : new ServiceUnavailableException(STORE, e);
        }
    }

    /** Maps an SDK failure to the service's exceptions; messages never carry the key. */
    private static RuntimeException translate(SdkException e) {
        if (e instanceof NoSuchKeyException) {
            return new ObjectNotFoundException(e);
        }
        if (e instanceof S3Exception s3) {
            if (s3.statusCode() == 404) {
                return new ObjectNotFoundException(e);
            }
            if (s3.statusCode() >= 500 || s3.statusCode() == 429) {
                return new ServiceUnavailableException(STORE, e);
            }
            return new IllegalStateException("S3 refused the request: " + s3.statusCode() + " "
                + (s3.awsErrorDetails() == null ? "" : s3.awsErrorDetails().errorCode()), e);
        }
        if (e instanceof SdkClientException) {
            return new ServiceUnavailableException(STORE, e);
        }
        return new IllegalStateException("S3 call failed", e);
    }
}
