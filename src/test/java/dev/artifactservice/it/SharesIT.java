package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Share links (issue 16): created by writers, followed without a login on {@code /s/{token}} (a page that counts
 * nothing) and {@code /s/{token}/download} (a counted 302 to a short-lived signed S3 URL, or the streamed bundle),
 * ended by expiry, a download limit, revocation (seen at once by a second instance on the same database), or the
 * artifact's deletion or expiry; only the token's SHA-256 is stored and lists never show it.
 */
class SharesIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();

    private static final Pattern URL = Pattern.compile("(.*)/s/([A-Za-z0-9_-]{43})");

    /** The second instance's base URL setting (its links are written with it) and its too-large max expiry. */
    private static final String SECOND_BASE_URL = "https://share.example.test/artifacts";

    private static ExtraServer second;

    @BeforeAll
    static void startSecondInstance() throws Exception {
        second = ExtraServer.started("shares", Map.of("ARTIFACTS_SHARE_BASE_URL", SECOND_BASE_URL + "/",
            "ARTIFACTS_SHARE_MAX_EXPIRY", "999999999"));
    }

    @AfterAll
    static void stopSecondInstance() throws Exception {
        if (second != null) {
            second.stop();
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] body(String sessionId, String path, Long expiresIn, Long maxDownloads) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        if (sessionId != null) {
            json.add("session_id", sessionId);
        }
        if (path != null) {
            json.add("path", path);
        }
        if (expiresIn != null) {
            json.add("expires_in", expiresIn);
        }
        if (maxDownloads != null) {
            json.add("max_downloads", maxDownloads);
        }
        return json.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<byte[]> createShare(String base, UUID org, byte[] body) {
        return send("POST", base + "/api/shares", writer(org), body, "Content-Type", "application/json");
    }

    /** Creates a link on the test server and returns the answer, checked to be a 201. */
    private static JsonObject share(UUID session, String path, Long expiresIn, Long maxDownloads) {
        HttpResponse<byte[]> created = createShare("", ORG, body(session.toString(), path, expiresIn, maxDownloads));
        assertEquals(201, created.statusCode(), new String(created.body(), StandardCharsets.UTF_8));
        return json(created);
    }

    /** The token of a link's url. */
    private static String token(JsonObject share) {
        Matcher matcher = URL.matcher(share.getString("url"));
        assertTrue(matcher.matches(), share.getString("url"));
        return matcher.group(2);
    }

    /** The share link's landing page on the server at {@code base}, as a browser without a token gets it. */
    private static HttpResponse<byte[]> landing(String base, String token) {
        return get(base + "/s/" + token, null);
    }

    private static HttpResponse<byte[]> download(String base, String token) {
        return get(base + "/s/" + token + "/download", null);
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** Asserts a readable HTML page with the given status for a link that does not serve; returns its text. */
    private static String assertEndedPage(HttpResponse<byte[]> response, int status) {
        assertEquals(status, response.statusCode(), text(response));
        assertTrue(header(response, "Content-Type").startsWith("text/html"), header(response, "Content-Type"));
        assertNotNull(header(response, "Content-Security-Policy"));
        String html = text(response);
        assertTrue(html.contains(status == 410 ? "This link has ended" : "No such link"), html);
        return html;
    }

    private static int downloads(UUID org, String shareId) {
        return json(get("/api/shares/" + shareId, writer(org))).getInt("downloads");
    }

    private static void sql(String statement, Object... parameters) throws SQLException {
        try (Connection db = database(); PreparedStatement update = db.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            assertEquals(1, update.executeUpdate(), statement);
        }
    }

    private static long sharesOf(UUID org) throws SQLException {
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(
            "SELECT COUNT(*) FROM shares WHERE organization_id = ?")) {
            query.setObject(1, org);
            ResultSet rs = query.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void createAnswers201WithAnAbsoluteUrlAndStoresOnlyTheTokensHash() throws SQLException {
        UUID session = createSession(ORG, "shares-create");
        String path = "terraform/main.tf";
        assertEquals(201, put(uploadUrl(session, path), writer(ORG), "resource {}\n".getBytes()).statusCode());

        HttpResponse<byte[]> created = createShare("", ORG, body(session.toString(), path, 3600L, 5L));
        assertEquals(201, created.statusCode(), text(created));
        JsonObject share = json(created);
        assertEquals(java.util.Set.of("share_id", "url", "session_id", "path", "expires_at", "max_downloads",
            "downloads", "revoked_at", "created_by", "created_at"), share.keySet());
        String shareId = share.getString("share_id");
        assertEquals(base() + "/api/shares/" + shareId, header(created, "Location"));
        assertEquals(session.toString(), share.getString("session_id"));
        assertEquals(path, share.getString("path"));
        assertEquals(5, share.getInt("max_downloads"));
        assertEquals(0, share.getInt("downloads"));
        assertTrue(share.isNull("revoked_at"));
        assertEquals("alice", share.getString("created_by"));
        long lifetime = Instant.parse(share.getString("expires_at")).getEpochSecond()
            - Instant.parse(share.getString("created_at")).getEpochSecond();
        assertTrue(Math.abs(lifetime - 3600) <= 5, "expires_at - created_at = " + lifetime);
        Matcher url = URL.matcher(share.getString("url"));
        assertTrue(url.matches(), share.getString("url"));
        assertEquals(base(), url.group(1), "the request's base URL when artifacts.share.base-url is not set");
        String token = url.group(2);

        try (Connection db = database(); PreparedStatement query = db.prepareStatement(
            "SELECT token_sha256, shares::text FROM shares WHERE share_id = ?")) {
            query.setObject(1, UUID.fromString(shareId));
            ResultSet rs = query.executeQuery();
            assertTrue(rs.next());
            assertEquals(sha256(token.getBytes(StandardCharsets.US_ASCII)), rs.getString(1));
            assertFalse(rs.getString(2).contains(token), "the row holds the token itself");
        }
        // The whole session's bundle, with the default lifetime (30 days) and no download limit.
        JsonObject bundle = share(session, null, null, null);
        assertTrue(bundle.isNull("path"));
        assertTrue(bundle.isNull("max_downloads"));
        long defaultLifetime = Instant.parse(bundle.getString("expires_at")).getEpochSecond()
            - Instant.parse(bundle.getString("created_at")).getEpochSecond();
        assertTrue(Math.abs(defaultLifetime - 2_592_000) <= 5, "default lifetime " + defaultLifetime);
        assertFalse(token(bundle).equals(token), "each link has its own token");
    }

    @Test
    @InvalidRequests("expires_in and max_downloads out of range, missing or malformed session_id, malformed body")
    void badInputIsRefusedWithProblemsAndNothingIsStored() throws SQLException {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "shares-invalid");
        assertEquals(201, put(uploadUrl(session, "README.md"), writer(org), "# x\n".getBytes()).statusCode());
        String id = session.toString();
        for (byte[] bad : List.of(body(id, "README.md", 59L, null), body(id, "README.md", 2_592_001L, null),
            body(id, "README.md", null, 0L), body(id, "README.md", null, -3L), body(null, "README.md", null, null),
            body("not-a-uuid", "README.md", null, null), body(id, "../README.md", null, null),
            body(id, "a//b.md", null, null), "{\"session_id\":".getBytes(StandardCharsets.UTF_8),
            ("{\"session_id\":\"" + id + "\",\"expires_in\":\"soon\"}").getBytes(StandardCharsets.UTF_8),
            ("{\"session_id\":\"" + id + "\",\"expiresIn\":600}").getBytes(StandardCharsets.UTF_8))) {
            HttpResponse<byte[]> refused = createShare("", org, bad);
            assertProblemOf(refused, 400, "bad-request");
        }
        // Unknown or another organization's session, or no live artifact at the path: 404 as everywhere.
        assertProblemOf(createShare("", org, body(UUID.randomUUID().toString(), null, null, null)), 404, "not-found");
        UUID strangers = createSession(UUID.randomUUID(), "shares-stranger");
        assertProblemOf(createShare("", org, body(strangers.toString(), null, null, null)), 404, "not-found");
        assertProblemOf(createShare("", org, body(id, "terraform/missing.tf", null, null)), 404, "not-found");
        // Readers may not create links.
        assertProblemOf(send("POST", "/api/shares", token(org, "bob", READ), body(id, null, null, null),
            "Content-Type", "application/json"), 403, "forbidden");
        assertEquals(0, sharesOf(org), "nothing stored");
        // The bounds themselves are accepted.
        assertEquals(201, createShare("", org, body(id, "README.md", 60L, 1L)).statusCode());
        assertEquals(201, createShare("", org, body(id, "README.md", 2_592_000L, null)).statusCode());
    }

    @Test
    void landingPageShowsTheFileWithoutLoginAndCountsNothing() {
        UUID session = createSession(ORG, "shares-landing");
        String path = "diagrams/a<b>&\"c\" 'd'.png";
        byte[] bytes = randomBytes(1536, 3);
        assertEquals(201, put(uploadUrl(session, path), writer(ORG), bytes).statusCode());
        JsonObject share = share(session, path, 600L, 1L);
        String token = token(share);

        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> page = landing("", token);
            assertEquals(200, page.statusCode(), text(page));
            assertTrue(header(page, "Content-Type").startsWith("text/html"));
            assertEquals("no-store", header(page, "Cache-Control"));
            assertTrue(header(page, "Content-Security-Policy").contains("script-src 'self'"));
            String html = text(page);
            assertTrue(html.contains("a&lt;b&gt;&amp;&quot;c&quot; &#39;d&#39;.png"), html);
            assertFalse(html.contains("a<b>"), "the name is escaped");
            assertTrue(html.contains("1.5 KiB (1,536 bytes)"), html);
            assertTrue(html.contains(sha256(bytes)), html);
            assertTrue(html.contains("href=\"" + token + "/download\""), html);
            assertTrue(html.contains("app.css"), html);
            assertFalse(html.contains("<script") || html.contains("style="), "nothing the page's CSP would refuse");
        }
        assertEquals(0, downloads(ORG, share.getString("share_id")), "the landing page counts no download");
        // The one download is still there.
        signedRedirect(download("", token));
        assertEndedPage(landing("", token), 410);

        // Unknown tokens, of the right shape or not: 404 page and 404 problem.
        String unknown = "A".repeat(43);
        assertEndedPage(landing("", unknown), 404);
        assertEndedPage(landing("", "short"), 404);
        assertProblemOf(download("", unknown), 404, "not-found");
        assertProblemOf(get("/s/" + unknown + "/other", null), 404, "not-found");
    }

    @Test
    void downloadRedirectsToTheExactBytesCountsAndIsAudited() {
        UUID session = createSession(ORG, "shares-download");
        String path = "pricing/büro plan.pdf";
        byte[] bytes = randomBytes(300_000, 11);
        assertEquals(201, put(uploadUrl(session, path), writer(ORG), bytes).statusCode());
        JsonObject share = share(session, path, 3600L, null);
        String token = token(share);
        String shareId = share.getString("share_id");

        for (int i = 1; i <= 2; i++) {
            HttpResponse<byte[]> redirect = download("", token);
            String location = signedRedirect(redirect);
            assertEquals(0, redirect.body().length);
            HttpResponse<byte[]> fetched = get(location, null);
            assertEquals(200, fetched.statusCode(), location);
            assertArrayEquals(bytes, fetched.body());
            assertEquals(header(get(downloadUrl(session, path), writer(ORG)), "Content-Disposition"),
                header(fetched, "Content-Disposition"));
            assertEquals(i, downloads(ORG, shareId));
        }
        assertEquals(405, send("HEAD", "/s/" + token + "/download", null, null).statusCode());
        assertEquals(2, downloads(ORG, shareId), "HEAD counts nothing");

        awaitCondition(Duration.ofSeconds(30), "two share-download audit events with the client's address", () -> {
            int count = 0;
            for (JsonValue value : json(get("/api/audit?session_id=" + session, admin(ORG))).getJsonArray("events")) {
                JsonObject event = value.asJsonObject();
                if (event.getString("action").equals("share-download") && path.equals(event.getString("path", null))
                    && event.getString("actor").equals("share:" + shareId)
                    && event.getJsonNumber("bytes").longValue() == bytes.length
                    && !event.isNull("client_address") && !event.getString("client_address").isBlank()) {
                    count++;
                }
            }
            return count == 2;
        });
        JsonObject created = json(get("/api/audit?session_id=" + session, admin(ORG))).getJsonArray("events")
            .getValuesAs(JsonObject.class).stream().filter(e -> e.getString("action").equals("share")).findFirst()
            .orElseThrow();
        assertEquals("alice", created.getString("actor"));
    }

    @Test
    void oneTimeLinkRacedByEightClientsGivesExactlyOneRedirect() throws Exception {
        UUID session = createSession(ORG, "shares-race");
        byte[] bytes = randomBytes(5000, 5);
        assertEquals(201, put(uploadUrl(session, "lambda/handler.py"), writer(ORG), bytes).statusCode());
        JsonObject share = share(session, "lambda/handler.py", 600L, 1L);
        String token = token(share);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return download("", token);
                }));
            }
            start.countDown();
            Map<Integer, Integer> statuses = new TreeMap<>();
            String location = null;
            for (Future<HttpResponse<byte[]>> answer : answers) {
                HttpResponse<byte[]> response = answer.get();
                statuses.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() == 302) {
                    location = signedRedirect(response);
                } else {
                    assertProblemOf(response, 410, "gone");
                    assertEquals("application/problem+json", header(response, "Content-Type"));
                }
            }
            assertEquals(Map.of(302, 1, 410, 7), statuses);
            assertArrayEquals(bytes, get(location, null).body());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, downloads(ORG, share.getString("share_id")));
        assertEndedPage(landing("", token), 410);
    }

    @Test
    void expiredLinkIs410OnBothUrls() throws SQLException {
        UUID session = createSession(ORG, "shares-expired");
        assertEquals(201, put(uploadUrl(session, "README.md"), writer(ORG), "# r\n".getBytes()).statusCode());
        JsonObject share = share(session, "README.md", 60L, null);
        String token = token(share);
        assertEquals(200, landing("", token).statusCode());
        sql("UPDATE shares SET expires_at = now() - interval '1 second' WHERE share_id = ?",
            UUID.fromString(share.getString("share_id")));
        assertTrue(assertEndedPage(landing("", token), 410).contains("expired"));
        assertProblemOf(download("", token), 410, "gone");
        assertEquals(0, downloads(ORG, share.getString("share_id")));
    }

    @Test
    void revocationIsSeenAtOnceByEveryInstance() {
        UUID session = createSession(ORG, "shares-revoke");
        byte[] bytes = randomBytes(2048, 8);
        assertEquals(201, put(uploadUrl(session, "cloudformation/stack.yaml"), writer(ORG), bytes).statusCode());
        JsonObject share = share(session, "cloudformation/stack.yaml", 600L, null);
        String token = token(share);
        String shareId = share.getString("share_id");
        // The second instance serves the same link (the state is in the database).
        assertEquals(200, landing(second.base(), token).statusCode());
        assertArrayEquals(bytes, get(signedRedirect(download(second.base(), token)), null).body());

        // Another organization can neither see nor revoke it.
        String stranger = writer(UUID.randomUUID());
        assertProblemOf(get("/api/shares/" + shareId, stranger), 404, "not-found");
        assertProblemOf(send("DELETE", "/api/shares/" + shareId, stranger, null), 404, "not-found");
        assertProblemOf(send("DELETE", "/api/shares/" + shareId, token(ORG, "bob", READ), null), 403, "forbidden");
        assertEquals(200, landing("", token).statusCode());

        assertEquals(204, send("DELETE", "/api/shares/" + shareId, writer(ORG), null).statusCode());
        for (String base : List.of(second.base(), "")) {
            assertEndedPage(landing(base, token), 404);
            assertProblemOf(download(base, token), 404, "not-found");
        }
        assertEquals(204, send("DELETE", second.base() + "/api/shares/" + shareId, writer(ORG), null).statusCode(),
            "revoking again changes nothing");
        JsonObject shown = json(get("/api/shares/" + shareId, writer(ORG)));
        assertFalse(shown.isNull("revoked_at"));
        assertEquals(1, shown.getInt("downloads"));
        assertProblemOf(send("DELETE", "/api/shares/" + UUID.randomUUID(), writer(ORG), null), 404, "not-found");
    }

    @Test
    void baseUrlSettingNamesTheLinksAndMaxExpiryIsClampedTo365Days() {
        UUID session = createSession(second.base(), ORG, "shares-settings");
        assertEquals(201, put(second.base() + uploadUrl(session, "README.md"), writer(ORG), "# s\n".getBytes())
            .statusCode());
        HttpResponse<byte[]> created = createShare(second.base(), ORG,
            body(session.toString(), "README.md", 31_536_000L, null));
        assertEquals(201, created.statusCode(), text(created));
        Matcher url = URL.matcher(json(created).getString("url"));
        assertTrue(url.matches(), json(created).getString("url"));
        assertEquals(SECOND_BASE_URL, url.group(1));
        assertEquals(200, landing("", url.group(2)).statusCode(), "the link works on any instance");
        HttpResponse<byte[]> tooLong = allowingInvalidRequest(() -> createShare(second.base(), ORG,
            body(session.toString(), "README.md", 31_536_001L, null)));
        assertTrue(assertProblemOf(tooLong, 400, "bad-request").getString("detail").contains("31536000"));
    }

    @Test
    void deletingOrExpiringTheArtifactEndsTheLinkForGood() throws SQLException {
        UUID session = createSession(ORG, "shares-artifact-gone");
        assertEquals(201, put(uploadUrl(session, "terraform/a.tf"), writer(ORG), "a = 1\n".getBytes()).statusCode());
        assertEquals(201, put(uploadUrl(session, "terraform/b.tf"), writer(ORG), "b = 1\n".getBytes()).statusCode());
        String deleted = token(share(session, "terraform/a.tf", 600L, null));
        String expired = token(share(session, "terraform/b.tf", 600L, null));

        // Replacing the file keeps the link: it serves the new content.
        assertEquals(200, put(uploadUrl(session, "terraform/a.tf"), writer(ORG), "a = 2\n".getBytes()).statusCode());
        assertArrayEquals("a = 2\n".getBytes(), get(signedRedirect(download("", deleted)), null).body());

        assertEquals(204, send("DELETE", "/api/artifacts/" + session + "/terraform/a.tf", writer(ORG), null)
            .statusCode());
        assertEndedPage(landing("", deleted), 410);
        assertProblemOf(download("", deleted), 410, "gone");
        // Uploading the path again does not bring the link back.
        assertEquals(201, put(uploadUrl(session, "terraform/a.tf"), writer(ORG), "a = 3\n".getBytes()).statusCode());
        assertProblemOf(download("", deleted), 410, "gone");

        sql("UPDATE artifacts SET expires_at = now() - interval '1 second' WHERE session_id = ? AND path = ?",
            session, "terraform/b.tf");
        assertEndedPage(landing("", expired), 410);
        assertProblemOf(download("", expired), 410, "gone");

        // Deleting the session deletes its links.
        assertEquals(204, send("DELETE", "/api/sessions/" + session, writer(ORG), null).statusCode());
        assertEndedPage(landing("", deleted), 404);
        assertProblemOf(download("", deleted), 404, "not-found");
    }

    @Test
    void wholeSessionLinkDownloadsTheZipCountedOnce() throws IOException {
        UUID session = createSession(ORG, "shares-bundle");
        Map<String, byte[]> files = new TreeMap<>();
        files.put("README.md", "# bundle\n".getBytes(StandardCharsets.UTF_8));
        files.put("diagrams/arch.png", randomBytes(40_000, 21));
        for (var file : files.entrySet()) {
            assertEquals(201, put(uploadUrl(session, file.getKey()), writer(ORG), file.getValue()).statusCode());
        }
        JsonObject share = share(session, null, 600L, 3L);
        String token = token(share);
        String html = text(landing("", token));
        assertTrue(html.contains("artifacts-" + session + ".zip") && html.contains("in 2 files"), html);

        // No stored copy yet: streamed (and kept for the next time).
        HttpResponse<byte[]> streamed = download("", token);
        assertEquals(200, streamed.statusCode(), text(streamed));
        assertEquals("application/zip", header(streamed, "Content-Type"));
        assertEquals("no-store", header(streamed, "Cache-Control"));
        assertTrue(header(streamed, "Content-Disposition").contains("artifacts-" + session + ".zip"));
        Map<String, byte[]> entries = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(streamed.body()))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        assertEquals(files.keySet(), entries.keySet());
        files.forEach((name, bytes) -> assertArrayEquals(bytes, entries.get(name), name));
        assertEquals(1, downloads(ORG, share.getString("share_id")));

        String key = artifactKey(ORG, session, "bundle.zip");
        awaitCondition(Duration.ofSeconds(30), "the kept bundle copy", () -> objectKeys(TEST_BUCKET, key).contains(key));
        byte[] copy = get(signedRedirect(download("", token)), null).body();
        assertArrayEquals(streamed.body(), copy, "the stored copy is the bundle, byte for byte");
        assertEquals(2, downloads(ORG, share.getString("share_id")));
    }

    @Test
    void listShowsTheOrganizationsLinksNewestFirstNeverTheirTokens() {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "shares-list");
        UUID other = createSession(org, "shares-list-other");
        assertEquals(201, put(uploadUrl(session, "README.md"), writer(org), "# l\n".getBytes()).statusCode());
        List<String> tokens = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> created = createShare("", org, body(session.toString(), i == 1 ? null : "README.md",
                600L, null));
            assertEquals(201, created.statusCode());
            tokens.add(token(json(created)));
            ids.add(0, json(created).getString("share_id"));
        }
        HttpResponse<byte[]> otherShare = createShare("", org, body(other.toString(), null, 600L, null));
        assertEquals(201, otherShare.statusCode());

        HttpResponse<byte[]> listed = get("/api/shares?session_id=" + session, token(org, "bob", READ));
        assertEquals(200, listed.statusCode());
        List<JsonObject> shares = json(listed).getJsonArray("shares").getValuesAs(JsonObject.class);
        assertEquals(ids, shares.stream().map(s -> s.getString("share_id")).toList(), "newest first");
        shares.forEach(s -> assertTrue(s.isNull("url"), s.toString()));
        String all = text(get("/api/shares", writer(org)));
        assertEquals(4, json(get("/api/shares", writer(org))).getJsonArray("shares").size());
        for (String token : tokens) {
            assertFalse(text(listed).contains(token) || all.contains(token), "a token in a list");
        }
        assertEquals(0, json(get("/api/shares", writer(UUID.randomUUID()))).getJsonArray("shares").size());
        assertProblemOf(get("/api/shares?session_id=" + session, writer(UUID.randomUUID())), 404, "not-found");
        assertProblemOf(allowingInvalidRequest(() -> get("/api/shares?session_id=nope", writer(org))), 400,
            "bad-request");
    }
}
