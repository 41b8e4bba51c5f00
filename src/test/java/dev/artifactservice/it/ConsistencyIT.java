package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The database and S3 stay in agreement: failed row writes remove their object, the reconciler cleans up
 * after crashes, concurrent writers of one path end with one consistent artifact, and every action is in
 * the audit trail.
 */
class ConsistencyIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();

    /** The bytes of an artifact's object in the test server's bucket, or null when there is none. */
    private static byte[] object(UUID org, UUID session, String path) {
        return objectBytes(TEST_BUCKET, artifactKey(org, session, path));
    }

    @Test
    void failedRowWriteRemovesTheStoredObject() throws Exception {
        UUID session = createSession(ORG, "atomic");
        try (Connection db = database(); Statement statement = db.createStatement()) {
            statement.execute("CREATE OR REPLACE FUNCTION refuse_poison() RETURNS trigger AS $$ BEGIN "
                + "RAISE EXCEPTION 'refused by test'; END; $$ LANGUAGE plpgsql");
            statement.execute("CREATE TRIGGER refuse_poison BEFORE INSERT ON artifacts FOR EACH ROW "
                + "WHEN (NEW.path = 'lambda/poison.py') EXECUTE FUNCTION refuse_poison()");
        }
        try {
            HttpResponse<byte[]> response = put(uploadUrl(session, "lambda/poison.py"), writer(ORG), "x".getBytes());
            assertTrue(response.statusCode() >= 500, "the row could not be written: " + response.statusCode());
            assertTrue(header(response, "Content-Type").startsWith("application/problem+json"));
            String correlationId = json(response).getString("correlation_id");
            assertEquals(correlationId, header(response, "X-Correlation-Id"));
            String log = Files.readString(Path.of("target/liberty/wlp/usr/servers", System.getProperty("it.server.name"),
                "logs/messages.log"));
            assertEquals(1, log.split(java.util.regex.Pattern.quote("[correlation id " + correlationId + "]"), -1).length
                - 1, "the failure is logged once, under the id the client got");
            assertNull(object(ORG, session, "lambda/poison.py"), "the object was removed");
            assertTrue(sessionObjectKeys(ORG, session).isEmpty(), "nothing else either: " + sessionObjectKeys(ORG, session));
            assertEquals(0, json(get("/api/artifacts/list/" + session, writer(ORG))).getInt("total_count"));
        } finally {
            try (Connection db = database(); Statement statement = db.createStatement()) {
                statement.execute("DROP TRIGGER refuse_poison ON artifacts");
            }
        }
        assertEquals(201, put(uploadUrl(session, "lambda/poison.py"), writer(ORG), "x".getBytes()).statusCode());
    }

    @Test
    void missingAndAlteredObjectsAreNamedCountedAuditedAndNeverServedAsGood() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "damaged");
        byte[] original = "resource \"null_resource\" \"original\" {}\n".getBytes();
        byte[] altered = "resource \"null_resource\" \"ALTERED!\" {}\n".getBytes();
        assertEquals(original.length, altered.length);
        assertEquals(201, put(uploadUrl(session, "terraform/main.tf"), writer(org), original).statusCode());
        // Other bytes than main.tf's: the bundle below fetches both at once, and the in-memory cache (keyed by
        // SHA-256) would otherwise answer for the missing one with the other's verified bytes.
        assertEquals(201, put(uploadUrl(session, "terraform/gone.tf"), writer(org),
            ("# " + UUID.randomUUID() + "\n").getBytes()).statusCode());
        double before = damagedCount("missing") + damagedCount("altered");

        // A missing object: the bundle (before its first byte) and a pre-signed link answer a problem naming it.
        deleteObject(TEST_BUCKET, artifactKey(org, session, "terraform/gone.tf"));
        JsonObject bundleProblem = assertProblemOf(get("/api/artifacts/bundle/" + session, writer(org),
            "Cache-Control", "no-cache"), 500, "damaged-artifact");
        assertTrue(bundleProblem.getString("detail").contains("terraform/gone.tf"), bundleProblem.toString());
        JsonObject linkProblem = assertProblemOf(get("/api/artifacts/download-url/" + session + "/terraform/gone.tf",
            writer(org)), 500, "damaged-artifact");
        assertTrue(linkProblem.getString("detail").contains("missing"), linkProblem.toString());

        // An object changed behind the service's back, same size: a small one (wholly held back) is a problem...
        // (uploaded after the bundle above, which may have put main.tf's verified bytes in the in-memory cache)
        byte[] changed = "resource \"null_resource\" \"changed!\" {}\n".getBytes();
        assertEquals(altered.length, changed.length);
        assertEquals(201, put(uploadUrl(session, "terraform/changed.tf"), writer(org), changed).statusCode());
        putObject(TEST_BUCKET, artifactKey(org, session, "terraform/changed.tf"), altered);
        assertProblemOf(get(downloadUrl(session, "terraform/changed.tf"), writer(org)), 500, "damaged-artifact");
        // ...a large one has started when the mismatch shows: its last bytes are withheld and the connection cut.
        byte[] archive = new byte[300_000];
        new Random(11).nextBytes(archive);
        assertEquals(201, put(uploadUrl(session, "lambda/build.zip"), writer(org), archive).statusCode());
        archive[archive.length - 1] ^= 1;
        putObject(TEST_BUCKET, artifactKey(org, session, "lambda/build.zip"), archive);
        java.io.UncheckedIOException cut = assertThrows(java.io.UncheckedIOException.class,
            () -> get(downloadUrl(session, "lambda/build.zip"), writer(org)),
            "a download of altered bytes must not end cleanly");
        assertTrue(cut.getCause() instanceof java.io.IOException);
        // A range cannot be verified, but the whole file is never handed out as good.
        assertEquals(206, get(downloadUrl(session, "lambda/build.zip"), writer(org), "Range", "bytes=0-3")
            .statusCode());

        List<String> damaged = new ArrayList<>();
        for (JsonValue event : json(get("/api/audit?session_id=" + session, admin(org))).getJsonArray("events")) {
            if (event.asJsonObject().getString("action").equals("damaged-object")) {
                damaged.add(event.asJsonObject().getString("path"));
            }
        }
        assertTrue(damaged.containsAll(List.of("terraform/gone.tf", "terraform/changed.tf", "lambda/build.zip")),
            damaged.toString());
        assertTrue(damagedCount("missing") + damagedCount("altered") >= before + 4,
            "counted: " + (damagedCount("missing") + damagedCount("altered") - before));
    }

    @Test
    void aLinkIsSignedAfterOneHeadPerObjectWithinTheRecheckWindow() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "recheck");
        String link = "/api/artifacts/download-url/" + session + "/terraform/main.tf";
        assertEquals(201, put(uploadUrl(session, "terraform/main.tf"), writer(org), "# one\n".getBytes()).statusCode());
        long heads = s3Requests("HeadObject"::equals);
        assertEquals(200, get(link, writer(org)).statusCode());
        assertEquals(heads + 1, s3Requests("HeadObject"::equals), "the first link asks S3 whether the object is there");
        assertEquals(200, get(link, writer(org)).statusCode());
        assertEquals(heads + 1, s3Requests("HeadObject"::equals), "found within artifacts.presign.recheck-seconds");

        // Replaced: other bytes (another SHA-256) are another object to look for, though the key is the same.
        assertEquals(200, put(uploadUrl(session, "terraform/main.tf"), writer(org), "# two\n".getBytes()).statusCode());
        heads = s3Requests("HeadObject"::equals);
        String url = json(get(link, writer(org))).getString("download_url");
        assertEquals(heads + 1, s3Requests("HeadObject"::equals));
        assertEquals("# two\n", new String(get(url, null).body()));

        // Lost behind the service's back within the window: the link is signed, and S3 answers it with 404, as it
        // would a link signed just before the loss (README, artifacts.presign.recheck-seconds).
        deleteObject(TEST_BUCKET, artifactKey(org, session, "terraform/main.tf"));
        url = json(get(link, writer(org))).getString("download_url");
        assertEquals(404, get(url, null).statusCode());
    }

    /** {@code artifacts_damaged_objects_total{kind=...}} from {@code /metrics}. */
    private static double damagedCount(String kind) {
        return metric("artifacts_damaged_objects_total", "kind=\"" + kind + "\"");
    }

    @Test
    void eightConcurrentUploadsOfOnePathEndWithOneConsistentArtifact() throws Exception {
        UUID session = createSession(ORG, "race");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<byte[]> bodies = new ArrayList<>();
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            byte[] body = new byte[256 * 1024 + i];
            new Random(i).nextBytes(body);
            bodies.add(body);
            results.add(pool.submit(() -> put(uploadUrl(session, "lambda/race.zip"), writer(ORG), body).statusCode()));
        }
        int created = 0;
        for (Future<Integer> result : results) {
            int status = result.get();
            assertTrue(status == 201 || status == 200, "status " + status);
            created += status == 201 ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, created, "exactly one upload created the artifact, the others replaced it");
        String rowSha;
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(
            "SELECT count(*), max(sha256) FROM artifacts WHERE session_id = ?")) {
            query.setObject(1, session);
            ResultSet rows = query.executeQuery();
            rows.next();
            assertEquals(1, rows.getInt(1));
            rowSha = rows.getString(2);
        }
        byte[] object = object(ORG, session, "lambda/race.zip");
        assertNotNull(object, "the artifact's object exists");
        assertEquals(rowSha, sha256(object), "the object's bytes hash to the row's sha256");
        assertTrue(bodies.stream().anyMatch(b -> sha256(b).equals(rowSha)), "and they are one client's bytes");
        assertEquals(List.of(artifactKey(ORG, session, "lambda/race.zip")),
            withoutVersions(sessionObjectKeys(ORG, session)),
            "no staging leftovers (the replaced bytes are kept as versions)");
    }

    @Test
    void concurrentDeleteAndDownloadGiveOldBytesOrACleanNotFound() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        byte[] body = new byte[4 * 1024 * 1024];
        new Random(9).nextBytes(body);
        for (int round = 0; round < 5; round++) {
            UUID session = createSession(ORG, "delete race " + round);
            assertEquals(201, put(uploadUrl(session, "lambda/pkg.zip"), writer(ORG), body).statusCode());
            List<Callable<HttpResponse<byte[]>>> downloads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                downloads.add(() -> get(downloadUrl(session, "lambda/pkg.zip"), writer(ORG)));
            }
            Future<HttpResponse<byte[]>> delete = pool.submit(() ->
                send("DELETE", "/api/artifacts/" + session + "/lambda/pkg.zip", writer(ORG), null));
            for (Future<HttpResponse<byte[]>> result : pool.invokeAll(downloads)) {
                HttpResponse<byte[]> response = result.get();
                if (response.statusCode() == 200) {
                    assertArrayEquals(body, response.body(), "a download that starts completes with the old bytes");
                } else {
                    assertEquals(404, response.statusCode());
                    assertTrue(header(response, "Content-Type").startsWith("application/problem+json"));
                }
            }
            assertEquals(204, delete.get().statusCode());
        }
        pool.shutdown();
    }

    @Test
    void deletingASessionWhileUploadsRunLeavesNothingBehind() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(5);
        byte[] body = new byte[2 * 1024 * 1024];
        new Random(5).nextBytes(body);
        for (int round = 0; round < 3; round++) {
            UUID session = createSession(ORG, "delete while uploading " + round);
            List<Future<Integer>> uploads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String path = "lambda/part-" + i + ".zip";
                uploads.add(pool.submit(() -> put(uploadUrl(session, path), writer(ORG), body).statusCode()));
            }
            // Not a wait for anything: the delete starts 0, 20 or 40 ms into the uploads, so that the rounds race it
            // against uploads at different stages; every outcome is checked below.
            Thread.sleep(20L * round);
            Future<Integer> delete = pool.submit(() ->
                send("DELETE", "/api/sessions/" + session, writer(ORG), null).statusCode());
            for (Future<Integer> upload : uploads) {
                int status = upload.get();
                assertTrue(status == 201 || status == 404, "an upload either landed before the delete or found "
                    + "the session gone: " + status);
            }
            assertEquals(204, (int) delete.get());
            assertTrue(sessionObjectKeys(ORG, session).isEmpty(),
                "no object outlives its session: " + sessionObjectKeys(ORG, session));
            assertEquals(404, get("/api/sessions/" + session, writer(ORG)).statusCode());
        }
        pool.shutdown();
    }

    @Test
    void everyActionIsInTheAuditTrailOfItsOrganizationOnly() {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "audited");
        String writer = token(org, "carol", READ, WRITE);
        assertEquals(201, put(uploadUrl(session, "README.md"), writer, "# audited\n".getBytes()).statusCode());
        assertEquals(200, get(downloadUrl(session, "README.md"), writer).statusCode());
        assertEquals(200, get("/api/artifacts/bundle/" + session, writer).statusCode());
        assertEquals(200, get("/api/artifacts/download-url/" + session + "/README.md", writer).statusCode());
        assertEquals(204, send("DELETE", "/api/artifacts/" + session + "/README.md", writer, null).statusCode());
        assertEquals(204, send("DELETE", "/api/sessions/" + session, writer, null).statusCode());

        String admin = token(org, "auditor", "artifacts.admin");
        JsonObject page = json(get("/api/audit?session_id=" + session, admin));
        List<String> actions = new ArrayList<>();
        for (JsonValue value : page.getJsonArray("events")) {
            JsonObject event = value.asJsonObject();
            actions.add(event.getString("action"));
            assertEquals("carol", event.getString("actor"));
            assertEquals(org.toString(), event.getString("organization_id"));
            assertTrue(event.getString("client_address").contains("127.0.0.1")
                || event.getString("client_address").contains(":"), event.toString());
        }
        assertEquals(List.of("upload", "download", "bundle", "presign", "delete", "delete-session"), actions);
        JsonObject upload = page.getJsonArray("events").getJsonObject(0);
        assertEquals("README.md", upload.getString("path"));
        assertEquals(10, upload.getInt("bytes"));
        assertEquals(0, json(get("/api/audit?since=2999-01-01", admin)).getJsonArray("events").size());
        assertEquals(0, json(get("/api/audit?session_id=" + session, token(UUID.randomUUID(), "x",
            "artifacts.admin"))).getJsonArray("events").size(), "another organization's admin sees nothing");
        assertEquals(400, get("/api/audit?since=yesterday", admin).statusCode());
    }
}
