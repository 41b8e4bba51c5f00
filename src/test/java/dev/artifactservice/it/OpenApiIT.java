package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artifactservice.artifact.ArtifactType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document served at {@code /openapi} is the wire: snake_case names, nullability, formats, bounds,
 * enums and operationIds as the API behaves (every other test's exchanges are validated against it, see
 * {@link OpenApiExchanges}); it lints clean with Redocly; and bodies with properties a call does not know are
 * refused instead of silently ignored.
 */
class OpenApiIT extends ItBase {

    private static final UUID ORG = UUID.fromString("0a0a0a0a-0000-4000-8000-00000000a0a1");

    private static JsonObject document() {
        return Json.createReader(new StringReader(OpenApiExchanges.servedDocument(base()))).readObject();
    }

    private static JsonObject schema(String name) {
        return document().getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
    }

    private static JsonObject property(String schema, String property) {
        JsonObject properties = schema(schema).getJsonObject("properties");
        assertTrue(properties.containsKey(property), schema + " has no property " + property + ": " + properties.keySet());
        return properties.getJsonObject(property);
    }

    private static JsonObject parameter(String path, String method, String name) {
        for (JsonValue value : document().getJsonObject("paths").getJsonObject(path).getJsonObject(method)
            .getJsonArray("parameters")) {
            if (value.asJsonObject().getString("name").equals(name)) {
                return value.asJsonObject();
            }
        }
        throw new AssertionError(method + " " + path + " has no parameter " + name);
    }

    /** OpenAPI 3.1 nullability: "null" among the schema's types. */
    private static boolean nullable(JsonObject schema) {
        JsonValue type = schema.get("type");
        return type != null && type.getValueType() == JsonValue.ValueType.ARRAY
            && type.asJsonArray().contains(Json.createValue("null"));
    }

    @Test
    void propertiesAreNamedAsTheApiWritesThem() {
        List<String> camel = new ArrayList<>();
        JsonObject schemas = document().getJsonObject("components").getJsonObject("schemas");
        for (String schema : schemas.keySet()) {
            JsonObject properties = schemas.getJsonObject(schema).getJsonObject("properties");
            if (properties != null) {
                properties.keySet().stream().filter(p -> !p.matches("[a-z0-9_]+")).map(p -> schema + "." + p)
                    .forEach(camel::add);
            }
        }
        assertEquals(List.of(), camel);
        // The names a client reads are those the API sends.
        UUID session = createSession(ORG, "named");
        JsonObject sent = json(get("/api/sessions/" + session, writer(ORG)));
        assertEquals(schema("SessionView").getJsonObject("properties").keySet(), sent.keySet());
    }

    @Test
    void nullableFormatsBoundsAndEnumsFollowTheCode() {
        for (String[] nullable : new String[][] {{"SessionView", "title"}, {"ConversationView", "title"},
            {"ArtifactView", "metadata"}, {"ArtifactView", "conversation_id"}, {"AuditEvent", "path"},
            {"AuditEvent", "bytes"}, {"SessionPage", "next_cursor"}, {"ArtifactListing", "next_cursor"},
            {"RetentionRequest", "retention_days"}, {"Usage", "quota_bytes"}}) {
            assertTrue(nullable(property(nullable[0], nullable[1])), nullable[0] + "." + nullable[1] + " is not nullable");
        }
        assertFalse(nullable(property("SessionView", "session_id")));
        assertFalse(nullable(property("SessionView", "created_at")));
        assertEquals("uuid", property("SessionView", "session_id").getString("format"));
        assertEquals("date-time", property("ArtifactView", "created_at").getString("format"));
        assertEquals("int64", property("ArtifactView", "size").getString("format"));
        assertEquals(ArtifactType.ids(), schema("ArtifactType").getJsonArray("enum").getValuesAs(
            jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());

        JsonObject sessionId = parameter("/api/sessions/{session_id}", "get", "session_id").getJsonObject("schema");
        assertEquals("uuid", sessionId.getString("format"));
        JsonObject limit = parameter("/api/artifacts/list/{session_id}", "get", "limit").getJsonObject("schema");
        assertEquals("integer", limit.getString("type"));
        assertEquals(1, limit.getInt("minimum"));
        assertEquals(1000, limit.getInt("maximum"));
        JsonObject expiresIn = parameter("/api/artifacts/download-url/{session_id}/{path}", "get", "expires_in")
            .getJsonObject("schema");
        assertEquals("integer", expiresIn.getString("type"));
        // The build's ARTIFACTS_PRESIGN_MAX_EXPIRY; the default is artifacts.presign.default-expiry's.
        assertEquals(604800, expiresIn.getInt("maximum"));
        assertEquals(3600, expiresIn.getInt("default"));
        assertEquals("boolean", parameter("/api/artifacts/upload/{session_id}/{path}", "put", "keep")
            .getJsonObject("schema").getString("type"));
        // ?redirect=true: a boolean parameter and a 302 whose Location header is documented.
        for (String path : new String[] {"/api/artifacts/download/{session_id}/{path}",
            "/api/artifacts/bundle/{session_id}"}) {
            assertEquals("boolean", parameter(path, "get", "redirect").getJsonObject("schema").getString("type"));
            JsonObject found = document().getJsonObject("paths").getJsonObject(path).getJsonObject("get")
                .getJsonObject("responses").getJsonObject("302");
            assertTrue(found != null && found.getJsonObject("headers").containsKey("Location"), path + ": " + found);
        }
    }

    /** The diff answers text/x-diff, its 422 problem documents the extension members, the comparison its lists. */
    @Test
    void diffAndComparisonAreDocumented() {
        String diff = "/api/artifacts/diff/{session_id}/{path}";
        JsonObject responses = document().getJsonObject("paths").getJsonObject(diff).getJsonObject("get")
            .getJsonObject("responses");
        assertTrue(responses.getJsonObject("200").getJsonObject("content").containsKey("text/x-diff"),
            responses.toString());
        assertTrue(responses.getJsonObject("422").getJsonObject("content").containsKey("application/problem+json"));
        for (String member : List.of("reason", "from_size", "to_size", "from_sha256", "to_sha256")) {
            property("Problem", member);
        }
        assertEquals("int64", property("Problem", "from_size").getString("format"));
        assertEquals("uuid", parameter(diff, "get", "against_session").getJsonObject("schema").getString("format"));
        assertEquals("integer", parameter(diff, "get", "from").getJsonObject("schema").getString("type"));
        JsonObject compare = document().getJsonObject("paths")
            .getJsonObject("/api/sessions/{session_id}/compare/{other_session_id}").getJsonObject("get");
        assertEquals("compareSessions", compare.getString("operationId"));
        assertEquals(Set.of("added", "removed", "changed", "unchanged_count"),
            schema("Comparison").getJsonObject("properties").keySet());
        assertEquals(Set.of("path", "from_sha256", "to_sha256", "from_size", "to_size"),
            schema("ChangedArtifact").getJsonObject("properties").keySet());
    }

    /** The share links: the API's operations, and the two URLs without login that a servlet serves. */
    @Test
    void shareLinksAreDescribed() {
        JsonObject paths = document().getJsonObject("paths");
        assertEquals(Set.of("post", "get"), paths.getJsonObject("/api/shares").keySet());
        assertEquals(Set.of("get", "delete"), paths.getJsonObject("/api/shares/{share_id}").keySet());
        JsonObject created = paths.getJsonObject("/api/shares").getJsonObject("post").getJsonObject("responses")
            .getJsonObject("201");
        assertTrue(created.getJsonObject("headers").containsKey("Location"), created.toString());
        assertEquals(Set.of("share_id", "url", "session_id", "path", "expires_at", "max_downloads", "downloads",
            "revoked_at", "created_by", "created_at"), schema("Share").getJsonObject("properties").keySet());
        assertEquals(Set.of("200", "404", "410", "500", "503"), paths.getJsonObject("/s/{token}").getJsonObject("get")
            .getJsonObject("responses").keySet());
        JsonObject download = paths.getJsonObject("/s/{token}/download").getJsonObject("get").getJsonObject("responses");
        assertTrue(download.getJsonObject("302").getJsonObject("headers").containsKey("Location"));
        assertTrue(download.getJsonObject("410").getJsonObject("content").containsKey("application/problem+json"));
    }

    @Test
    void everyOperationHasItsOwnOperationIdAndProblemResponses() {
        Set<String> ids = new HashSet<>();
        JsonObject paths = document().getJsonObject("paths");
        for (String path : paths.keySet()) {
            for (var operation : paths.getJsonObject(path).entrySet()) {
                JsonObject op = operation.getValue().asJsonObject();
                String id = op.getString("operationId", null);
                assertTrue(id != null && ids.add(id), operation.getKey() + " " + path + ": no or a repeated operationId "
                    + id);
                JsonObject responses = op.getJsonObject("responses");
                // The share links' own URLs need no login (security: []): no 401 or 403.
                boolean open = op.containsKey("security") && op.getJsonArray("security").isEmpty();
                assertEquals(path.startsWith("/s/"), open, path + " security");
                for (String status : open ? List.of("500", "503") : List.of("401", "403", "500", "503")) {
                    JsonObject content = responses.getJsonObject(status).getJsonObject("content");
                    // A HEAD answer has no body, problems included.
                    assertTrue(operation.getKey().equals("head") ? content == null
                        : content.containsKey("application/problem+json"), operation.getKey() + " " + path + " " + status);
                }
            }
        }
        assertTrue(ids.size() >= 20, "operations: " + ids);
    }

    /** {@code {"retentionDays": 3}} used to create a session without retention; now it is refused, nothing made. */
    @Test
    void camelCaseSessionBodyIsRefusedNamingTheProperty() throws Exception {
        UUID session = UUID.randomUUID();
        byte[] body = ("{\"title\":\"t\",\"session_id\":\"" + session + "\",\"retentionDays\":3}")
            .getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> refused = allowingInvalidRequest(() -> send("POST", "/api/sessions", writer(ORG), body,
            "Content-Type", "application/json"));
        assertTrue(assertProblemOf(refused, 400, "bad-request").getString("detail").contains("'retentionDays'"),
            new String(refused.body(), StandardCharsets.UTF_8));
        assertProblemOf(get("/api/sessions/" + session, writer(ORG)), 404, "not-found");
        // The same in snake_case is kept.
        HttpResponse<byte[]> created = send("POST", "/api/sessions", writer(ORG),
            ("{\"title\":\"t\",\"session_id\":\"" + session + "\",\"retention_days\":3}").getBytes(StandardCharsets.UTF_8),
            "Content-Type", "application/json");
        assertEquals(201, created.statusCode());
        assertEquals(3, json(created).getInt("retention_days"));
    }

    /** {@code PUT {"retentionDays": 30}} used to clear the organization's retention; now it is refused. */
    @Test
    void camelCaseRetentionBodyIsRefusedAndRetentionKept() {
        UUID org = UUID.randomUUID();
        assertEquals(200, send("PUT", "/api/admin/retention", admin(org), "{\"retention_days\": 12}".getBytes(),
            "Content-Type", "application/json").statusCode());
        HttpResponse<byte[]> refused = allowingInvalidRequest(() -> send("PUT", "/api/admin/retention", admin(org),
            "{\"retentionDays\": 30}".getBytes(), "Content-Type", "application/json"));
        assertTrue(assertProblemOf(refused, 400, "bad-request").getString("detail").contains("'retentionDays'"));
        assertEquals(12, json(get("/api/admin/retention", admin(org))).getInt("retention_days"));
    }

    /**
     * Values are taken only as their JSON types: Yasson alone truncated {@code 1.5} to 1 and read {@code 5} as the
     * title "5" and {@code "600"} as a number. Each is a 400 naming the value, and nothing is made.
     */
    @Test
    void valuesOfTheWrongJsonTypeAreRefusedAndNothingIsMade() throws Exception {
        java.util.Map<String, String> refusedBodies = new java.util.LinkedHashMap<>();
        refusedBodies.put("\"retention_days\":1.5", "1.5");
        refusedBodies.put("\"retention_days\":\"3\"", "\"3\"");
        refusedBodies.put("\"retention_days\":99999999999", "99999999999");
        refusedBodies.put("\"retention_days\":true", "true");
        refusedBodies.put("\"title\":5", "5");
        refusedBodies.put("\"title\":[\"t\"]", "array");
        for (var entry : refusedBodies.entrySet()) {
            UUID session = UUID.randomUUID();
            byte[] body = ("{\"session_id\":\"" + session + "\"," + entry.getKey() + "}").getBytes(StandardCharsets.UTF_8);
            HttpResponse<byte[]> refused = allowingInvalidRequest(() -> send("POST", "/api/sessions", writer(ORG), body,
                "Content-Type", "application/json"));
            String detail = assertProblemOf(refused, 400, "bad-request").getString("detail");
            assertTrue(detail.contains(entry.getValue()), entry.getKey() + ": " + detail);
            assertProblemOf(get("/api/sessions/" + session, writer(ORG)), 404, "not-found");
        }
        HttpResponse<byte[]> share = allowingInvalidRequest(() -> send("POST", "/api/shares", writer(ORG),
            ("{\"session_id\":\"" + UUID.randomUUID() + "\",\"expires_in\":\"600\"}").getBytes(StandardCharsets.UTF_8),
            "Content-Type", "application/json"));
        assertTrue(assertProblemOf(share, 400, "bad-request").getString("detail").contains("\"600\""),
            new String(share.body(), StandardCharsets.UTF_8));
        // The right types, and explicit nulls, are taken as before.
        UUID session = UUID.randomUUID();
        HttpResponse<byte[]> created = send("POST", "/api/sessions", writer(ORG), ("{\"title\":\"t\",\"session_id\":\""
            + session + "\",\"retention_days\":7,\"expires_at\":null}").getBytes(StandardCharsets.UTF_8),
            "Content-Type", "application/json");
        assertEquals(201, created.statusCode(), new String(created.body(), StandardCharsets.UTF_8));
        assertEquals(7, json(created).getInt("retention_days"));
    }

    /** Redocly's recommended rules find no error in the served document (warnings are printed). */
    @Test
    void servedDocumentLintsWithoutErrors() throws IOException, InterruptedException {
        Path file = Path.of(System.getProperty("it.openapi.file"));
        Files.createDirectories(file.getParent());
        Files.writeString(file, OpenApiExchanges.servedDocument(base()), StandardCharsets.UTF_8);
        Path log = file.resolveSibling("openapi-lint.txt");
        Process lint = new ProcessBuilder("npx", "--yes", "@redocly/cli@" + System.getProperty("it.redocly.version"),
            "lint", "--format=stylish", file.toString())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(lint.waitFor(10, TimeUnit.MINUTES), "npx @redocly/cli lint did not finish");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertEquals(0, lint.exitValue(), "Redocly found errors in the served document:\n" + output);
    }
}
