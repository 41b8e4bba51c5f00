package dev.artifactservice.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

/**
 * {@link StallWatchingHttpClient} around the real Apache client, against a loopback server that reads request
 * bodies as each test says: one that stops reading (a PUT that would otherwise block in a socket write), one that
 * reads slowly but steadily, and an uploader whose own bytes come slowly. The timeouts here are bounds on a hang,
 * not speed targets.
 */
class StallWatchingHttpClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Far more than loopback socket buffers hold, so a server that stops reading blocks the writer. */
    private static final long LARGE = 64L * 1024 * 1024;

    private ServerSocket server;
    private SdkHttpClient client;

    @AfterEach
    void close() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** What the loopback server does with one request's body after reading its headers. */
    private interface BodyReader {
        void read(InputStream in) throws Exception;
    }

    /** Serves one connection: reads the headers, lets {@code reader} read the body, answers 200 with no body. */
    private int serve(BodyReader reader) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        CompletableFuture.runAsync(() -> {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                int matched = 0;
                byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                while (matched < end.length) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
                }
                reader.read(in);
                OutputStream out = socket.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(200);
            } catch (Exception e) {
                // The client closed the connection: what the stall tests expect.
            }
        });
        return server.getLocalPort();
    }

    private static SdkHttpClient apache() {
        return ApacheHttpClient.builder().socketTimeout(TIMEOUT).connectionTimeout(TIMEOUT).build();
    }

    /** A PUT of {@code length} bytes read from {@code body} (a fresh stream per attempt). */
    private static ExecutableHttpRequest put(SdkHttpClient client, int port, long length,
            java.util.function.Supplier<InputStream> body) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT)
            .uri(URI.create("http://127.0.0.1:" + port + "/bucket/key"))
            .putHeader("Content-Length", Long.toString(length)).build();
        return client.prepareRequest(HttpExecuteRequest.builder().request(request)
            .contentStreamProvider(ContentStreamProvider.fromInputStreamSupplier(body)).build());
    }

    /** {@code length} zero bytes, produced as read; each read of the uploader's bytes first waits {@code pause}. */
    private static InputStream zeros(long length, Duration pause, int chunk) {
        return new InputStream() {
            private long left = length;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] buffer, int offset, int count) throws IOException {
                if (left == 0) {
                    return -1;
                }
                if (!pause.isZero()) {
                    try {
                        Thread.sleep(pause.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
                int n = (int) Math.min(Math.min(count, chunk), left);
                java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }

    /** Reads exactly {@code length} bytes of a request body (the connection stays open after it), in chunks. */
    private static long drain(InputStream in, long length, long pauseMillis) throws Exception {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        while (total < length) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - total));
            if (n < 0) {
                break;
            }
            total += n;
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
        }
        return total;
    }

    @Test
    void withoutTheWatchTheApacheClientStaysBlockedWritingToAServerThatStopsReading() throws Exception {
        int port = serve(in -> Thread.sleep(Long.MAX_VALUE));
        client = apache();
        ExecutableHttpRequest request = put(client, port, LARGE, () -> zeros(LARGE, Duration.ZERO, 64 * 1024));
        CompletableFuture<HttpExecuteResponse> call = CompletableFuture.supplyAsync(() -> {
            try {
                return request.call();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        // Three times the socket timeout: the read timeout never applies to a write.
        Thread.sleep(3 * TIMEOUT.toMillis());
        assertTrue(!call.isDone(), "the bare client's PUT ended: " + call);
        request.abort();
        assertThrows(Exception.class, () -> call.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aRequestBodyTheServerStopsTakingIsAbortedWithASocketTimeout() throws Exception {
        int port = serve(in -> Thread.sleep(Long.MAX_VALUE));
        client = new StallWatchingHttpClient(apache(), TIMEOUT);
        AtomicLong read = new AtomicLong();
        ExecutableHttpRequest request = put(client, port, LARGE, () -> new java.io.FilterInputStream(
                zeros(LARGE, Duration.ZERO, 64 * 1024)) {
            @Override
            public int read(byte[] buffer, int offset, int count) throws IOException {
                int n = super.read(buffer, offset, count);
                read.addAndGet(Math.max(n, 0));
                return n;
            }
        });
        SocketTimeoutException stall = assertTimeoutPreemptively(Duration.ofSeconds(30),
            () -> assertThrows(SocketTimeoutException.class, request::call));
        assertTrue(stall.getMessage().contains("artifacts.s3.socket-timeout-seconds"), stall.getMessage());
        assertTrue(read.get() > 0 && read.get() < LARGE, "bytes taken before the stall: " + read.get());
    }

    @Test
    void anUploaderWhoseOwnBytesComeSlowlyIsNotCut() throws Exception {
        long length = 3 * 1024;
        int port = serve(in -> drain(in, length, 0));
        client = new StallWatchingHttpClient(apache(), TIMEOUT);
        // Each read of the uploader's body waits twice the timeout: time inside a read is not a stall.
        ExecutableHttpRequest request = put(client, port, length, () -> zeros(length, TIMEOUT.multipliedBy(2), 1024));
        HttpExecuteResponse response = assertTimeoutPreemptively(Duration.ofSeconds(60), request::call);
        assertEquals(200, response.httpResponse().statusCode());
    }

    @Test
    void aServerThatReadsSlowlyButSteadilyIsNotCut() throws Exception {
        // 64 KiB every 10 ms, about 6 MiB/s: the whole PUT takes several timeouts, but every write progresses.
        long length = 24L * 1024 * 1024;
        CompletableFuture<Long> received = new CompletableFuture<>();
        int port = serve(in -> received.complete(drain(in, length, 10)));
        client = new StallWatchingHttpClient(apache(), Duration.ofSeconds(2));
        long start = System.nanoTime();
        HttpExecuteResponse response = assertTimeoutPreemptively(Duration.ofSeconds(120),
            () -> put(client, port, length, () -> zeros(length, Duration.ZERO, 64 * 1024)).call());
        assertEquals(200, response.httpResponse().statusCode());
        assertEquals(length, received.get(10, TimeUnit.SECONDS));
        System.out.println("slow steady PUT took " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    @Test
    void aRequestWithoutABodyPassesThroughAndTheTimeoutMustBePositive() throws Exception {
        int port = serve(in -> { });
        client = new StallWatchingHttpClient(apache(), TIMEOUT);
        SdkHttpRequest get = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
            .uri(URI.create("http://127.0.0.1:" + port + "/bucket/key")).build();
        HttpExecuteResponse response = assertTimeoutPreemptively(Duration.ofSeconds(30),
            () -> client.prepareRequest(HttpExecuteRequest.builder().request(get).build()).call());
        assertEquals(200, response.httpResponse().statusCode());
        try (SdkHttpClient bare = apache()) {
            assertThrows(IllegalArgumentException.class, () -> new StallWatchingHttpClient(bare, Duration.ZERO));
        }
    }
}
