package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outages that hang rather than refuse: a Liberty server of its own (database and bucket of its own) reaches
 * PostgreSQL and the S3 endpoint through {@link TcpProxy} proxies, which the tests hang, refuse, slow and cut
 * mid-traffic. Covered: S3 hung during downloads, uploads, bundles, deletes, purges, lists and readiness, and in the
 * middle of a download's stream; S3 refusing; S3 cut in the middle of a replacement upload; S3 slow during
 * downloads, uploads and bundles; PostgreSQL hung during downloads, uploads, lists, bundles, deletes, purges and
 * readiness; PostgreSQL refusing; PostgreSQL cut in the middle of an upload; PostgreSQL slow. With the default
 * settings, every request that needs S3 or PostgreSQL gets a 503 problem within 10 s, every request that does not is
 * served, {@code /health/ready} says DOWN within 3 s, the service serves again within 5 s of the dependency's return,
 * and afterwards the database and the bucket agree with no write intent left. The times are bounds on a broken
 * dependency, not speed targets; each is printed as an "outage:" line.
 */
class OutageIT extends ItBase {

    /** A bucket of each run of the class (a rerun in the same JVM too), so that it starts from an empty one. */
    private static String bucket;
    private static final UUID ORG = UUID.randomUUID();
    /** The bounds: a request that needs a hung dependency, readiness, and recovery. */
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(10);
    private static final Duration READY_BOUND = Duration.ofMillis(3500);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(5);
    /** The version the replacement tests start from, and which must still be served after the replacement fails. */
    private static final byte[] FIRST_VERSION = "first version\n".getBytes(StandardCharsets.UTF_8);

    private static String database;
    private static TcpProxy s3;
    private static TcpProxy db;
    private static ExtraServer server;
    /** This server's copy of the token verification key, which a test takes away. */
    private static java.nio.file.Path publicKey;

    @BeforeAll
    static void startBehindProxies() throws Exception {
        database = "outage_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = database(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        bucket = "artifacts-outage-" + UUID.randomUUID().toString().substring(0, 8);
        s3().createBucket(b -> b.bucket(bucket));
        publicKey = java.nio.file.Files.createTempDirectory("outage-jwt").resolve("public.pem");
        java.nio.file.Files.copy(dataDir().resolve("jwt/public.pem"), publicKey);
        s3 = TcpProxy.start(Integer.getInteger("it.s3.port"));
        db = TcpProxy.start(Integer.getInteger("it.db.port"));
        server = ExtraServer.create("outage", java.util.Map.of(
            "ARTIFACTS_DB_URL", "jdbc:postgresql://localhost:" + db.port() + "/" + database,
            "ARTIFACTS_S3_ENDPOINT", "http://127.0.0.1:" + s3.port(),
            "ARTIFACTS_S3_BUCKET", bucket,
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toString(),
            // Only this test's reconciliation, after each outage, with no grace: nothing else writes here.
            "ARTIFACTS_RECONCILE_ON_START", "false",
            "ARTIFACTS_RECONCILE_GRACE_SECONDS", "0",
            "ARTIFACTS_PURGE_INTERVAL_SECONDS", "0",
            // Every download must need S3 here: the in-memory cache would serve a small artifact read before the
            // outage (ContentCacheIT tests the cache).
            "ARTIFACTS_CACHE_MAX_BYTES", "0"));
        server.awaitStarted(server.launch());
        server.awaitReady(Duration.ofMinutes(3));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            if (s3 != null) {
                s3.close();
            }
            if (db != null) {
                db.close();
            }
            if (database != null) {
                try (Connection connection = database(); Statement statement = connection.createStatement()) {
                    statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                }
            }
        }
    }

    /** This server's own database, reached directly (not through the proxy). */
    private static Connection outageDatabase() throws java.sql.SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + System.getProperty("it.db.port") + "/"
            + database, "postgres", "local");
    }

    /** Makes an artifact expired, so that the next purge takes it. */
    private static void expire(UUID session, String path) throws java.sql.SQLException {
        try (Connection connection = outageDatabase(); java.sql.PreparedStatement update = connection.prepareStatement(
            "UPDATE artifacts SET expires_at = now() - interval '1 minute' WHERE session_id = ? AND path = ?")) {
            update.setObject(1, session);
            update.setString(2, path);
            assertEquals(1, update.executeUpdate());
        }
    }

    private static HttpResponse<byte[]> delete(UUID session, String path) {
        return send("DELETE", server.base() + "/api/artifacts/" + session + "/" + path, writer(ORG), null);
    }

    private static HttpResponse<byte[]> purge() {
        return send("POST", server.base() + "/api/admin/purge", admin(ORG), null);
    }

    /** Asserts the answer came within the bound and was a 503 problem or, for what may succeed without S3, a 2xx. */
    private static void assertBoundedAnswer(Timed call, Duration bound, String what) {
        System.out.println("outage: " + what + " " + call.status() + " after " + call.took().toMillis() + " ms");
        assertTrue(call.took().compareTo(bound) < 0, what + " answered after " + call.took() + ", over " + bound);
        if (call.status() / 100 != 2) {
            assertProblemOf(call.response(), 503, "service-unavailable");
        }
    }

    /** Checks made while a dependency is broken. */
    private interface Checks {
        void run() throws Exception;
    }

    /** Breaks a dependency ({@code s3::hang}, {@code db::refuse}, ...), runs the checks, and always resumes it. */
    private static void during(Runnable breakIt, TcpProxy proxy, Checks checks) throws Exception {
        breakIt.run();
        try {
            checks.run();
        } finally {
            proxy.resume();
        }
    }

    /** A response and how long it took. */
    private record Timed(HttpResponse<byte[]> response, Duration took) {
        int status() {
            return response.statusCode();
        }
    }

    private static Timed timed(Supplier<HttpResponse<byte[]>> call) {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = call.get();
        return new Timed(response, Duration.ofNanos(System.nanoTime() - start));
    }

    private static void assertUnavailableWithin(Timed call, Duration bound, String what) {
        // Measured answer times, for the record (failsafe's output): "outage: <what> <status> after <ms> ms".
        System.out.println("outage: " + what + " " + call.status() + " after " + call.took().toMillis() + " ms");
        assertProblemOf(call.response(), 503, "service-unavailable");
        assertNotNull(header(call.response(), "Retry-After"), what + ": Retry-After");
        assertTrue(call.took().compareTo(bound) < 0, what + " answered 503 after " + call.took() + ", over " + bound);
    }

    private static UUID createSession(String title) {
        HttpResponse<byte[]> response = send("POST", server.base() + "/api/sessions", writer(ORG),
            ("{\"title\":\"" + title + "\"}").getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
        assertEquals(201, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return UUID.fromString(json(response).getString("session_id"));
    }

    private static HttpResponse<byte[]> upload(UUID session, String path, byte[] body) {
        return put(server.base() + uploadUrl(session, path), writer(ORG), body);
    }

    private static HttpResponse<byte[]> download(UUID session, String path) {
        return get(server.base() + downloadUrl(session, path), writer(ORG));
    }

    /** Polls the download every 100 ms after the dependency's return; asserts it serves within the bound. */
    private static void assertRecovers(UUID session, String path, byte[] expected) throws InterruptedException {
        long start = System.nanoTime();
        HttpResponse<byte[]> last;
        do {
            last = download(session, path);
            if (last.statusCode() == 200) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() - start < RECOVERY_BOUND.toNanos() * 3);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(200, last.statusCode(), "still failing " + took + " after the return: "
            + new String(last.body(), StandardCharsets.UTF_8));
        assertArrayEquals(expected, last.body());
        System.out.println("outage: served again " + took.toMillis() + " ms after the return");
        assertTrue(took.compareTo(RECOVERY_BOUND) < 0, "served again only " + took + " after the return");
        assertEquals(200, get(server.base() + "/health/ready", null).statusCode());
    }

    /**
     * After an outage: the operator's reconciliation runs, then every row has its object, every object (but the
     * session's kept bundle copy) its row, and no write intent is left (read through the S3 API, so it holds on
     * any S3 endpoint).
     */
    private static void assertDatabaseAndBucketAgree() throws Exception {
        HttpResponse<byte[]> reconcile = send("POST", server.base() + "/api/admin/reconcile", operator(null), null);
        assertEquals(200, reconcile.statusCode(), new String(reconcile.body(), StandardCharsets.UTF_8));
        TreeSet<String> rows = new TreeSet<>();
        try (Connection connection = outageDatabase(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery(
                "SELECT storage_path FROM artifacts UNION ALL SELECT storage_path FROM artifact_versions")) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM write_intents")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "write intents left after the outage and reconciliation");
            }
        }
        TreeSet<String> objects = new TreeSet<>();
        objectKeys(bucket, "").stream().filter(key -> !key.endsWith("/bundle.zip")).forEach(objects::add);
        assertEquals(rows, objects, "rows and objects after the outage");
    }

    @Test
    void whileS3HangsWhatNeedsItIs503WithinBoundsTheRestIsServedAndItRecovers() throws Exception {
        UUID session = createSession("s3 hangs");
        byte[] template = "resource \"null_resource\" \"a\" {}\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, upload(session, "terraform/main.tf", template).statusCode());

        during(s3::hang, s3, () -> {
            assertUnavailableWithin(timed(() -> download(session, "terraform/main.tf")), REQUEST_BOUND, "download");
            assertUnavailableWithin(timed(() -> upload(session, "terraform/late.tf", template)), REQUEST_BOUND,
                "upload");
            Timed ready = timed(() -> get(server.base() + "/health/ready", null));
            System.out.println("outage: readiness (S3 hung) " + ready.status() + " after " + ready.took().toMillis()
                + " ms");
            assertEquals(503, ready.status(), "readiness while S3 hangs");
            assertTrue(ready.took().compareTo(READY_BOUND) < 0, "readiness answered after " + ready.took());
            Timed list = timed(() -> get(server.base() + "/api/artifacts/list/" + session, writer(ORG)));
            assertEquals(200, list.status(), "listing needs no S3");
            assertTrue(list.took().compareTo(REQUEST_BOUND) < 0);
            assertEquals(200, get(server.base() + "/health/live", null).statusCode());
        });
        assertRecovers(session, "terraform/main.tf", template);
        assertDatabaseAndBucketAgree();
    }

    @Test
    void whilePostgresqlHangsRequestsAre503WithinBoundsLivenessStaysUpAndItRecovers() throws Exception {
        UUID session = createSession("database hangs");
        byte[] readme = "# database outage\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, upload(session, "README.md", readme).statusCode());

        during(db::hang, db, () -> {
            assertUnavailableWithin(timed(() -> download(session, "README.md")), REQUEST_BOUND, "download");
            assertUnavailableWithin(timed(() -> upload(session, "terraform/late.tf", readme)), REQUEST_BOUND,
                "upload");
            assertUnavailableWithin(timed(() -> get(server.base() + "/api/artifacts/list/" + session, writer(ORG))),
                REQUEST_BOUND, "list");
            Timed ready = timed(() -> get(server.base() + "/health/ready", null));
            System.out.println("outage: readiness (PostgreSQL hung) " + ready.status() + " after "
                + ready.took().toMillis() + " ms");
            assertEquals(503, ready.status(), "readiness while PostgreSQL hangs");
            assertTrue(ready.took().compareTo(READY_BOUND) < 0, "readiness answered after " + ready.took());
            assertEquals(200, get(server.base() + "/health/live", null).statusCode());
        });
        assertRecovers(session, "README.md", readme);
        assertDatabaseAndBucketAgree();
    }

    @Test
    void aDownloadWhoseObjectStreamStallsIsCutShortWithinBoundsNeverEndedCleanly() throws Exception {
        UUID session = createSession("stalled stream");
        byte[] archive = new byte[24 * 1024 * 1024];
        new Random(7).nextBytes(archive);
        assertEquals(201, upload(session, "lambda/big.zip", archive).statusCode());

        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(server.base() + downloadUrl(session, "lambda/big.zip")))
            .header("Authorization", "Bearer " + writer(ORG)).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        long start;
        long received = 0;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            received += body.readNBytes(buffer, 0, buffer.length);
            s3.hang();
            start = System.nanoTime();
            long total = received;
            IOException cut = assertThrows(IOException.class, () -> {
                long count = total;
                for (int n; (n = body.read(buffer)) >= 0; ) {
                    count += n;
                }
                throw new AssertionError("the body ended cleanly after " + count + " of " + archive.length + " bytes");
            });
            assertNotNull(cut);
        } finally {
            s3.resume();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("outage: stalled download cut after " + took.toMillis() + " ms");
        assertTrue(took.compareTo(REQUEST_BOUND) < 0, "the stalled download was cut only after " + took);
        assertRecovers(session, "lambda/big.zip", archive);
    }

    @Test
    void whenS3RefusesConnectionsRequestsAre503AtOnceAndListsStillWork() throws Exception {
        UUID session = createSession("s3 refuses");
        byte[] csv = "service,monthly\nlambda,1.20\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, upload(session, "pricing/cost.csv", csv).statusCode());
        during(s3::refuse, s3, () -> {
            assertUnavailableWithin(timed(() -> download(session, "pricing/cost.csv")), REQUEST_BOUND, "download");
            JsonObject list = json(get(server.base() + "/api/artifacts/list/" + session, writer(ORG)));
            TreeSet<String> paths = new TreeSet<>();
            for (JsonValue artifact : list.getJsonArray("artifacts")) {
                paths.add(artifact.asJsonObject().getString("path"));
            }
            assertEquals(new TreeSet<>(java.util.List.of("pricing/cost.csv")), paths);
        });
        assertRecovers(session, "pricing/cost.csv", csv);
        assertDatabaseAndBucketAgree();
    }

    @Test
    void whileTheTokenKeyCannotBeReadReadinessIsDownAndSaysWhy() throws Exception {
        java.nio.file.Path away = publicKey.resolveSibling("public.pem.away");
        java.nio.file.Files.move(publicKey, away);
        try {
            HttpResponse<byte[]> ready = get(server.base() + "/health/ready", null);
            assertEquals(503, ready.statusCode(), "readiness while the verification key cannot be read");
            String tokens = json(ready).getJsonArray("checks").getJsonObject(0).getJsonObject("data")
                .getString("tokens");
            assertTrue(tokens.startsWith("DOWN: verification key location") && tokens.contains("cannot be read"),
                tokens);
        } finally {
            java.nio.file.Files.move(away, publicKey);
        }
        HttpResponse<byte[]> ready = get(server.base() + "/health/ready", null);
        assertEquals(200, ready.statusCode(), new String(ready.body(), StandardCharsets.UTF_8));
        assertEquals("UP", json(ready).getJsonArray("checks").getJsonObject(0).getJsonObject("data")
            .getString("tokens"));
    }

    @Test
    void whileS3HangsBundlesDeletesAndPurgesAnswerWithinBoundsAndChangeNothing() throws Exception {
        UUID session = createSession("s3 hangs: bundle, delete, purge");
        byte[] main = "resource \"null_resource\" \"b\" {}\n".getBytes(StandardCharsets.UTF_8);
        byte[] old = "expired\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, upload(session, "terraform/main.tf", main).statusCode());
        assertEquals(201, upload(session, "terraform/gone.tf", old).statusCode());
        assertEquals(201, upload(session, "terraform/old.tf", old).statusCode());
        expire(session, "terraform/old.tf");

        during(s3::hang, s3, () -> {
            assertUnavailableWithin(timed(() -> get(server.base() + "/api/artifacts/bundle/" + session, writer(ORG))),
                REQUEST_BOUND, "bundle");
            // The row stays until its object is gone (API.md: 204 means both are gone), so the call can be repeated.
            assertUnavailableWithin(timed(() -> delete(session, "terraform/gone.tf")), REQUEST_BOUND, "delete");
            assertBoundedAnswer(timed(OutageIT::purge), REQUEST_BOUND, "purge");
        });
        assertRecovers(session, "terraform/main.tf", main);
        // The held DELETE may still reach S3 after the return; repeating the call completes it either way.
        assertEquals(204, delete(session, "terraform/gone.tf").statusCode());
        assertEquals(404, download(session, "terraform/gone.tf").statusCode());
        // The purge (now, or again after the return) takes the expired one.
        assertEquals(200, purge().statusCode());
        assertEquals(404, download(session, "terraform/old.tf").statusCode());
        java.util.Map<String, byte[]> bundle = SampleSessionIT.unzip(
            get(server.base() + "/api/artifacts/bundle/" + session, writer(ORG)).body());
        assertEquals(java.util.Set.of("terraform/main.tf"), bundle.keySet());
        assertArrayEquals(main, bundle.get("terraform/main.tf"));
        assertDatabaseAndBucketAgree();
    }

    @Test
    void whilePostgresqlHangsDeletesAndPurgesAre503WithinBoundsAndChangeNothing() throws Exception {
        UUID session = createSession("database hangs: delete, purge");
        byte[] main = "resource \"null_resource\" \"c\" {}\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, upload(session, "terraform/main.tf", main).statusCode());
        assertEquals(201, upload(session, "terraform/old.tf", main).statusCode());
        expire(session, "terraform/old.tf");

        during(db::hang, db, () -> {
            assertUnavailableWithin(timed(() -> delete(session, "terraform/main.tf")), REQUEST_BOUND, "delete (db)");
            assertUnavailableWithin(timed(() -> get(server.base() + "/api/artifacts/bundle/" + session, writer(ORG))),
                REQUEST_BOUND, "bundle (db)");
            assertUnavailableWithin(timed(OutageIT::purge), REQUEST_BOUND, "purge (db)");
        });
        assertRecovers(session, "terraform/main.tf", main);
        assertEquals(200, purge().statusCode());
        assertEquals(404, download(session, "terraform/old.tf").statusCode());
        assertDatabaseAndBucketAgree();
    }

    @Test
    void whenPostgresqlRefusesConnectionsRequestsAre503AtOnceAndItRecovers() throws Exception {
        UUID session = createSession("database refuses");
        byte[] readme = "# refused\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, upload(session, "README.md", readme).statusCode());
        during(db::refuse, db, () -> {
            assertUnavailableWithin(timed(() -> download(session, "README.md")), REQUEST_BOUND, "download (db refused)");
            assertUnavailableWithin(timed(() -> upload(session, "terraform/late.tf", readme)), REQUEST_BOUND,
                "upload (db refused)");
            assertEquals(200, get(server.base() + "/health/live", null).statusCode());
        });
        assertRecovers(session, "README.md", readme);
        assertDatabaseAndBucketAgree();
    }

    /**
     * Ends every session PostgreSQL holds for this server, as a database restart (or a failover) does: each pooled
     * connection's next statement meets FATAL 57P01. Returns how many sessions were ended.
     */
    private static int endDatabaseSessions() throws java.sql.SQLException {
        try (Connection connection = outageDatabase(); java.sql.PreparedStatement end = connection.prepareStatement(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ? "
                + "AND pid <> pg_backend_pid()");
             java.sql.PreparedStatement left = connection.prepareStatement(
                 "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            end.setString(1, database);
            left.setString(1, database);
            int ended;
            try (java.sql.ResultSet row = end.executeQuery()) {
                row.next();
                ended = row.getInt(1);
            }
            awaitCondition(Duration.ofSeconds(5), "the ended sessions to be gone", () -> {
                try (java.sql.ResultSet row = left.executeQuery()) {
                    return row.next() && row.getInt(1) == 0;
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            return ended;
        }
    }

    /** Serves a few requests at once, so that the pool holds several connections. */
    private static void warmPool(UUID session, String path) throws Exception {
        java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> download(session, path)));
        }
        for (var call : calls) {
            assertEquals(200, call.get().statusCode());
        }
    }

    @Test
    void afterADatabaseRestartReadinessDownloadsAndLinksAreServedAtOnceAndOtherCallsWithinTwoTries() throws Exception {
        UUID session = createSession("database restart");
        byte[] template = "AWSTemplateFormatVersion: '2010-09-09'\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, upload(session, "cloudformation/stack.yaml", template).statusCode());

        warmPool(session, "cloudformation/stack.yaml");
        assertTrue(endDatabaseSessions() > 0, "the pool held connections");
        // Readiness pings again on a new connection when its own was dead: a restart does not take the instance out.
        HttpResponse<byte[]> ready = get(server.base() + "/health/ready", null);
        assertEquals(200, ready.statusCode(), new String(ready.body(), StandardCharsets.UTF_8));

        warmPool(session, "cloudformation/stack.yaml");
        assertTrue(endDatabaseSessions() > 0, "the pool held connections");
        // The reads behind a download and a link run again on a new connection when theirs was dead.
        HttpResponse<byte[]> download = download(session, "cloudformation/stack.yaml");
        assertEquals(200, download.statusCode(), new String(download.body(), StandardCharsets.UTF_8));
        assertArrayEquals(template, download.body());

        warmPool(session, "cloudformation/stack.yaml");
        assertTrue(endDatabaseSessions() > 0, "the pool held connections");
        HttpResponse<byte[]> link = get(server.base() + "/api/artifacts/download-url/" + session
            + "/cloudformation/stack.yaml", writer(ORG));
        assertEquals(200, link.statusCode(), new String(link.body(), StandardCharsets.UTF_8));
        assertArrayEquals(template, HTTP.send(HttpRequest.newBuilder(URI.create(json(link).getString("download_url")))
            .build(), HttpResponse.BodyHandlers.ofByteArray()).body(), "the link's bytes");

        // Any other call that meets a dead connection is a 503 with Retry-After (never a 500), and the pool drops
        // every connection then, so the next try is served.
        for (String path : java.util.List.of("/api/artifacts/list/" + session, "/api/sessions/" + session)) {
            warmPool(session, "cloudformation/stack.yaml");
            assertTrue(endDatabaseSessions() > 0, "the pool held connections");
            HttpResponse<byte[]> first = get(server.base() + path, writer(ORG));
            System.out.println("outage: " + path + " after a database restart: " + first.statusCode());
            if (first.statusCode() != 200) {
                assertProblemOf(first, 503, "service-unavailable");
                assertNotNull(header(first, "Retry-After"), path + ": Retry-After");
                assertEquals(200, get(server.base() + path, writer(ORG)).statusCode(), path + ", second try");
            }
        }
        warmPool(session, "cloudformation/stack.yaml");
        assertTrue(endDatabaseSessions() > 0, "the pool held connections");
        HttpResponse<byte[]> upload = upload(session, "cloudformation/after.yaml", template);
        System.out.println("outage: upload after a database restart: " + upload.statusCode());
        if (upload.statusCode() != 201) {
            assertProblemOf(upload, 503, "service-unavailable");
            assertEquals(201, upload(session, "cloudformation/after.yaml", template).statusCode(), "second try");
        }
        assertArrayEquals(template, download(session, "cloudformation/after.yaml").body());
        assertDatabaseAndBucketAgree();
    }

    @Test
    void aConnectionToS3CutInTheMiddleOfAReplacementKeepsTheOldVersionAndLeavesNothingHalfWritten() throws Exception {
        UUID session = createSession("cut mid-upload");
        byte[] replacement = firstVersionAndReplacement(session, "lambda/big.zip", 16 * 1024 * 1024, 11);
        // Once 4 MiB of the body have gone (and the upload has begun), every open connection to S3 is reset.
        HttpResponse<byte[]> response = uploadCutMidway(session, "lambda/big.zip", replacement, s3::cut);
        System.out.println("outage: upload cut mid-transfer " + response.statusCode());
        assertProblemOf(response, 503, "service-unavailable");
        assertArrayEquals(FIRST_VERSION, download(session, "lambda/big.zip").body(), "the old version is still served");
        assertDatabaseAndBucketAgree();
    }

    @Test
    void anUploadThatS3StopsTakingIs503WithinBoundsAndKeepsTheOldVersion() throws Exception {
        UUID session = createSession("s3 stops taking an upload");
        // Far more than the socket buffers between the service and the proxy hold (TcpProxy.RECEIVE_BUFFER and the
        // service's send buffer, at most 4 MiB here), so the service's write blocks.
        byte[] replacement = firstVersionAndReplacement(session, "lambda/stalled.zip", 40 * 1024 * 1024, 19);
        // With a Content-Length (one streamed PUT) the proxy stops relaying after 4 MiB; chunked (a multipart upload
        // of 8 MiB parts) after 12 MiB, while the second part fills.
        for (boolean knownLength : new boolean[] {true, false}) {
            String what = knownLength ? "upload with a length" : "chunked upload";
            long[] hungAt = new long[1];
            HttpResponse<byte[]> response;
            try {
                response = uploadCutMidway(session, "lambda/stalled.zip", replacement,
                    (knownLength ? 4 : 12) * 1024 * 1024, knownLength, () -> {
                        s3.hang();
                        hungAt[0] = System.nanoTime();
                    });
            } finally {
                // The held connections end as a dead link's do, reset, rather than being relayed on after the
                // return: S3Proxy's filesystem store mishandles an abort that arrives while a part is still being
                // written (it keeps the late part, or the whole upload, and answers every later abort with
                // NoSuchUpload: seen in a CI run, and reproduced with S3Proxy alone).
                s3.cut();
                s3.resume();
            }
            Timed answer = new Timed(response, Duration.ofNanos(System.nanoTime() - hungAt[0]));
            assertUnavailableWithin(answer, REQUEST_BOUND, what + " that S3 stopped taking (time since it stopped)");
            assertRecovers(session, "lambda/stalled.zip", FIRST_VERSION);
        }
        // The chunked upload's parts are aborted beside the failed request (that abort may be one of the requests the
        // proxy held and reset, or be refused while the circuit is open); what that leaves, the operator's
        // reconciliation aborts. Reconciliation is repeated until nothing is left (S3's documentation says to abort
        // again when a part was still arriving): no unfinished multipart upload, nothing stored under the upload's
        // staging key (S3Proxy keeps parts as objects).
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        java.util.List<String> unfinished = new java.util.ArrayList<>();
        String report;
        do {
            HttpResponse<byte[]> reconcile = send("POST", server.base() + "/api/admin/reconcile", operator(null), null);
            report = new String(reconcile.body(), StandardCharsets.UTF_8);
            assertEquals(200, reconcile.statusCode(), report);
            unfinished.clear();
            s3().listMultipartUploads(b -> b.bucket(bucket)).uploads().forEach(u -> unfinished.add(u.key()));
            objectKeys(bucket, "").stream().filter(key -> key.contains(session + "/staging/"))
                .forEach(unfinished::add);
            if (unfinished.isEmpty()) {
                break;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        assertEquals(java.util.List.of(), unfinished, "unfinished multipart uploads after 30 s; last report " + report);
        assertDatabaseAndBucketAgree();
    }

    @Test
    void aMultipartUploadWhoseAbortDidNotGetThroughIsAbortedByTheNextReconciliation() throws Exception {
        UUID session = createSession("abort that did not get through");
        // What a chunked upload leaves when S3 was down for its abort too: an upload with one part, and the write
        // intent of its key (a failed upload keeps its intents while S3 is unavailable).
        String key = "organizations/" + ORG + "/sessions/" + session + "/staging/" + UUID.randomUUID();
        String uploadId = s3().createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        s3().uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(1),
            software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[64 * 1024]));
        try (Connection connection = outageDatabase(); java.sql.PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO write_intents (storage_key, organization_id, started_at) VALUES (?, ?, now())")) {
            insert.setString(1, key);
            insert.setObject(2, ORG);
            assertEquals(1, insert.executeUpdate());
        }
        java.util.function.Supplier<java.util.List<String>> unfinished = () -> s3().listMultipartUploads(
            b -> b.bucket(bucket)).uploads().stream().map(u -> u.uploadId()).toList();
        assertTrue(unfinished.get().contains(uploadId), "the endpoint lists the unfinished upload: " + unfinished.get());

        // This server's grace period is 0 s: the intent is older than it, so the write died.
        HttpResponse<byte[]> reconcile = send("POST", server.base() + "/api/admin/reconcile", operator(null), null);
        assertEquals(200, reconcile.statusCode(), new String(reconcile.body(), StandardCharsets.UTF_8));
        assertTrue(json(reconcile).getJsonNumber("unfinished_uploads_aborted").longValue() >= 1,
            new String(reconcile.body(), StandardCharsets.UTF_8));
        assertTrue(!unfinished.get().contains(uploadId), "still unfinished: " + unfinished.get());
        assertTrue(objectKeys(bucket, "").stream().noneMatch(k -> k.contains(key)), "parts left: "
            + objectKeys(bucket, ""));
        assertDatabaseAndBucketAgree();
    }

    @Test
    void aSlowS3IsNotAnOutageEveryByteArrives() throws Exception {
        UUID session = createSession("slow s3");
        byte[] archive = new byte[1024 * 1024];
        new Random(13).nextBytes(archive);
        assertEquals(201, upload(session, "lambda/slow.zip", archive).statusCode());
        during(() -> s3.slow(20), s3, () -> {
            // About 2.6 s for 1 MiB in 8 KiB chunks: slower than any single timeout, but never stalled.
            Timed slowDownload = timed(() -> download(session, "lambda/slow.zip"));
            System.out.println("outage: slow download " + slowDownload.status() + " after "
                + slowDownload.took().toMillis() + " ms");
            assertEquals(200, slowDownload.status());
            assertArrayEquals(archive, slowDownload.response().body());
            assertEquals(201, upload(session, "lambda/slow-copy.zip", archive).statusCode());
            java.util.Map<String, byte[]> bundle = SampleSessionIT.unzip(
                get(server.base() + "/api/artifacts/bundle/" + session, writer(ORG)).body());
            assertArrayEquals(archive, bundle.get("lambda/slow-copy.zip"));
        });
        assertDatabaseAndBucketAgree();
    }

    @Test
    void aConnectionToPostgresqlCutInTheMiddleOfAnUploadLeavesNothingHalfWritten() throws Exception {
        UUID session = createSession("database cut mid-upload");
        byte[] replacement = firstVersionAndReplacement(session, "lambda/db-cut.zip", 8 * 1024 * 1024, 17);
        // The upload's store transaction (which holds the path lock and will write the row) loses its connection
        // while the bytes go to S3.
        HttpResponse<byte[]> response = uploadCutMidway(session, "lambda/db-cut.zip", replacement, db::cut);
        System.out.println("outage: upload with its database connection cut " + response.statusCode());
        assertProblemOf(response, 503, "service-unavailable");
        assertRecovers(session, "lambda/db-cut.zip", FIRST_VERSION);
        assertDatabaseAndBucketAgree();
    }

    /**
     * Uploads {@link #FIRST_VERSION} to {@code path} and returns {@code size} random bytes (from {@code seed}) to
     * replace it with.
     */
    private static byte[] firstVersionAndReplacement(UUID session, String path, int size, long seed) {
        assertEquals(201, upload(session, path, FIRST_VERSION).statusCode());
        byte[] replacement = new byte[size];
        new Random(seed).nextBytes(replacement);
        return replacement;
    }

    /** {@link #uploadCutMidway(UUID, String, byte[], int, boolean, Runnable)} after 4 MiB, with a Content-Length. */
    private static HttpResponse<byte[]> uploadCutMidway(UUID session, String path, byte[] bytes, Runnable cut)
            throws IOException, InterruptedException {
        return uploadCutMidway(session, path, bytes, 4 * 1024 * 1024, true, cut);
    }

    /**
     * Uploads {@code bytes} to {@code path} as one streamed body (with a Content-Length, or chunked without one) and
     * runs {@code cut} in the middle: once {@code cutAfter} bytes have gone and the upload's write intent is
     * committed (its store transaction then holds its path lock and sends the bytes to S3). The client reads ahead
     * of the network, so the body alone does not say the server has begun. Asserts that the cut happened.
     */
    private static HttpResponse<byte[]> uploadCutMidway(UUID session, String path, byte[] bytes, int cutAfter,
            boolean knownLength, Runnable cut) throws IOException, InterruptedException {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        InputStream body = new java.io.ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                if (pos >= cutAfter && done.compareAndSet(false, true)) {
                    awaitIntent(session);
                    cut.run();
                }
                return super.read(b, off, Math.min(len, 64 * 1024));
            }
        };
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(server.base() + uploadUrl(session, path)))
            .header("Authorization", "Bearer " + writer(ORG)).header("Content-Type", "application/zip")
            .timeout(Duration.ofSeconds(60))
            .PUT(knownLength
                ? HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body),
                    bytes.length)
                : HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertTrue(done.get(), "the cut happened");
        return response;
    }

    /** Waits (at most 30 s) until an upload into {@code session} has committed its write intent. */
    private static void awaitIntent(UUID session) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection connection = outageDatabase(); java.sql.PreparedStatement query = connection.prepareStatement(
            "SELECT count(*) FROM write_intents WHERE storage_key LIKE ?")) {
            query.setString(1, "%/sessions/" + session + "/%");
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        Thread.sleep(200);
                        return;
                    }
                }
                Thread.sleep(20);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("the upload never recorded its write intent");
    }

    @Test
    void aSlowPostgresqlIsNotAnOutage() throws Exception {
        UUID session = createSession("slow database");
        byte[] readme = "# slow database\n".getBytes(StandardCharsets.UTF_8);
        during(() -> db.slow(50), db, () -> {
            // Every chunk to or from PostgreSQL waits 50 ms: slower than usual, never stalled past a timeout.
            Timed uploaded = timed(() -> upload(session, "README.md", readme));
            System.out.println("outage: upload (slow database) " + uploaded.status() + " after "
                + uploaded.took().toMillis() + " ms");
            assertEquals(201, uploaded.status());
            Timed listed = timed(() -> get(server.base() + "/api/artifacts/list/" + session, writer(ORG)));
            assertEquals(200, listed.status());
            assertEquals(1, json(listed.response()).getInt("total_count"));
            assertArrayEquals(readme, download(session, "README.md").body());
        });
        assertDatabaseAndBucketAgree();
    }
}
