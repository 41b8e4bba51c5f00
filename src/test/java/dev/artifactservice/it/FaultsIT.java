package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dependencies that go away: with S3 or PostgreSQL stopped (through the launcher's control files), calls
 * answer 503 with Retry-After, readiness goes DOWN, nothing is half-written, and the service recovers by
 * itself when the dependency returns.
 */
class FaultsIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();

    /** Takes the launcher's {@code s3} or {@code postgres} down or up and waits until it is. */
    private static void dependency(String name, boolean down) {
        Path control = dataDir().resolve("control");
        Path flag = control.resolve(name + ".down");
        Path state = control.resolve(name + ".state");
        String wanted = down ? "down" : "up";
        try {
            Files.createDirectories(control);
            if (down) {
                Files.writeString(flag, "");
            } else {
                Files.deleteIfExists(flag);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitCondition(Duration.ofSeconds(60), name + " is " + wanted + " (" + state + ")", () -> {
            try {
                return Files.exists(state) && Files.readString(state).trim().equals(wanted);
            } catch (IOException e) {
                return false; // replaced while read: look again
            }
        });
    }

    private static void awaitReady() {
        awaitCondition(Duration.ofSeconds(60), "/health/ready is UP again",
            () -> get("/health/ready", null).statusCode() == 200);
    }

    /** The keys of the session's objects in the test server's bucket. */
    private static List<String> stored(UUID session) {
        return sessionObjectKeys(ORG, session);
    }

    private static void assertUnavailable(HttpResponse<byte[]> response, String what) {
        assertEquals(503, response.statusCode(), what + ": " + new String(response.body()));
        assertTrue(header(response, "Content-Type").startsWith("application/problem+json"), what);
        assertTrue(Integer.parseInt(header(response, "Retry-After")) > 0, what);
    }

    @AfterEach
    void bringEverythingBack() {
        dependency("s3", false);
        dependency("postgres", false);
        awaitReady();
    }

    @Test
    void s3DownGives503AndHealthDownThenRecoversWithNothingHalfWritten() throws Exception {
        UUID session = createSession(ORG, "s3 outage");
        assertEquals(201, put(uploadUrl(session, "README.md"), writer(ORG), "# before\n".getBytes()).statusCode());
        dependency("s3", true);

        assertUnavailable(put(uploadUrl(session, "terraform/main.tf"), writer(ORG), "x".getBytes()), "upload");
        assertUnavailable(get(downloadUrl(session, "README.md"), writer(ORG)), "download");
        assertUnavailable(get("/api/artifacts/bundle/" + session, writer(ORG)), "bundle");
        assertUnavailable(send("DELETE", "/api/artifacts/" + session + "/README.md", writer(ORG), null), "delete");
        HttpResponse<byte[]> health = get("/health/ready", null);
        assertEquals(503, health.statusCode());
        assertTrue(new String(health.body()).contains("DOWN"));
        assertEquals(200, get("/api/artifacts/list/" + session, writer(ORG)).statusCode(), "metadata still served");
        assertEquals(1, json(get("/api/artifacts/list/" + session, writer(ORG))).getInt("total_count"));

        dependency("s3", false);
        awaitReady();
        assertEquals(1, json(get("/api/artifacts/list/" + session, writer(ORG))).getInt("total_count"),
            "the failed upload left no row, and the failed delete kept the artifact");
        assertEquals(List.of(artifactKey(ORG, session, "README.md")), stored(session));
        assertEquals("# before\n", new String(get(downloadUrl(session, "README.md"), writer(ORG)).body()));
        assertEquals(201, put(uploadUrl(session, "terraform/main.tf"), writer(ORG), "x".getBytes()).statusCode());
    }

    @Test
    void sessionDeleteInterruptedByAnS3OutageCanBeRetriedToCompletion() throws Exception {
        UUID session = createSession(ORG, "delete retry");
        for (String path : List.of("README.md", "lambda/a.py", "terraform/b.tf")) {
            assertEquals(201, put(uploadUrl(session, path), writer(ORG), path.getBytes()).statusCode());
        }
        dependency("s3", true);
        assertUnavailable(send("DELETE", "/api/sessions/" + session, writer(ORG), null), "session delete");
        dependency("s3", false);
        awaitReady();
        assertEquals(3, json(get("/api/artifacts/list/" + session, writer(ORG))).getInt("total_count"),
            "rows stay until the objects are gone");
        assertEquals(204, send("DELETE", "/api/sessions/" + session, writer(ORG), null).statusCode());
        assertTrue(stored(session).isEmpty(), stored(session).toString());
        assertEquals(404, get("/api/sessions/" + session, writer(ORG)).statusCode());
    }

    @Test
    void postgresDownGives503AndHealthDownThenRecoversWithoutRestart() throws Exception {
        UUID session = createSession(ORG, "database outage");
        assertEquals(201, put(uploadUrl(session, "README.md"), writer(ORG), "# db\n".getBytes()).statusCode());
        dependency("postgres", true);

        assertUnavailable(get("/api/artifacts/list/" + session, writer(ORG)), "list");
        assertUnavailable(put(uploadUrl(session, "lambda/x.py"), writer(ORG), "x".getBytes()), "upload");
        assertUnavailable(get(downloadUrl(session, "README.md"), writer(ORG)), "download");
        assertUnavailable(send("POST", "/api/sessions", writer(ORG), "{}".getBytes(), "Content-Type",
            "application/json"), "create session");
        assertEquals(503, get("/health/ready", null).statusCode());
        assertEquals(200, get("/health/live", null).statusCode(), "the process itself is alive");

        dependency("postgres", false);
        awaitReady();
        assertEquals(1, json(get("/api/artifacts/list/" + session, writer(ORG))).getInt("total_count"));
        assertEquals(List.of(artifactKey(ORG, session, "README.md")), stored(session),
            "the refused upload stored nothing");
        assertEquals(201, put(uploadUrl(session, "lambda/x.py"), writer(ORG), "x".getBytes()).statusCode());
    }
}
