package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Bundles: deterministic streamed ZIPs with stored and deflated entries, ETags, selections, checksums,
 * ZIP64 entry counts, aborted transfers, and the stored bundle behind a pre-signed link.
 */
class BundlesIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();

    private static final Map<String, byte[]> FILES = new TreeMap<>(Map.of(
        "README.md", "# Demo\n".repeat(50).getBytes(),
        "cloudformation/main.yaml", "Resources: {}\n".repeat(40).getBytes(),
        "diagrams/architecture.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3},
        "pricing/summary.pdf", "%PDF-1.4 tiny".getBytes(),
        "terraform/main.tf", "module \"network\" {}\n".repeat(30).getBytes(),
        "terraform/modules/network/main.tf", "resource \"aws_vpc\" \"this\" {}\n".getBytes()));

    private static UUID sessionWithFiles() {
        UUID session = createSession(ORG, "bundle");
        for (Map.Entry<String, byte[]> file : FILES.entrySet()) {
            assertEquals(201, put(uploadUrl(session, file.getKey()), writer(ORG), file.getValue()).statusCode());
        }
        return session;
    }

    private static Path saveZip(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("bundle", ".zip");
        Files.write(file, bytes);
        return file;
    }

    @Test
    void bundleIsDeterministicWithStoredAndDeflatedEntriesAndEntryTimes() throws Exception {
        UUID session = sessionWithFiles();
        HttpResponse<byte[]> first = get("/api/artifacts/bundle/" + session, writer(ORG));
        // no-cache: built again from the artifacts, not sent from the copy the first one kept.
        HttpResponse<byte[]> second = get("/api/artifacts/bundle/" + session, writer(ORG), "Cache-Control", "no-cache");
        assertEquals(200, first.statusCode());
        assertArrayEquals(first.body(), second.body(), "the same session gives byte-identical bundles");
        assertEquals(header(first, "ETag"), header(second, "ETag"));

        Map<String, OffsetDateTime> created = new TreeMap<>();
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(
            "SELECT path, created_at FROM artifacts WHERE session_id = ?")) {
            query.setObject(1, session);
            ResultSet rows = query.executeQuery();
            while (rows.next()) {
                created.put(rows.getString(1), rows.getObject(2, OffsetDateTime.class));
            }
        }
        Path zip = saveZip(first.body());
        try (ZipFile file = new ZipFile(zip.toFile())) {
            List<String> names = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = file.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                names.add(entry.getName());
                boolean compressed = entry.getName().endsWith(".png") || entry.getName().endsWith(".pdf");
                assertEquals(compressed ? ZipEntry.STORED : ZipEntry.DEFLATED, entry.getMethod(), entry.getName());
                assertArrayEquals(FILES.get(entry.getName()), file.getInputStream(entry).readAllBytes());
                LocalDateTime expected = created.get(entry.getName()).withOffsetSameInstant(ZoneOffset.UTC)
                    .toLocalDateTime().withNano(0);
                LocalDateTime actual = entry.getTimeLocal();
                assertTrue(Math.abs(Duration.between(expected, actual).getSeconds()) <= 2,
                    entry.getName() + " time " + actual + " vs created_at " + expected);
            }
            assertEquals(new ArrayList<>(FILES.keySet()), names);
        } finally {
            Files.delete(zip);
        }
        SampleSessionIT.assertTestedByUnzip(first.body());
    }

    @Test
    void etagGives304AndChangesWithTheSession() {
        UUID session = sessionWithFiles();
        String url = "/api/artifacts/bundle/" + session;
        String etag = header(get(url, writer(ORG)), "ETag");
        HttpResponse<byte[]> notModified = get(url, writer(ORG), "If-None-Match", etag);
        assertEquals(304, notModified.statusCode());
        assertEquals(0, notModified.body().length);
        assertEquals(201, put(uploadUrl(session, "lambda/handler.py"), writer(ORG), "x".getBytes()).statusCode());
        HttpResponse<byte[]> changed = get(url, writer(ORG), "If-None-Match", etag);
        assertEquals(200, changed.statusCode());
        assertNotEquals(etag, header(changed, "ETag"));
    }

    @Test
    void typeAndConversationSelectASubsetAndEmptySelectionsAreValidZips() throws Exception {
        UUID session = sessionWithFiles();
        Map<String, byte[]> subset = SampleSessionIT.unzip(get("/api/artifacts/bundle/" + session
            + "?type=terraform&type=readme", writer(ORG)).body());
        assertEquals(List.of("README.md", "terraform/main.tf", "terraform/modules/network/main.tf"),
            new ArrayList<>(subset.keySet()));
        HttpResponse<byte[]> created = send("POST", "/api/sessions/" + session + "/conversations", writer(ORG),
            "{\"title\":\"c\"}".getBytes(), "Content-Type", "application/json");
        String conversation = json(created).getString("conversation_id");
        assertEquals(201, put(uploadUrl(session, "lambda/c.py") + "?conversation_id=" + conversation, writer(ORG),
            "c".getBytes()).statusCode());
        Map<String, byte[]> linked = SampleSessionIT.unzip(get("/api/artifacts/bundle/" + session
            + "?conversation_id=" + conversation, writer(ORG)).body());
        assertEquals(List.of("lambda/c.py"), new ArrayList<>(linked.keySet()));
        HttpResponse<byte[]> empty = get("/api/artifacts/bundle/" + session + "?type=pricing&conversation_id="
            + conversation, writer(ORG));
        assertEquals(200, empty.statusCode());
        assertTrue(SampleSessionIT.unzip(empty.body()).isEmpty());
        SampleSessionIT.assertTestedByUnzip(sessionZipWithEntry(empty.body()));
        assertEquals(400, allowingInvalidRequest(() -> get("/api/artifacts/bundle/" + session + "?type=nope",
            writer(ORG))).statusCode());
        assertEquals(400, allowingInvalidRequest(() -> get("/api/artifacts/bundle/" + session + "?checksums=maybe",
            writer(ORG))).statusCode());
    }

    /** unzip -t refuses an archive without entries ("zipfile is empty"), so test the empty one via the JDK only. */
    private static byte[] sessionZipWithEntry(byte[] emptyZip) {
        assertEquals(22, emptyZip.length, "an empty ZIP is just its end-of-central-directory record");
        return get("/api/artifacts/bundle/" + sessionWithFiles(), writer(ORG)).body();
    }

    @Test
    void checksumsFileIsAcceptedBySha256sum() throws Exception {
        UUID session = sessionWithFiles();
        byte[] zip = get("/api/artifacts/bundle/" + session + "?checksums=true", writer(ORG)).body();
        Map<String, byte[]> entries = SampleSessionIT.unzip(zip);
        String sums = new String(entries.get("SHA256SUMS"));
        for (Map.Entry<String, byte[]> file : FILES.entrySet()) {
            assertTrue(sums.contains(sha256(file.getValue()) + "  " + file.getKey() + "\n"), sums);
        }
        Path dir = Files.createTempDirectory("unzipped");
        Path file = dir.resolve("bundle.zip");
        Files.write(file, zip);
        Process unzip = new ProcessBuilder("unzip", "-q", "bundle.zip").directory(dir.toFile()).start();
        assertTrue(unzip.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, unzip.exitValue());
        Process check = new ProcessBuilder("sha256sum", "-c", "SHA256SUMS").directory(dir.toFile())
            .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertTrue(check.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), output);
        assertEquals(FILES.size(), output.lines().filter(l -> l.endsWith(": OK")).count(), output);
    }

    @Test
    void moreThan65535EntriesMakeAZip64BundleEveryToolReads() throws Exception {
        UUID session = createSession(ORG, "zip64");
        int count = 65_600;
        byte[] body = "x\n".getBytes();
        CRC32 crc = new CRC32();
        crc.update(body);
        // Rows written in one statement, all of them pointing to one object written through the S3 API: 65,600
        // uploads (or objects) would only make the test slow, not more real for the bundle, whose entries are
        // each read from their row's storage_path all the same.
        String key = artifactKey(ORG, session, "terraform/all.tf");
        putObject(TEST_BUCKET, key, body);
        try (Connection db = database(); PreparedStatement insert = db.prepareStatement(
            "INSERT INTO artifacts (session_id, organization_id, artifact_type, artifact_name, path, storage_path,"
                + " file_size, mime_type, sha256, crc32) SELECT ?, ?, 'terraform', 'f' || lpad(i::text, 5, '0') "
                + "|| '.tf', 'terraform/f' || lpad(i::text, 5, '0') || '.tf', ?, 2, 'text/plain', ?, ? "
                + "FROM generate_series(1, ?) AS i")) {
            insert.setObject(1, session);
            insert.setObject(2, ORG);
            insert.setString(3, key);
            insert.setString(4, sha256(body));
            insert.setLong(5, crc.getValue());
            insert.setInt(6, count);
            assertEquals(count, insert.executeUpdate());
        }
        Path zip = Files.createTempFile("zip64", ".zip");
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/api/artifacts/bundle/" + session))
                .header("Authorization", "Bearer " + writer(ORG)).timeout(Duration.ofMinutes(10)).build();
            HttpResponse<Path> response = HTTP.send(request, HttpResponse.BodyHandlers.ofFile(zip));
            assertEquals(200, response.statusCode());
            try (ZipFile file = new ZipFile(zip.toFile())) {
                assertEquals(count, file.size());
                ZipEntry last = file.getEntry(String.format("terraform/f%05d.tf", count));
                assertArrayEquals(body, file.getInputStream(last).readAllBytes());
            }
            Process unzip = new ProcessBuilder("unzip", "-tq", zip.toString()).redirectErrorStream(true).start();
            String output = new String(unzip.getInputStream().readAllBytes());
            assertTrue(unzip.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, unzip.exitValue(), output);
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    @Test
    void anArtifactThatCannotBeReadBeforeTheFirstByteGivesAnErrorResponse() throws Exception {
        UUID session = sessionWithFiles();
        // Bytes of this test alone: FILES' are in the service's in-memory cache (by SHA-256) from other tests, and a
        // bundle takes cached bytes without reading S3.
        assertEquals(200, put(uploadUrl(session, "diagrams/architecture.png"), writer(ORG),
            UUID.randomUUID().toString().getBytes()).statusCode());
        deleteObject(TEST_BUCKET, artifactKey(ORG, session, "diagrams/architecture.png"));
        HttpResponse<byte[]> response = get("/api/artifacts/bundle/" + session, writer(ORG));
        assertEquals(500, response.statusCode(), "nothing was sent yet, so the failure can still be reported");
        assertTrue(header(response, "Content-Type").startsWith("application/problem+json"));
    }

    @Test
    void anArtifactThatCannotBeReadAfterStreamingBeganCutsTheTransferShort() throws Exception {
        UUID session = sessionWithFiles();
        // A large first entry (under the measuring limit, so the bundle's length is declared), so that the
        // response is committed before the broken artifact is reached.
        byte[] large = new byte[900 * 1024];
        new java.util.Random(3).nextBytes(large);
        assertEquals(201, put(uploadUrl(session, "A-first.md"), writer(ORG), large).statusCode());
        // The artifact to break is over artifacts.cache.max-entry-bytes (256 KiB), so the bundle reads it from S3
        // each time rather than from the in-memory cache the first bundle would fill.
        byte[] uncached = new byte[300 * 1024];
        new java.util.Random(4).nextBytes(uncached);
        assertEquals(200, put(uploadUrl(session, "diagrams/architecture.png"), writer(ORG), uncached).statusCode());
        HttpResponse<byte[]> whole = get("/api/artifacts/bundle/" + session, writer(ORG));
        long declared = Long.parseLong(header(whole, "Content-Length"));
        assertEquals(whole.body().length, declared);
        // The row stays, the object goes: reading it fails after the bundle has started streaming.
        deleteObject(TEST_BUCKET, artifactKey(ORG, session, "diagrams/architecture.png"));
        // no-cache: built from the artifacts (the first bundle's kept copy would still be complete).
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/api/artifacts/bundle/" + session))
            .header("Authorization", "Bearer " + writer(ORG)).header("Cache-Control", "no-cache")
            .timeout(Duration.ofSeconds(60)).build();
        // The headers (200, Content-Length) are already out; the body ends short and the connection closes.
        HttpResponse<java.io.InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertEquals(String.valueOf(declared), header(response, "Content-Length"));
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        IOException cut = assertThrows(IOException.class, () -> {
            try (java.io.InputStream body = response.body()) {
                body.transferTo(received);
            }
        }, "the client must see an incomplete transfer, never a clean end");
        assertTrue(received.size() > 512 * 1024 && received.size() < declared,
            "streaming had begun: " + received.size() + " of " + declared + " bytes (" + cut + ")");
        // The service is fine afterwards.
        assertEquals(200, get("/api/artifacts/list/" + session, writer(ORG)).statusCode());
    }

    @Test
    void bundleDeclaresItsExactLengthWhenEveryDeflatedArtifactWasMeasured() throws Exception {
        UUID session = sessionWithFiles();
        for (String query : new String[] {"", "?checksums=true", "?type=terraform"}) {
            HttpResponse<byte[]> response = get("/api/artifacts/bundle/" + session + query, writer(ORG));
            assertEquals(200, response.statusCode());
            assertEquals(String.valueOf(response.body().length), header(response, "Content-Length"), query);
            assertTrue(header(response, "Transfer-Encoding") == null, "not chunked " + query);
            SampleSessionIT.assertTestedByUnzip(response.body());
        }
    }

    @Test
    void aDeflatedArtifactOverTheMeasuringLimitIsMeasuredOnceBeforeTheFirstBundleAndTheLengthIsDeclared()
        throws Exception {
        UUID session = sessionWithFiles();
        long limit = Long.getLong("it.measure-deflate-max-bytes");
        byte[] large = "variable \"region\" { default = \"eu-west-1\" }\n".repeat((int) (limit / 40) + 100)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(large.length > limit);
        assertEquals(201, put(uploadUrl(session, "terraform/variables.tf"), writer(ORG), large).statusCode());
        assertEquals(null, deflatedSize(session, "terraform/variables.tf"), "too large to measure at upload");
        HttpResponse<byte[]> first = get("/api/artifacts/bundle/" + session, writer(ORG));
        assertEquals(200, first.statusCode());
        assertEquals(String.valueOf(first.body().length), header(first, "Content-Length"));
        Long measured = deflatedSize(session, "terraform/variables.tf");
        assertTrue(measured != null && measured > 0 && measured < large.length, "recorded: " + measured);
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(saveZip(first.body()).toFile())) {
            java.util.zip.ZipEntry entry = zip.getEntry("terraform/variables.tf");
            assertEquals(measured, entry.getCompressedSize(), "the recorded size is the entry's");
            assertArrayEquals(large, zip.getInputStream(entry).readAllBytes());
            assertEquals(FILES.size() + 1, zip.size());
        }
        SampleSessionIT.assertTestedByUnzip(first.body());
        HttpResponse<byte[]> second = get("/api/artifacts/bundle/" + session, writer(ORG));
        assertArrayEquals(first.body(), second.body(), "still byte-identical");
        assertEquals(header(first, "ETag"), header(second, "ETag"));
    }

    private static Long deflatedSize(UUID session, String path) throws Exception {
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(
            "SELECT deflated_size FROM artifacts WHERE session_id = ? AND path = ?")) {
            query.setObject(1, session);
            query.setString(2, path);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                long value = row.getLong(1);
                return row.wasNull() ? null : value;
            }
        }
    }

    @Test
    void aWholeSessionBundleIsKeptAndSentFromItsCopyUntilTheSessionChanges() throws Exception {
        UUID session = sessionWithFiles();
        String url = "/api/artifacts/bundle/" + session;
        String stored = artifactKey(ORG, session, "bundle.zip");
        assertNull(objectBytes(TEST_BUCKET, stored));
        HttpResponse<byte[]> first = get(url, writer(ORG));
        assertEquals(200, first.statusCode());
        assertArrayEquals(first.body(), awaitObject(TEST_BUCKET, stored, first.body().length),
            "kept in S3 as it was sent");

        long before = s3Requests();
        HttpResponse<byte[]> second = get(url, writer(ORG));
        assertEquals(1, s3Requests() - before, "one S3 GET for the whole ZIP, not one per artifact");
        assertArrayEquals(first.body(), second.body());
        assertEquals(header(first, "ETag"), header(second, "ETag"));
        assertEquals(String.valueOf(first.body().length), header(second, "Content-Length"));
        assertEquals(304, get(url, writer(ORG), "If-None-Match", header(first, "ETag")).statusCode());

        // no-cache builds it from the artifacts: each is read, from S3 or (small ones) from the in-memory cache.
        long gets = s3Requests("GetObject"::equals);
        double hits = metric("artifacts_cache_requests_total", "result=\"hit\"");
        HttpResponse<byte[]> rebuilt = get(url, writer(ORG), "Cache-Control", "max-age=0, no-cache");
        assertTrue(s3Requests("GetObject"::equals) - gets + metric("artifacts_cache_requests_total",
            "result=\"hit\"") - hits >= FILES.size(), "no-cache reads every artifact");
        assertArrayEquals(first.body(), rebuilt.body());

        // Filtered bundles and bundles with SHA256SUMS neither use nor replace the whole session's copy: the service
        // writes nothing to S3 for them.
        long writes = s3Writes();
        assertFalse(SampleSessionIT.unzip(get(url + "?type=terraform", writer(ORG)).body()).containsKey("README.md"));
        assertTrue(SampleSessionIT.unzip(get(url + "?checksums=true", writer(ORG)).body()).containsKey("SHA256SUMS"));
        assertEquals(writes, s3Writes(), "no S3 write for filtered or checksums bundles");
        assertArrayEquals(first.body(), objectBytes(TEST_BUCKET, stored), "the kept copy is unchanged");

        // A stale copy is never sent: after an upload the bundle is built again and kept anew.
        assertEquals(201, put(uploadUrl(session, "lambda/new.py"), writer(ORG), "new".getBytes()).statusCode());
        HttpResponse<byte[]> changed = get(url, writer(ORG));
        assertTrue(SampleSessionIT.unzip(changed.body()).containsKey("lambda/new.py"));
        assertNotEquals(header(first, "ETag"), header(changed, "ETag"));
        assertArrayEquals(changed.body(), awaitObject(TEST_BUCKET, stored, changed.body().length));
        // Back to the first artifacts: the kept copy (of the changed session) is stale, so the bundle is built
        // again, byte for byte the first one.
        assertEquals(204, send("DELETE", "/api/artifacts/" + session + "/lambda/new.py", writer(ORG), null)
            .statusCode());
        HttpResponse<byte[]> afterDelete = get(url, writer(ORG));
        assertArrayEquals(first.body(), afterDelete.body(), "back to the first set of artifacts, the same bytes");
    }

    @Test
    void preSignedBundleIsStoredOnceAndRebuiltAfterChanges() throws Exception {
        UUID session = sessionWithFiles();
        String linkUrl = "/api/artifacts/download-url/" + session + "/bundle.zip";
        JsonObject link = json(get(linkUrl + "?expires_in=300", writer(ORG)));
        assertEquals(300, link.getInt("expires_in"));
        HttpResponse<byte[]> fetched = get(link.getString("download_url"), null);
        assertEquals(200, fetched.statusCode());
        assertArrayEquals(get("/api/artifacts/bundle/" + session, writer(ORG)).body(), fetched.body());
        assertEquals("application/zip", header(fetched, "Content-Type"));
        assertTrue(header(fetched, "Content-Disposition").contains("artifacts-" + session + ".zip"));

        String stored = artifactKey(ORG, session, "bundle.zip");
        assertArrayEquals(fetched.body(), objectBytes(TEST_BUCKET, stored), "the link is to the stored bundle");
        long writes = s3Writes();
        json(get(linkUrl, writer(ORG)));
        assertEquals(writes, s3Writes(), "unchanged session: reused, nothing written to S3");

        // A resumable download: the link honours ranges.
        HttpResponse<byte[]> tail = get(link.getString("download_url"), null, "Range", "bytes=10-");
        assertEquals(206, tail.statusCode());
        assertArrayEquals(java.util.Arrays.copyOfRange(fetched.body(), 10, fetched.body().length), tail.body());

        assertEquals(201, put(uploadUrl(session, "lambda/new.py"), writer(ORG), "new".getBytes()).statusCode());
        JsonObject rebuilt = json(get(linkUrl, writer(ORG)));
        Map<String, byte[]> entries = SampleSessionIT.unzip(get(rebuilt.getString("download_url"), null).body());
        assertTrue(entries.containsKey("lambda/new.py"), "rebuilt after an upload");
        assertFalse(json(get("/api/artifacts/list/" + session, writer(ORG))).toString().contains("bundle.zip"),
            "the stored bundle is not an artifact");
        assertEquals(404, get("/api/artifacts/download-url/" + UUID.randomUUID() + "/bundle.zip", writer(ORG))
            .statusCode());
    }
}
