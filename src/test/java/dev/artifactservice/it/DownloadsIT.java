package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Downloads and pre-signed links as a first-class file server serves them: ranges, conditional requests,
 * RFC 6266 names, inline previews, aborted reads, and links that work without a token.
 */
class DownloadsIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static UUID sessionWith(String path, byte[] bytes) {
        UUID session = createSession(ORG, "downloads");
        assertEquals(201, put(uploadUrl(session, path), writer(ORG), bytes).statusCode());
        return session;
    }

    @Test
    void rangesAreAnsweredWith206AndTheExactBytes() {
        byte[] bytes = randomBytes(100_000, 1);
        UUID session = sessionWith("lambda/layer.zip", bytes);
        String url = downloadUrl(session, "lambda/layer.zip");
        String token = writer(ORG);

        HttpResponse<byte[]> first = get(url, token, "Range", "bytes=0-99");
        assertEquals(206, first.statusCode());
        assertEquals("bytes 0-99/100000", header(first, "Content-Range"));
        assertEquals("100", header(first, "Content-Length"));
        assertArrayEquals(Arrays.copyOfRange(bytes, 0, 100), first.body());

        HttpResponse<byte[]> open = get(url, token, "Range", "bytes=99990-");
        assertEquals(206, open.statusCode());
        assertEquals("bytes 99990-99999/100000", header(open, "Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(bytes, 99_990, 100_000), open.body());

        HttpResponse<byte[]> suffix = get(url, token, "Range", "bytes=-5");
        assertEquals(206, suffix.statusCode());
        assertArrayEquals(Arrays.copyOfRange(bytes, 99_995, 100_000), suffix.body());

        HttpResponse<byte[]> beyond = get(url, token, "Range", "bytes=100000-");
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */100000", header(beyond, "Content-Range"));
        assertTrue(header(beyond, "Content-Type").startsWith("application/problem+json"));

        HttpResponse<byte[]> several = get(url, token, "Range", "bytes=0-1,5-6");
        assertEquals(200, several.statusCode());
        assertArrayEquals(bytes, several.body());

        HttpResponse<byte[]> head = send("HEAD", url, token, null, "Range", "bytes=10-19");
        assertEquals(206, head.statusCode());
        assertEquals("10", header(head, "Content-Length"));
        assertEquals("bytes 10-19/100000", header(head, "Content-Range"));
    }

    @Test
    void conditionalRequestsUseTheSha256ETag() {
        byte[] bytes = "variable \"region\" {}\n".getBytes();
        UUID session = sessionWith("terraform/variables.tf", bytes);
        String url = downloadUrl(session, "terraform/variables.tf");
        String token = writer(ORG);
        HttpResponse<byte[]> full = get(url, token);
        String etag = header(full, "ETag");
        assertEquals("\"" + sha256(bytes) + "\"", etag);
        assertNotNull(header(full, "Last-Modified"));
        assertEquals("bytes", header(full, "Accept-Ranges"));
        assertEquals("private", header(full, "Cache-Control"));

        HttpResponse<byte[]> notModified = get(url, token, "If-None-Match", etag);
        assertEquals(304, notModified.statusCode());
        assertEquals(0, notModified.body().length);
        assertEquals(etag, header(notModified, "ETag"));
        assertEquals(200, get(url, token, "If-None-Match", "\"other\"").statusCode());

        HttpResponse<byte[]> rangeSame = get(url, token, "Range", "bytes=0-7", "If-Range", etag);
        assertEquals(206, rangeSame.statusCode());
        assertEquals("variable", new String(rangeSame.body()));
        HttpResponse<byte[]> rangeChanged = get(url, token, "Range", "bytes=0-7", "If-Range", "\"stale\"");
        assertEquals(200, rangeChanged.statusCode());
        assertArrayEquals(bytes, rangeChanged.body());
        HttpResponse<byte[]> rangeDate = get(url, token, "Range", "bytes=0-7", "If-Range",
            header(full, "Last-Modified"));
        assertEquals(206, rangeDate.statusCode());
    }

    @Test
    void contentDispositionCarriesAnyNameSafely() throws Exception {
        String token = writer(ORG);
        UUID session = createSession(ORG, "names");
        for (String name : List.of("plan 1+2 \"final\"; v=1, copy.md", "résumé – 報告 📦.md", "back\\slash.md")) {
            byte[] bytes = ("# " + name + "\n").getBytes(StandardCharsets.UTF_8);
            HttpResponse<byte[]> upload = put(uploadUrl(session, name), token, bytes);
            if (name.contains("\\")) {
                assertEquals(400, upload.statusCode(), "backslashes are not allowed in paths");
                continue;
            }
            assertEquals(201, upload.statusCode(), name);
            HttpResponse<byte[]> download = get(downloadUrl(session, name), token);
            assertArrayEquals(bytes, download.body());
            List<String> dispositions = download.headers().allValues("Content-Disposition");
            assertEquals(1, dispositions.size(), "exactly one Content-Disposition");
            String value = dispositions.get(0);
            String fallback = value.substring(value.indexOf("filename=\"") + 10, value.indexOf("\"; filename*="));
            assertFalse(fallback.contains("\"") || fallback.contains("\\") || fallback.contains("\r")
                || fallback.contains("\n"), value);
            assertTrue(fallback.chars().allMatch(c -> c >= 0x20 && c < 0x7f), value);
            String encoded = value.substring(value.indexOf("filename*=UTF-8''") + 17);
            assertEquals(name, URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8), value);
        }
    }

    @Test
    void inlinePreviewsAreSandboxed() {
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes();
        UUID session = sessionWith("diagrams/evil.svg", svg);
        HttpResponse<byte[]> inline = get(downloadUrl(session, "diagrams/evil.svg") + "?disposition=inline",
            writer(ORG));
        assertEquals(200, inline.statusCode());
        assertTrue(header(inline, "Content-Disposition").startsWith("inline; filename=\"evil.svg\""));
        assertTrue(header(inline, "Content-Security-Policy").startsWith("sandbox; default-src 'none'"));
        assertEquals("nosniff", header(inline, "X-Content-Type-Options"));
        assertEquals("image/svg+xml", header(inline, "Content-Type"));
        HttpResponse<byte[]> attachment = get(downloadUrl(session, "diagrams/evil.svg"), writer(ORG));
        assertTrue(header(attachment, "Content-Disposition").startsWith("attachment;"));
        assertEquals(400, allowingInvalidRequest(() -> get(downloadUrl(session, "diagrams/evil.svg")
            + "?disposition=run", writer(ORG)))
            .statusCode());
    }

    @Test
    void clientsThatStopReadingDoNotExhaustTheService() throws Exception {
        byte[] bytes = randomBytes(50 * 1024 * 1024, 7);
        UUID session = sessionWith("lambda/big.zip", bytes);
        String token = writer(ORG);
        URI base = URI.create(base());
        for (int i = 0; i < 200; i++) {
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + downloadUrl(session, "lambda/big.zip") + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + token + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] kib = in.readNBytes(1024);
                assertEquals(1024, kib.length);
                assertTrue(new String(kib, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
            }
        }
        // The service still answers at once: no pool of S3 connections is left draining 50 MiB objects.
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + downloadUrl(session, "lambda/big.zip")))
            .header("Authorization", "Bearer " + token).header("Range", "bytes=0-1023")
            .timeout(Duration.ofSeconds(15)).build();
        HttpResponse<byte[]> after = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, after.statusCode());
        assertArrayEquals(Arrays.copyOfRange(bytes, 0, 1024), after.body());
        HttpResponse<byte[]> whole = get(downloadUrl(session, "lambda/big.zip"), token);
        assertEquals(sha256(bytes), sha256(whole.body()));
    }

    /**
     * A client that stops reading while keeping its connection open is cut once one write has waited
     * {@code HTTP_WRITE_TIMEOUT} (5 s on the test server, 60 s by default), so it holds no thread, S3 stream or bundle
     * buffers for ever; a slow client that keeps reading gets every byte however long the whole takes. For the
     * single download and the bundle alike.
     */
    @Test
    void aClientThatStopsReadingIsCutAfterTheWriteTimeoutWhileASlowOneGetsEveryByte() throws Exception {
        byte[] bytes = randomBytes(40 * 1024 * 1024, 11);
        UUID session = sessionWith("lambda/stall.zip", bytes);
        for (String target : List.of(downloadUrl(session, "lambda/stall.zip"),
            "/api/artifacts/bundle/" + session)) {
            long stalled = readWithPause(target, Duration.ofSeconds(20), 0);
            assertTrue(stalled < bytes.length, target + ": a reader that paused 20 s (4 write timeouts) was cut, "
                + "but it received " + stalled + " bytes");
            // 64 KiB every 15 ms: about 4 MiB/s, so the whole takes about 10 s, twice the write timeout.
            long slow = readWithPause(target, Duration.ZERO, 15);
            assertTrue(slow > bytes.length, target + ": a slow reader gets the whole answer, received " + slow);
        }
        HttpResponse<byte[]> whole = get(downloadUrl(session, "lambda/stall.zip"), writer(ORG));
        assertEquals(sha256(bytes), sha256(whole.body()), "the service serves the artifact afterwards");
    }

    /**
     * GETs {@code target} over a socket with a 64 KiB receive buffer: reads the first 64 KiB, waits {@code pause},
     * then reads to the end in 64 KiB steps, sleeping {@code stepMillis} after each. Returns the bytes received
     * (status line and headers included) until the server closed or reset the connection.
     */
    private static long readWithPause(String target, Duration pause, long stepMillis) throws Exception {
        URI base = URI.create(base());
        long received = 0;
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + writer(ORG)
                + "\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            received += in.readNBytes(buffer, 0, buffer.length);
            Thread.sleep(pause.toMillis());
            try {
                for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                    received += n;
                    if (stepMillis > 0) {
                        Thread.sleep(stepMillis);
                    }
                }
            } catch (java.net.SocketException reset) {
                // The server cut the connection: what arrived before counts.
            }
        }
        return received;
    }

    @Test
    void preSignedLinksFetchTheSameBytesWithoutAToken() {
        String token = writer(ORG);
        UUID session = createSession(ORG, "presign");
        for (String path : List.of("terraform/with space/main.tf", "terraform/a+b=c.tf", "terraform/ünï 報告 📦.tf",
            "pricing/summary.pdf")) {
            byte[] bytes = (path + "\n").getBytes(StandardCharsets.UTF_8);
            assertEquals(201, put(uploadUrl(session, path), token, bytes).statusCode(), path);
            HttpResponse<byte[]> link = get("/api/artifacts/download-url/" + session + "/" + encodePath(path)
                + "?expires_in=120", token);
            assertEquals(200, link.statusCode(), path);
            JsonObject body = json(link);
            String url = body.getString("download_url");
            assertTrue(url.startsWith(System.getProperty("it.s3.public-endpoint") + "/"), "signed for the public "
                + "endpoint: " + url);
            assertTrue(url.contains("X-Amz-Expires=120"), url);
            assertTrue(url.contains("response-content-disposition="), url);
            assertEquals(120, body.getInt("expires_in"));
            HttpResponse<byte[]> fetched = get(url, null);
            assertEquals(200, fetched.statusCode(), path + " " + url);
            assertArrayEquals(bytes, fetched.body(), path);
            assertArrayEquals(get(downloadUrl(session, path), token).body(), fetched.body());
            String fileName = path.substring(path.lastIndexOf('/') + 1);
            assertTrue(header(fetched, "Content-Disposition").startsWith("attachment;"), path);
            assertTrue(header(fetched, "Content-Disposition").contains("filename*=UTF-8''"), path);
            String expectedType = path.endsWith(".pdf") ? "application/pdf" : "text/plain";
            assertEquals(expectedType, header(fetched, "Content-Type"), path);
            assertNotNull(fileName);
        }
    }
}
