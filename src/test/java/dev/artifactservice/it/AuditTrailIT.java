package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Audit events of reads are queued and written in batches off the request thread (audit/AuditQueue): every one
 * arrives, with the time of its request, in the order of one instance, and a graceful stop writes the queue out.
 */
class AuditTrailIT extends ItBase {

    private static final int CLIENTS = 16;
    private static final int DOWNLOADS = 400;

    @Test
    void everyQueuedEventArrivesWithItsRequestTimeAndOrder() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "audit batching");
        String writer = writer(org);
        assertEquals(201, put(uploadUrl(session, "README.md"), writer, "# batched\n".getBytes()).statusCode());
        Instant before = Instant.now().minusSeconds(1);
        double writtenBefore = metric("artifacts_audit_events_written_total", null);

        // Many downloads at once: their events share batches (several per commit).
        List<Integer> statuses = concurrently(DOWNLOADS, i -> get(downloadUrl(session, "README.md"), writer)
            .statusCode());
        assertTrue(statuses.stream().allMatch(status -> status == 200), statuses.toString());
        // A change after them: its event (written in its own transaction) must come after every queued one.
        assertEquals(204, send("DELETE", "/api/artifacts/" + session + "/README.md", writer, null).statusCode());
        // The delete waited for the queue: /metrics shows it empty and the downloads' events written (other tests'
        // reads may add to the count, never take from it).
        assertEquals(0, metric("artifacts_audit_queue_events", null));
        assertTrue(metric("artifacts_audit_events_written_total", null) - writtenBefore >= DOWNLOADS);

        // The rows, read straight from the table: every download is there, each once, then the delete.
        List<String> actions = new ArrayList<>();
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(
            "SELECT action, occurred_at FROM artifact_events WHERE session_id = CAST(? AS uuid) ORDER BY event_id")) {
            query.setString(1, session.toString());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    actions.add(rows.getString(1));
                    Instant at = rows.getTimestamp(2).toInstant();
                    if (rows.getString(1).equals("download")) {
                        assertTrue(!at.isBefore(before) && !at.isAfter(Instant.now()), "occurred_at " + at);
                    }
                }
            }
        }
        assertEquals("upload", actions.get(0));
        assertEquals(DOWNLOADS, actions.subList(1, actions.size() - 1).stream().filter("download"::equals).count(),
            actions.toString());
        assertEquals(DOWNLOADS + 2, actions.size());
        assertEquals("delete", actions.get(actions.size() - 1));

        // The API shows the same, the downloads with the caller and the bytes.
        int downloads = 0;
        String cursor = null;
        do {
            JsonObject page = json(get("/api/audit?session_id=" + session + "&limit=200"
                + (cursor == null ? "" : "&cursor=" + cursor), admin(org)));
            for (JsonValue value : page.getJsonArray("events")) {
                JsonObject event = value.asJsonObject();
                if (event.getString("action").equals("download")) {
                    downloads++;
                    assertEquals(10, event.getInt("bytes"));
                    assertFalse(event.getString("actor").isBlank());
                }
            }
            cursor = page.isNull("next_cursor") ? null : page.getString("next_cursor");
        } while (cursor != null);
        assertEquals(DOWNLOADS, downloads);
    }

    /** A download's event is in {@code /api/audit} of the instance that served it as soon as the download answered. */
    @Test
    void theServingInstanceShowsTheEventAtOnce() {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "read your writes");
        String writer = writer(org);
        assertEquals(201, put(uploadUrl(session, "A.md"), writer, "a".getBytes()).statusCode());
        for (int round = 1; round <= 20; round++) {
            assertEquals(200, get(downloadUrl(session, "A.md"), writer).statusCode());
            long seen = json(get("/api/audit?session_id=" + session, admin(org))).getJsonArray("events").stream()
                .filter(event -> event.asJsonObject().getString("action").equals("download")).count();
            assertEquals(round, seen, "round " + round);
        }
    }

    /** A graceful stop writes out what is queued: every download answered before the stop has its row. */
    @Test
    void aGracefulStopWritesTheQueueOut() throws Exception {
        ExtraServer server = ExtraServer.create("auditStop", Map.of());
        try {
            server.awaitStarted(server.launch());
            server.awaitReady(Duration.ofMinutes(3));
        } catch (Exception | AssertionError e) {
            server.stop();
            throw e;
        }
        UUID org = UUID.randomUUID();
        UUID session = createSession(server.base(), org, "stopping");
        String writer = writer(org);
        List<Integer> statuses;
        try {
            assertEquals(201, put(server.base() + uploadUrl(session, "B.md"), writer, "bb".getBytes()).statusCode());
            statuses = concurrently(DOWNLOADS, i -> get(server.base() + downloadUrl(session, "B.md"), writer)
                .statusCode());
        } finally {
            server.stop();
        }
        long answered = statuses.stream().filter(status -> status == 200).count();
        assertEquals(DOWNLOADS, answered, statuses.toString());
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(
            "SELECT COUNT(*) FROM artifact_events WHERE session_id = CAST(? AS uuid) AND action = 'download'")) {
            query.setString(1, session.toString());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertEquals(answered, rows.getLong(1));
            }
        }
        String log = java.nio.file.Files.readString(java.nio.file.Path.of("target/extra-server-logs",
            server.name() + ".log"));
        assertFalse(log.contains("audit events lost") || log.contains("could not be written before"), log);
    }

    private interface Call {
        int run(int index) throws Exception;
    }

    private static List<Integer> concurrently(int count, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> call.run(index)));
            }
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
