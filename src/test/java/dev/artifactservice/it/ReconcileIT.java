package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The reconciler deletes only what a write of this service half-did (an object whose write intent is older than
 * the grace period and that has no row), and leaves every object that no row and no intent explains, however
 * old: a second database on the same bucket, or a database restored from before some uploads, deletes nothing.
 * An operator deletes unexplained objects with an explicit, audited call. Objects are reached only through the S3
 * API. The service here is a server of its own ({@link ExtraServer}) with a database and a bucket of its own, so a
 * reconciliation walks only this test's objects, not the whole suite's.
 */
class ReconcileIT extends ItBase {

    private static final String BUCKET = "artifacts-reconcile";
    private static String firstDatabase;
    private static ExtraServer first;

    @BeforeAll
    static void startFirstServer() throws Exception {
        firstDatabase = createDatabase("reconcile");
        s3().createBucket(b -> b.bucket(BUCKET));
        first = ExtraServer.create("first", Map.of(
            "ARTIFACTS_DB_URL", jdbcUrl(firstDatabase),
            "ARTIFACTS_S3_BUCKET", BUCKET,
            "ARTIFACTS_RECONCILE_ON_START", "false",
            "ARTIFACTS_PURGE_INTERVAL_SECONDS", "0"));
        first.awaitStarted(first.launch());
        first.awaitReady(Duration.ofMinutes(3));
    }

    @AfterAll
    static void stopFirstServer() throws Exception {
        try {
            if (first != null) {
                first.stop();
            }
        } finally {
            dropDatabase(firstDatabase);
        }
    }

    private static Connection firstDatabase() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(firstDatabase), "postgres", "local");
    }

    @Test
    void uploadsReleaseTheirWriteIntents() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = createSession(first.base(), org, "intents");
        assertEquals(201, put(first.base() + uploadUrl(session, "terraform/main.tf"), writer(org), "one".getBytes()).statusCode());
        assertEquals(200, put(first.base() + uploadUrl(session, "terraform/main.tf"), writer(org), "two".getBytes()).statusCode());
        // A refused upload (the precondition fails before any byte is written) releases its intents too.
        assertEquals(412, put(first.base() + uploadUrl(session, "terraform/main.tf"), writer(org), "three".getBytes(),
            "If-None-Match", "*").statusCode());
        assertEquals(0, intentsUnder(prefix(org, session)), "no intent outlives its upload");
        assertEquals(List.of(key(org, session, "terraform/main.tf")), withoutVersions(keysUnder(prefix(org, session))),
            "the replacement's staging object is gone (the replaced bytes are kept as a version)");
    }

    @Test
    void onlyHalfWrittenObjectsAreDeletedAndUnexplainedOnesAreReportedAndKept() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = createSession(first.base(), org, "reconcile");
        assertEquals(201, put(first.base() + uploadUrl(session, "terraform/main.tf"), writer(org), "main".getBytes()).statusCode());
        assertEquals(201, put(first.base() + uploadUrl(session, "terraform/lost.tf"), writer(org), "lost".getBytes()).statusCode());
        s3().deleteObject(b -> b.bucket(BUCKET).key(key(org, session, "terraform/lost.tf")));

        // A crash between S3 and the row, simulated: the object and its intent, two hours old, and no row.
        String crashed = key(org, session, "terraform/crashed.tf");
        String crashedStaging = prefix(org, session) + "staging/" + UUID.randomUUID();
        putObject(crashed, "crashed");
        putObject(crashedStaging, "crashed replacement");
        recordIntent(crashed, org, Duration.ofHours(2));
        recordIntent(crashedStaging, org, Duration.ofHours(2));
        // An intent whose write never reached S3.
        String neverWritten = key(org, session, "terraform/never.tf");
        recordIntent(neverWritten, org, Duration.ofHours(2));
        // A write in flight: its intent is fresh.
        String inFlight = key(org, session, "terraform/in-flight.tf");
        putObject(inFlight, "in flight");
        recordIntent(inFlight, org, Duration.ZERO);
        // Objects nothing explains: written by another database's service, or before a restore. Never deleted.
        String foreign = key(org, session, "terraform/foreign.tf");
        putObject(foreign, "foreign");
        String foreignBundle = key(org, UUID.randomUUID(), "bundle.zip");
        putObject(foreignBundle, "another database's session bundle");

        assertEquals(403, send("POST", first.base() + "/api/admin/reconcile", admin(org), null).statusCode(),
            "an organization's administrator cannot reconcile every organization's objects");
        JsonObject report = reconcile(first.base());
        assertTrue(report.getBoolean("ran"), report.toString());
        assertTrue(report.getJsonNumber("orphans_deleted").longValue() >= 2, report.toString());
        assertTrue(report.getJsonNumber("missing_objects").longValue() >= 1, report.toString());
        assertTrue(report.getJsonNumber("unexplained_objects").longValue() >= 2, report.toString());
        assertTrue(report.getJsonNumber("unexplained_bytes").longValue() >= "foreign".length()
            + "another database's session bundle".length(), report.toString());
        assertTrue(report.getJsonArray("unexplained_keys").size() <= 20, report.toString());
        assertEquals((double) report.getJsonNumber("unexplained_objects").longValue(),
            metric("artifacts_reconcile_unexplained_objects"), "the gauge shows the last run's count");

        assertFalse(exists(crashed), "the half-written object is deleted");
        assertFalse(exists(crashedStaging), "the half-written staging object is deleted");
        assertTrue(exists(inFlight), "a write in flight is left alone");
        assertTrue(exists(foreign), "an unexplained object is left alone");
        assertTrue(exists(foreignBundle), "another database's stored bundle is left alone");
        assertEquals(1, intentsUnder(prefix(org, session)), "only the fresh intent remains");
        assertTrue(first.log().contains(foreign), "the log names the unexplained keys");
        assertEquals(2, json(get(first.base() + "/api/artifacts/list/" + session, writer(org))).getInt("total_count"),
            "rows are never deleted by the reconciler");
        assertEquals("main", new String(get(first.base() + downloadUrl(session, "terraform/main.tf"), writer(org)).body(),
            StandardCharsets.UTF_8));

        // The operator's explicit deletion: only what is still unexplained, each one audited.
        String body = Json.createObjectBuilder().add("keys", Json.createArrayBuilder()
            .add(foreign).add(key(org, session, "terraform/main.tf")).add(inFlight).add(foreignBundle)
            .add("elsewhere/file.txt").add(key(org, session, "terraform/absent.tf"))).build().toString();
        assertEquals(403, send("POST", first.base() + "/api/admin/reconcile/delete-unexplained", admin(org),
            body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json").statusCode());
        HttpResponse<byte[]> deletion = send("POST", first.base() + "/api/admin/reconcile/delete-unexplained", operator(null),
            body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
        assertEquals(200, deletion.statusCode(), new String(deletion.body(), StandardCharsets.UTF_8));
        JsonObject deleted = json(deletion);
        assertEquals(Set.of(foreign, foreignBundle), strings(deleted.getJsonArray("deleted")), deleted.toString());
        Map<String, String> kept = new HashMap<>();
        for (JsonValue value : deleted.getJsonArray("kept")) {
            kept.put(value.asJsonObject().getString("key"), value.asJsonObject().getString("reason"));
        }
        assertTrue(kept.get(key(org, session, "terraform/main.tf")).contains("row"), kept.toString());
        assertTrue(kept.get(inFlight).contains("intent"), kept.toString());
        assertTrue(kept.get("elsewhere/file.txt").contains("layout"), kept.toString());
        assertTrue(kept.get(key(org, session, "terraform/absent.tf")).contains("no such object"), kept.toString());
        assertFalse(exists(foreign));
        assertTrue(exists(key(org, session, "terraform/main.tf")));
        assertTrue(exists(inFlight));
        List<String> audited = json(get(first.base() + "/api/audit?session_id=" + session, admin(org))).getJsonArray("events")
            .stream().map(JsonValue::asJsonObject)
            .filter(event -> event.getString("action").equals("delete-unexplained-object"))
            .map(event -> event.getString("path") + " by " + event.getString("actor")).toList();
        assertEquals(List.of("terraform/foreign.tf by operator"), audited);

        assertProblemOf(allowingInvalidRequest(() -> send("POST", first.base() + "/api/admin/reconcile/delete-unexplained",
            operator(null), "{\"keys\": []}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json")),
            400, "bad-request");
    }

    /**
     * A second service instance with a database of its own on this bucket reconciles at start with no grace: it
     * deletes nothing of the first database's. It then plays a database restored from before two of its own
     * uploads (their rows gone, as the backup never had them): their objects are kept and reported, never deleted.
     */
    @Test
    void onlyMultipartUploadsWhoseWriteDiedAreAborted() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = createSession(first.base(), org, "multipart");
        // A chunked upload that failed while S3 was down, its abort lost too: its intent is two hours old.
        String died = prefix(org, session) + "staging/" + UUID.randomUUID();
        // A chunked upload in flight: its intent is fresh.
        String inFlight = prefix(org, session) + "staging/" + UUID.randomUUID();
        // An upload no intent explains (another database's service on this bucket), which S3Proxy reports as
        // initiated now: left alone.
        String foreign = prefix(org, session) + "staging/" + UUID.randomUUID();
        Map<String, String> uploads = new java.util.HashMap<>();
        for (String key : List.of(died, inFlight, foreign)) {
            String id = s3().createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
            s3().uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(id).partNumber(1),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(key.getBytes()));
            uploads.put(key, id);
        }
        recordIntent(died, org, Duration.ofHours(2));
        recordIntent(inFlight, org, Duration.ZERO);

        JsonObject report = reconcile(first.base());
        assertEquals(1, report.getJsonNumber("unfinished_uploads_aborted").longValue(), report.toString());
        Set<String> unfinished = new java.util.TreeSet<>();
        s3().listMultipartUploads(b -> b.bucket(BUCKET)).uploads().forEach(u -> unfinished.add(u.key()));
        assertEquals(false, unfinished.contains(died), unfinished.toString());
        assertEquals(true, unfinished.contains(inFlight) && unfinished.contains(foreign), unfinished.toString());
        for (String key : List.of(inFlight, foreign)) {
            s3().abortMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(uploads.get(key)));
        }
        try (Connection db = firstDatabase(); PreparedStatement delete = db.prepareStatement(
                "DELETE FROM write_intents WHERE storage_key = ?")) {
            delete.setString(1, inFlight);
            delete.executeUpdate();
        }
    }

    @Test
    void aSecondDatabaseOnTheSameBucketAndARestoredDatabaseDeleteNothing() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = createSession(first.base(), org, "first database");
        assertEquals(201, put(first.base() + uploadUrl(session, "terraform/main.tf"), writer(org), "first".getBytes()).statusCode());
        Set<String> before = allKeys();

        String database = createDatabase("second");
        ExtraServer second = null;
        try {
            second = ExtraServer.create("second", Map.of(
                "ARTIFACTS_DB_URL", jdbcUrl(database),
                "ARTIFACTS_S3_BUCKET", BUCKET,
                "ARTIFACTS_RECONCILE_ON_START", "true",
                "ARTIFACTS_RECONCILE_GRACE_SECONDS", "0",
                "ARTIFACTS_PURGE_INTERVAL_SECONDS", "0"));
            second.awaitStarted(second.launch());
            second.awaitReady(Duration.ofMinutes(3));
            String line = awaitLine(second, Pattern.compile("Reconciliation at start: (ReconcileReport\\[.*])"));
            assertTrue(line.contains("orphansDeleted=0,"), line);
            assertTrue(line.contains("unexplainedObjects=") && !line.contains("unexplainedObjects=0,"), line);
            Set<String> after = allKeys();
            for (String key : before) {
                // Stale staging objects of writes that died are the only thing a reconciler may take here.
                assertTrue(after.contains(key) || key.contains("/staging/"), "the second database deleted " + key);
            }
            assertEquals("first", new String(get(first.base() + downloadUrl(session, "terraform/main.tf"), writer(org)).body(),
                StandardCharsets.UTF_8));

            // The second database's own session, then a "restore" to before two of its uploads.
            UUID own = UUID.fromString(json(send("POST", second.base() + "/api/sessions", writer(org),
                "{\"title\":\"second database\"}".getBytes(StandardCharsets.UTF_8), "Content-Type",
                "application/json")).getString("session_id"));
            for (String path : List.of("terraform/a.tf", "terraform/b.tf", "terraform/c.tf")) {
                assertEquals(201, put(second.base() + uploadUrl(own, path), writer(org), path.getBytes())
                    .statusCode());
            }
            try (Connection db = DriverManager.getConnection(jdbcUrl(database), "postgres", "local");
                 Statement statement = db.createStatement()) {
                assertEquals(0, count(statement, "SELECT count(*) FROM write_intents"), "intents released");
                statement.executeUpdate("DELETE FROM artifacts WHERE path IN ('terraform/b.tf', 'terraform/c.tf')");
            }
            JsonObject report = reconcile(second.base());
            assertEquals(0, report.getJsonNumber("orphans_deleted").longValue(), report.toString());
            for (String path : List.of("terraform/a.tf", "terraform/b.tf", "terraform/c.tf")) {
                assertTrue(exists(key(org, own, path)), path + " kept");
            }
            Matcher atStart = Pattern.compile("unexplainedObjects=(\\d+),").matcher(line);
            assertTrue(atStart.find(), line);
            assertEquals(Long.parseLong(atStart.group(1)) + 2, report.getJsonNumber("unexplained_objects").longValue(),
                "the two uploads the restored database lost are counted as unexplained: " + report);
        } finally {
            if (second != null) {
                second.stop();
            }
            dropDatabase(database);
        }
        assertTrue(allKeys().containsAll(before.stream().filter(key -> !key.contains("/staging/")).toList()));
    }

    private static JsonObject reconcile(String base) {
        HttpResponse<byte[]> response = send("POST", base + "/api/admin/reconcile", operator(null), null);
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return json(response);
    }

    private static String awaitLine(ExtraServer server, Pattern pattern) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            Matcher matcher = pattern.matcher(server.log());
            if (matcher.find()) {
                return matcher.group(1);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no line matching " + pattern + " in " + server.name() + "'s log");
    }

    private static String prefix(UUID org, UUID session) {
        return "organizations/" + org + "/sessions/" + session + "/";
    }

    private static String key(UUID org, UUID session, String path) {
        return prefix(org, session) + "artifacts/" + path;
    }

    private static void putObject(String key, String content) {
        s3().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(content));
    }

    private static boolean exists(String key) {
        try {
            s3().headObject(b -> b.bucket(BUCKET).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static List<String> keysUnder(String prefix) {
        return objectKeys(BUCKET, prefix);
    }

    private static Set<String> allKeys() {
        return new HashSet<>(keysUnder("organizations/"));
    }

    private static void recordIntent(String key, UUID org, Duration age) throws SQLException {
        try (Connection db = firstDatabase(); PreparedStatement statement = db.prepareStatement(
            "INSERT INTO write_intents (storage_key, organization_id, started_at) VALUES (?, ?, now() - ?::interval)")) {
            statement.setString(1, key);
            statement.setObject(2, org);
            statement.setString(3, age.toSeconds() + " seconds");
            statement.executeUpdate();
        }
    }

    private static long intentsUnder(String prefix) throws SQLException {
        try (Connection db = firstDatabase(); PreparedStatement statement = db.prepareStatement(
            "SELECT count(*) FROM write_intents WHERE starts_with(storage_key, ?)")) {
            statement.setString(1, prefix);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> strings(jakarta.json.JsonArray array) {
        Set<String> values = new HashSet<>();
        array.forEach(value -> values.add(((jakarta.json.JsonString) value).getString()));
        return values;
    }

    private static double metric(String name) {
        String metrics = new String(get(first.base() + "/metrics?scope=application", null).body(),
            StandardCharsets.UTF_8);
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
            .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
