package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The usage counters ({@code organization_usage}, and {@code session_usage} for the session list) that
 * {@code /api/usage}, the quota and the session list read instead of summing an organization's or a session's
 * rows: after concurrent uploads, replacements and deletes through two instances on one database (the test server
 * and one more, as in MultiInstanceIT), a restore, a session delete, expiry and the purge, the figures equal what
 * SQL sums over the rows, and the quota still refuses exactly past its limit.
 */
class UsageCountersIT extends ItBase {

    /** A live artifact row, written out here rather than taken from the service's Expiry, so the test checks it. */
    private static final String LIVE = "(keep OR expires_at IS NULL OR expires_at > now())";

    private static ExtraServer second;

    @BeforeAll
    static void startSecondInstance() throws Exception {
        second = ExtraServer.started("usage", Map.of());
    }

    @AfterAll
    static void stopSecondInstance() throws Exception {
        if (second != null) {
            second.stop();
        }
    }

    /** The base URL of instance {@code i % 2}: "" for the test server, the second instance otherwise. */
    private static String instance(int i) {
        return i % 2 == 0 ? "" : second.base();
    }

    private static byte[] bytes(int size, long seed) {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        return body;
    }

    private static long[] longs(String sql, UUID org) throws SQLException {
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setObject(1, org);
            ResultSet rs = query.executeQuery();
            if (!rs.next()) {
                return null;
            }
            long[] values = new long[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = rs.getLong(i + 1);
            }
            return values;
        }
    }

    /**
     * Asserts that both instances' {@code /api/usage} equal the live rows summed with SQL (with the bytes of their
     * non-current versions, summed over {@code artifact_versions}), and that the counters equal every row (live or
     * expired) summed; returns the usage.
     */
    private static JsonObject assertExact(UUID org) throws SQLException {
        String versionBytes = "(SELECT COALESCE(SUM(v.file_size), 0) FROM artifact_versions v "
            + "WHERE v.artifact_id = a.artifact_id)";
        long[] live = longs("SELECT COUNT(*), COALESCE(SUM(file_size + " + versionBytes + "), 0) FROM artifacts a "
            + "WHERE organization_id = ? AND " + LIVE, org);
        long[] all = longs("SELECT COUNT(*), COALESCE(SUM(file_size + " + versionBytes + "), 0), "
            + "(SELECT COUNT(*) FROM sessions s WHERE s.organization_id = a.organization_id) "
            + "FROM artifacts a WHERE organization_id = ? GROUP BY organization_id", org);
        long[] counters = longs("SELECT artifact_count, artifact_bytes, session_count FROM organization_usage "
            + "WHERE organization_id = ?", org);
        long sessions = longs("SELECT COUNT(*) FROM sessions WHERE organization_id = ?", org)[0];
        assertEquals(List.of(all == null ? 0 : all[0], all == null ? 0 : all[1], sessions),
            List.of(counters[0], counters[1], counters[2]), "counters = every row");
        assertSessionsExact(org);
        JsonObject usage = null;
        for (int i = 0; i < 2; i++) {
            usage = json(get(instance(i) + "/api/usage", writer(org)));
            assertEquals(live[0], usage.getJsonNumber("artifact_count").longValue(), "instance " + i + ": " + usage);
            assertEquals(live[1], usage.getJsonNumber("bytes_used").longValue(), "instance " + i + ": " + usage);
            assertEquals(sessions, usage.getJsonNumber("session_count").longValue(), "instance " + i + ": " + usage);
        }
        return usage;
    }

    /**
     * Asserts, for every session of the organization, that its counters ({@code session_usage}) equal every row
     * (live or expired) summed with SQL, and that the session list and the session itself show the live rows'
     * count and bytes (current content only) on both instances.
     */
    private static void assertSessionsExact(UUID org) throws SQLException {
        Map<String, List<Long>> expected = new java.util.HashMap<>();
        try (Connection db = database(); PreparedStatement query = db.prepareStatement("SELECT s.session_id::text, "
            + "(SELECT COUNT(*) FROM artifacts a WHERE a.session_id = s.session_id AND " + LIVE + "), "
            + "(SELECT COALESCE(SUM(file_size), 0) FROM artifacts a WHERE a.session_id = s.session_id AND " + LIVE
            + "), (SELECT COUNT(*) FROM artifacts a WHERE a.session_id = s.session_id), "
            + "(SELECT COALESCE(SUM(file_size), 0) FROM artifacts a WHERE a.session_id = s.session_id), "
            + "COALESCE(u.artifact_count, 0), COALESCE(u.artifact_bytes, 0) "
            + "FROM sessions s LEFT JOIN session_usage u ON u.session_id = s.session_id WHERE s.organization_id = ?")) {
            query.setObject(1, org);
            ResultSet rs = query.executeQuery();
            while (rs.next()) {
                String session = rs.getString(1);
                assertEquals(List.of(rs.getLong(4), rs.getLong(5)), List.of(rs.getLong(6), rs.getLong(7)),
                    "session " + session + ": counters = every row");
                expected.put(session, List.of(rs.getLong(2), rs.getLong(3)));
            }
        }
        for (int i = 0; i < 2; i++) {
            JsonObject page = json(get(instance(i) + "/api/sessions?limit=100", writer(org)));
            Map<String, List<Long>> listed = new java.util.HashMap<>();
            page.getJsonArray("sessions").getValuesAs(JsonObject.class).forEach(s -> listed.put(
                s.getString("session_id"), List.of(s.getJsonNumber("artifact_count").longValue(),
                    s.getJsonNumber("total_size").longValue())));
            assertEquals(expected, listed, "instance " + i + ": session list");
            for (Map.Entry<String, List<Long>> session : expected.entrySet()) {
                JsonObject one = json(get(instance(i) + "/api/sessions/" + session.getKey(), writer(org)));
                assertEquals(session.getValue(), List.of(one.getJsonNumber("artifact_count").longValue(),
                    one.getJsonNumber("total_size").longValue()), "instance " + i + ": session " + session.getKey());
            }
        }
    }

    private static void setQuota(UUID org, long bytes) throws SQLException {
        try (Connection db = database(); PreparedStatement update = db.prepareStatement(
            "UPDATE organizations SET quota_bytes = ? WHERE organization_id = ?")) {
            update.setLong(1, bytes);
            update.setObject(2, org);
            assertEquals(1, update.executeUpdate());
        }
    }

    private static int status(HttpResponse<byte[]> response) {
        return response.statusCode();
    }

    private static void assertStatus(int expected, HttpResponse<byte[]> response) {
        assertEquals(expected, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
    }

    /**
     * Asserts that, in an organization with a quota of 1000 bytes, {@code room + 1} bytes at {@code path} are
     * refused with 507 by one instance and {@code room} bytes stored by the other ({@code status}: 201 new, 200
     * replaced), which fills the quota exactly.
     */
    private static void fillExactly(UUID org, UUID session, String path, int room, int status) throws SQLException {
        assertProblemOf(put(uploadUrl(session, path), writer(org), bytes(room + 1, room)), 507, "insufficient-storage");
        assertStatus(status, put(second.base() + uploadUrl(session, path), writer(org), bytes(room, room)));
        assertEquals(1000, assertExact(org).getInt("bytes_used"), "exactly at the quota");
    }

    @Test
    void concurrentUploadsReplacementsAndDeletesOnTwoInstancesKeepUsageExact() throws Exception {
        UUID org = UUID.randomUUID();
        List<UUID> sessions = List.of(createSession(org, "one"), createSession(second.base(), org, "two"),
            createSession(org, "three"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> changes = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            int n = i;
            // Few paths, so that uploads replace each other and deletes meet uploads of the same path.
            UUID session = sessions.get(n % 3);
            String path = "lambda/f" + (n % 7) + ".bin";
            changes.add(pool.submit(() -> n % 5 == 4
                ? status(send("DELETE", instance(n) + "/api/artifacts/" + session + "/" + path, writer(org), null))
                : status(put(instance(n) + uploadUrl(session, path), writer(org), bytes(1 + (n * 7919) % 20_000, n)))));
        }
        int uploaded = 0;
        int deleted = 0;
        for (Future<Integer> change : changes) {
            int code = change.get();
            assertTrue(Set.of(200, 201, 204, 404).contains(code), "status " + code);
            uploaded += code == 200 || code == 201 ? 1 : 0;
            deleted += code == 204 ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(96, uploaded, "every upload stored");
        assertTrue(deleted > 0, "some deletes met an artifact");
        JsonObject usage = assertExact(org);
        assertTrue(usage.getJsonNumber("artifact_count").longValue() > 0, usage.toString());
        assertEquals(3, usage.getInt("session_count"));

        // A restore changes the current content's size (the session's bytes) and the versions' bytes (the
        // organization's): version 1 of a path written twice, 11 bytes then 20,000.
        UUID restored = sessions.get(2);
        assertStatus(201, put(uploadUrl(restored, "lambda/restored.bin"), writer(org), bytes(11, 1)));
        assertStatus(200, put(second.base() + uploadUrl(restored, "lambda/restored.bin"), writer(org),
            bytes(20_000, 2)));
        assertStatus(200, send("POST", second.base() + "/api/artifacts/restore/" + restored
            + "/lambda/restored.bin?version=1", writer(org), null));
        usage = assertExact(org);

        assertStatus(204, send("DELETE", second.base() + "/api/sessions/" + sessions.get(1), writer(org), null));
        JsonObject afterDelete = assertExact(org);
        assertEquals(2, afterDelete.getInt("session_count"));
        assertTrue(afterDelete.getJsonNumber("bytes_used").longValue() < usage.getJsonNumber("bytes_used").longValue(),
            afterDelete + " after " + usage);
    }

    /**
     * A delete that meets a row another transaction is deleting (as the purge or a session delete does, counters
     * included) waits for it and then finds nothing to delete: 404, and the row's count and bytes leave the
     * counters once. Reading the row unlocked saw it live, deleted nothing after the wait and subtracted it again.
     */
    @Test
    void aDeleteThatMeetsARowBeingDeletedElsewhereSubtractsNothingMore() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "raced");
        assertStatus(201, put(uploadUrl(session, "lambda/kept.bin"), writer(org), bytes(500, 1)));
        assertStatus(201, put(uploadUrl(session, "lambda/raced.bin"), writer(org), bytes(700, 2)));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection db = database()) {
            db.setAutoCommit(false);
            try (PreparedStatement delete = db.prepareStatement(
                    "DELETE FROM artifacts WHERE session_id = ? AND path = 'lambda/raced.bin'");
                 PreparedStatement sessionCounters = db.prepareStatement("UPDATE session_usage SET "
                     + "artifact_count = artifact_count - 1, artifact_bytes = artifact_bytes - 700 WHERE session_id = ?");
                 PreparedStatement organizationCounters = db.prepareStatement("UPDATE organization_usage SET "
                     + "artifact_count = artifact_count - 1, artifact_bytes = artifact_bytes - 700 "
                     + "WHERE organization_id = ?")) {
                delete.setObject(1, session);
                assertEquals(1, delete.executeUpdate());
                sessionCounters.setObject(1, session);
                assertEquals(1, sessionCounters.executeUpdate());
                organizationCounters.setObject(1, org);
                assertEquals(1, organizationCounters.executeUpdate());
            }
            Future<Integer> raced = pool.submit(() -> status(send("DELETE", second.base() + "/api/artifacts/"
                + session + "/lambda/raced.bin", writer(org), null)));
            // Commit once the service's delete waits for the row (well within its 5 s statement timeout).
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (!raced.isDone() && waitingForALock() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, waitingForALock(), "the service's delete waits for the row");
            db.commit();
            assertEquals(404, raced.get());
        } finally {
            pool.shutdown();
        }
        JsonObject usage = assertExact(org);
        assertEquals(500, usage.getInt("bytes_used"));
        assertEquals(1, usage.getInt("artifact_count"));
    }

    /** How many sessions of the test's database wait for a row or other heavyweight lock now. */
    private static long waitingForALock() throws SQLException {
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
            ResultSet rs = query.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void expiredArtifactsStopCountingBeforeAndAfterThePurgeAndTheQuotaRefusesExactlyPastItsLimit() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "expiring");
        setQuota(org, 1000);
        assertStatus(201, put(uploadUrl(session, "lambda/a.bin"), writer(org), bytes(600, 1)));
        assertStatus(201, put(second.base() + uploadUrl(session, "lambda/b.bin"), writer(org), bytes(300, 2)));
        assertEquals(900, assertExact(org).getInt("bytes_used"));

        expireNow(session, "lambda/a.bin");
        JsonObject expired = assertExact(org);
        assertEquals(300, expired.getInt("bytes_used"), "expired, not yet purged: no longer counted");
        assertEquals(1, expired.getInt("artifact_count"));
        fillExactly(org, session, "lambda/c.bin", 700, 201);
        assertProblemOf(put(uploadUrl(session, "lambda/d.bin"), writer(org), bytes(1, 4)), 507, "insufficient-storage");

        // A new upload at the path of the expired, unpurged row takes over that row: only its new size counts.
        assertStatus(204, send("DELETE", "/api/artifacts/" + session + "/lambda/b.bin", writer(org), null));
        assertStatus(201, put(second.base() + uploadUrl(session, "lambda/a.bin"), writer(org), bytes(250, 5)));
        assertEquals(950, assertExact(org).getInt("bytes_used"));

        expireNow(session, "lambda/a.bin");
        assertEquals(700, assertExact(org).getInt("bytes_used"));
        HttpResponse<byte[]> purge = send("POST", "/api/admin/purge", admin(org), null);
        assertStatus(200, purge);
        assertEquals(1, json(purge).getInt("artifacts_purged"), json(purge).toString());
        JsonObject purged = assertExact(org);
        assertEquals(700, purged.getInt("bytes_used"), "after the purge as before it");
        assertEquals(1, purged.getInt("artifact_count"));

        // A replacement keeps what it replaced as a version: both count, up to the quota exactly.
        fillExactly(org, session, "lambda/c.bin", 300, 200);
        assertProblemOf(put(uploadUrl(session, "lambda/e.bin"), writer(org), bytes(1, 7)), 507, "insufficient-storage");
        assertProblemOf(put(uploadUrl(session, "lambda/c.bin"), writer(org), bytes(1, 8)), 507, "insufficient-storage");
        // Deleting the artifact frees its versions' bytes too.
        assertStatus(204, send("DELETE", second.base() + "/api/artifacts/" + session + "/lambda/c.bin", writer(org),
            null));
        assertEquals(0, assertExact(org).getInt("bytes_used"));
        assertStatus(201, put(second.base() + uploadUrl(session, "lambda/e.bin"), writer(org), bytes(1000, 9)));
        JsonObject full = assertExact(org);
        assertEquals(1000, full.getInt("bytes_used"));
        assertEquals(1, full.getInt("artifact_count"));
    }
    /** Runs one statement of SQL with the given parameters, as a change made outside the service; its row count. */
    private static int outsideTheService(String sql, Object... parameters) throws SQLException {
        try (Connection db = database(); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** The recount of {@code org}'s counters through {@code instance} ("" or the second's base URL): its report. */
    private static JsonObject recount(String instance, UUID org) {
        HttpResponse<byte[]> response = send("POST", instance + "/api/admin/usage/recount?organization_id=" + org,
            operator(null), null);
        assertStatus(200, response);
        JsonObject report = json(response);
        assertTrue(report.getBoolean("ran"), report.toString());
        return report;
    }

    /**
     * Rows written outside the service leave counters wrong (a row copied in with SQL, as a restore brings one; a
     * session without a counter row; a count set by hand): the operator's recount sets each to what the rows sum to
     * and names it with what it held, and a second recount finds nothing. Recounting while uploads, replacements and
     * deletes run on both instances finds nothing to correct either (it holds the counter rows the changes add to
     * while it sums), and the counters stay exact. An organization's admin may not recount (403).
     */
    @Test
    void theRecountSetsCountersThatRowsWrittenOutsideTheServiceLeftWrong() throws Exception {
        UUID org = UUID.randomUUID();
        UUID one = createSession(org, "recount-one");
        UUID two = createSession(second.base(), org, "recount-two");
        assertStatus(201, put(uploadUrl(one, "lambda/a.bin"), writer(org), bytes(100, 1)));
        assertStatus(201, put(second.base() + uploadUrl(two, "lambda/b.bin"), writer(org), bytes(200, 2)));
        assertExact(org);

        assertEquals(1, outsideTheService("INSERT INTO artifacts SELECT (jsonb_populate_record(NULL::artifacts, "
            + "to_jsonb(a) || jsonb_build_object('artifact_id', gen_random_uuid(), 'path', 'lambda/copied.bin', "
            + "'artifact_name', 'copied.bin', 'storage_path', a.storage_path || '.copied', 'file_size', 1000))).* "
            + "FROM artifacts a WHERE a.session_id = ? AND a.path = 'lambda/a.bin'", one));
        assertEquals(1, outsideTheService("DELETE FROM session_usage WHERE session_id = ?", two));
        assertEquals(1, outsideTheService("UPDATE organization_usage SET session_count = 7 WHERE organization_id = ?",
            org));
        assertEquals(403, send("POST", "/api/admin/usage/recount?organization_id=" + org, admin(org), null)
            .statusCode(), "an organization's admin");

        JsonObject report = recount(second.base(), org);
        assertEquals(1, report.getInt("organizations_checked"), report.toString());
        assertEquals(2, report.getInt("sessions_checked"), report.toString());
        Set<String> corrections = new java.util.HashSet<>();
        report.getJsonArray("corrections").getValuesAs(JsonObject.class).forEach(c -> {
            assertEquals(org.toString(), c.getString("organization_id"), c.toString());
            corrections.add((c.isNull("session_id") ? "organization" : c.getString("session_id")) + " "
                + c.getString("counter") + " " + (c.isNull("was") ? "none" : c.get("was")) + " -> "
                + c.getJsonNumber("now").longValue());
        });
        assertEquals(Set.of(one + " artifact_count 1 -> 2", one + " artifact_bytes 100 -> 1100",
            two + " artifact_count none -> 1", two + " artifact_bytes none -> 200",
            "organization artifact_count 2 -> 3", "organization artifact_bytes 300 -> 1300",
            "organization session_count 7 -> 2"), corrections);
        assertEquals(7, report.getInt("counters_corrected"));
        assertEquals(1300, assertExact(org).getInt("bytes_used"));
        assertEquals(0, recount("", org).getInt("counters_corrected"), "nothing left to correct");

        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> changes = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            int n = i;
            UUID session = n % 2 == 0 ? one : two;
            String path = "lambda/r" + (n % 5) + ".bin";
            changes.add(pool.submit(() -> n % 4 == 3
                ? status(send("DELETE", instance(n) + "/api/artifacts/" + session + "/" + path, writer(org), null))
                : status(put(instance(n) + uploadUrl(session, path), writer(org), bytes(1 + (n * 4099) % 9_000, n)))));
        }
        int recounts = 0;
        while (recounts < 3 || changes.stream().anyMatch(change -> !change.isDone())) {
            JsonObject during = recount(instance(recounts), org);
            assertEquals(0, during.getInt("counters_corrected"), "recount " + recounts + " during changes: " + during);
            recounts++;
        }
        for (Future<Integer> change : changes) {
            assertTrue(Set.of(200, 201, 204, 404).contains(change.get()), "status " + change.get());
        }
        pool.shutdown();
        assertExact(org);
        assertEquals(0, recount("", org).getInt("counters_corrected"), "after the changes");
    }
}
