package dev.artifactservice.telemetry;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Times each call of a {@link DatabaseTimed} bean in {@code artifacts_db_call_seconds}, tagged with the
 * bean class ({@code repository}) and method, failed calls included. It runs outside
 * {@code @Transactional}, so a call that begins its own transaction includes the commit; a call that joins
 * a caller's transaction does not (that commit is the caller's). Time spent waiting for a row or advisory
 * lock (uploads of one path) counts as database time, since the database is what the call waits for.
 */
@DatabaseTimed
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class DatabaseTimingInterceptor {

    private static final Metadata METADATA = Metadata.builder().withName("artifacts.db.call")
        .withDescription("Database call latency, by repository and method").build();

    @Inject
    MetricRegistry registry;

    /** The timer of each method, looked up in the registry once (per-call lookups showed in the JFR profile). */
    private final Map<Method, Timer> timers = new ConcurrentHashMap<>();

    /** Runs the call and records its duration, also when it throws (the exception propagates unchanged). */
    @AroundInvoke
    public Object time(InvocationContext invocation) throws Exception {
        long started = System.nanoTime();
        try {
            return invocation.proceed();
        } finally {
            timers.computeIfAbsent(invocation.getMethod(), method -> registry.timer(METADATA,
                    new Tag("repository", method.getDeclaringClass().getSimpleName()), new Tag("method", method.getName())))
                .update(Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
