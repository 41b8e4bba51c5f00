package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artifactservice.local.TokenMinter;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Refusals: authentication and groups, bad paths and parameters, preconditions, digests and size limits;
 * every one answers application/problem+json and changes nothing.
 */
class ErrorsIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();

    private static void assertProblem(HttpResponse<byte[]> response, int status) {
        assertEquals(status, response.statusCode(), new String(response.body()));
        assertTrue(header(response, "Content-Type").startsWith("application/problem+json"),
            header(response, "Content-Type"));
        JsonObject problem = json(response);
        assertEquals(status, problem.getInt("status"));
        assertFalse(problem.getString("title").isBlank());
        assertFalse(problem.getString("detail").isBlank());
        assertTrue(problem.getString("type").startsWith("urn:artifact-service:problem:"));
        assertFalse(new String(response.body()).contains("Exception"), "no stack trace or exception name");
        assertFalse(problem.containsKey("correlation_id"), "client errors carry no correlation id");
    }

    @Test
    @InvalidRequests("no bearer token")
    void missingTokenIs401WithBearerChallenge() {
        HttpResponse<byte[]> response = get("/api/sessions", null);
        assertProblem(response, 401);
        assertTrue(header(response, "WWW-Authenticate").startsWith("Bearer"));
        // As JAX-RS answers every other problem: JSON media types define no charset parameter (RFC 8259).
        assertEquals("application/problem+json", header(response, "Content-Type"));
    }

    @Test
    void tokensThatAreNotValidAre401() {
        Map<String, Object> expired = claims(ORG, "alice", READ, WRITE);
        expired.put("exp", System.currentTimeMillis() / 1000 - 600);
        expired.put("iat", System.currentTimeMillis() / 1000 - 4200);
        Map<String, Object> wrongIssuer = claims(ORG, "alice", READ, WRITE);
        wrongIssuer.put("iss", "someone-else");
        String good = writer(ORG);
        String[] parts = good.split("\\.");
        String badSignature = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding()
            .encodeToString(new byte[256]);
        String algNone = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
            + "." + parts[1] + ".";
        for (String token : List.of(TokenMinter.mint(key(), TokenMinter.standardHeader(), expired),
            TokenMinter.mint(key(), TokenMinter.standardHeader(), wrongIssuer), badSignature, algNone, "garbage")) {
            assertProblem(get("/api/sessions", token), 401);
        }
    }

    @Test
    void tokenWithoutOrganizationOrGroupIs403() {
        Map<String, Object> noOrg = claims(ORG, "alice", READ, WRITE);
        noOrg.remove("org_id");
        assertProblem(get("/api/sessions", TokenMinter.mint(key(), TokenMinter.standardHeader(), noOrg)), 403);
        Map<String, Object> badOrg = claims(ORG, "alice", READ, WRITE);
        badOrg.put("org_id", "not-a-uuid");
        assertProblem(get("/api/sessions", TokenMinter.mint(key(), TokenMinter.standardHeader(), badOrg)), 403);
        assertProblem(get("/api/sessions", token(ORG, "nobody")), 403);
    }

    @Test
    void readerCannotWrite() {
        UUID session = createSession(ORG, "read-only");
        String reader = token(ORG, "reader", READ);
        assertProblem(put(uploadUrl(session, "README.md"), reader, "x".getBytes()), 403);
        assertProblem(send("POST", "/api/sessions", reader, "{}".getBytes(), "Content-Type", "application/json"), 403);
        assertProblem(send("DELETE", "/api/sessions/" + session, reader, null), 403);
        assertEquals(200, get("/api/sessions/" + session, reader).statusCode());
        assertEquals(0, json(get("/api/artifacts/list/" + session, reader)).getInt("total_count"));
    }

    @Test
    void badPathsAre400AndStoreNothing() {
        UUID session = createSession(ORG, "bad paths");
        String token = writer(ORG);
        for (String path : List.of("secrets/x.txt", "notes.txt", "terraform/%2e%2e/x.tf", "terraform/..%2Fx.tf",
            "terraform/a%5Cb.tf", "terraform/" + "n".repeat(300) + ".tf")) {
            assertProblem(put("/api/artifacts/upload/" + session + "/" + path, token, "x".getBytes()), 400);
        }
        // NUL, control characters and malformed escapes are refused by Liberty's web container (Servlet 6.0 URI
        // canonicalization, message CWWWC0005I) before any application is selected, so no error page or filter
        // of ours can shape the answer: still 400, no stack trace or service data, nothing stored.
        for (String path : List.of("terraform/a%00b.tf", "terraform/a%0Ab.tf", "terraform/a%7Fb.tf",
            "terraform/a%zzb.tf", "terraform/a%b.tf")) {
            String answer = rawExchange("PUT", "/api/artifacts/upload/" + session + "/" + path, token,
                "x".getBytes());
            assertTrue(answer.startsWith("HTTP/1.1 400 "), path + ": " + answer);
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertTrue(body.contains("CWWWC0005I") && !body.contains("Exception") && !body.contains(ORG.toString()),
                path + ": " + body);
        }
        assertEquals(0, json(get("/api/artifacts/list/" + session, token)).getInt("total_count"));
        assertTrue(sessionObjectKeys(ORG, session).isEmpty(), sessionObjectKeys(ORG, session).toString());
    }

    @Test
    void encodedSlashesThatMakeEmptyOrDotSegmentsAre400Problem() {
        UUID session = createSession(ORG, "slash");
        for (String path : List.of("terraform/a%2F%2Fb.tf", "terraform%2F..%2FREADME.md", "%2E%2E%2FREADME.md",
            "terraform/a.tf%2F")) {
            assertProblem(put("/api/artifacts/upload/" + session + "/" + path, writer(ORG), "x".getBytes()), 400);
            assertProblem(get("/api/artifacts/download/" + session + "/" + path, writer(ORG)), 400);
        }
        assertEquals(0, json(get("/api/artifacts/list/" + session, writer(ORG))).getInt("total_count"));
    }

    @Test
    @InvalidRequests("ids, expires_in, limit, type and conversation_id out of the contract")
    void parametersOutOfContractAre400() {
        UUID session = createSession(ORG, "params");
        String token = writer(ORG);
        assertEquals(201, put(uploadUrl(session, "README.md"), token, "# r".getBytes()).statusCode());
        assertProblem(get("/api/artifacts/list/not-a-uuid", token), 400);
        for (String expires : List.of("0", "-5", "604801", "abc", "1e3", "")) {
            assertProblem(get("/api/artifacts/download-url/" + session + "/README.md?expires_in=" + expires, token),
                400);
        }
        JsonObject link = json(get("/api/artifacts/download-url/" + session + "/README.md?expires_in=604800", token));
        assertEquals(604800, link.getInt("expires_in"));
        assertTrue(link.getString("download_url").contains("X-Amz-Expires=604800"));
        for (String limit : List.of("0", "1001", "x")) {
            assertProblem(get("/api/artifacts/list/" + session + "?limit=" + limit, token), 400);
        }
        assertProblem(get("/api/artifacts/list/" + session + "?cursor=%25%25", token), 400);
        // Decodes to NUL bytes, which no issued cursor holds (and PostgreSQL text cannot): 400 at once.
        for (String cursor : List.of("AAAAAAA", "AA", "YQBi")) {
            long started = System.nanoTime();
            assertProblem(get("/api/artifacts/list/" + session + "?cursor=" + cursor, token), 400);
            assertProblem(get("/api/audit?session_id=" + session + "&cursor=" + cursor, admin(ORG)), 400);
            assertTrue(System.nanoTime() - started < 5_000_000_000L, "no database retries behind it");
        }
        assertProblem(send("POST", "/api/sessions", token, "{\"title\":\"a\\u0000b\"}".getBytes(),
            "Content-Type", "application/json"), 400);
        assertProblem(send("POST", "/api/sessions/" + session + "/conversations", token,
            "{\"title\":\"a\\u0000b\"}".getBytes(), "Content-Type", "application/json"), 400);
        assertProblem(get("/api/artifacts/list/" + session + "?created_after=yesterday", token), 400);
        assertProblem(get("/api/artifacts/list/" + session + "?type=secrets", token), 400);
        assertProblem(get("/api/artifacts/list/" + session + "?conversation_id=12", token), 400);
    }

    @Test
    void badMetadataAndDigestAre400AndStoreNothing() {
        UUID session = createSession(ORG, "digest");
        String token = writer(ORG);
        assertProblem(put(uploadUrl(session, "README.md"), token, "x".getBytes(), "X-Artifact-Metadata", "[1,2]"),
            400);
        assertProblem(put(uploadUrl(session, "README.md"), token, "x".getBytes(), "X-Artifact-Metadata",
            "{\"a\":\"" + "y".repeat(9000) + "\"}"), 400);
        for (String metadata : List.of("{\"a\":" + "[".repeat(1200) + "]".repeat(1200) + "}", "{\"a\":1e999999}",
            "{\"a\":\"x\\u0000y\"}")) {
            assertProblem(put(uploadUrl(session, "README.md"), token, "x".getBytes(), "X-Artifact-Metadata", metadata),
                400);
        }
        String wrongDigest = "sha-256=:" + Base64.getEncoder().encodeToString(new byte[32]) + ":";
        assertProblem(put(uploadUrl(session, "README.md"), token, "x".getBytes(), "Repr-Digest", wrongDigest), 400);
        assertEquals(0, json(get("/api/artifacts/list/" + session, token)).getInt("total_count"));
        assertTrue(sessionObjectKeys(ORG, session).isEmpty(), sessionObjectKeys(ORG, session).toString());
        String rightDigest = "sha-256=:" + Base64.getEncoder().encodeToString(
            java.util.HexFormat.of().parseHex(sha256("x".getBytes()))) + ":";
        assertEquals(201, put(uploadUrl(session, "README.md"), token, "x".getBytes(), "Repr-Digest", rightDigest)
            .statusCode());
    }

    @Test
    void deleteWithAStaleIfMatchIs412AndDeletesNothing() {
        UUID session = createSession(ORG, "conditional delete");
        String token = writer(ORG);
        String etag = header(put(uploadUrl(session, "terraform/main.tf"), token, "v2".getBytes()), "ETag");
        assertProblem(send("DELETE", "/api/artifacts/" + session + "/terraform/main.tf", token, null,
            "If-Match", "\"" + sha256("v1".getBytes()) + "\""), 412);
        assertEquals("v2", new String(get(downloadUrl(session, "terraform/main.tf"), token).body()));
        assertEquals(204, send("DELETE", "/api/artifacts/" + session + "/terraform/main.tf", token, null,
            "If-Match", etag).statusCode());
        assertEquals(404, get(downloadUrl(session, "terraform/main.tf"), token).statusCode());
    }

    @Test
    void bodyOverTheLimitIs413AndStoresNothing() {
        UUID session = createSession(ORG, "too large");
        long max = Long.parseLong(System.getProperty("it.upload.max-bytes"));
        byte[] body = new byte[(int) max + 1];
        assertProblem(put(uploadUrl(session, "terraform/big.tf"), writer(ORG), body), 413);
        assertEquals(0, json(get("/api/artifacts/list/" + session, writer(ORG))).getInt("total_count"));
        assertTrue(sessionObjectKeys(ORG, session).isEmpty(), sessionObjectKeys(ORG, session).toString());
    }

    @Test
    void preconditionsAre412AndKeepTheOldBytes() {
        UUID session = createSession(ORG, "preconditions");
        String token = writer(ORG);
        HttpResponse<byte[]> first = put(uploadUrl(session, "README.md"), token, "one".getBytes(), "If-None-Match", "*");
        assertEquals(201, first.statusCode());
        assertProblem(put(uploadUrl(session, "README.md"), token, "two".getBytes(), "If-None-Match", "*"), 412);
        assertProblem(put(uploadUrl(session, "README.md"), token, "two".getBytes(), "If-Match", "\"0000\""), 412);
        assertEquals("one", new String(get(downloadUrl(session, "README.md"), token).body()));
        HttpResponse<byte[]> replaced = put(uploadUrl(session, "README.md"), token, "two".getBytes(), "If-Match",
            header(first, "ETag"));
        assertEquals(200, replaced.statusCode());
        assertEquals("two", new String(get(downloadUrl(session, "README.md"), token).body()));
        assertEquals(List.of(artifactKey(ORG, session, "README.md")),
            withoutVersions(sessionObjectKeys(ORG, session)),
            "no staging object left behind (the replaced bytes are kept as a version)");
    }

    @Test
    @InvalidRequests("URLs and methods that do not exist, bodies that are not the call's JSON")
    void unknownUrlsAndMethodsAreProblems() {
        String token = writer(ORG);
        assertProblem(get("/api/no-such-thing", token), 404);
        assertProblem(send("PUT", "/api/sessions", token, "{}".getBytes(), "Content-Type", "application/json"), 405);
        assertProblem(get("/api/artifacts/list/" + UUID.randomUUID(), token), 404);
        assertProblem(send("POST", "/api/sessions", token, "{not json".getBytes(), "Content-Type",
            "application/json"), 400);
        assertProblem(send("POST", "/api/sessions", token, "{\"session_id\":\"nope\"}".getBytes(), "Content-Type",
            "application/json"), 400);
    }

    @Test
    void healthAndOpenApiAreServed() {
        assertEquals(200, get("/health/ready", null).statusCode());
        assertEquals(200, get("/health/live", null).statusCode());
        String openapi = new String(get("/openapi", null).body());
        for (String path : List.of("/api/sessions", "/api/artifacts/upload/{session_id}/{path}",
            "/api/artifacts/list/{session_id}", "/api/artifacts/download/{session_id}/{path}",
            "/api/artifacts/bundle/{session_id}", "/api/artifacts/download-url/{session_id}/{path}")) {
            assertTrue(openapi.contains(path), "OpenAPI documents " + path);
        }
        assertTrue(openapi.contains("application/problem+json"));
        assertEquals(200, get("/openapi/ui/", null).statusCode());
    }
}
