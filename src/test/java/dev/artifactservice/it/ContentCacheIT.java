package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The in-memory cache of small artifacts (storage/ContentCache), keyed by SHA-256: a second download is served
 * without S3, a replaced artifact is never served from the cache under its old path, ranges come from the cached
 * bytes, bundles take small artifacts from it too, large artifacts bypass it, and its figures are on {@code /metrics}.
 */
class ContentCacheIT extends ItBase {

    @Test
    void aRepeatedDownloadIsServedFromMemoryAndAReplacementNeverFromTheOldEntry() {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "cache");
        String writer = writer(org);
        byte[] first = random(64 * 1024, 1);
        byte[] second = random(64 * 1024, 2);
        assertEquals(201, put(uploadUrl(session, "diagrams/arch.png"), writer, first).statusCode());

        double hits = cache("requests_total", "result=\"hit\"");
        double misses = cache("requests_total", "result=\"miss\"");
        assertArrayEquals(first, get(downloadUrl(session, "diagrams/arch.png"), writer).body());
        assertEquals(misses + 1, cache("requests_total", "result=\"miss\""), "the first download reads S3");
        long getsBefore = s3Requests("GetObject"::equals);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(first, get(downloadUrl(session, "diagrams/arch.png"), writer).body());
        }
        assertEquals(getsBefore, s3Requests("GetObject"::equals), "repeats are served from memory");
        assertEquals(hits + 5, cache("requests_total", "result=\"hit\""));

        // A range of a cached artifact comes from the same bytes.
        HttpResponse<byte[]> range = get(downloadUrl(session, "diagrams/arch.png"), writer, "Range", "bytes=100-199");
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(first, 100, 200), range.body());

        // Replaced (same path, same size): the next download is the new bytes, with the new ETag, never the old entry.
        assertEquals(200, put(uploadUrl(session, "diagrams/arch.png"), writer, second).statusCode());
        HttpResponse<byte[]> replaced = get(downloadUrl(session, "diagrams/arch.png"), writer);
        assertArrayEquals(second, replaced.body());
        assertEquals("\"" + sha256(second) + "\"", header(replaced, "ETag"));
        // ...also after the old bytes come back elsewhere: the old entry still serves only its own hash.
        assertEquals(201, put(uploadUrl(session, "diagrams/old.png"), writer, first).statusCode());
        assertArrayEquals(first, get(downloadUrl(session, "diagrams/old.png"), writer).body());
        assertArrayEquals(second, get(downloadUrl(session, "diagrams/arch.png"), writer).body());

        // The same content in another organization is found by its hash, yet only through that organization's own row.
        UUID other = UUID.randomUUID();
        UUID otherSession = createSession(other, "other");
        assertEquals(404, get(downloadUrl(session, "diagrams/arch.png"), writer(other)).statusCode());
        assertEquals(201, put(uploadUrl(otherSession, "diagrams/copy.png"), writer(other), second).statusCode());
        assertArrayEquals(second, get(downloadUrl(otherSession, "diagrams/copy.png"), writer(other)).body());
    }

    @Test
    void largeArtifactsBypassTheCacheAndItsSizeIsReported() {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "large");
        String writer = writer(org);
        byte[] large = random(1024 * 1024, 3);
        assertEquals(201, put(uploadUrl(session, "lambda/big.zip"), writer, large).statusCode());
        double misses = cache("requests_total", "result=\"miss\"");
        long gets = s3Requests("GetObject"::equals);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(large, get(downloadUrl(session, "lambda/big.zip"), writer).body());
        }
        assertEquals(gets + 2, s3Requests("GetObject"::equals), "each large download streams from S3");
        assertEquals(misses, cache("requests_total", "result=\"miss\""), "a large artifact is not looked up");
        assertEquals(201, put(uploadUrl(session, "README.md"), writer, "# small\n".getBytes()).statusCode());
        assertEquals(200, get(downloadUrl(session, "README.md"), writer).statusCode());
        double size = cache("size_bytes", null);
        assertTrue(size > 0 && size <= cache("max_bytes", null), "size " + size);
    }

    @Test
    void aBundleTakesSmallArtifactsFromTheCacheAndNeverAReplacedOnesOldBytes() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "bundle from cache");
        String writer = writer(org);
        java.util.Map<String, byte[]> files = new java.util.TreeMap<>();
        for (int i = 0; i < 3; i++) {
            files.put("terraform/f" + i + ".tf", ("# " + UUID.randomUUID() + "\n").repeat(100 + i).getBytes());
        }
        files.forEach((path, bytes) -> assertEquals(201, put(uploadUrl(session, path), writer, bytes).statusCode()));
        String bundle = "/api/artifacts/bundle/" + session;

        double misses = cache("requests_total", "result=\"miss\"");
        HttpResponse<byte[]> first = get(bundle, writer, "Cache-Control", "no-cache");
        assertEquals(200, first.statusCode());
        assertEquals(files.keySet(), SampleSessionIT.unzip(first.body()).keySet());
        assertEquals(misses + 3, cache("requests_total", "result=\"miss\""), "the first bundle reads each from S3");

        // Built again from the artifacts (no-cache: not from the stored copy): the same bytes, none read from S3.
        double hits = cache("requests_total", "result=\"hit\"");
        long gets = s3Requests("GetObject"::equals);
        HttpResponse<byte[]> again = get(bundle, writer, "Cache-Control", "no-cache");
        assertArrayEquals(first.body(), again.body());
        assertEquals(gets, s3Requests("GetObject"::equals), "every entry came from memory");
        assertEquals(hits + 3, cache("requests_total", "result=\"hit\""));

        // A replacement: the next bundle holds the new bytes (another SHA-256, so another cache entry).
        byte[] replacement = ("# " + UUID.randomUUID() + "\n").getBytes();
        assertEquals(200, put(uploadUrl(session, "terraform/f1.tf"), writer, replacement).statusCode());
        java.util.Map<String, byte[]> entries = SampleSessionIT.unzip(get(bundle, writer, "Cache-Control", "no-cache")
            .body());
        assertArrayEquals(replacement, entries.get("terraform/f1.tf"));
        assertArrayEquals(files.get("terraform/f0.tf"), entries.get("terraform/f0.tf"));
    }

    /** {@code artifacts_cache_<name>} of the test server, the series with {@code tag} (or all when null). */
    private static double cache(String name, String tag) {
        return metric("artifacts_cache_" + name, tag);
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
