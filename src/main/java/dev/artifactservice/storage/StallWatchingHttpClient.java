package dev.artifactservice.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * An SDK HTTP client around another (the Apache client) that bounds the one wait the other leaves open: a request
 * body that the S3 endpoint stops taking. The Apache client's socket timeout ({@code SO_TIMEOUT}) bounds reads
 * only, and a Java socket has no write timeout, so an upload whose connection stays open while the peer stops
 * reading (a zero TCP window: a paused server, a proxy that stopped relaying) blocks its thread until TCP gives up,
 * which can take many minutes.
 *
 * <p>A request with a body is watched from the first read of its body until its response begins. When the client
 * has held bytes taken from the body for longer than the stall timeout without coming back for more (it is still
 * writing them to a socket that does not drain, or is waiting for an answer after the last of them), the request is
 * aborted the way the SDK aborts a timed-out attempt ({@link ExecutableHttpRequest#abort()}, which closes the
 * connection), and its {@link ExecutableHttpRequest#call()} throws a {@link SocketTimeoutException}, which the SDK
 * retries (a body that can be read again) or reports. Time spent inside a read of the body, waiting for the
 * uploader's own bytes, is not counted. So the bound is: each write of the client's buffer (up to 128 KiB with
 * chunk signing, 8 KiB otherwise) must finish, and the answer must begin after the last one, within the timeout,
 * the same bound {@code SO_TIMEOUT} puts on each read.
 */
final class StallWatchingHttpClient implements SdkHttpClient {

    /** {@link Watch#holdingSince} of a body the client holds no bytes of (not started, or inside a read). */
    private static final long NOT_HOLDING = Long.MIN_VALUE;

    private final SdkHttpClient delegate;
    private final long stallNanos;
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watchdog;

    /**
     * Wraps {@code delegate}, which this client closes when it is closed.
     *
     * @param stallTimeout longest time a request may hold bytes of its body without taking more, or wait for its
     *     answer after the last of them; positive
     * @throws IllegalArgumentException for a timeout that is not positive
     */
    StallWatchingHttpClient(SdkHttpClient delegate, Duration stallTimeout) {
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("the stall timeout must be positive: " + stallTimeout);
        }
        this.delegate = delegate;
        this.stallNanos = stallTimeout.toNanos();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "s3-request-body-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        // Checked often enough that a stall is cut at most 250 ms (or an eighth of the timeout) after the timeout.
        long period = Math.max(10, Math.min(250, stallTimeout.toMillis() / 8));
        watchdog.scheduleWithFixedDelay(this::abortStalled, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        if (request.contentStreamProvider().isEmpty()) {
            return delegate.prepareRequest(request);
        }
        ContentStreamProvider body = request.contentStreamProvider().get();
        Watch watch = new Watch();
        HttpExecuteRequest.Builder watched = HttpExecuteRequest.builder()
            .request(request.httpRequest())
            .contentStreamProvider(new ContentStreamProvider() {
                @Override
                public InputStream newStream() {
                    return watch.watched(body.newStream());
                }

                @Override
                public String name() {
                    return body.name();
                }
            });
        request.metricCollector().ifPresent(watched::metricCollector);
        ExecutableHttpRequest executable = delegate.prepareRequest(watched.build());
        watch.request = executable;
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                watches.add(watch);
                try {
                    return executable.call();
                } catch (IOException e) {
                    if (watch.stalled) {
                        SocketTimeoutException stall = new SocketTimeoutException("The S3 endpoint took no bytes of the"
                            + " request body, or did not answer after the last of them, for "
                            + TimeUnit.NANOSECONDS.toMillis(stallNanos)
                            + " ms (artifacts.s3.socket-timeout-seconds); the connection was closed");
                        stall.initCause(e);
                        throw stall;
                    }
                    throw e;
                } finally {
                    watches.remove(watch);
                }
            }

            @Override
            public void abort() {
                executable.abort();
            }
        };
    }

    private void abortStalled() {
        long now = System.nanoTime();
        for (Watch watch : watches) {
            long since = watch.holdingSince;
            if (since != NOT_HOLDING && now - since > stallNanos && !watch.stalled) {
                watch.stalled = true;
                try {
                    watch.request.abort();
                } catch (RuntimeException e) {
                    // The connection is going away either way; the request's own thread reports the failure.
                }
            }
        }
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        delegate.close();
    }

    /** One request's body: since when the client has held bytes it took from it. */
    private static final class Watch {

        volatile long holdingSince = NOT_HOLDING;
        volatile boolean stalled;
        volatile ExecutableHttpRequest request;

        InputStream watched(InputStream body) {
            return new FilterInputStream(body) {
                @Override
                public int read() throws IOException {
                    holdingSince = NOT_HOLDING;
                    try {
                        return super.read();
                    } finally {
                        holdingSince = System.nanoTime();
                    }
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    holdingSince = NOT_HOLDING;
                    try {
                        return super.read(buffer, offset, length);
                    } finally {
                        holdingSince = System.nanoTime();
                    }
                }
            };
        }
    }
}
