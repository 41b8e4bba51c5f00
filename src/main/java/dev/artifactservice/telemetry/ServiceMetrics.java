package dev.artifactservice.telemetry;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The service's own metrics on {@code /metrics} (application scope, Prometheus text), each recorded by one
 * call from the feature that produces it:
 * <ul>
 *   <li>{@code artifacts_served_bytes_total{kind="download"|"bundle"}}: bytes written to clients by single
 *       downloads and streamed bundles, counted as they leave (a download cut short counts what was sent);</li>
 *   <li>{@code artifacts_bundle_duration_seconds{delivery="response"|"copy"|"stored"}}: time to write a whole
 *       bundle, into a response (built from the artifacts, or sent from the stored copy) or into S3 (the stored
 *       {@code bundle.zip}); only bundles that finished;</li>
 *   <li>{@code artifacts_bundle_size_bytes{delivery=...}}: the size in bytes of each finished bundle;</li>
 *   <li>{@code artifacts_upload_size_bytes}: the size in bytes of each stored upload.</li>
 * </ul>
 */
@ApplicationScoped
public class ServiceMetrics {

    /** {@code delivery} tag of a bundle streamed into an HTTP response. */
    public static final String RESPONSE = "response";

    /** {@code delivery} tag of a bundle sent into an HTTP response from its stored copy in S3. */
    public static final String COPY = "copy";

    /** {@code delivery} tag of the bundle written into S3 behind the pre-signed bundle link. */
    public static final String STORED = "stored";

    @Inject
    MetricRegistry registry;

    private Counter downloadBytes;
    private Counter bundleBytes;
    private Histogram uploadSizes;

    @PostConstruct
    void register() {
        Metadata served = Metadata.builder().withName("artifacts.served.bytes").withUnit(MetricUnits.BYTES)
            .withDescription("Bytes sent to clients in response bodies, by kind (download, bundle)").build();
        downloadBytes = registry.counter(served, new Tag("kind", "download"));
        bundleBytes = registry.counter(served, new Tag("kind", "bundle"));
        uploadSizes = registry.histogram(Metadata.builder().withName("artifacts.upload.size")
            .withUnit(MetricUnits.BYTES).withDescription("Size of each stored upload").build());
        // Both deliveries exist from the start, so dashboards see zero rather than nothing.
        for (String delivery : new String[] {RESPONSE, COPY, STORED}) {
            bundleTimer(delivery);
            bundleSizes(delivery);
        }
    }

    /**
     * Wraps the body of a single-artifact download so that the bytes it writes are added to
     * {@code artifacts_served_bytes_total{kind="download"}}; the returned output behaves as {@code body}
     * otherwise (same exceptions).
     */
    public StreamingOutput download(StreamingOutput body) {
        return served(body, downloadBytes);
    }

    /**
     * Wraps the body of a byte range of a bundle (a 206 answer): its bytes count as served
     * ({@code kind="bundle"}); no duration or size is recorded, those describe whole bundles.
     */
    public StreamingOutput bundlePart(StreamingOutput body) {
        return served(body, bundleBytes);
    }

    private static StreamingOutput served(StreamingOutput body, Counter bytes) {
        return output -> {
            CountingOutputStream counting = new CountingOutputStream(output);
            try {
                body.write(counting);
            } finally {
                bytes.inc(counting.count);
            }
        };
    }

    /**
     * Wraps a bundle's writer: on completion records its duration (seconds) and size (bytes) under
     * {@code delivery} ({@link #RESPONSE}, {@link #COPY} or {@link #STORED}); for the first two every byte written also
     * counts as served ({@code kind="bundle"}), finished or not. Failures of {@code writer} propagate unchanged
     * and record no duration or size.
     */
    public StreamingOutput bundle(StreamingOutput writer, String delivery) {
        return output -> {
            long started = System.nanoTime();
            CountingOutputStream counting = new CountingOutputStream(output);
            try {
                writer.write(counting);
                bundleTimer(delivery).update(Duration.ofNanos(System.nanoTime() - started));
                bundleSizes(delivery).update(counting.count);
            } finally {
                if (!STORED.equals(delivery)) {
                    bundleBytes.inc(counting.count);
                }
            }
        };
    }

    /** Records the size in bytes of a stored upload in {@code artifacts_upload_size_bytes}. */
    public void uploaded(long bytes) {
        uploadSizes.update(bytes);
    }

    private Timer bundleTimer(String delivery) {
        return registry.timer(Metadata.builder().withName("artifacts.bundle.duration")
            .withDescription("Time to write a whole bundle, by delivery (response, stored)").build(),
            new Tag("delivery", delivery));
    }

    private Histogram bundleSizes(String delivery) {
        return registry.histogram(Metadata.builder().withName("artifacts.bundle.size").withUnit(MetricUnits.BYTES)
            .withDescription("Size of each finished bundle, by delivery (response, stored)").build(),
            new Tag("delivery", delivery));
    }

    /** Counts the bytes written through it; a plain field, since one request writes from one thread at a time. */
    private static final class CountingOutputStream extends FilterOutputStream {
        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
