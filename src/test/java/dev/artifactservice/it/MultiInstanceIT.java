package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two more Liberty servers (A and B) from the build's Liberty install, with the same WAR and configuration as
 * the test server, on their own ports, sharing one new PostgreSQL database (created empty here, so both start
 * against an unmigrated schema at the same moment) and one S3 endpoint (a bucket of their own, so their
 * reconcilers never see the other tests' objects). Whatever one instance writes, the other serves; nothing
 * lives in one instance's memory or disk that the other needs.
 */
class MultiInstanceIT extends ItBase {

    private static final String BUCKET = "artifacts-multi";
    private static final UUID ORG = UUID.randomUUID();
    private static final List<ExtraServer> SERVERS = new ArrayList<>();
    private static String database;
    private static ExtraServer a;
    private static ExtraServer b;

    @BeforeAll
    static void startTwoServers() throws Exception {
        database = "multi_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection db = database(); Statement statement = db.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        try {
            s3().createBucket(request -> request.bucket(BUCKET));
        } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException
                 | software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException alreadyThere) {
            // Left by an earlier run on the same data directory: its objects belong to other sessions.
        }
        Map<String, String> environment = Map.of(
            "ARTIFACTS_DB_URL", "jdbc:postgresql://localhost:" + System.getProperty("it.db.port") + "/" + database,
            "ARTIFACTS_S3_BUCKET", BUCKET,
            // The test server does not reconcile at start (its bucket holds the whole suite's objects); these do.
            "ARTIFACTS_RECONCILE_ON_START", "true");
        try {
            a = ExtraServer.create("multiA", environment);
            SERVERS.add(a);
            // B keeps the SDK's aws-chunked body signing over plain HTTP (the suite's server and A send bodies as
            // UNSIGNED-PAYLOAD): the uploads below through B cover that setting against the same S3 endpoint.
            Map<String, String> signing = new HashMap<>(environment);
            signing.put("ARTIFACTS_S3_SIGN_PAYLOAD_OVER_HTTP", "true");
            b = ExtraServer.create("multiB", signing);
            // B has no server.env, so no keystore_password of its own: server.xml's default must keep mpJwt
            // active, or every token B is sent (uploads, lists, bundles below) is refused with 401.
            Files.delete(b.directory().resolve("server.env"));
            SERVERS.add(b);
            // Both at once, so that their Flyway runs and start-up reconciliations race.
            List<Process> starts = new ArrayList<>();
            for (ExtraServer server : SERVERS) {
                starts.add(server.launch());
            }
            for (int i = 0; i < starts.size(); i++) {
                SERVERS.get(i).awaitStarted(starts.get(i));
            }
            for (ExtraServer server : SERVERS) {
                server.awaitReady(Duration.ofMinutes(3));
            }
        } catch (Exception | AssertionError e) {
            try {
                stopServers();
            } catch (Exception | AssertionError suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (ExtraServer server : SERVERS) {
            server.stop();
        }
        SERVERS.clear();
        if (database != null) {
            try (Connection db = database(); Statement statement = db.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
            database = null;
        }
    }

    private static Connection sharedDatabase() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + System.getProperty("it.db.port") + "/"
            + database, "postgres", "local");
    }

    private static String objectKey(UUID session, String path) {
        return "organizations/" + ORG + "/sessions/" + session + "/artifacts/" + path;
    }

    private static boolean objectExists(String key) {
        try {
            s3().headObject(request -> request.bucket(BUCKET).key(key));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void flywayMigratedTheSharedDatabaseOnceWhenBothStartedTogether() throws Exception {
        TreeSet<String> expected = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                .forEach(n -> expected.add(n.substring(1, n.indexOf("__"))));
        }
        assertFalse(expected.isEmpty());
        TreeSet<String> applied = new TreeSet<>();
        try (Connection db = sharedDatabase(); Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, count(*), bool_and(success) "
                 + "FROM flyway_schema_history WHERE version IS NOT NULL GROUP BY version")) {
            while (rows.next()) {
                assertEquals(1, rows.getInt(2), "version " + rows.getString(1) + " applied once");
                assertTrue(rows.getBoolean(3), "version " + rows.getString(1) + " succeeded");
                applied.add(rows.getString(1));
            }
        }
        assertEquals(expected, applied);
        // Each instance logged its own run: together they applied every migration exactly once.
        Pattern appliedNow = Pattern.compile("Database schema at version (\\S+) \\((\\d+) migrations applied now\\)");
        String latest = expected.stream().max(Comparator.comparing(java.math.BigDecimal::new)).orElseThrow();
        int total = 0;
        for (ExtraServer server : SERVERS) {
            Matcher matcher = appliedNow.matcher(server.log());
            assertTrue(matcher.find(), server.name() + " logged its schema check");
            assertEquals(latest, matcher.group(1), server.name() + " sees the latest schema");
            total += Integer.parseInt(matcher.group(2));
        }
        assertEquals(expected.size(), total, "migrations applied by A and B together");
    }

    @Test
    void whatOneInstanceStoresTheOtherListsDownloadsAndBundles() throws Exception {
        UUID session = createSession(a, "written on A");
        Map<String, byte[]> files = new TreeMap<>();
        files.put("README.md", "# Two instances\n".getBytes(StandardCharsets.UTF_8));
        files.put("terraform/main.tf", "resource \"null_resource\" \"x\" {}\n".getBytes(StandardCharsets.UTF_8));
        files.put("lambda/package.zip", randomBytes(300_000, 1));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            assertEquals(201, put(a.base() + uploadUrl(session, file.getKey()), writer(ORG), file.getValue())
                .statusCode());
        }
        JsonObject list = json(get(b.base() + "/api/artifacts/list/" + session, writer(ORG)));
        assertEquals(files.size(), list.getInt("total_count"));
        assertEquals(files.values().stream().mapToLong(f -> f.length).sum(), list.getJsonNumber("total_size")
            .longValue());
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            HttpResponse<byte[]> download = get(b.base() + downloadUrl(session, file.getKey()), writer(ORG));
            assertEquals(200, download.statusCode());
            assertArrayEquals(file.getValue(), download.body(), file.getKey());
            assertEquals("\"" + sha256(file.getValue()) + "\"", header(download, "ETag"));
        }
        HttpResponse<byte[]> bundleB = get(b.base() + "/api/artifacts/bundle/" + session, writer(ORG));
        assertEquals(200, bundleB.statusCode());
        Map<String, byte[]> entries = unzip(bundleB.body());
        assertEquals(files.keySet(), entries.keySet());
        files.forEach((path, bytes) -> assertArrayEquals(bytes, entries.get(path), path));
        HttpResponse<byte[]> bundleA = get(a.base() + "/api/artifacts/bundle/" + session, writer(ORG));
        assertArrayEquals(bundleA.body(), bundleB.body(), "both instances write the same ZIP");
        assertEquals(header(bundleA, "ETag"), header(bundleB, "ETag"));
        // Spans end when their response is done; this request starts after the ones above have ended.
        assertEquals(200, get(a.base() + "/api/artifacts/list/" + session, writer(ORG)).statusCode());
        assertFalse((a.log() + b.log()).contains("artifacts.session_id="),
            "without OTEL_SDK_DISABLED=false no span is exported, even with an exporter named");
    }

    @Test
    void uploadBodiesSignedChunkByChunkAndUnsignedAreStoredByteForByte() throws Exception {
        // A sends bodies to the plain-HTTP endpoint as UNSIGNED-PAYLOAD, B (sign-payload-over-http=true) in
        // aws-chunked form with a signature per 128 KiB chunk; both must reach S3 exactly as the client sent them.
        UUID session = createSession(a, "payload signing");
        byte[] body = randomBytes(3 * 128 * 1024 + 17, 7);
        for (ExtraServer server : List.of(a, b)) {
            String path = "lambda/" + server.name() + ".zip";
            assertEquals(201, put(server.base() + uploadUrl(session, path), writer(ORG), body).statusCode(),
                server.name());
            assertArrayEquals(body, objectBytes(BUCKET, objectKey(session, path)), server.name());
        }
    }

    @Test
    void concurrentUploadsOfOnePathThroughBothInstancesEndWithOneConsistentArtifact() throws Exception {
        UUID session = createSession(a, "race across instances");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<byte[]> bodies = new ArrayList<>();
        List<Future<Integer>> results = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        try {
            for (int i = 0; i < 8; i++) {
                byte[] body = randomBytes(200_000 + i, 100 + i);
                bodies.add(body);
                ExtraServer server = i % 2 == 0 ? a : b;
                results.add(pool.submit(() -> {
                    go.await();
                    return put(server.base() + uploadUrl(session, "lambda/race.zip"), writer(ORG), body).statusCode();
                }));
            }
            go.countDown();
            int created = 0;
            for (Future<Integer> result : results) {
                int status = result.get();
                assertTrue(status == 201 || status == 200, "status " + status);
                created += status == 201 ? 1 : 0;
            }
            assertEquals(1, created, "one upload created the artifact, the other seven replaced it");
        } finally {
            pool.shutdown();
        }
        String rowSha;
        try (Connection db = sharedDatabase(); PreparedStatement query = db.prepareStatement(
            "SELECT count(*), max(sha256) FROM artifacts WHERE session_id = ?")) {
            query.setObject(1, session);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertEquals(1, rows.getInt(1), "one row");
                rowSha = rows.getString(2);
            }
        }
        byte[] object = objectBytes(BUCKET, objectKey(session, "lambda/race.zip"));
        assertNotNull(object, "the artifact's object exists");
        assertEquals(rowSha, sha256(object), "the object's bytes hash to the row's sha256");
        assertTrue(bodies.stream().anyMatch(body -> sha256(body).equals(rowSha)), "one client's bytes");
        assertEquals(List.of(objectKey(session, "lambda/race.zip")),
            withoutVersions(objectKeys(BUCKET, "organizations/" + ORG + "/sessions/" + session + "/")),
            "no staging copy left behind (the replaced bytes are kept as versions)");
        assertArrayEquals(object, get(a.base() + downloadUrl(session, "lambda/race.zip"), writer(ORG)).body());
        assertArrayEquals(object, get(b.base() + downloadUrl(session, "lambda/race.zip"), writer(ORG)).body());
    }

    @Test
    void storedBundleIsRebuiltByOneInstanceAfterAChangeThroughTheOther() throws Exception {
        UUID session = createSession(a, "stored bundle");
        assertEquals(201, put(a.base() + uploadUrl(session, "terraform/main.tf"), writer(ORG),
            "first\n".getBytes(StandardCharsets.UTF_8)).statusCode());
        byte[] before = fetchStoredBundle(a, session);
        assertEquals(Map.of("terraform/main.tf", "first\n"), texts(unzip(before)));
        assertArrayEquals(before, fetchStoredBundle(b, session), "B reuses the bundle A stored");

        assertEquals(201, put(b.base() + uploadUrl(session, "terraform/variables.tf"), writer(ORG),
            "second\n".getBytes(StandardCharsets.UTF_8)).statusCode());
        byte[] after = fetchStoredBundle(a, session);
        assertNotEquals(sha256(before), sha256(after), "A rebuilt the bundle after B's upload");
        assertEquals(Map.of("terraform/main.tf", "first\n", "terraform/variables.tf", "second\n"),
            texts(unzip(after)));
        HttpResponse<byte[]> streamed = get(b.base() + "/api/artifacts/bundle/" + session, writer(ORG));
        assertArrayEquals(streamed.body(), after, "the stored bundle is the ZIP either instance streams");

        // Both instances asked at the same moment after a change: one rebuilds, the other waits and reuses it.
        for (int i = 0; i < 12; i++) {
            assertEquals(201, put(a.base() + uploadUrl(session, "lambda/part-" + i + ".zip"), writer(ORG),
                randomBytes(256 * 1024, 40 + i)).statusCode());
        }
        double rebuildsBefore = storedBundleBuilds(a) + storedBundleBuilds(b);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<byte[]>> fetches = new ArrayList<>();
            for (ExtraServer server : List.of(a, b)) {
                fetches.add(pool.submit(() -> {
                    go.await();
                    return fetchStoredBundle(server, session);
                }));
            }
            go.countDown();
            byte[] first = fetches.get(0).get();
            assertArrayEquals(first, fetches.get(1).get());
            assertEquals(14, unzip(first).size());
        } finally {
            pool.shutdown();
        }
        assertEquals(rebuildsBefore + 1, storedBundleBuilds(a) + storedBundleBuilds(b),
            "one rebuild for two simultaneous requests");
    }

    /** {@code artifacts_bundle_duration_seconds_count{delivery="stored"}} of one server. */
    private static double storedBundleBuilds(ExtraServer server) {
        String metrics = new String(get(server.base() + "/metrics?scope=application", null).body(),
            StandardCharsets.UTF_8);
        return metrics.lines().filter(l -> l.startsWith("artifacts_bundle_duration_seconds_count{")
                && l.contains("delivery=\"stored\""))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static byte[] fetchStoredBundle(ExtraServer server, UUID session) {
        HttpResponse<byte[]> link = get(server.base() + "/api/artifacts/download-url/" + session + "/bundle.zip",
            writer(ORG));
        assertEquals(200, link.statusCode(), new String(link.body(), StandardCharsets.UTF_8));
        HttpResponse<byte[]> zip = get(json(link).getString("download_url"), null);
        assertEquals(200, zip.statusCode());
        return zip.body();
    }

    private static Map<String, String> texts(Map<String, byte[]> entries) {
        Map<String, String> texts = new HashMap<>();
        entries.forEach((path, bytes) -> texts.put(path, new String(bytes, StandardCharsets.UTF_8)));
        return texts;
    }

    @Test
    void reconcileOnBothInstancesAtOnceDeletesEachOrphanOnce() throws Exception {
        UUID session = createSession(a, "reconcile twice");
        assertEquals(201, put(a.base() + uploadUrl(session, "terraform/kept.tf"), writer(ORG),
            "kept".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(201, put(b.base() + uploadUrl(session, "terraform/lost.tf"), writer(ORG),
            "lost".getBytes(StandardCharsets.UTF_8)).statusCode());
        // A write that died between S3 and its row: its object, and its intent two hours old.
        String orphanKey = "organizations/" + ORG + "/sessions/" + session + "/artifacts/terraform/orphan.tf";
        s3().putObject(request -> request.bucket(BUCKET).key(orphanKey),
            software.amazon.awssdk.core.sync.RequestBody.fromString("orphan"));
        try (Connection db = sharedDatabase(); java.sql.PreparedStatement statement = db.prepareStatement(
            "INSERT INTO write_intents (storage_key, organization_id, started_at) "
                + "VALUES (?, ?, now() - interval '2 hours')")) {
            statement.setString(1, orphanKey);
            statement.setObject(2, ORG);
            statement.executeUpdate();
        }
        s3().deleteObject(request -> request.bucket(BUCKET).key(objectKey(session, "terraform/lost.tf")));

        String admin = operator(ORG);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<byte[]>>> calls = new ArrayList<>();
        try {
            for (ExtraServer server : List.of(a, b)) {
                calls.add(pool.submit(() -> {
                    go.await();
                    return send("POST", server.base() + "/api/admin/reconcile", admin, null);
                }));
            }
            go.countDown();
            int ran = 0;
            long deleted = 0;
            for (Future<HttpResponse<byte[]>> call : calls) {
                HttpResponse<byte[]> response = call.get();
                assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
                JsonObject report = json(response);
                if (report.getBoolean("ran")) {
                    ran++;
                    deleted += report.getJsonNumber("orphans_deleted").longValue();
                    assertEquals(1, report.getJsonNumber("missing_objects").longValue(), report.toString());
                } else {
                    assertEquals(0, report.getJsonNumber("orphans_deleted").longValue(), report.toString());
                }
            }
            assertTrue(ran >= 1, "at least one instance reconciled");
            assertEquals(1, deleted, "the orphan was deleted once, by whichever instance held the lock first");
        } finally {
            pool.shutdown();
        }
        assertFalse(objectExists(orphanKey));
        assertTrue(objectExists(objectKey(session, "terraform/kept.tf")));
        String logs = a.log() + b.log();
        assertEquals(1, logs.split(Pattern.quote("Deleted half-written object " + orphanKey + " "), -1).length - 1,
            "one delete logged across both instances");
        assertEquals(2, json(get(b.base() + "/api/artifacts/list/" + session, writer(ORG))).getInt("total_count"),
            "rows are never deleted by the reconciler");
    }

    private static UUID createSession(ExtraServer server, String title) {
        HttpResponse<byte[]> response = send("POST", server.base() + "/api/sessions", writer(ORG),
            ("{\"title\":\"" + title + "\"}").getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
        assertEquals(201, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        String id = json(response).getString("session_id");
        assertNotNull(id);
        return UUID.fromString(id);
    }
}
