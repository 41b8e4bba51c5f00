package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resumable bundles: Range and If-Range on {@code GET /api/artifacts/bundle/{session_id}} give the exact bytes
 * of the full bundle (206, 416), for whole-session, filtered and checksums bundles, built from the artifacts or
 * read from the kept copy, without fetching the artifacts before the range; curl -C - and wget -c resume an
 * interrupted bundle to the same file as an uninterrupted download.
 */
class BundleRangesIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();

    @TempDir
    Path tmp;

    /** Deflated and stored entries, small and streamed, one deflated entry over the upload's measuring limit. */
    private static Map<String, byte[]> files() {
        long limit = Long.getLong("it.measure-deflate-max-bytes");
        Map<String, byte[]> files = new TreeMap<>();
        files.put("README.md", "# Demo\n".repeat(60).getBytes(StandardCharsets.UTF_8));
        files.put("cloudformation/main.yaml", "Resources: {}\n".repeat(40).getBytes(StandardCharsets.UTF_8));
        files.put("diagrams/architecture.png", random(7_000, 1));
        files.put("diagrams/large.png", random(400_000, 2));
        files.put("pricing/summary.pdf", random(900, 3));
        files.put("terraform/main.tf", "module \"network\" {}\n".repeat(30).getBytes(StandardCharsets.UTF_8));
        files.put("terraform/variables.tf", "variable \"region\" { default = \"eu-west-1\" }\n"
            .repeat((int) (limit / 40) + 5_000).getBytes(StandardCharsets.UTF_8));
        files.put("terraform/\u6e2c\u8a66.tf", "# \u6e2c\u8a66\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(files.get("terraform/variables.tf").length > limit);
        return files;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static UUID sessionWithFiles() {
        UUID session = createSession(ORG, "ranges");
        for (Map.Entry<String, byte[]> file : files().entrySet()) {
            assertEquals(201, put(uploadUrl(session, file.getKey()), writer(ORG), file.getValue()).statusCode());
        }
        return session;
    }

    /** Offsets where headers, data, the central directory and the end record start or end, and a few more. */
    private static List<Long> offsets(byte[] zip) throws IOException {
        TreeSet<Long> offsets = new TreeSet<>(List.of(0L, 1L, (long) zip.length - 22, (long) zip.length - 1));
        try (ZipFile file = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
            List<ZipArchiveEntry> entries = Collections.list(file.getEntriesInPhysicalOrder());
            for (ZipArchiveEntry entry : entries) {
                long header = entry.getLocalHeaderOffset();
                long data = entry.getDataOffset();
                long end = data + entry.getCompressedSize();
                // The header's first byte, its middle (inside the name), the data's edges and middle.
                for (long offset : new long[] {header, header + 17, data - 1, data, data + entry.getCompressedSize() / 2,
                    end - 1}) {
                    offsets.add(offset);
                }
            }
            ZipArchiveEntry last = entries.get(entries.size() - 1);
            long centralDirectory = last.getDataOffset() + last.getCompressedSize();
            offsets.add(centralDirectory);
            offsets.add(centralDirectory + 30);
        }
        Random random = new Random(zip.length);
        for (int i = 0; i < 5; i++) {
            offsets.add((long) random.nextInt(zip.length));
        }
        return new ArrayList<>(offsets);
    }

    /** Asserts that {@code range} of {@code url} is a 206 of exactly that slice of {@code full}. */
    private static void assertSlice(String url, byte[] full, String etag, long first, long last, String range,
                                    String... headers) {
        String[] all = Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Range";
        all[headers.length + 1] = range;
        HttpResponse<byte[]> response = get(url, writer(ORG), all);
        assertEquals(206, response.statusCode(), range + " " + url);
        assertEquals("bytes " + first + "-" + last + "/" + full.length, header(response, "Content-Range"), range);
        assertEquals(String.valueOf(last - first + 1), header(response, "Content-Length"), range);
        assertEquals("application/zip", header(response, "Content-Type"));
        assertEquals(etag, header(response, "ETag"));
        assertArrayEquals(Arrays.copyOfRange(full, (int) first, (int) last + 1), response.body(),
            range + " of " + url + " " + String.join(" ", headers));
    }

    private static void assertRangesAreSlices(String url, byte[] full, String etag, String... headers)
        throws IOException {
        int n = full.length;
        for (long first : offsets(full)) {
            assertSlice(url, full, etag, first, n - 1, "bytes=" + first + "-", headers);
            long last = Math.min(n - 1, first + 99);
            assertSlice(url, full, etag, first, last, "bytes=" + first + "-" + last, headers);
        }
        for (long suffix : new long[] {1, 22, 1000, n, n + 50L}) {
            assertSlice(url, full, etag, Math.max(0, n - suffix), n - 1, "bytes=-" + suffix, headers);
        }
        assertSlice(url, full, etag, 0, 0, "bytes=0-0", headers);
        assertSlice(url, full, etag, n - 1, n - 1, "bytes=" + (n - 1) + "-" + (n + 1000), headers);
    }

    @Test
    void rangesOfWholeFilteredAndChecksumsBundlesAreSlicesOfTheFullBundle() throws Exception {
        UUID session = sessionWithFiles();
        String url = "/api/artifacts/bundle/" + session;
        for (String query : new String[] {"", "?type=terraform&type=diagram", "?checksums=true"}) {
            HttpResponse<byte[]> full = get(url + query, writer(ORG), "Cache-Control", "no-cache");
            assertEquals(200, full.statusCode());
            assertEquals("bytes", header(full, "Accept-Ranges"), "a 200 announces ranges");
            assertTrue(new String(full.body(), StandardCharsets.ISO_8859_1).contains("terraform/variables.tf"),
                "the large deflated entry is in every one of these bundles");
            // Built from the artifacts for every range.
            assertRangesAreSlices(url + query, full.body(), header(full, "ETag"), "Cache-Control", "no-cache");
        }
        // The whole-session bundle again (no-cache above kept no copy): this one is kept, and ranges are then read
        // from the copy with one ranged S3 GET each.
        HttpResponse<byte[]> kept = get(url, writer(ORG));
        String stored = artifactKey(ORG, session, "bundle.zip");
        awaitObject(TEST_BUCKET, stored, kept.body().length);
        long before = s3Requests();
        assertSlice(url, kept.body(), header(kept, "ETag"), 10, kept.body().length - 1, "bytes=10-");
        assertEquals(1, s3Requests() - before, "one ranged S3 GET of the copy");
        assertRangesAreSlices(url, kept.body(), header(kept, "ETag"));

        // The session grows; the kept copy is now stale and shorter than the bundle. Ranges inside and past the
        // old copy's length are the new bundle's bytes (no-cache fetches it whole without replacing the copy).
        assertEquals(201, put(uploadUrl(session, "diagrams/zz.png"), writer(ORG), random(50_000, 9)).statusCode());
        HttpResponse<byte[]> grown = get(url, writer(ORG), "Cache-Control", "no-cache");
        int old = kept.body().length;
        assertTrue(grown.body().length > old + 1000);
        assertSlice(url, grown.body(), header(grown, "ETag"), 10, 99, "bytes=10-99");
        assertSlice(url, grown.body(), header(grown, "ETag"), old + 100, grown.body().length - 1,
            "bytes=" + (old + 100) + "-");
        assertArrayEquals(kept.body(), objectBytes(TEST_BUCKET, stored), "the stale copy was left alone by ranges");
    }

    @Test
    void artifactsBeforeTheRangeAreNeverFetched() throws Exception {
        UUID session = sessionWithFiles();
        String url = "/api/artifacts/bundle/" + session + "?checksums=true";
        byte[] full = get(url, writer(ORG)).body();
        try (ZipFile file = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(full)).get()) {
            List<ZipArchiveEntry> entries = Collections.list(file.getEntriesInPhysicalOrder());
            // SHA256SUMS is last and built from the rows; the artifact before it is the last one in S3.
            ZipArchiveEntry sums = entries.get(entries.size() - 1);
            ZipArchiveEntry lastArtifact = entries.get(entries.size() - 2);
            long centralDirectory = sums.getDataOffset() + sums.getCompressedSize();
            assertRequests(url, full, centralDirectory, 0, "the central directory needs no artifact");
            assertRequests(url, full, sums.getLocalHeaderOffset(), 0, "SHA256SUMS comes from the rows");
            assertRequests(url, full, lastArtifact.getDataOffset() + 1, 1, "only the last artifact");
            ZipArchiveEntry large = file.getEntry("terraform/variables.tf");
            long after = entries.subList(entries.indexOf(large), entries.size() - 1).size();
            assertRequests(url, full, large.getDataOffset() + large.getCompressedSize() / 2, after,
                "the large deflated artifact (built from its start) and the ones after it");
        }
    }

    /**
     * Asserts that the range from {@code first} reads {@code requests} artifacts: from S3, or (small ones) from the
     * service's in-memory cache, which answers without an S3 request.
     */
    private static void assertRequests(String url, byte[] full, long first, long requests, String message) {
        long before = s3Requests();
        double hits = metric("artifacts_cache_requests_total", "result=\"hit\"");
        HttpResponse<byte[]> response = get(url, writer(ORG), "Range", "bytes=" + first + "-");
        assertEquals(206, response.statusCode());
        assertArrayEquals(Arrays.copyOfRange(full, (int) first, full.length), response.body());
        assertEquals(requests, s3Requests() - before
            + Math.round(metric("artifacts_cache_requests_total", "result=\"hit\"") - hits), message);
    }

    @Test
    void aRangeOutsideTheBundleIs416AndIfRangeMustNameTheEtag() {
        UUID session = sessionWithFiles();
        String url = "/api/artifacts/bundle/" + session + "?type=terraform";
        HttpResponse<byte[]> full = get(url, writer(ORG));
        int n = full.body().length;
        String etag = header(full, "ETag");
        for (String range : new String[] {"bytes=" + n + "-", "bytes=" + (n + 5) + "-" + (n + 10), "bytes=-0"}) {
            HttpResponse<byte[]> refused = get(url, writer(ORG), "Range", range);
            assertProblemOf(refused, 416, "range-not-satisfiable");
            assertEquals("bytes */" + n, header(refused, "Content-Range"), range);
        }
        assertSlice(url, full.body(), etag, 5, 9, "bytes=5-9", "If-Range", etag);
        for (String ifRange : new String[] {"\"0000\"", "W/" + etag, "Fri, 04 Dec 2026 10:00:00 GMT"}) {
            HttpResponse<byte[]> whole = get(url, writer(ORG), "Range", "bytes=5-9", "If-Range", ifRange);
            assertEquals(200, whole.statusCode(), "If-Range " + ifRange + " does not match: the whole bundle");
            assertArrayEquals(full.body(), whole.body());
            assertEquals(null, header(whole, "Content-Range"));
        }
        // Several ranges are not served as multipart: the whole bundle.
        HttpResponse<byte[]> several = get(url, writer(ORG), "Range", "bytes=0-1,5-9");
        assertEquals(200, several.statusCode());
        assertArrayEquals(full.body(), several.body());
        // A session changed since the first part: the old ETag gets the new bundle whole.
        assertEquals(201, put(uploadUrl(session, "terraform/new.tf"), writer(ORG), "x".getBytes()).statusCode());
        HttpResponse<byte[]> changed = get(url, writer(ORG), "Range", "bytes=5-", "If-Range", etag);
        assertEquals(200, changed.statusCode());
        assertTrue(new String(changed.body(), StandardCharsets.ISO_8859_1).contains("terraform/new.tf"));
    }

    @Test
    void curlAndWgetResumeAnInterruptedBundleToTheSameFile() throws Exception {
        UUID session = sessionWithFiles();
        for (String query : new String[] {"", "?checksums=true"}) {
            String url = base() + "/api/artifacts/bundle/" + session + query;
            byte[] full = get(url, writer(ORG)).body();
            String auth = "Authorization: Bearer " + writer(ORG);
            for (int cut : new int[] {1000, full.length / 2, full.length - 10}) {
                // curl: the first bytes only (as an interrupted transfer leaves them), then -C - goes on from there.
                Path curled = tmp.resolve("curl-" + cut + query.length() + ".zip");
                run("curl", "-sS", "-f", "-H", auth, "-r", "0-" + (cut - 1), "-o", curled.toString(), url);
                assertEquals(cut, Files.size(curled));
                String status = run("curl", "-sS", "-f", "-H", auth, "-C", "-", "-o", curled.toString(),
                    "-w", "%{http_code}", url);
                assertEquals("206", status.strip(), "curl resumed with a range");
                assertArrayEquals(full, Files.readAllBytes(curled), "curl -C - at " + cut + query);

                // wget: a download cut short, then -c.
                Path wgot = tmp.resolve("wget-" + cut + query.length() + ".zip");
                Files.write(wgot, Arrays.copyOf(full, cut));
                String log = run("wget", "-c", "-S", "--header", auth, "-O", wgot.toString(), url);
                assertTrue(log.contains("HTTP/1.1 206"), "wget resumed with a range: " + log);
                assertArrayEquals(full, Files.readAllBytes(wgot), "wget -c at " + cut + query);
            }
        }
    }

    /** Runs a command; returns its standard output and error; fails unless it exits 0. */
    private static String run(String... command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort(command[0] + " is not installed (.ci/run installs it)");
            return null;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join(" ", command).replaceAll("Bearer \\S+", "Bearer ...")
            + ": " + output);
        return output;
    }
}
