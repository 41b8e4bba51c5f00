package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/**
 * Hostile and unusual input: path tricks are refused with problem+json and change nothing; legal names
 * with every awkward character round-trip byte for byte; bodies that are too large or cut off leave
 * nothing behind.
 */
class InputIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();

    private static int artifactCount(UUID session) {
        return json(get("/api/artifacts/list/" + session, writer(ORG))).getInt("total_count");
    }

    private static List<String> stored(UUID session) {
        return sessionObjectKeys(ORG, session);
    }

    /**
     * Whether the write intent of the artifact's key is recorded: an upload of the path has begun (the intent is
     * committed before the first byte goes to S3) and has not ended (it is released with the row, or once a failed
     * upload's object was removed).
     */
    private static boolean uploadInProgress(UUID session, String path) {
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(
            "SELECT count(*) FROM write_intents WHERE storage_key = ?")) {
            query.setString(1, artifactKey(ORG, session, path));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @InvalidRequests("dot segments and paths outside /api")
    void pathTricksAreRefusedAndChangeNothing() {
        UUID session = createSession(ORG, "tricks");
        List<String> raw = List.of("terraform/./main.tf", "terraform/../README.md", "terraform/%2e%2e/x.tf",
            "terraform/%2e/x.tf", "terraform/..%2fx.tf", "terraform/%252e%252e/x.tf", "terraform/%252e/x.tf",
            "terraform/a%5Cb.tf", "terraform//main.tf", "terraform/main.tf/", "terraform/a%2F%2Fb.tf",
            "terraform%2F..%2FREADME.md", "terraform/a%2F..%2Fb.tf", "terraform%2F%2E%2E%2Fx.tf", "terraform/a.tf%2F",
            "%2Fterraform/a.tf", "terraform%2Fa%5Cb.tf", "secrets/id_rsa", "notes.txt", "terraform/" + "x".repeat(256), "%2e%2e/%2e%2e/etc/passwd.md");
        for (String path : raw) {
            HttpResponse<byte[]> response = put("/api/artifacts/upload/" + session + "/" + path, writer(ORG),
                "x".getBytes());
            assertTrue(response.statusCode() == 400 || response.statusCode() == 404, path + " -> "
                + response.statusCode());
            assertTrue(header(response, "Content-Type").startsWith("application/problem+json"), path);
        }
        assertEquals(0, artifactCount(session));
        assertTrue(stored(session).isEmpty(), stored(session).toString());
        // Encoded dots cannot walk out of /api either: the security constraint still applies.
        assertTrue(get("/x/%2e%2e/api/sessions", null).statusCode() >= 400);
        assertTrue(get("/api/%2e%2e/api/sessions", null).statusCode() >= 400);
    }

    @Test
    void awkwardButLegalNamesRoundTripEverywhere() throws Exception {
        UUID session = createSession(ORG, "names");
        List<String> paths = List.of("terraform/with space.tf", "terraform/plus+sign.tf", "terraform/100%.tf",
            "terraform/hash#tag.tf", "terraform/what?.tf", "terraform/semi;colon.tf", "terraform/comma,name.tf",
            "terraform/\"quoted\" 'single'.tf", "terraform/報告書.tf", "terraform/rocket 🚀.tf", "terraform/x=y.tf",
            "lambda/deep/er/nest ed/handler.py");
        for (String path : paths) {
            assertEquals(201, put(uploadUrl(session, path), writer(ORG), path.getBytes(StandardCharsets.UTF_8))
                .statusCode(), path);
        }
        JsonObject listing = json(get("/api/artifacts/list/" + session, writer(ORG)));
        List<String> listed = new ArrayList<>();
        for (JsonValue value : listing.getJsonArray("artifacts")) {
            JsonObject artifact = value.asJsonObject();
            listed.add(artifact.getString("path"));
            HttpResponse<byte[]> viaUrl = get(artifact.getString("download_url"), writer(ORG));
            assertArrayEquals(artifact.getString("path").getBytes(StandardCharsets.UTF_8), viaUrl.body(),
                "download_url of " + artifact.getString("path"));
        }
        assertEquals(paths.stream().sorted().toList(), listed);
        Map<String, byte[]> bundle = SampleSessionIT.unzip(get("/api/artifacts/bundle/" + session, writer(ORG))
            .body());
        for (String path : paths) {
            assertArrayEquals(path.getBytes(StandardCharsets.UTF_8), bundle.get(path), "bundle entry " + path);
            JsonObject link = json(get("/api/artifacts/download-url/" + session + "/" + encodePath(path), writer(ORG)));
            assertArrayEquals(path.getBytes(StandardCharsets.UTF_8), get(link.getString("download_url"), null).body(),
                "pre-signed " + path);
        }
    }

    /**
     * The test servers run with {@code artifacts.upload.max-name-bytes=218}, the longest file name S3Proxy's file
     * store takes: a longer name is a 400 that says what to change (before, S3Proxy's 500 was answered 503, which no
     * retry helps); a name of exactly the limit is stored.
     */
    @Test
    void fileNamesOverTheObjectStoresLimitAre400SayingWhatToChange() {
        UUID session = createSession(ORG, "long names");
        String tooLong = "terraform/" + "n".repeat(227) + ".tf";
        HttpResponse<byte[]> refused = put(uploadUrl(session, tooLong), writer(ORG), "x".getBytes());
        assertProblemOf(refused, 400, "bad-request");
        String detail = json(refused).getString("detail");
        assertTrue(detail.contains("230 bytes") && detail.contains("at most 218 bytes")
            && detail.contains("artifacts.upload.max-name-bytes"), detail);
        assertEquals(0, artifactCount(session));
        String longest = "terraform/" + "f".repeat(20) + "/" + "n".repeat(215) + ".tf";
        assertEquals(201, put(uploadUrl(session, longest), writer(ORG), "y".getBytes()).statusCode());
        assertArrayEquals("y".getBytes(), get(downloadUrl(session, longest), writer(ORG)).body());
    }

    @Test
    void encodedSlashIsTheSameArtifactAsAPlainOneForEveryOperation() {
        UUID session = createSession(ORG, "encoded slash");
        String token = writer(ORG);
        String plain = "terraform/modules/vpc/main.tf";
        String upper = "terraform%2Fmodules%2Fvpc%2Fmain.tf";
        String lower = "terraform%2fmodules/vpc%2fmain.tf";
        assertEquals(201, put("/api/artifacts/upload/" + session + "/" + upper, token, "one".getBytes()).statusCode());
        assertEquals(plain, json(get("/api/artifacts/list/" + session, token)).getJsonArray("artifacts")
            .getJsonObject(0).getString("path"));
        assertEquals(200, put("/api/artifacts/upload/" + session + "/" + lower, token, "two".getBytes()).statusCode(),
            "replaces the same artifact");
        assertEquals(1, artifactCount(session));
        HttpResponse<byte[]> viaPlain = get(downloadUrl(session, plain), token);
        for (String spelling : List.of(upper, lower)) {
            HttpResponse<byte[]> download = get("/api/artifacts/download/" + session + "/" + spelling, token);
            assertEquals(200, download.statusCode(), spelling);
            assertEquals("two", new String(download.body(), StandardCharsets.UTF_8), spelling);
            assertEquals(header(viaPlain, "ETag"), header(download, "ETag"), spelling);
            assertEquals(header(viaPlain, "Content-Disposition"), header(download, "Content-Disposition"), spelling);
        }
        JsonObject link = json(get("/api/artifacts/download-url/" + session + "/" + upper, token));
        assertEquals("two", new String(get(link.getString("download_url"), null).body(), StandardCharsets.UTF_8));
        assertEquals(200, put("/api/artifacts/keep/" + session + "/" + upper, token, new byte[0]).statusCode());
        assertTrue(json(get("/api/artifacts/list/" + session, token)).getJsonArray("artifacts").getJsonObject(0)
            .getBoolean("keep"));
        assertEquals(200, send("DELETE", "/api/artifacts/keep/" + session + "/" + lower, token, null).statusCode());
        int deleted = send("DELETE", "/api/artifacts/" + session + "/" + upper, token, null).statusCode();
        assertTrue(deleted == 200 || deleted == 204, "delete: " + deleted);
        assertEquals(404, get(downloadUrl(session, plain), token).statusCode());
        assertEquals(0, artifactCount(session));
        assertTrue(stored(session).isEmpty(), stored(session).toString());
    }

    @Test
    void nfcAndNfdSpellingsAreOneArtifact() {
        UUID session = createSession(ORG, "unicode");
        String nfd = Normalizer.normalize("terraform/café.tf", Normalizer.Form.NFD);
        String nfc = Normalizer.normalize("terraform/café.tf", Normalizer.Form.NFC);
        assertTrue(!nfd.equals(nfc));
        assertEquals(201, put(uploadUrl(session, nfd), writer(ORG), "one".getBytes()).statusCode());
        assertEquals(200, put(uploadUrl(session, nfc), writer(ORG), "two".getBytes()).statusCode(), "replaced");
        assertEquals(1, artifactCount(session));
        assertEquals("two", new String(get(downloadUrl(session, nfd), writer(ORG)).body()));
        assertEquals(nfc, json(get("/api/artifacts/list/" + session, writer(ORG))).getJsonArray("artifacts")
            .getJsonObject(0).getString("path"));
    }

    @Test
    void chunkedBodyOverTheLimitIs413AndKeepsNothing() throws Exception {
        UUID session = createSession(ORG, "chunked too large");
        long max = Long.parseLong(System.getProperty("it.upload.max-bytes"));
        // No Content-Length: the service finds out while streaming. The answer is read while the body is still
        // being sent, so a 413 sent before the body's end (and the connection closed) is seen all the same.
        RawResponse refused = putChunked(uploadUrl(session, "lambda/huge.bin"), writer(ORG), zeros(max + 1024 * 1024));
        JsonObject problem = assertProblemOf(refused, 413, "payload-too-large");
        assertTrue(problem.getString("detail").contains(String.valueOf(max)), problem.toString());
        assertEquals(0, artifactCount(session));
        assertTrue(stored(session).isEmpty(), stored(session).toString());

        HttpRequest small = HttpRequest.newBuilder(URI.create(base() + uploadUrl(session, "lambda/ok.bin")))
            .header("Authorization", "Bearer " + writer(ORG))
            .PUT(HttpRequest.BodyPublishers.fromPublisher(zeroChunks(9 * 1024 * 1024))).build();
        HttpResponse<byte[]> ok = HTTP.send(small, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(201, ok.statusCode(), "chunked bodies over one 8 MiB part use a multipart upload");
        assertEquals(sha256(new byte[9 * 1024 * 1024]), json(ok).getString("sha256"));
    }

    @Test
    void clientThatStopsSendingHalfWayLeavesNothing() throws Exception {
        UUID session = createSession(ORG, "cut off");
        URI base = URI.create(base());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + uploadUrl(session, "lambda/partial.zip") + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + writer(ORG) + "\r\nContent-Length: 1000000\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1000]);
            out.flush();
            // The upload has begun once its write intent is recorded (before its first byte goes to S3): only then
            // is closing the connection "half-way".
            awaitCondition(Duration.ofSeconds(60), "the upload of lambda/partial.zip started",
                () -> uploadInProgress(session, "lambda/partial.zip"));
        }
        // The server notices the closed connection, gives up the upload, removes what it wrote and releases the
        // intent.
        awaitCondition(Duration.ofSeconds(60), "the cut-off upload was given up",
            () -> !uploadInProgress(session, "lambda/partial.zip"));
        assertEquals(0, artifactCount(session));
        assertTrue(stored(session).isEmpty(), stored(session).toString());
        assertEquals(201, put(uploadUrl(session, "lambda/partial.zip"), writer(ORG), new byte[1000]).statusCode(),
            "the path is usable afterwards (no lock left behind)");
    }

    @Test
    void malformedOrMissingLengthIsRefusedAndKeepsTheOldBytes() throws Exception {
        UUID session = createSession(ORG, "bad length");
        assertEquals(201, put(uploadUrl(session, "lambda/cl.bin"), writer(ORG), "original".getBytes()).statusCode());
        URI base = URI.create(base());
        for (String length : List.of("Content-Length: abc\r\n", "Content-Length: -1\r\n", "")) {
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(15_000);
                OutputStream out = socket.getOutputStream();
                out.write(("PUT " + uploadUrl(session, "lambda/cl.bin") + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + writer(ORG) + "\r\n" + length + "Connection: close\r\n\r\nhello")
                    .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                int code = Integer.parseInt(status.substring(9, 12));
                assertTrue(code == 400 || code == 411, "'" + length.trim() + "' -> " + code);
            }
        }
        assertEquals("original", new String(get(downloadUrl(session, "lambda/cl.bin"), writer(ORG)).body()));
        assertEquals(200, put(uploadUrl(session, "lambda/cl.bin"), writer(ORG), new byte[0]).statusCode(),
            "an empty body with Content-Length: 0 is a legal upload");
    }

    /** A stream of {@code size} zero bytes. */
    private static InputStream zeros(long size) {
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                left--;
                return 0;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }

    /** A body of {@code size} zero bytes sent in 64 KiB chunks without a Content-Length. */
    private static Flow.Publisher<java.nio.ByteBuffer> zeroChunks(long size) {
        return subscriber -> {
            subscriber.onSubscribe(new Flow.Subscription() {
                private long sent;
                private boolean done;

                @Override
                public synchronized void request(long n) {
                    for (long i = 0; i < n && !done; i++) {
                        if (sent >= size) {
                            done = true;
                            subscriber.onComplete();
                            return;
                        }
                        int chunk = (int) Math.min(65536, size - sent);
                        sent += chunk;
                        subscriber.onNext(java.nio.ByteBuffer.wrap(new byte[chunk]));
                    }
                }

                @Override
                public synchronized void cancel() {
                    done = true;
                }
            });
        };
    }
}
