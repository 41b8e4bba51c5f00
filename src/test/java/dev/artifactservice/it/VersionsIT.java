package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Versions (issue 16): every replacing upload keeps what it replaced, numbered from 1 per path; the versions list,
 * downloads and pre-signed links of a version with everything a download has, restore, the purge of versions beyond
 * {@code artifacts.versions.keep} (objects too), usage and quota counting version bytes exactly, deletes of an
 * artifact or session removing every version object, and the reconciler explaining version keys. Mostly on the test
 * server (default keep of 10, exchanges checked against the OpenAPI document); the reconciler's part on a server of
 * its own, with a database and a bucket of its own and {@code artifacts.versions.keep=2}.
 */
class VersionsIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();
    private static final String PATH = "terraform/main.tf";

    private static String ownDatabase;
    private static ExtraServer own;

    @AfterAll
    static void stopOwnServer() throws Exception {
        try {
            if (own != null) {
                own.stop();
            }
        } finally {
            dropDatabase(ownDatabase);
        }
    }

    private static byte[] content(int n) {
        return ("resource \"null_resource\" \"v" + n + "\" {}\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String versionsUrl(UUID session, String path) {
        return "/api/artifacts/versions/" + session + "/" + encodePath(path);
    }

    private static String restoreUrl(UUID session, String path, String version) {
        return "/api/artifacts/restore/" + session + "/" + encodePath(path) + (version == null ? "" : "?version="
            + version);
    }

    private static JsonObject upload(String base, UUID org, UUID session, String path, byte[] body, int status) {
        HttpResponse<byte[]> response = put(base + uploadUrl(session, path), writer(org), body);
        assertEquals(status, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return json(response);
    }

    private static List<Integer> numbers(JsonObject history) {
        List<Integer> numbers = new ArrayList<>();
        history.getJsonArray("versions").forEach(v -> numbers.add(v.asJsonObject().getInt("version")));
        return numbers;
    }

    /** The session's version rows in the database at {@code db}: S3 key to SHA-256. */
    private static Map<String, String> versionRows(Connection db, UUID session) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement(
            "SELECT storage_path, sha256 FROM artifact_versions WHERE session_id = ?")) {
            query.setObject(1, session);
            ResultSet rs = query.executeQuery();
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }

    private static List<String> versionObjects(String bucket, UUID org, UUID session) {
        return objectKeys(bucket, "organizations/" + org + "/sessions/" + session + "/versions/");
    }

    /** The organization's stored bytes summed with SQL: current artifacts (live) and their non-current versions. */
    private static long sqlBytes(UUID org) throws SQLException {
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(
            "SELECT COALESCE(SUM(a.file_size + (SELECT COALESCE(SUM(v.file_size), 0) FROM artifact_versions v "
                + "WHERE v.artifact_id = a.artifact_id)), 0) FROM artifacts a WHERE a.organization_id = ? "
                + "AND (a.keep OR a.expires_at IS NULL OR a.expires_at > now())")) {
            query.setObject(1, org);
            ResultSet rs = query.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void replacementsAreNumberedListedAndServedAsVersions() throws Exception {
        UUID session = createSession(ORG, "versions");
        assertEquals(1, upload("", ORG, session, PATH, content(1), 201).getInt("version"));
        assertEquals(2, upload("", ORG, session, PATH, content(2), 200).getInt("version"));
        JsonObject third = upload("", ORG, session, PATH, content(3), 200);
        assertEquals(3, third.getInt("version"));
        upload("", ORG, session, "README.md", "# readme\n".getBytes(StandardCharsets.UTF_8), 201);

        JsonObject list = json(get("/api/artifacts/list/" + session, writer(ORG)));
        assertEquals(2, list.getInt("total_count"), "current versions only: " + list);
        assertEquals(content(3).length + "# readme\n".length(), list.getJsonNumber("total_size").longValue());
        JsonObject listed = list.getJsonArray("artifacts").getJsonObject(1);
        assertEquals(PATH, listed.getString("path"));
        assertEquals(3, listed.getInt("version"));
        assertEquals(sha256(content(3)), listed.getString("sha256"));

        HttpResponse<byte[]> reader = get(versionsUrl(session, PATH), token(ORG, "reader", READ));
        assertEquals(200, reader.statusCode(), new String(reader.body(), StandardCharsets.UTF_8));
        JsonObject history = json(reader);
        assertEquals(session.toString(), history.getString("session_id"));
        assertEquals(PATH, history.getString("path"));
        assertEquals(List.of(3, 2, 1), numbers(history), "newest first");
        JsonArray versions = history.getJsonArray("versions");
        for (int i = 0; i < 3; i++) {
            JsonObject version = versions.getJsonObject(i);
            int n = 3 - i;
            assertEquals(i == 0, version.getBoolean("current"), version.toString());
            assertEquals(content(n).length, version.getInt("size"));
            assertEquals(sha256(content(n)), version.getString("sha256"));
            assertTrue(version.getString("mime_type").startsWith("text/"), version.toString());
            assertEquals("alice", version.getString("created_by"));
            assertTrue(version.isNull("conversation_id"));
            assertFalse(version.getString("created_at").isBlank());
        }
        assertEquals(List.of(1), numbers(json(get(versionsUrl(session, "README.md"), writer(ORG)))));

        // Version 1 with everything a download has.
        String v1 = downloadUrl(session, PATH) + "?version=1";
        String etag = "\"" + sha256(content(1)) + "\"";
        HttpResponse<byte[]> whole = get(v1, token(ORG, "reader", READ));
        assertEquals(200, whole.statusCode());
        assertArrayEquals(content(1), whole.body());
        assertEquals(etag, header(whole, "ETag"));
        assertTrue(header(whole, "Content-Disposition").startsWith("attachment"), header(whole, "Content-Disposition"));
        assertTrue(header(whole, "Content-Disposition").contains("main.tf"));
        assertEquals("bytes", header(whole, "Accept-Ranges"));
        HttpResponse<byte[]> range = get(v1, writer(ORG), "Range", "bytes=0-7");
        assertEquals(206, range.statusCode());
        assertArrayEquals(java.util.Arrays.copyOfRange(content(1), 0, 8), range.body());
        assertEquals("bytes 0-7/" + content(1).length, header(range, "Content-Range"));
        assertEquals(304, get(v1, writer(ORG), "If-None-Match", etag).statusCode());
        assertEquals(200, get(v1, writer(ORG), "If-None-Match", "\"" + sha256(content(3)) + "\"").statusCode(),
            "the current version's ETag is another one");
        HttpResponse<byte[]> head = send("HEAD", v1, writer(ORG), null);
        assertEquals(200, head.statusCode());
        assertEquals(etag, header(head, "ETag"));
        assertEquals(String.valueOf(content(1).length), header(head, "Content-Length"));
        assertEquals(0, head.body().length);
        HttpResponse<byte[]> current = get(downloadUrl(session, PATH) + "?version=3", writer(ORG));
        assertArrayEquals(content(3), current.body(), "?version= of the current version");
        assertEquals("\"" + sha256(content(3)) + "\"", header(current, "ETag"));
        assertArrayEquals(content(2), get(downloadUrl(session, PATH) + "?version=2", writer(ORG)).body());

        assertProblemOf(get(downloadUrl(session, PATH) + "?version=4", writer(ORG)), 404, "not-found");
        for (String bad : List.of("0", "-1", "abc", "1.5")) {
            assertProblemOf(allowingInvalidRequest(() -> get(downloadUrl(session, PATH) + "?version=" + bad,
                writer(ORG))), 400, "bad-request");
        }

        // A pre-signed link and a redirect to version 1 fetch its bytes.
        HttpResponse<byte[]> presigned = get("/api/artifacts/download-url/" + session + "/" + encodePath(PATH)
            + "?version=1", writer(ORG));
        assertEquals(200, presigned.statusCode(), new String(presigned.body(), StandardCharsets.UTF_8));
        assertArrayEquals(content(1), get(json(presigned).getString("download_url"), null).body());
        assertProblemOf(get("/api/artifacts/download-url/" + session + "/" + encodePath(PATH) + "?version=9",
            writer(ORG)), 404, "not-found");
        HttpResponse<byte[]> redirect = get(v1 + "&redirect=true", writer(ORG));
        assertEquals(302, redirect.statusCode());
        assertArrayEquals(content(1), get(header(redirect, "Location"), null).body());
    }

    @Test
    void restoreMakesAnOldVersionCurrentAndHistoryOnlyGrows() throws Exception {
        UUID session = createSession(ORG, "restore");
        upload("", ORG, session, PATH, content(1), 201);
        upload("", ORG, session, PATH, content(2), 200);

        HttpResponse<byte[]> restored = send("POST", restoreUrl(session, PATH, "1"), writer(ORG), null);
        assertEquals(200, restored.statusCode(), new String(restored.body(), StandardCharsets.UTF_8));
        JsonObject artifact = json(restored);
        assertEquals(3, artifact.getInt("version"));
        assertEquals(sha256(content(1)), artifact.getString("sha256"));
        assertEquals("\"" + sha256(content(1)) + "\"", header(restored, "ETag"));
        assertArrayEquals(content(1), get(downloadUrl(session, PATH), writer(ORG)).body());
        JsonObject history = json(get(versionsUrl(session, PATH), writer(ORG)));
        assertEquals(List.of(3, 2, 1), numbers(history));
        assertEquals(sha256(content(2)), history.getJsonArray("versions").getJsonObject(1).getString("sha256"),
            "the replaced current version is kept");
        assertArrayEquals(content(2), get(downloadUrl(session, PATH) + "?version=2", writer(ORG)).body());
        assertEquals(3, json(get("/api/artifacts/list/" + session, writer(ORG))).getJsonArray("artifacts")
            .getJsonObject(0).getInt("version"));

        assertProblemOf(allowingInvalidRequest(() -> send("POST", restoreUrl(session, PATH, null), writer(ORG), null)),
            400, "bad-request");
        assertProblemOf(allowingInvalidRequest(() -> send("POST", restoreUrl(session, PATH, "0"), writer(ORG), null)),
            400, "bad-request");
        assertProblemOf(send("POST", restoreUrl(session, PATH, "7"), writer(ORG), null), 404, "not-found");
        assertEquals(403, send("POST", restoreUrl(session, PATH, "2"), token(ORG, "reader", READ), null).statusCode(),
            "restoring needs the writer group");
        assertEquals(List.of(3, 2, 1), numbers(json(get(versionsUrl(session, PATH), writer(ORG)))),
            "refused restores change nothing");
        assertEquals(sqlBytes(ORG), json(get("/api/usage", writer(ORG))).getJsonNumber("bytes_used").longValue());
    }

    @Test
    void versionsBeyondKeepArePurgedWithTheirObjectsAndUsageCountsTheRest() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "keep");
        long bytes = 0;
        for (int n = 1; n <= 13; n++) {
            assertEquals(n, upload("", org, session, PATH, content(n), n == 1 ? 201 : 200).getInt("version"));
        }
        // The default keep: 10 non-current versions (3 to 12) beside the current one (13).
        JsonObject history = json(get(versionsUrl(session, PATH), writer(org)));
        assertEquals(List.of(13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3), numbers(history));
        for (int n = 3; n <= 13; n++) {
            bytes += content(n).length;
        }
        for (String purged : List.of("1", "2")) {
            assertProblemOf(get(downloadUrl(session, PATH) + "?version=" + purged, writer(org)), 404, "not-found");
        }
        Map<String, String> rows;
        try (Connection db = database()) {
            rows = versionRows(db, session);
        }
        assertEquals(10, rows.size());
        assertEquals(new TreeSet<>(rows.keySet()), new TreeSet<>(versionObjects(TEST_BUCKET, org, session)),
            "the purged versions' objects are deleted; every kept version has its object");
        for (Map.Entry<String, String> row : rows.entrySet()) {
            assertEquals(row.getValue(), sha256(objectBytes(TEST_BUCKET, row.getKey())), row.getKey());
        }

        JsonObject usage = json(get("/api/usage", writer(org)));
        assertEquals(bytes, usage.getJsonNumber("bytes_used").longValue(), usage.toString());
        assertEquals(sqlBytes(org), usage.getJsonNumber("bytes_used").longValue());
        assertEquals(1, usage.getInt("artifact_count"), "versions count in bytes, not as artifacts");

        // The quota counts the versions a replacement keeps: 10 of them stay beside the new bytes.
        try (Connection db = database(); PreparedStatement update = db.prepareStatement(
            "UPDATE organizations SET quota_bytes = ? WHERE organization_id = ?")) {
            update.setLong(1, bytes + 10);
            update.setObject(2, org);
            assertEquals(1, update.executeUpdate());
        }
        long keptAfterNext = bytes - content(3).length;
        int room = (int) (bytes + 10 - keptAfterNext);
        assertProblemOf(put(uploadUrl(session, PATH), writer(org), new byte[room + 1]), 507, "insufficient-storage");
        assertEquals(14, upload("", org, session, PATH, new byte[room], 200).getInt("version"));
        assertEquals(bytes + 10, json(get("/api/usage", writer(org))).getJsonNumber("bytes_used").longValue());
        assertEquals(bytes + 10, sqlBytes(org));
    }

    /** Three versions of {@link #PATH} (contents 1 to 3) and of {@code lambda/handler.py} (contents 11 to 13). */
    private static void uploadThreeVersions(UUID org, UUID session) {
        for (int n = 1; n <= 3; n++) {
            upload("", org, session, PATH, content(n), n == 1 ? 201 : 200);
            upload("", org, session, "lambda/handler.py", content(10 + n), n == 1 ? 201 : 200);
        }
    }

    @Test
    void deletingAnArtifactOrASessionDeletesEveryVersionObject() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "deletes");
        uploadThreeVersions(org, session);
        assertEquals(4, versionObjects(TEST_BUCKET, org, session).size());
        assertEquals(204, send("DELETE", "/api/artifacts/" + session + "/" + PATH, writer(org), null).statusCode());
        assertEquals(2, versionObjects(TEST_BUCKET, org, session).size(), "the deleted artifact's versions are gone");
        try (Connection db = database()) {
            assertEquals(new TreeSet<>(versionRows(db, session).keySet()),
                new TreeSet<>(versionObjects(TEST_BUCKET, org, session)));
        }
        assertEquals(sqlBytes(org), json(get("/api/usage", writer(org))).getJsonNumber("bytes_used").longValue());
        assertProblemOf(get(versionsUrl(session, PATH), writer(org)), 404, "not-found");
        assertProblemOf(get(downloadUrl(session, PATH) + "?version=1", writer(org)), 404, "not-found");

        // A new artifact at the path goes on numbering above the deleted one's versions: numbers are never reused,
        // so a saved ?version=1 link cannot name other bytes; its history holds only what came after the delete.
        assertEquals(4, upload("", org, session, PATH, content(7), 201).getInt("version"));
        assertEquals(List.of(4), numbers(json(get(versionsUrl(session, PATH), writer(org)))));
        assertProblemOf(get(downloadUrl(session, PATH) + "?version=1", writer(org)), 404, "not-found");
        assertEquals(204, send("DELETE", "/api/artifacts/" + session + "/" + PATH, writer(org), null).statusCode());
        assertEquals(5, upload("", org, session, PATH, content(8), 201).getInt("version"));

        assertEquals(204, send("DELETE", "/api/sessions/" + session, writer(org), null).statusCode());
        assertTrue(sessionObjectKeys(org, session).isEmpty(), sessionObjectKeys(org, session).toString());
        try (Connection db = database(); java.sql.Statement st = db.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM artifact_path_versions WHERE session_id = '"
                 + session + "'")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getInt(1), "the session's delete forgets its paths' numbers");
        }
        assertEquals(0, json(get("/api/usage", writer(org))).getJsonNumber("bytes_used").longValue());
    }

    @Test
    void anExpiredArtifactTakesItsVersionsAlong() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "expiring versions");
        uploadThreeVersions(org, session);
        expireNow(session, PATH);
        assertEquals(sqlBytes(org), json(get("/api/usage", writer(org))).getJsonNumber("bytes_used").longValue(),
            "an expired artifact's versions no longer count");
        assertEquals(content(13).length + content(12).length + content(11).length, sqlBytes(org));
        assertProblemOf(get(versionsUrl(session, PATH), writer(org)), 404, "not-found");
        assertProblemOf(get(downloadUrl(session, PATH) + "?version=1", writer(org)), 404, "not-found");

        // An upload to the expired path starts a new artifact: the old versions gone, numbering going on above them.
        JsonObject fresh = upload("", org, session, PATH, content(20), 201);
        assertEquals(4, fresh.getInt("version"));
        assertEquals(List.of(4), numbers(json(get(versionsUrl(session, PATH), writer(org)))));
        assertEquals(2, versionObjects(TEST_BUCKET, org, session).size(), "only the handler's versions are left");

        // The purge deletes an expired artifact's versions with it.
        expireNow(session, "lambda/handler.py");
        HttpResponse<byte[]> purge = send("POST", "/api/admin/purge", admin(org), null);
        assertEquals(200, purge.statusCode(), new String(purge.body(), StandardCharsets.UTF_8));
        assertEquals(1, json(purge).getInt("artifacts_purged"), json(purge).toString());
        assertEquals(content(11).length + content(12).length + content(13).length,
            json(purge).getInt("bytes_purged"), "the versions' bytes are purged too");
        assertTrue(versionObjects(TEST_BUCKET, org, session).isEmpty(), versionObjects(TEST_BUCKET, org, session)
            .toString());
        try (Connection db = database()) {
            assertTrue(versionRows(db, session).isEmpty());
        }
        JsonObject usage = json(get("/api/usage", writer(org)));
        assertEquals(content(20).length, usage.getJsonNumber("bytes_used").longValue(), usage.toString());
        assertEquals(sqlBytes(org), usage.getJsonNumber("bytes_used").longValue());
        // A purged path's numbers go on too.
        assertEquals(4, upload("", org, session, "lambda/handler.py", content(21), 201).getInt("version"));
    }

    @Test
    void anotherOrganizationsVersionsAre404() {
        UUID session = createSession(ORG, "private versions");
        upload("", ORG, session, PATH, content(1), 201);
        upload("", ORG, session, PATH, content(2), 200);
        String other = writer(UUID.randomUUID());
        assertProblemOf(get(versionsUrl(session, PATH), other), 404, "not-found");
        assertProblemOf(get(downloadUrl(session, PATH) + "?version=1", other), 404, "not-found");
        assertEquals(404, send("HEAD", downloadUrl(session, PATH) + "?version=1", other, null).statusCode());
        assertProblemOf(get("/api/artifacts/download-url/" + session + "/" + encodePath(PATH) + "?version=1", other),
            404, "not-found");
        assertProblemOf(send("POST", restoreUrl(session, PATH, "1"), other, null), 404, "not-found");
        assertEquals(List.of(2, 1), numbers(json(get(versionsUrl(session, PATH), writer(ORG)))));
    }

    @Test
    void theReconcilerExplainsVersionKeysByTheirRowsAndReportsUnexplainedOnes() throws Exception {
        String bucket = "artifacts-versions";
        ownDatabase = createDatabase("versions");
        s3().createBucket(b -> b.bucket(bucket));
        own = ExtraServer.create("versions", Map.of(
            "ARTIFACTS_DB_URL", jdbcUrl(ownDatabase),
            "ARTIFACTS_S3_BUCKET", bucket,
            "ARTIFACTS_RECONCILE_ON_START", "false",
            "ARTIFACTS_PURGE_INTERVAL_SECONDS", "0",
            "ARTIFACTS_VERSIONS_KEEP", "2"));
        own.awaitStarted(own.launch());
        own.awaitReady(Duration.ofMinutes(3));
        String base = own.base();
        UUID org = UUID.randomUUID();
        UUID session = createSession(base, org, "reconciled");
        for (int n = 1; n <= 5; n++) {
            upload(base, org, session, PATH, content(n), n == 1 ? 201 : 200);
        }
        assertEquals(200, send("POST", base + restoreUrl(session, PATH, "3"), writer(org), null).statusCode());
        JsonObject history = json(get(base + versionsUrl(session, PATH), writer(org)));
        assertEquals(List.of(6, 5, 4), numbers(history), "keep=2: two non-current versions beside the current one");
        assertArrayEquals(content(3), get(base + downloadUrl(session, PATH), writer(org)).body());
        try (Connection db = DriverManager.getConnection(jdbcUrl(ownDatabase), "postgres", "local")) {
            assertEquals(new TreeSet<>(versionRows(db, session).keySet()),
                new TreeSet<>(versionObjects(bucket, org, session)));
        }

        JsonObject report = json(send("POST", base + "/api/admin/reconcile", operator(null), null));
        assertTrue(report.getBoolean("ran"), report.toString());
        assertEquals(3, report.getInt("objects_checked"), "the current object and two versions: " + report);
        assertEquals(0, report.getInt("unexplained_objects"), report.toString());
        assertEquals(0, report.getInt("missing_objects"), report.toString());
        assertEquals(0, report.getInt("orphans_deleted"), report.toString());

        String stray = "organizations/" + org + "/sessions/" + session + "/versions/" + UUID.randomUUID();
        putObject(bucket, stray, "stray".getBytes(StandardCharsets.UTF_8));
        JsonObject strayReport = json(send("POST", base + "/api/admin/reconcile", operator(null), null));
        assertEquals(1, strayReport.getInt("unexplained_objects"), strayReport.toString());
        assertEquals(List.of(stray), strayReport.getJsonArray("unexplained_keys").getValuesAs(
            jakarta.json.JsonString::getString));
        assertArrayEquals("stray".getBytes(StandardCharsets.UTF_8), objectBytes(bucket, stray),
            "an unexplained version key is reported and left alone");
        deleteObject(bucket, stray);
        assertNull(objectBytes(bucket, stray));
    }
}
