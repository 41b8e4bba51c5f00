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
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outages that hang rather than refuse: a Liberty server of its own (database and bucket of its own) reaches
 * PostgreSQL and the S3 endpoint through {@link TcpProxy} proxies, which the tests hang, refuse and resume
 * mid-traffic. With the default settings, every request that needs S3 gets a 503 problem within 10 s (one that
 * needs a hung PostgreSQL within {@link #DATABASE_REQUEST_BOUND}), every request that does not is served, {@code /health/ready} says DOWN within 3 s, the service serves
 * again within 5 s of the dependency's return, and afterwards the database and the bucket agree. The times are
 * bounds on a broken dependency, not speed targets.
 */
class OutageIT extends ItBase {

    private static final String BUCKET = "artifacts-outage";
    private static final UUID ORG = UUID.randomUUID();
    /** The bounds: a request that needs a hung dependency, readiness, and recovery. */
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(10);
    private static final Duration READY_BOUND = Duration.ofMillis(3500);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(5);
    /**
     * What a request that needs a hung PostgreSQL costs today: EclipseLink retries a read that failed on a
     * connection up to three more times (its query retry count, which only a SessionCustomizer can change, and
     * Liberty hides EclipseLink's API from applications deployed in dropins), each bounded by the JDBC timeouts;
     * measured about 26 s. Over the 10 s target: the closing note of issue 13 says so.
     */
    private static final Duration DATABASE_REQUEST_BOUND = Duration.ofSeconds(40);

    private static String database;
    private static TcpProxy s3;
    private static TcpProxy db;
    private static ExtraServer server;

    @BeforeAll
    static void startBehindProxies() throws Exception {
        database = "outage_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = database(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        Files.createDirectories(bucketDir());
        s3 = TcpProxy.start(Integer.getInteger("it.s3.port"));
        db = TcpProxy.start(Integer.getInteger("it.db.port"));
        server = ExtraServer.create("outage", java.util.Map.of(
            "ARTIFACTS_DB_URL", "jdbc:postgresql://localhost:" + db.port() + "/" + database,
            "ARTIFACTS_S3_ENDPOINT", "http://127.0.0.1:" + s3.port(),
            "ARTIFACTS_S3_BUCKET", BUCKET,
            // Only this test's reconciliation, after each outage, with no grace: nothing else writes here.
            "ARTIFACTS_RECONCILE_ON_START", "false",
            "ARTIFACTS_RECONCILE_GRACE_SECONDS", "0",
            "ARTIFACTS_PURGE_INTERVAL_SECONDS", "0"));
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

    private static Path bucketDir() {
        return dataDir().resolve("s3").resolve(BUCKET);
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
     * After an outage: the operator's reconciliation runs, then every row has its object and every object
     * (but the session's kept bundle copy) its row.
     */
    private static void assertDatabaseAndBucketAgree() throws Exception {
        HttpResponse<byte[]> reconcile = send("POST", server.base() + "/api/admin/reconcile", operator(null), null);
        assertEquals(200, reconcile.statusCode(), new String(reconcile.body(), StandardCharsets.UTF_8));
        TreeSet<String> rows = new TreeSet<>();
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:"
                + System.getProperty("it.db.port") + "/" + database, "postgres", "local");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT storage_path FROM artifacts")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        TreeSet<String> objects = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(bucketDir())) {
            walk.filter(Files::isRegularFile).map(p -> bucketDir().relativize(p).toString())
                .filter(key -> !key.endsWith("/bundle.zip")).forEach(objects::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(rows, objects, "rows and objects after the outage");
    }

    @Test
    void whileS3HangsWhatNeedsItIs503WithinBoundsTheRestIsServedAndItRecovers() throws Exception {
        UUID session = createSession("s3 hangs");
        byte[] template = "resource \"null_resource\" \"a\" {}\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, upload(session, "terraform/main.tf", template).statusCode());

        s3.hang();
        try {
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
        } finally {
            s3.resume();
        }
        assertRecovers(session, "terraform/main.tf", template);
        assertDatabaseAndBucketAgree();
    }

    @Test
    void whilePostgresqlHangsRequestsAre503WithinBoundsLivenessStaysUpAndItRecovers() throws Exception {
        UUID session = createSession("database hangs");
        byte[] readme = "# database outage\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, upload(session, "README.md", readme).statusCode());

        db.hang();
        try {
            assertUnavailableWithin(timed(() -> download(session, "README.md")), DATABASE_REQUEST_BOUND, "download");
            assertUnavailableWithin(timed(() -> upload(session, "terraform/late.tf", readme)), DATABASE_REQUEST_BOUND,
                "upload");
            assertUnavailableWithin(timed(() -> get(server.base() + "/api/artifacts/list/" + session, writer(ORG))),
                DATABASE_REQUEST_BOUND, "list");
            Timed ready = timed(() -> get(server.base() + "/health/ready", null));
            System.out.println("outage: readiness (PostgreSQL hung) " + ready.status() + " after "
                + ready.took().toMillis() + " ms");
            assertEquals(503, ready.status(), "readiness while PostgreSQL hangs");
            assertTrue(ready.took().compareTo(READY_BOUND) < 0, "readiness answered after " + ready.took());
            assertEquals(200, get(server.base() + "/health/live", null).statusCode());
        } finally {
            db.resume();
        }
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
        s3.refuse();
        try {
            assertUnavailableWithin(timed(() -> download(session, "pricing/cost.csv")), REQUEST_BOUND, "download");
            JsonObject list = json(get(server.base() + "/api/artifacts/list/" + session, writer(ORG)));
            TreeSet<String> paths = new TreeSet<>();
            for (JsonValue artifact : list.getJsonArray("artifacts")) {
                paths.add(artifact.asJsonObject().getString("path"));
            }
            assertEquals(new TreeSet<>(java.util.List.of("pricing/cost.csv")), paths);
        } finally {
            s3.resume();
        }
        assertRecovers(session, "pricing/cost.csv", csv);
        assertDatabaseAndBucketAgree();
    }
}
