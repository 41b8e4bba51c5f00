package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * Retention: artifacts expire at upload time plus the session's, organization's or default retention, are
 * invisible (404, left out of lists, bundles and totals) from then on, are purged (object and row) in batches by
 * concurrent purges, and are never purged while kept; pre-signed links never outlive the artifact.
 */
class RetentionIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();

    // --- helpers ------------------------------------------------------------------------------

    /** Makes the artifact expired a minute ago, as time passing would. */
    private static void expire(UUID session, String path) throws SQLException {
        setExpiry(session, path, Instant.now().minus(1, ChronoUnit.MINUTES));
    }

    private static void setExpiry(UUID session, String path, Instant expiresAt) throws SQLException {
        try (Connection db = database(); PreparedStatement update = db.prepareStatement(
            "UPDATE artifacts SET expires_at = ? WHERE session_id = ? AND path = ?")) {
            update.setObject(1, OffsetDateTime.ofInstant(expiresAt, java.time.ZoneOffset.UTC));
            update.setObject(2, session);
            update.setString(3, path);
            assertEquals(1, update.executeUpdate(), "row of " + path);
        }
    }

    private static int rowCount(UUID session, String path) throws SQLException {
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(
            "SELECT count(*) FROM artifacts WHERE session_id = ?" + (path == null ? "" : " AND path = ?"))) {
            query.setObject(1, session);
            if (path != null) {
                query.setString(2, path);
            }
            ResultSet rs = query.executeQuery();
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<String> objects(UUID org, UUID session) {
        return sessionObjectKeys(org, session);
    }

    private static String objectKey(UUID org, UUID session, String path) {
        return artifactKey(org, session, path);
    }

    private static JsonObject purge(UUID org) {
        HttpResponse<byte[]> response = send("POST", "/api/admin/purge", admin(org), null);
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return json(response);
    }

    private static UUID createSession(UUID org, JsonObject body) {
        HttpResponse<byte[]> response = send("POST", "/api/sessions", writer(org),
            body.toString().getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
        assertEquals(201, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return UUID.fromString(json(response).getString("session_id"));
    }

    private static JsonObject upload(UUID org, UUID session, String path, String body, String query) {
        HttpResponse<byte[]> response = put(uploadUrl(session, path) + query, writer(org),
            body.getBytes(StandardCharsets.UTF_8));
        assertTrue(response.statusCode() == 201 || response.statusCode() == 200,
            response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
        return json(response);
    }

    private static List<String> zipEntries(byte[] zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    private static Instant instant(JsonObject json, String name) {
        return json.isNull(name) ? null : Instant.parse(json.getString(name));
    }

    // --- visibility ---------------------------------------------------------------------------

    @Test
    void expiredArtifactIs404OnDownloadHeadPresignKeepAndDelete() throws Exception {
        UUID session = createSession(ORG, "expired endpoints");
        upload(ORG, session, "terraform/old.tf", "old", "");
        expire(session, "terraform/old.tf");
        String w = writer(ORG);
        assertProblemOf(get(downloadUrl(session, "terraform/old.tf"), w), 404, "not-found");
        HttpResponse<byte[]> head = send("HEAD", downloadUrl(session, "terraform/old.tf"), w, null);
        assertEquals(404, head.statusCode());
        assertProblemOf(get("/api/artifacts/download-url/" + session + "/terraform/old.tf", w), 404, "not-found");
        assertProblemOf(send("PUT", "/api/artifacts/keep/" + session + "/terraform/old.tf", w, null), 404,
            "not-found");
        assertProblemOf(send("DELETE", "/api/artifacts/" + session + "/terraform/old.tf", w, null), 404, "not-found");
        assertEquals(1, rowCount(session, "terraform/old.tf"), "still there until the purge");
    }

    @Test
    void expiredArtifactIsLeftOutOfListBundleTotalsAndSessionFigures() throws Exception {
        UUID session = createSession(ORG, "expired lists");
        upload(ORG, session, "README.md", "# live\n", "");
        upload(ORG, session, "terraform/old.tf", "expired bytes", "");
        expire(session, "terraform/old.tf");
        String w = writer(ORG);

        JsonObject list = json(get("/api/artifacts/list/" + session, w));
        assertEquals(1, list.getInt("total_count"));
        assertEquals(7, list.getInt("total_size"));
        assertEquals(1, list.getJsonArray("artifacts").size());
        assertEquals("README.md", list.getJsonArray("artifacts").getJsonObject(0).getString("path"));
        assertEquals(0, json(get("/api/artifacts/list/" + session + "?type=terraform", w)).getInt("total_count"));

        HttpResponse<byte[]> bundle = get("/api/artifacts/bundle/" + session, w);
        assertEquals(200, bundle.statusCode());
        assertEquals(List.of("README.md"), zipEntries(bundle.body()));

        JsonObject view = json(get("/api/sessions/" + session, w));
        assertEquals(1, view.getInt("artifact_count"));
        assertEquals(7, view.getInt("total_size"));

        HttpResponse<byte[]> link = get("/api/artifacts/download-url/" + session + "/bundle.zip", w);
        assertEquals(200, link.statusCode(), new String(link.body()));
        HttpResponse<byte[]> stored = get(json(link).getString("download_url"), null);
        assertEquals(200, stored.statusCode());
        assertEquals(List.of("README.md"), zipEntries(stored.body()), "the stored bundle leaves it out too");
    }

    @Test
    void uploadToThePathOfAnExpiredArtifactCreatesANewArtifact() throws Exception {
        UUID session = createSession(ORG, "reuse path");
        JsonObject first = upload(ORG, session, "lambda/handler.py", "old", "");
        expire(session, "lambda/handler.py");
        HttpResponse<byte[]> again = put(uploadUrl(session, "lambda/handler.py"), writer(ORG), "new".getBytes(),
            "If-None-Match", "*");
        assertEquals(201, again.statusCode(), "the expired artifact counts as absent: "
            + new String(again.body()));
        assertTrue(instant(json(again), "created_at").isAfter(instant(first, "created_at")), "created anew");
        assertArrayEquals("new".getBytes(), get(downloadUrl(session, "lambda/handler.py"), writer(ORG)).body());
        assertEquals(List.of(objectKey(ORG, session, "lambda/handler.py")), objects(ORG, session),
            "no staging copy left behind");
        assertEquals(1, rowCount(session, "lambda/handler.py"));
    }

    // --- where the expiry comes from ------------------------------------------------------------

    @Test
    void expiryComesFromTheSessionThenTheOrganizationThenTheDefault() {
        UUID org = UUID.randomUUID();
        UUID inherit = createSession(org, "inherits");
        JsonObject forever = upload(org, inherit, "README.md", "x", "");
        assertTrue(forever.isNull("expires_at"), "the IT server's default keeps forever: " + forever);
        assertFalse(forever.getBoolean("keep"));

        HttpResponse<byte[]> set = send("PUT", "/api/admin/retention", admin(org),
            "{\"retention_days\": 5}".getBytes(), "Content-Type", "application/json");
        assertEquals(200, set.statusCode(), new String(set.body()));
        assertEquals(5, json(set).getInt("retention_days"));
        assertEquals(5, json(get("/api/admin/retention", admin(org))).getInt("effective_retention_days"));
        JsonObject orgDays = upload(org, inherit, "terraform/org.tf", "x", "");
        assertEquals(instant(orgDays, "created_at").plus(5, ChronoUnit.DAYS), instant(orgDays, "expires_at"));

        UUID twoDays = createSession(org, Json.createObjectBuilder().add("title", "two days")
            .add("retention_days", 2).build());
        assertEquals(2, json(get("/api/sessions/" + twoDays, writer(org))).getInt("retention_days"));
        JsonObject sessionDays = upload(org, twoDays, "terraform/s.tf", "x", "");
        assertEquals(instant(sessionDays, "created_at").plus(2, ChronoUnit.DAYS), instant(sessionDays, "expires_at"));

        UUID keepAll = createSession(org, Json.createObjectBuilder().add("title", "forever")
            .add("retention_days", 0).build());
        assertTrue(upload(org, keepAll, "terraform/f.tf", "x", "").isNull("expires_at"), "0 days: forever");

        Instant end = Instant.now().plus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        UUID fixed = createSession(org, Json.createObjectBuilder().add("title", "fixed end")
            .add("expires_at", end.toString()).build());
        assertEquals(end, instant(upload(org, fixed, "terraform/e.tf", "x", ""), "expires_at"));

        JsonObject listed = json(get("/api/artifacts/list/" + twoDays, writer(org))).getJsonArray("artifacts")
            .getJsonObject(0);
        assertEquals(instant(sessionDays, "expires_at"), instant(listed, "expires_at"), "lists show expires_at");
        assertFalse(listed.getBoolean("keep"));

        assertEquals(200, send("PUT", "/api/admin/retention", admin(org), "{\"retention_days\": null}".getBytes(),
            "Content-Type", "application/json").statusCode());
        assertTrue(upload(org, inherit, "terraform/back.tf", "x", "").isNull("expires_at"), "back to the default");
    }

    @Test
    @InvalidRequests("retention_days out of range or not a number, expires_at not a date-time")
    void badRetentionSettingsAre400AndChangeNothing() {
        UUID org = UUID.randomUUID();
        for (String body : List.of("{\"title\":\"t\",\"retention_days\":-1}", "{\"title\":\"t\",\"retention_days\":36501}",
            "{\"title\":\"t\",\"retention_days\":1,\"expires_at\":\"2999-01-01T00:00:00Z\"}",
            "{\"title\":\"t\",\"expires_at\":\"2001-01-01T00:00:00Z\"}", "{\"title\":\"t\",\"expires_at\":\"soon\"}",
            "{\"title\":\"t\",\"retention_days\":\"many\"}")) {
            assertProblemOf(send("POST", "/api/sessions", writer(org), body.getBytes(), "Content-Type",
                "application/json"), 400, "bad-request");
        }
        assertEquals(0, json(get("/api/sessions", writer(org))).getJsonArray("sessions").size(), "no session made");

        assertProblemOf(send("PUT", "/api/admin/retention", admin(org), "{\"retention_days\": -3}".getBytes(),
            "Content-Type", "application/json"), 400, "bad-request");
        assertTrue(json(get("/api/admin/retention", admin(org))).isNull("retention_days"), "unchanged");
        assertEquals(403, send("PUT", "/api/admin/retention", writer(org), "{\"retention_days\": 1}".getBytes(),
            "Content-Type", "application/json").statusCode(), "writers cannot change the organization's retention");
        assertEquals(403, send("POST", "/api/admin/purge", writer(org), null).statusCode());

        UUID session = createSession(org, "bad keep");
        assertProblemOf(put(uploadUrl(session, "README.md") + "?keep=yes", writer(org), "x".getBytes()), 400,
            "bad-request");
        assertEquals(0, json(get("/api/artifacts/list/" + session, writer(org))).getInt("total_count"));
    }

    @Test
    void uploadIntoASessionPastItsEndIs409UnlessKept() throws Exception {
        UUID session = createSession(ORG, Json.createObjectBuilder().add("title", "ending")
            .add("expires_at", Instant.now().plus(1, ChronoUnit.DAYS).toString()).build());
        try (Connection db = database(); PreparedStatement update = db.prepareStatement(
            "UPDATE sessions SET expires_at = now() - interval '1 hour' WHERE session_id = ?")) {
            update.setObject(1, session);
            update.executeUpdate();
        }
        assertProblemOf(put(uploadUrl(session, "README.md"), writer(ORG), "x".getBytes()), 409, "conflict");
        assertTrue(objects(ORG, session).isEmpty());
        HttpResponse<byte[]> kept = put(uploadUrl(session, "README.md") + "?keep=true", writer(ORG), "x".getBytes());
        assertEquals(201, kept.statusCode(), new String(kept.body()));
        assertTrue(json(kept).getBoolean("keep"));
        assertEquals(200, get(downloadUrl(session, "README.md"), writer(ORG)).statusCode());
    }

    // --- pre-signed links ----------------------------------------------------------------------

    @Test
    void presignedLinkIsCappedAtTheArtifactsExpiryAndSaysItsTrueEnd() throws Exception {
        UUID session = createSession(ORG, "presign cap");
        upload(ORG, session, "pricing/estimate.csv", "a,b\n", "");
        upload(ORG, session, "README.md", "# forever\n", "");
        Instant expiry = Instant.now().plusSeconds(120).truncatedTo(ChronoUnit.MICROS);
        setExpiry(session, "pricing/estimate.csv", expiry);

        Instant before = Instant.now();
        JsonObject link = json(get("/api/artifacts/download-url/" + session + "/pricing/estimate.csv?expires_in=3600",
            writer(ORG)));
        int expiresIn = link.getInt("expires_in");
        Instant end = instant(link, "expires_at");
        assertTrue(expiresIn <= 120 && expiresIn >= 100, "capped to the artifact's life: " + link);
        assertFalse(end.isAfter(expiry), end + " is after the artifact's expiry " + expiry);
        assertTrue(end.isAfter(before.plusSeconds(90)), end.toString());
        String url = link.getString("download_url");
        assertTrue(url.contains("X-Amz-Expires=" + expiresIn), "the signature says the same lifetime: " + url);
        assertEquals("a,b\n", new String(get(url, null).body(), StandardCharsets.UTF_8));

        JsonObject uncapped = json(get("/api/artifacts/download-url/" + session + "/README.md?expires_in=3600",
            writer(ORG)));
        assertEquals(3600, uncapped.getInt("expires_in"), "an artifact without expiry gets what was asked");

        JsonObject bundle = json(get("/api/artifacts/download-url/" + session + "/bundle.zip?expires_in=3600",
            writer(ORG)));
        assertTrue(bundle.getInt("expires_in") <= 120, "the bundle's link ends with its first artifact: " + bundle);
        assertFalse(instant(bundle, "expires_at").isAfter(expiry));
    }

    // --- keep and purge -------------------------------------------------------------------------

    @Test
    void keptArtifactSurvivesThePurgeAndExpiresOnceNoLongerKept() throws Exception {
        UUID session = createSession(ORG, "kept");
        JsonObject kept = upload(ORG, session, "diagrams/arch.svg", "<svg/>", "?keep=true");
        assertTrue(kept.getBoolean("keep"));
        assertTrue(kept.isNull("expires_at"), "a kept artifact never expires");
        upload(ORG, session, "terraform/pinned.tf", "pinned", "");
        JsonObject pinned = json(send("PUT", "/api/artifacts/keep/" + session + "/terraform/pinned.tf", writer(ORG),
            null));
        assertTrue(pinned.getBoolean("keep"));
        expire(session, "diagrams/arch.svg");
        expire(session, "terraform/pinned.tf");

        purge(ORG);
        assertEquals(200, get(downloadUrl(session, "diagrams/arch.svg"), writer(ORG)).statusCode());
        assertEquals(200, get(downloadUrl(session, "terraform/pinned.tf"), writer(ORG)).statusCode());
        assertEquals(2, rowCount(session, null));
        assertEquals(2, objects(ORG, session).size());
        assertEquals(200, put(uploadUrl(session, "diagrams/arch.svg"), writer(ORG), "<svg></svg>".getBytes())
            .statusCode());
        assertTrue(json(get("/api/artifacts/list/" + session + "?type=diagram", writer(ORG))).getJsonArray("artifacts")
            .getJsonObject(0).getBoolean("keep"), "a replacement keeps the flag unless told otherwise");

        HttpResponse<byte[]> unkept = send("DELETE", "/api/artifacts/keep/" + session + "/terraform/pinned.tf",
            writer(ORG), null);
        assertEquals(200, unkept.statusCode(), new String(unkept.body()));
        assertFalse(json(unkept).getBoolean("keep"));
        assertTrue(instant(json(unkept), "expires_at").isBefore(Instant.now()), "its upload-time expiry is back");
        assertEquals(404, get(downloadUrl(session, "terraform/pinned.tf"), writer(ORG)).statusCode());
        purge(ORG);
        assertEquals(0, rowCount(session, "terraform/pinned.tf"));
        assertEquals(List.of(objectKey(ORG, session, "diagrams/arch.svg")), withoutVersions(objects(ORG, session)));
        assertEquals(403, send("PUT", "/api/artifacts/keep/" + session + "/diagrams/arch.svg",
            token(ORG, "reader", READ), null).statusCode(), "keeping needs the writer group");
    }

    @Test
    void purgeRemovesTheObjectTheRowAndTheStoredBundleAndAuditsIt() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "purged");
        upload(org, session, "lambda/old.py", "print('old')\n", "");
        upload(org, session, "lambda/live.py", "print('live')\n", "");
        assertEquals(200, get("/api/artifacts/download-url/" + session + "/bundle.zip", writer(org)).statusCode());
        String storedBundle = objectKey(org, session, "bundle.zip");
        assertTrue(objects(org, session).contains(storedBundle));
        expire(session, "lambda/old.py");

        JsonObject report = purge(org);
        assertTrue(report.getInt("artifacts_purged") >= 1, report.toString());
        assertTrue(report.getInt("bytes_purged") >= 13, report.toString());
        assertEquals(0, rowCount(session, "lambda/old.py"));
        assertEquals(List.of(objectKey(org, session, "lambda/live.py")), objects(org, session),
            "the object and the stored bundle holding its bytes are gone; the live artifact stays");

        List<JsonObject> purges = new ArrayList<>();
        for (JsonValue event : json(get("/api/audit?session_id=" + session, admin(org))).getJsonArray("events")) {
            if (event.asJsonObject().getString("action").equals("purge")) {
                purges.add(event.asJsonObject());
            }
        }
        assertEquals(1, purges.size(), purges.toString());
        assertEquals("lambda/old.py", purges.get(0).getString("path"));
        assertEquals(13, purges.get(0).getInt("bytes"));
        assertEquals("artifact-service", purges.get(0).getString("actor"));

        JsonObject again = purge(org);
        assertEquals(0, rowCount(session, "lambda/old.py"), "a second purge finds nothing more: " + again);
    }

    @Test
    void anAdministratorPurgesItsOwnOrganizationOnlyAndAnOperatorEvery() throws Exception {
        UUID own = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID ownSession = createSession(own, "own");
        UUID otherSession = createSession(other, "other");
        upload(own, ownSession, "lambda/a.py", "print('a')\n", "");
        upload(other, otherSession, "lambda/b.py", "print('b')\n", "");
        expire(ownSession, "lambda/a.py");
        expire(otherSession, "lambda/b.py");

        JsonObject report = purge(own);
        assertEquals(own.toString(), report.getString("organization_id"), report.toString());
        assertEquals(0, rowCount(ownSession, "lambda/a.py"), "the administrator's own expired artifact is purged");
        assertEquals(1, rowCount(otherSession, "lambda/b.py"), "another organization's is left alone");
        assertEquals(List.of(objectKey(other, otherSession, "lambda/b.py")), objects(other, otherSession));

        HttpResponse<byte[]> global = send("POST", "/api/admin/purge", operator(null), null);
        assertEquals(200, global.statusCode(), new String(global.body(), StandardCharsets.UTF_8));
        assertTrue(json(global).isNull("organization_id"), "an operator's purge (its token has no org_id) spans every organization");
        assertEquals(0, rowCount(otherSession, "lambda/b.py"));
        assertEquals(List.of(), objects(other, otherSession));
        assertEquals(403, send("POST", "/api/admin/purge", token(own, "someone", READ, WRITE), null).statusCode());
    }

    @Test
    void concurrentPurgesShareTheBatchesAndPurgeEveryArtifactOnce() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "many");
        int count = 230;
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> uploads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String path = "terraform/f" + i + ".tf";
            uploads.add(pool.submit(() -> put(uploadUrl(session, path), writer(org), path.getBytes()).statusCode()));
        }
        for (Future<Integer> upload : uploads) {
            assertEquals(201, (int) upload.get());
        }
        try (Connection db = database(); PreparedStatement update = db.prepareStatement(
            "UPDATE artifacts SET expires_at = now() - interval '1 second' WHERE session_id = ?")) {
            update.setObject(1, session);
            assertEquals(count, update.executeUpdate());
        }

        List<Future<HttpResponse<byte[]>>> purges = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            purges.add(pool.submit(() -> send("POST", "/api/admin/purge", admin(org), null)));
        }
        long purged = 0;
        long batches = 0;
        for (Future<HttpResponse<byte[]>> result : purges) {
            HttpResponse<byte[]> response = result.get();
            assertEquals(200, response.statusCode(), new String(response.body()));
            purged += json(response).getJsonNumber("artifacts_purged").longValue();
            batches += json(response).getInt("batches");
        }
        pool.shutdown();
        assertEquals(count, purged, "both purges of the organization together purged each of its artifacts once");
        assertTrue(batches >= 3, "batches of at most 100: " + batches);
        assertEquals(0, rowCount(session, null));
        assertTrue(objects(org, session).isEmpty(), objects(org, session).toString());

        Set<String> paths = new HashSet<>();
        int events = 0;
        String cursor = null;
        do {
            JsonObject page = json(get("/api/audit?session_id=" + session + (cursor == null ? "" : "&cursor=" + cursor),
                admin(org)));
            for (JsonValue event : page.getJsonArray("events")) {
                if (event.asJsonObject().getString("action").equals("purge")) {
                    events++;
                    paths.add(event.asJsonObject().getString("path"));
                }
            }
            cursor = page.isNull("next_cursor") ? null : page.getString("next_cursor");
        } while (cursor != null);
        assertEquals(count, events, "each artifact purged exactly once");
        assertEquals(count, paths.size());
    }

    @Test
    void scheduledPurgeIsConfiguredAtStart() throws Exception {
        String messages = java.nio.file.Files.readString(java.nio.file.Path.of("target/liberty/wlp/usr/servers",
            System.getProperty("it.server.name"), "logs/messages.log"));
        assertTrue(messages.contains("Expired artifacts are purged every"), "purge schedule log line");
    }
}
