package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code ?redirect=true}: a 302 to a short-lived pre-signed S3 URL that works without the service's token, for an
 * artifact and for a session's stored bundle, audited like the download it replaces.
 */
class RedirectsIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** How many audit events of the session have this action, path and byte count. */
    private static int audited(UUID session, String action, String path, long bytes) {
        int count = 0;
        for (JsonValue value : json(get("/api/audit?session_id=" + session, admin(ORG))).getJsonArray("events")) {
            JsonObject event = value.asJsonObject();
            if (event.getString("action").equals(action)
                && (path == null ? event.isNull("path") : path.equals(event.getString("path", null)))
                && !event.isNull("bytes") && event.getJsonNumber("bytes").longValue() == bytes) {
                count++;
            }
        }
        return count;
    }

    @Test
    void artifactRedirectIsAShortLivedSignedUrlOfTheExactBytes() {
        byte[] bytes = randomBytes(300_000, 7);
        UUID session = createSession(ORG, "redirects");
        String path = "pricing/büro plan.pdf";
        assertEquals(201, put(uploadUrl(session, path), writer(ORG), bytes).statusCode());
        String url = downloadUrl(session, path);

        HttpResponse<byte[]> redirect = get(url + "?redirect=true", writer(ORG));
        String location = signedRedirect(redirect);
        assertEquals(0, redirect.body().length);
        awaitCondition(Duration.ofSeconds(30), "the redirect's download audit event",
            () -> audited(session, "download", path, bytes.length) == 1);

        HttpResponse<byte[]> fetched = get(location, null);
        assertEquals(200, fetched.statusCode(), location);
        assertArrayEquals(bytes, fetched.body());
        HttpResponse<byte[]> direct = get(url, writer(ORG));
        assertEquals(header(direct, "Content-Disposition"), header(fetched, "Content-Disposition"));
        assertEquals(header(direct, "Content-Type"), header(fetched, "Content-Type"));


        // Preconditions are the service's; a Range goes to S3 with the client after the redirect.
        String etag = header(direct, "ETag");
        HttpResponse<byte[]> notModified = get(url + "?redirect=true", writer(ORG), "If-None-Match", etag);
        assertEquals(304, notModified.statusCode());
        assertNull(header(notModified, "Location"));
        assertEquals(412, get(url + "?redirect=true", writer(ORG), "If-Match", "\"other\"").statusCode());
        String ranged = signedRedirect(get(url + "?redirect=true", writer(ORG), "Range", "bytes=10-19"));
        HttpResponse<byte[]> part = get(ranged, null, "Range", "bytes=10-19");
        assertEquals(206, part.statusCode());
        assertArrayEquals(Arrays.copyOfRange(bytes, 10, 20), part.body());

        assertEquals(400, allowingInvalidRequest(() -> get(url + "?redirect=true&disposition=inline", writer(ORG)))
            .statusCode());
        assertEquals(400, allowingInvalidRequest(() -> get(url + "?redirect=maybe", writer(ORG))).statusCode());
        assertEquals(200, get(url + "?redirect=false", writer(ORG)).statusCode());
    }

    @Test
    void anotherOrganizationsSessionIs404ExactlyLikeADownload() {
        UUID session = createSession(ORG, "redirects-owner");
        assertEquals(201, put(uploadUrl(session, "terraform/b.tf"), writer(ORG), "secret\n".getBytes(StandardCharsets.UTF_8))
            .statusCode());
        String stranger = writer(UUID.randomUUID());
        HttpResponse<byte[]> plain = get(downloadUrl(session, "terraform/b.tf"), stranger);
        HttpResponse<byte[]> redirected = get(downloadUrl(session, "terraform/b.tf") + "?redirect=true", stranger);
        assertEquals(404, plain.statusCode());
        assertEquals(plain.statusCode(), redirected.statusCode());
        assertNull(header(redirected, "Location"));
        assertEquals(header(plain, "Content-Type"), header(redirected, "Content-Type"));
        JsonObject expected = json(plain);
        JsonObject actual = json(redirected);
        for (String field : new String[] {"type", "title", "status", "detail"}) {
            assertEquals(expected.get(field), actual.get(field), field);
        }
        HttpResponse<byte[]> bundle = get("/api/artifacts/bundle/" + session + "?redirect=true", stranger);
        assertEquals(404, bundle.statusCode());
        assertNull(header(bundle, "Location"));
    }

    @Test
    void bundleRedirectsToItsStoredCopyOnceThereIsOne() throws Exception {
        UUID session = createSession(ORG, "redirects-bundle");
        for (int i = 0; i < 5; i++) {
            assertEquals(201, put(uploadUrl(session, "diagrams/f" + i + ".png"), writer(ORG), randomBytes(20_000 + i, i))
                .statusCode());
        }
        String url = "/api/artifacts/bundle/" + session;
        // No stored copy yet: streamed as usual, and kept for the next time.
        HttpResponse<byte[]> streamed = get(url + "?redirect=true", writer(ORG));
        assertEquals(200, streamed.statusCode());
        String key = artifactKey(ORG, session, "bundle.zip");
        awaitCondition(Duration.ofSeconds(30), "the kept bundle copy",
            () -> objectKeys(TEST_BUCKET, key).contains(key));

        HttpResponse<byte[]> redirect = get(url + "?redirect=true", writer(ORG));
        String location = signedRedirect(redirect);
        HttpResponse<byte[]> fetched = get(location, null);
        assertEquals(200, fetched.statusCode());
        assertArrayEquals(streamed.body(), fetched.body(), "the stored copy is the bundle, byte for byte");
        assertEquals("application/zip", header(fetched, "Content-Type"));
        assertTrue(header(fetched, "Content-Disposition").contains("artifacts-" + session + ".zip"));
        long contentBytes = 5 * 20_000 + 10;
        awaitCondition(Duration.ofSeconds(30), "the redirect's bundle audit event, after the streamed one's",
            () -> audited(session, "bundle", null, contentBytes) == 2);

        // A changed session's copy is stale: streamed again rather than redirected to old bytes.
        assertEquals(201, put(uploadUrl(session, "diagrams/new.png"), writer(ORG), randomBytes(10, 99)).statusCode());
        assertEquals(200, get(url + "?redirect=true", writer(ORG)).statusCode());
        // no-cache asks for a bundle built from the artifacts: never a redirect.
        assertEquals(200, get(url + "?redirect=true", writer(ORG), "Cache-Control", "no-cache").statusCode());
    }
}
