package dev.artifactservice.storage;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts and times every request the S3 client sends, by operation ({@code GetObject}, {@code PutObject},
 * ...): {@code artifacts_s3_requests_total} and {@code artifacts_s3_request_seconds} on {@code /metrics}.
 * Also how tests prove that a refused request made no S3 call.
 */
final class S3Metrics implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("artifacts.s3.started");

    private static final Metadata REQUESTS = Metadata.builder().withName("artifacts.s3.requests")
        .withDescription("Requests sent to S3, by operation").build();

    private static final Metadata LATENCY = Metadata.builder().withName("artifacts.s3.request")
        .withDescription("S3 request latency, by operation").build();

    private final MetricRegistry registry;

    /** Each operation's counter and timer, looked up in the registry once rather than per request. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    S3Metrics(MetricRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
        counters.computeIfAbsent(operation(attributes), name -> registry.counter(REQUESTS, new Tag("operation", name)))
            .inc();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    private void record(ExecutionAttributes attributes) {
        Long started = attributes.getAttribute(STARTED);
        if (started != null) {
            timers.computeIfAbsent(operation(attributes), name -> registry.timer(LATENCY, new Tag("operation", name)))
                .update(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static String operation(ExecutionAttributes attributes) {
        String name = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        return name == null ? "unknown" : name;
    }
}
