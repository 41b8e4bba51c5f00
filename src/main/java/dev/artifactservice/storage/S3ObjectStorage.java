package dev.artifactservice.storage;

import dev.artifactservice.failure.BadInputException;
import dev.artifactservice.failure.DependencyUnavailableException;
import dev.artifactservice.failure.ServiceException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The one class that talks to S3 (AWS SDK v2): owns the client and the presigner, and translates SDK
 * failures at this boundary: a missing key becomes {@link ObjectNotFoundException}, an unreachable
 * endpoint or a 5xx becomes a 503 {@link DependencyUnavailableException}, any other 4xx refusal an
 * {@link ObjectRefusedException} (never retried, never a 503).
 */
@ApplicationScoped
public class S3ObjectStorage implements ObjectStorage {

    /** Part size of multipart uploads of bodies with no Content-Length (S3's minimum is 5 MiB). */
    static final int PART_SIZE = 8 * 1024 * 1024;

    private static final String STORE = "object store (S3)";
    private static final Logger LOG = Logger.getLogger(S3ObjectStorage.class.getName());

    @Inject
    S3Settings settings;

    @Inject
    S3Circuit circuit;

    /** Runs the aborts of failed multipart uploads, beside the requests that failed. */
    @Resource
    ManagedExecutorService executor;

    @Inject
    org.eclipse.microprofile.metrics.MetricRegistry metrics;

    private S3Client client;
    private SdkHttpClient http;
    private S3Presigner presigner;
    /** {@code artifacts.s3.call-timeout-seconds} for the calls whose bodies are small (not object streams). */
    private AwsRequestOverrideConfiguration bounded;
    /** Whether the endpoint implements multi-object delete; null until the first one asks (see deleteAll). */
    private volatile Boolean multiDeleteSupported;

    @PostConstruct
    void start() {
        AwsCredentialsProvider credentials = credentials();
        Region region = Region.of(settings.region());
        // Every wait is bounded (README, "Configuration"): connecting, a stalled read (SO_TIMEOUT), a request body
        // S3 stops taking (StallWatchingHttpClient), the pool, and the attempts; a hanging S3 costs a request at most
        // about max-attempts x socket-timeout.
        // Given to the client, not built by it, so the SDK does not close it: stop() does.
        http = new StallWatchingHttpClient(ApacheHttpClient.builder()
            .maxConnections(128)
            .connectionTimeout(settings.connectTimeout())
            .connectionAcquisitionTimeout(settings.poolTimeout())
            .socketTimeout(settings.socketTimeout())
            .expectContinueEnabled(false)
            .build(), settings.socketTimeout());
        S3ClientBuilder builder = S3Client.builder()
            .overrideConfiguration(o -> o.addExecutionInterceptor(new S3Metrics(metrics))
                .retryStrategy(r -> r.maxAttempts(settings.maxAttempts())))
            .region(region)
            .credentialsProvider(credentials)
            .forcePathStyle(settings.pathStyle())
            // No "Expect: 100-continue" before upload bodies (neither the S3 client's header nor the Apache client's):
            // one round trip less per upload, and no unwatched wait (the Apache client waits 3 s for a 100 that a
            // hung S3 never sends, then sends the body anyway).
            .serviceConfiguration(c -> withoutProfileLookups(c).expectContinueEnabled(false))
            .httpClient(http);
        settings.endpoint().ifPresent(endpoint -> builder
            .endpointOverride(endpoint)
            // S3-compatible servers (S3Proxy, older MinIO and Ceph) refuse the SDK's default
            // aws-chunked trailing checksums; send checksums only where S3 requires them.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        if (!settings.signPayloadOverHttp()) {
            builder.putAuthScheme(UnsignedPayloadSigner.scheme());
        }
        client = builder.build();
        bounded = AwsRequestOverrideConfiguration.builder().apiCallTimeout(settings.callTimeout()).build();

        S3Presigner.Builder presignerBuilder = S3Presigner.builder()
            .region(region)
            .credentialsProvider(credentials)
            // The presigner does not inherit the client's forcePathStyle.
            .serviceConfiguration(withoutProfileLookups(S3Configuration.builder())
                .pathStyleAccessEnabled(settings.pathStyle()).build());
        settings.presignEndpoint().ifPresent(presignerBuilder::endpointOverride);
        presigner = presignerBuilder.build();
    }

    /**
     * Sets the two S3 options the SDK otherwise looks up in the AWS profile files (and the environment) on every call
     * and every pre-signed URL: ARN region use and Multi-Region Access Points, both off, since
     * {@code artifacts.s3.bucket} names a bucket, not an access point ARN. Left unset, the lookups were about 40% of
     * the presigner's own time (27 vs 16 microseconds per link, one thread).
     */
    static S3Configuration.Builder withoutProfileLookups(S3Configuration.Builder configuration) {
        return configuration.useArnRegionEnabled(false).multiRegionEnabled(false);
    }

    @PreDestroy
    void stop() {
        if (presigner != null) {
            presigner.close();
        }
        if (client != null) {
            client.close();
        }
        if (http != null) {
            http.close();
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
    public StoredObject put(String key, InputStream body, long contentLength, String contentType, ByteLimit limit) {
        if (contentLength > limit.maxBytes()) {
            throw limit.refusal().get();
        }
        DigestingInputStream digesting = new DigestingInputStream(body, limit.maxBytes());
        if (contentLength < 0) {
            putUnknownLength(key, digesting, contentType, limit);
            return digesting.result();
        }
        // The client's part in a failure is classified inside the circuit, so that a client's broken or oversized
        // body is never counted as S3 being unavailable.
        call(() -> {
            try {
                return client.putObject(b -> b.bucket(settings.bucket()).key(key).contentType(contentType)
                    .contentLength(contentLength), RequestBody.fromInputStream(digesting, contentLength));
            } catch (SdkException e) {
                throw clientFailure(digesting, limit).orElseGet(() -> translate(e));
            } catch (UncheckedIOException e) {
                throw clientFailure(digesting, limit).orElseGet(S3ObjectStorage::incompleteBody);
            } catch (IllegalStateException e) {
                // The SDK wanted to retry a failed attempt, which a one-pass request body cannot do ("does not
                // support mark/reset"): the endpoint failed, not the client.
                throw clientFailure(digesting, limit).orElseGet(() -> new DependencyUnavailableException(STORE,
                    attemptFailure(e)));
            }
        });
        if (digesting.count() != contentLength) {
            delete(key);
            throw incompleteBody();
        }
        return digesting.result();
    }

    /**
     * The client's part in a failed upload, which the SDK wraps in its own exceptions: a body over the limit
     * (the limit's refusal: 413, 507) or one that ended early (400); empty when the client did nothing wrong.
     */
    private static Optional<RuntimeException> clientFailure(DigestingInputStream digesting, ByteLimit limit) {
        if (digesting.limitExceeded()) {
            return Optional.of(limit.refusal().get());
        }
        if (digesting.sourceFailed()) {
            return Optional.of(incompleteBody());
        }
        return Optional.empty();
    }

    /**
     * The failure of the attempt the SDK wanted to retry (a read timeout, a stalled body), which it keeps among the
     * suppressed exceptions of its "does not support mark/reset" refusal; the refusal itself when there is none.
     */
    private static Throwable attemptFailure(IllegalStateException retryRefused) {
        Throwable[] attempts = retryRefused.getSuppressed();
        return attempts.length > 0 ? attempts[attempts.length - 1] : retryRefused;
    }

    private static ServiceException incompleteBody() {
        return new BadInputException("The request body ended before all its bytes arrived; nothing was stored.");
    }

    /** Chunked bodies: copied through a streamed upload, aborted on any failure. */
    private void putUnknownLength(String key, DigestingInputStream in, String contentType, ByteLimit limit) {
        try (ObjectUpload upload = openUpload(key, contentType, Map.of())) {
            in.transferTo(upload.stream());
            upload.complete();
        } catch (IOException e) {
            throw clientFailure(in, limit).orElseGet(() -> e.getCause() instanceof RuntimeException r ? r
                : new UncheckedIOException(e));
        } catch (RuntimeException e) {
            throw clientFailure(in, limit).orElse(e);
        }
    }

    /**
     * One S3 call through {@link S3Circuit}: SDK failures come back translated ({@link #translate}), and while the
     * circuit is open the call is not made and the answer is 503 at once.
     */
    private <T> T call(Supplier<T> s3Call) {
        return unlessOpen(() -> circuit.call(s3Call));
    }

    /** One page of a listing, through the listings' own circuit ({@link S3Circuit#list}). */
    private <T> T listPage(Supplier<T> s3Call) {
        return unlessOpen(() -> circuit.list(s3Call));
    }

    /** An open circuit is S3 being unavailable: 503 with {@code Retry-After}, at once. */
    private static <T> T unlessOpen(Supplier<T> throughCircuit) {
        try {
            return throughCircuit.get();
        } catch (CircuitBreakerOpenException e) {
            throw new DependencyUnavailableException(STORE, e);
        }
    }

    private void run(Runnable s3Call) {
        call(() -> {
            s3Call.run();
            return null;
        });
    }

    @Override
    public ObjectUpload openUpload(String key, String contentType, Map<String, String> metadata) {
        return new StreamedUpload(key, contentType, metadata);
    }

    @Override
    public Optional<Map<String, String>> metadata(String key) {
        return head(key).map(HeadObjectResponse::metadata);
    }

    /** HEAD of the object, or empty when it does not exist. */
    private Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(call(() -> client.headObject(b -> b.overrideConfiguration(bounded)
                .bucket(settings.bucket()).key(key))));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Buffers one part at a time: a body that fits in one part is one PUT on {@link #complete()}; a larger
     * one becomes a multipart upload whose parts are sent as they fill, and which is aborted unless completed.
     */
    private final class StreamedUpload implements ObjectUpload {

        private final String key;
        private final String contentType;
        private final Map<String, String> metadata;
        private final byte[] buffer = new byte[PART_SIZE];
        private final List<CompletedPart> parts = new ArrayList<>();
        private int filled;
        private String uploadId;
        private boolean finished;

        private final OutputStream stream = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                while (length > 0) {
                    if (filled == buffer.length) {
                        sendPart();
                    }
                    int n = Math.min(length, buffer.length - filled);
                    System.arraycopy(bytes, offset, buffer, filled, n);
                    filled += n;
                    offset += n;
                    length -= n;
                }
            }
        };

        StreamedUpload(String key, String contentType, Map<String, String> metadata) {
            this.key = key;
            this.contentType = contentType;
            this.metadata = Map.copyOf(metadata);
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        private void sendPart() throws IOException {
            try {
                if (uploadId == null) {
                    uploadId = call(() -> client.createMultipartUpload(b -> b.overrideConfiguration(bounded)
                        .bucket(settings.bucket()).key(key)
                        .contentType(contentType).metadata(metadata)).uploadId());
                }
                int number = parts.size() + 1;
                long length = filled;
                String etag = call(() -> client.uploadPart(b -> b.bucket(settings.bucket()).key(key)
                        .uploadId(uploadId).partNumber(number).contentLength(length),
                    RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, filled), length)).eTag());
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                filled = 0;
            } catch (RuntimeException e) {
                throw new IOException("part upload failed", e);
            }
        }

        @Override
        public void complete() {
            try {
                if (uploadId == null) {
                    run(() -> client.putObject(b -> b.bucket(settings.bucket()).key(key).contentType(contentType)
                        .metadata(metadata), RequestBody.fromBytes(Arrays.copyOf(buffer, filled))));
                } else {
                    if (filled > 0) {
                        sendPart();
                    }
                    run(() -> client.completeMultipartUpload(b -> b.overrideConfiguration(bounded)
                        .bucket(settings.bucket()).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts))));
                }
                finished = true;
            } catch (IOException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new UncheckedIOException(e);
            }
        }

        /**
         * Aborts an unfinished multipart upload beside the request rather than in it: the upload failed, often
         * because S3 stopped answering, and the client's answer should not also wait for the abort's own bounds.
         */
        @Override
        public void close() {
            if (finished || uploadId == null) {
                finished = true;
                return;
            }
            finished = true;
            String id = uploadId;
            try {
                executor.execute(() -> abortMultipart(key, id));
            } catch (RuntimeException e) {
                abortMultipart(key, id);
            }
        }
    }

    /**
     * Aborts a multipart upload; a failure is logged (nothing was made visible, and the reconciler aborts what is
     * left, see {@link #forEachUnfinishedUpload}).
     */
    private void abortMultipart(String key, String uploadId) {
        try {
            abortUpload(key, uploadId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not abort the unfinished multipart upload " + uploadId + " of " + key
                + "; the next reconciliation aborts it (at start, or POST /api/admin/reconcile)",
                e);
        }
    }

    @Override
    public ObjectContent open(String key, ByteRange range) {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(settings.bucket()).key(key);
        if (range != null) {
            request.range(range.toHeader());
        }
        ResponseInputStream<GetObjectResponse> response = call(() -> client.getObject(request.build()));
        return new ObjectContent() {
            @Override
            public InputStream stream() {
                return response;
            }

            @Override
            public Map<String, String> metadata() {
                return response.response().metadata();
            }

            @Override
            public long length() {
                Long length = response.response().contentLength();
                return length == null ? -1 : length;
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
        run(() -> client.copyObject(b -> b.overrideConfiguration(bounded).sourceBucket(settings.bucket())
            .sourceKey(sourceKey).destinationBucket(settings.bucket()).destinationKey(targetKey)));
    }

    @Override
    public void delete(String key) {
        try {
            run(() -> client.deleteObject(b -> b.overrideConfiguration(bounded).bucket(settings.bucket()).key(key)));
        } catch (ObjectNotFoundException e) {
            // Already gone: deleting is idempotent.
        }
    }

    @Override
    public void forEachObject(String prefix, java.util.function.Consumer<ObjectSummary> consumer) {
        forEachPage(prefix, page -> {
            for (S3Object object : page) {
                consumer.accept(new ObjectSummary(object.key(), object.size(), object.lastModified()));
            }
        });
    }

    @Override
    public int deletePrefix(String prefix) {
        int[] deleted = {0};
        forEachPage(prefix, page -> {
            deleteAll(page.stream().map(S3Object::key).toList());
            deleted[0] += page.size();
        });
        return deleted[0];
    }

    @Override
    public void forEachUnfinishedUpload(String prefix, java.util.function.Consumer<UnfinishedUpload> consumer) {
        String keyMarker = null;
        String uploadIdMarker = null;
        ListMultipartUploadsResponse page;
        do {
            String keys = keyMarker;
            String ids = uploadIdMarker;
            try {
                page = listPage(() -> client.listMultipartUploads(b -> b.overrideConfiguration(bounded)
                    .bucket(settings.bucket()).prefix(prefix).keyMarker(keys).uploadIdMarker(ids)));
            } catch (ObjectRefusedException e) {
                LOG.log(Level.WARNING, "The S3 endpoint cannot list multipart uploads; unfinished ones are left to "
                    + "its lifecycle rules", e);
                return;
            }
            for (MultipartUpload upload : page.uploads()) {
                consumer.accept(new UnfinishedUpload(upload.key(), upload.uploadId(), upload.initiated()));
            }
            keyMarker = page.nextKeyMarker();
            uploadIdMarker = page.nextUploadIdMarker();
        } while (Boolean.TRUE.equals(page.isTruncated()));
    }

    @Override
    public void abortUpload(String key, String uploadId) {
        try {
            run(() -> client.abortMultipartUpload(b -> b.overrideConfiguration(bounded)
                .bucket(settings.bucket()).key(key).uploadId(uploadId)));
        } catch (ObjectNotFoundException e) {
            // Completed or aborted since: nothing left to free.
        }
    }

    /**
     * The objects under a prefix, one listing page (up to 1,000) at a time, each page fetched through the circuit;
     * the folders filesystem-backed endpoints list as keys ending in "/" are not objects and are left out.
     */
    private void forEachPage(String prefix, java.util.function.Consumer<List<S3Object>> pageConsumer) {
        String token = null;
        do {
            String continuation = token;
            var page = listPage(() -> client.listObjectsV2(b -> b.overrideConfiguration(bounded)
                .bucket(settings.bucket()).prefix(prefix).continuationToken(continuation)));
            pageConsumer.accept(page.contents().stream().filter(o -> !o.key().endsWith("/")).toList());
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
    }

    /**
     * Deletes up to 1000 keys with one multi-object delete; endpoints that do not implement it (S3Proxy answers 501)
     * get one DELETE per key instead. Whether the endpoint has it is asked once, with a one-key request: an endpoint
     * that answers 501 at once may close the connection while a 1000-key body is still being sent, and that broken
     * pipe would look like an outage (seen on S3Proxy).
     */
    private void deleteAll(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<String> rest = keys;
        if (multiDeleteSupported == null) {
            boolean supported = multiDelete(keys.subList(0, 1));
            multiDeleteSupported = supported;
            if (supported) {
                rest = keys.subList(1, keys.size());
            }
        }
        if (multiDeleteSupported) {
            if (!rest.isEmpty() && !multiDelete(rest)) {
                throw new IllegalStateException("the object store refused a multi-object delete it accepted before");
            }
            return;
        }
        for (String key : rest) {
            delete(key);
        }
    }

    /** One multi-object delete (quiet); false when the endpoint answers 501 Not Implemented. */
    private boolean multiDelete(List<String> keys) {
        List<ObjectIdentifier> ids = keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
        return call(() -> {
            try {
                client.deleteObjects(b -> b.overrideConfiguration(bounded).bucket(settings.bucket())
                    .delete(Delete.builder().objects(ids).quiet(true).build()));
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() != 501) {
                    throw e;
                }
                return false;
            }
        });
    }

    @Override
    public Optional<Long> size(String key) {
        return head(key).map(HeadObjectResponse::contentLength);
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
            run(() -> client.headBucket(b -> b.overrideConfiguration(bounded).bucket(settings.bucket())));
        } catch (DependencyUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException(STORE, e);
        }
    }

    /** Maps an SDK failure to the service's exceptions; messages never carry the key. */
    static RuntimeException translate(SdkException e) {
        if (e instanceof NoSuchKeyException) {
            return new ObjectNotFoundException(e);
        }
        if (e instanceof S3Exception s3) {
            if (s3.statusCode() == 404) {
                return new ObjectNotFoundException(e);
            }
            if (s3.statusCode() == 416) {
                return new RangeNotSatisfiableException(e);
            }
            if (s3.statusCode() >= 500 || s3.statusCode() == 429) {
                return new DependencyUnavailableException(STORE, e);
            }
            return new ObjectRefusedException(s3.statusCode(),
                s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode(), e);
        }
        if (e instanceof SdkClientException) {
            return new DependencyUnavailableException(STORE, e);
        }
        return new IllegalStateException("S3 call failed", e);
    }
}
