package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Sessions and conversations: idempotent creation, listing with counts and pages, deletion, links. */
class SessionsIT extends ItBase {

    private static HttpResponse<byte[]> post(String path, String token, JsonObject body) {
        return send("POST", path, token, body.toString().getBytes(StandardCharsets.UTF_8),
            "Content-Type", "application/json");
    }

    @Test
    void sessionCreatedWithAnIdIsIdempotentAndConflictsAcrossOrganizations() {
        UUID org = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        JsonObject body = Json.createObjectBuilder().add("title", "run 1").add("session_id", id.toString()).build();
        HttpResponse<byte[]> created = post("/api/sessions", writer(org), body);
        assertEquals(201, created.statusCode());
        JsonObject session = json(created);
        assertEquals(id.toString(), session.getString("session_id"));
        assertEquals(org.toString(), session.getString("organization_id"));
        assertEquals("run 1", session.getString("title"));
        assertEquals("alice", session.getString("created_by"));
        assertTrue(session.getString("created_at").endsWith("Z"));
        assertEquals(200, post("/api/sessions", writer(org), body).statusCode());
        assertEquals(409, post("/api/sessions", writer(UUID.randomUUID()), body).statusCode());
    }

    @Test
    void sessionsAreListedNewestFirstWithCountsAndPages() {
        UUID org = UUID.randomUUID();
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(createSession(org, "s" + i));
        }
        assertEquals(201, put(uploadUrl(created.get(4), "README.md"), writer(org), "12345".getBytes()).statusCode());
        assertEquals(201, put(uploadUrl(created.get(4), "lambda/a.py"), writer(org), "1".getBytes()).statusCode());
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonObject page = json(get("/api/sessions?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                writer(org)));
            for (JsonValue value : page.getJsonArray("sessions")) {
                JsonObject s = value.asJsonObject();
                seen.add(s.getString("session_id"));
                if (s.getString("session_id").equals(created.get(4).toString())) {
                    assertEquals(2, s.getInt("artifact_count"));
                    assertEquals(6, s.getInt("total_size"));
                }
            }
            cursor = page.isNull("next_cursor") ? null : page.getString("next_cursor");
        } while (cursor != null);
        List<String> expected = new ArrayList<>(created.stream().map(UUID::toString).toList());
        java.util.Collections.reverse(expected);
        assertEquals(expected, seen);
    }

    @Test
    void deletingASessionRemovesItsObjectsAndRows() {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "to delete");
        for (String path : List.of("README.md", "terraform/main.tf", "terraform/modules/vpc/main.tf")) {
            assertEquals(201, put(uploadUrl(session, path), writer(org), path.getBytes()).statusCode());
        }
        assertEquals(3, sessionObjectKeys(org, session).size());
        assertEquals(204, send("DELETE", "/api/sessions/" + session, writer(org), null).statusCode());
        assertTrue(sessionObjectKeys(org, session).isEmpty(), "objects gone: " + sessionObjectKeys(org, session));
        assertEquals(404, get("/api/sessions/" + session, writer(org)).statusCode());
        assertEquals(404, get(downloadUrl(session, "README.md"), writer(org)).statusCode());
        assertEquals(404, send("DELETE", "/api/sessions/" + session, writer(org), null).statusCode());
    }

    @Test
    void deletingASessionRemovesMoreObjectsThanOneListingPageHolds() {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "many objects");
        assertEquals(201, put(uploadUrl(session, "README.md"), writer(org), "# many\n".getBytes()).statusCode());
        // Written behind the service's back through the S3 API: more keys than one ListObjectsV2 page (1000) and one
        // multi-object delete (1000) take, so the delete has to follow the continuation token and send two batches.
        int extra = 1_050;
        java.util.stream.IntStream.range(0, extra).parallel().forEach(i -> putObject(TEST_BUCKET,
            artifactKey(org, session, String.format("generated/part-%04d.txt", i)), new byte[] {(byte) i}));
        assertEquals(extra + 1, sessionObjectKeys(org, session).size());
        assertEquals(204, send("DELETE", "/api/sessions/" + session, writer(org), null).statusCode());
        assertEquals(List.of(), sessionObjectKeys(org, session), "every object under the session's prefix is gone");
    }

    @Test
    void deletingAnArtifactRemovesItsObjectAndRow() {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "artifact delete");
        assertEquals(201, put(uploadUrl(session, "pricing/estimate.csv"), writer(org), "a,b\n".getBytes())
            .statusCode());
        assertEquals(204, send("DELETE", "/api/artifacts/" + session + "/pricing/estimate.csv", writer(org), null)
            .statusCode());
        assertTrue(sessionObjectKeys(org, session).isEmpty(), sessionObjectKeys(org, session).toString());
        assertEquals(404, get(downloadUrl(session, "pricing/estimate.csv"), writer(org)).statusCode());
        assertEquals(0, json(get("/api/artifacts/list/" + session, writer(org))).getInt("total_count"));
    }

    @Test
    void conversationsLinkArtifactsAndFilterTheList() {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "conversations");
        UUID otherSession = createSession(org, "other");
        HttpResponse<byte[]> created = post("/api/sessions/" + session + "/conversations", writer(org),
            Json.createObjectBuilder().add("title", "chat").build());
        assertEquals(201, created.statusCode());
        String conversation = json(created).getString("conversation_id");
        assertEquals(201, put(uploadUrl(session, "lambda/handler.py") + "?conversation_id=" + conversation,
            writer(org), "x".getBytes()).statusCode());
        assertEquals(201, put(uploadUrl(session, "README.md"), writer(org), "y".getBytes()).statusCode());
        assertEquals(400, put(uploadUrl(otherSession, "README.md") + "?conversation_id=" + conversation,
            writer(org), "z".getBytes()).statusCode());

        JsonObject filtered = json(get("/api/artifacts/list/" + session + "?conversation_id=" + conversation,
            writer(org)));
        assertEquals(1, filtered.getInt("total_count"));
        assertEquals(conversation, filtered.getJsonArray("artifacts").getJsonObject(0).getString("conversation_id"));
        JsonObject byType = json(get("/api/artifacts/list/" + session + "?type=readme&type=lambda", writer(org)));
        assertEquals(2, byType.getInt("total_count"));
        JsonObject none = json(get("/api/artifacts/list/" + session + "?created_after=2999-01-01T00:00:00Z",
            writer(org)));
        assertEquals(0, none.getInt("total_count"));
        JsonObject all = json(get("/api/artifacts/list/" + session + "?created_before=2999-01-01", writer(org)));
        assertEquals(2, all.getInt("total_count"));
    }

    @Test
    void listPagesCoverEveryArtifactOnceWithTotalsOfAllMatches() {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "pages");
        List<String> paths = List.of("README.md", "Z.md", "cloudformation/a.yaml", "diagrams/a.svg",
            "lambda/a.py", "terraform/a.tf", "terraform/b/c.tf");
        for (String path : paths) {
            assertEquals(201, put(uploadUrl(session, path), writer(org), "x".getBytes()).statusCode());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonObject page = json(get("/api/artifacts/list/" + session + "?limit=3"
                + (cursor == null ? "" : "&cursor=" + cursor), writer(org)));
            assertEquals(paths.size(), page.getInt("total_count"));
            assertEquals(paths.size(), page.getInt("total_size"));
            page.getJsonArray("artifacts").forEach(v -> seen.add(v.asJsonObject().getString("path")));
            cursor = page.isNull("next_cursor") ? null : page.getString("next_cursor");
        } while (cursor != null);
        assertEquals(paths, seen, "code-point order, README.md and Z.md before cloudformation/");
        assertFalse(seen.isEmpty());
    }
}
