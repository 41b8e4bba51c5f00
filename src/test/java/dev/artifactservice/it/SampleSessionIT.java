package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The whole sample session through the real service, PostgreSQL and S3 endpoint: upload, list, download
 * every file, bundle, pre-signed URLs, and another organization seeing nothing.
 */
class SampleSessionIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();
    private static final UUID OTHER_ORG = UUID.randomUUID();

    /** The demo session shipped in the repository; always present. */
    private static Map<String, byte[]> demoSession() {
        return readTree(Path.of(System.getProperty("it.demo.dir")));
    }

    private static UUID uploadAll(Map<String, byte[]> files) {
        UUID session = createSession(ORG, "sample");
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            HttpResponse<byte[]> response = put(uploadUrl(session, file.getKey()), writer(ORG), file.getValue());
            assertEquals(201, response.statusCode(), file.getKey() + ": " + new String(response.body()));
            assertEquals("\"" + sha256(file.getValue()) + "\"", header(response, "ETag"));
        }
        return session;
    }

    @Test
    void demoSessionRoundTripsByteForByte() throws Exception {
        Map<String, byte[]> files = demoSession();
        assertTrue(files.size() >= 14, "the demo session has its files");
        roundTrip(files);
    }

    @Test
    void sharedSampleSessionRoundTripsByteForByte() throws Exception {
        Path shared = Path.of(System.getProperty("it.shared.dir"), "fixtures", "sample-session");
        Assumptions.assumeTrue(Files.isDirectory(shared), "../shared/fixtures/sample-session is not here");
        roundTrip(readTree(shared));
    }

    private void roundTrip(Map<String, byte[]> files) throws Exception {
        UUID session = uploadAll(files);
        String token = token(ORG, "reader", READ);

        // List: every file, in code-point path order, with sizes, hashes, types and names.
        JsonObject listing = json(get("/api/artifacts/list/" + session, token));
        List<String> paths = new ArrayList<>();
        for (JsonValue value : listing.getJsonArray("artifacts")) {
            JsonObject artifact = value.asJsonObject();
            String path = artifact.getString("path");
            paths.add(path);
            byte[] bytes = files.get(path);
            assertNotNull(bytes, "listed path was uploaded: " + path);
            assertEquals(bytes.length, artifact.getJsonNumber("size").longValue(), path);
            assertEquals(sha256(bytes), artifact.getString("sha256"), path);
            String first = path.contains("/") ? path.substring(0, path.indexOf('/')) : "";
            String expectedType = switch (first) {
                case "" -> "readme";
                case "diagrams" -> "diagram";
                default -> first;
            };
            assertEquals(expectedType, artifact.getString("type"), path);
            assertEquals(first.isEmpty() ? path : path.substring(first.length() + 1), artifact.getString("name"));
            assertEquals(downloadUrl(session, path), artifact.getString("download_url"));
        }
        assertEquals(new ArrayList<>(files.keySet()), paths, "ordered by path in code-point order");
        assertEquals(files.size(), listing.getInt("total_count"));
        assertEquals(files.values().stream().mapToLong(b -> b.length).sum(),
            listing.getJsonNumber("total_size").longValue());
        assertEquals(session.toString(), listing.getString("session_id"));
        assertTrue(listing.isNull("next_cursor"));

        // Download every file: bytes, hash and headers; HEAD gives the same headers.
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            HttpResponse<byte[]> download = get(downloadUrl(session, file.getKey()), token);
            assertEquals(200, download.statusCode(), file.getKey());
            assertArrayEquals(file.getValue(), download.body(), file.getKey());
            assertEquals("\"" + sha256(file.getValue()) + "\"", header(download, "ETag"));
            assertEquals(String.valueOf(file.getValue().length), header(download, "Content-Length"));
            String fileName = file.getKey().substring(file.getKey().lastIndexOf('/') + 1);
            assertTrue(header(download, "Content-Disposition").startsWith("attachment; filename=\"" + fileName + "\""),
                header(download, "Content-Disposition"));
            assertEquals("nosniff", header(download, "X-Content-Type-Options"));
            HttpResponse<byte[]> head = send("HEAD", downloadUrl(session, file.getKey()), token, null);
            assertEquals(200, head.statusCode());
            assertEquals(0, head.body().length);
            for (String name : List.of("Content-Type", "Content-Length", "ETag", "Content-Disposition",
                "Last-Modified", "Accept-Ranges")) {
                assertEquals(header(download, name), header(head, name), name + " of HEAD " + file.getKey());
            }
        }
        assertEquals("application/pdf", header(get(downloadUrl(session, "pricing/summary.pdf"), token),
            "Content-Type"));
        assertEquals("image/png", header(get(downloadUrl(session, "diagrams/architecture.png"), token),
            "Content-Type"));

        // Bundle: every entry at its path, same bytes, in path order; unzip -t agrees.
        HttpResponse<byte[]> bundle = get("/api/artifacts/bundle/" + session, token);
        assertEquals(200, bundle.statusCode());
        assertEquals("application/zip", header(bundle, "Content-Type"));
        assertEquals("attachment; filename=\"artifacts-" + session + ".zip\"", header(bundle, "Content-Disposition"));
        Map<String, byte[]> entries = unzip(bundle.body());
        assertEquals(new ArrayList<>(files.keySet()), new ArrayList<>(entries.keySet()));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            assertArrayEquals(file.getValue(), entries.get(file.getKey()), "bundle entry " + file.getKey());
        }
        assertTrue(entries.containsKey("README.md"), "README.md at the root of the bundle");
        assertTestedByUnzip(bundle.body());

        // Pre-signed URLs: fetched without a token, the same bytes.
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            HttpResponse<byte[]> link = get("/api/artifacts/download-url/" + session + "/" + encodePath(file.getKey()),
                token);
            assertEquals(200, link.statusCode(), file.getKey());
            JsonObject body = json(link);
            assertEquals(3600, body.getInt("expires_in"));
            HttpResponse<byte[]> fetched = get(body.getString("download_url"), null);
            assertEquals(200, fetched.statusCode(), file.getKey());
            assertArrayEquals(file.getValue(), fetched.body(), "pre-signed " + file.getKey());
        }
    }

    @Test
    void anotherOrganizationGetsNotFoundEverywhere() {
        UUID session = uploadAll(Map.of("README.md", "# hello\n".getBytes(), "terraform/main.tf", "x".getBytes()));
        String other = writer(OTHER_ORG);
        String s = session.toString();
        Map<String, HttpResponse<byte[]>> attempts = new LinkedHashMap<>();
        attempts.put("get session", get("/api/sessions/" + s, other));
        attempts.put("list", get("/api/artifacts/list/" + s, other));
        attempts.put("download", get(downloadUrl(session, "README.md"), other));
        attempts.put("head", send("HEAD", downloadUrl(session, "README.md"), other, null));
        attempts.put("bundle", get("/api/artifacts/bundle/" + s, other));
        attempts.put("presign", get("/api/artifacts/download-url/" + s + "/README.md", other));
        attempts.put("upload", put(uploadUrl(session, "README.md"), other, "stolen".getBytes()));
        attempts.put("conversation", send("POST", "/api/sessions/" + s + "/conversations", other,
            "{}".getBytes(), "Content-Type", "application/json"));
        attempts.put("delete artifact", send("DELETE", "/api/artifacts/" + s + "/README.md", other, null));
        attempts.put("delete session", send("DELETE", "/api/sessions/" + s, other, null));
        HttpResponse<byte[]> unknown = get("/api/artifacts/list/" + UUID.randomUUID(), other);
        assertEquals(404, unknown.statusCode());
        for (Map.Entry<String, HttpResponse<byte[]>> attempt : attempts.entrySet()) {
            HttpResponse<byte[]> response = attempt.getValue();
            assertEquals(404, response.statusCode(), attempt.getKey());
            if (!attempt.getKey().equals("head")) {
                assertTrue(header(response, "Content-Type").startsWith("application/problem+json"), attempt.getKey());
                String body = new String(response.body());
                assertFalse(body.contains(ORG.toString()), attempt.getKey() + " leaks the owner's organization");
                assertFalse(body.contains("organizations/"), attempt.getKey() + " leaks an S3 key");
            }
        }
        // The other organization's sessions list is empty, and the owner still has everything, unchanged.
        assertEquals(0, json(get("/api/sessions", other)).getJsonArray("sessions").size());
        HttpResponse<byte[]> owner = get(downloadUrl(session, "README.md"), writer(ORG));
        assertEquals(200, owner.statusCode());
        assertArrayEquals("# hello\n".getBytes(), owner.body());
        assertEquals(2, json(get("/api/artifacts/list/" + s, writer(ORG))).getInt("total_count"));
    }

    @Test
    void metadataWrittenOutsideJpaIsReadBackThroughTheApi() throws Exception {
        UUID session = uploadAll(Map.of("lambda/handler.py", "print('hi')\n".getBytes()));
        try (Connection db = database(); PreparedStatement update = db.prepareStatement(
            "UPDATE artifacts SET metadata = CAST(? AS jsonb) WHERE session_id = ? AND path = ?")) {
            update.setString(1, "{\"step\": \"implement\", \"tools\": {\"terraform\": \"1.9.0\"}, \"n\": 3}");
            update.setObject(2, session);
            update.setString(3, "lambda/handler.py");
            assertEquals(1, update.executeUpdate());
        }
        JsonObject artifact = json(get("/api/artifacts/list/" + session, writer(ORG)))
            .getJsonArray("artifacts").getJsonObject(0);
        JsonObject metadata = artifact.getJsonObject("metadata");
        assertEquals("implement", metadata.getString("step"));
        assertEquals("1.9.0", metadata.getJsonObject("tools").getString("terraform"));
        assertEquals(3, metadata.getInt("n"));
        assertTrue(artifact.isNull("conversation_id"));
    }

    @Test
    void metadataHeaderIsStoredAsJsonb() throws Exception {
        UUID session = createSession(ORG, "metadata");
        HttpResponse<byte[]> upload = put(uploadUrl(session, "cloudformation/main.yaml"), writer(ORG),
            "Resources: {}\n".getBytes(), "X-Artifact-Metadata", "{\"step\":\"design\",\"ok\":true}");
        assertEquals(201, upload.statusCode());
        assertEquals("design", json(upload).getJsonObject("metadata").getString("step"));
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(
            "SELECT metadata->>'step', jsonb_typeof(metadata) FROM artifacts WHERE session_id = ?")) {
            query.setObject(1, session);
            var rows = query.executeQuery();
            assertTrue(rows.next());
            assertEquals("design", rows.getString(1));
            assertEquals("object", rows.getString(2));
        }
        assertNull(json(upload).get("conversation_id") == JsonValue.NULL ? null : "linked");
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    /** {@code unzip -t} accepts the archive (the command is installed by .ci/run). */
    static void assertTestedByUnzip(byte[] zip) throws Exception {
        Path file = Files.createTempFile("bundle", ".zip");
        try {
            Files.write(file, zip);
            Process process;
            try {
                process = new ProcessBuilder("unzip", "-t", file.toString()).redirectErrorStream(true).start();
            } catch (IOException e) {
                Assumptions.abort("the unzip command is not installed");
                return;
            }
            String output = new String(process.getInputStream().readAllBytes());
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue(), output);
            assertTrue(output.contains("No errors detected"), output);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
