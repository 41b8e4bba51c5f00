package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The bound on writes of artifacts in progress ({@code artifacts.upload.max-concurrent}, 16 on the test server,
 * whose pool has 32 connections): uploads whose bodies arrive slowly hold a database connection each, and the bound
 * keeps enough of the pool for everything else. Past it an upload, a delete or a keep flag is a 503 problem with
 * {@code Retry-After} that changes nothing, while downloads, lists and readiness are served; the held uploads
 * complete byte for byte once their bodies arrive, and their slots come back.
 */
class UploadSlotsIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();

    /** {@code ARTIFACTS_UPLOAD_MAX_CONCURRENT} of the test server (pom.xml). */
    private static final int MAX_CONCURRENT = 16;

    private static final int BODY_BYTES = 64 * 1024;

    @Test
    void slowUploadsPastTheBoundAre503WhileDownloadsListsAndReadinessAreServed() throws Exception {
        UUID session = createSession(ORG, "slow uploads");
        byte[] existing = "resource \"aws_s3_bucket\" \"b\" {}\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, put(uploadUrl(session, "terraform/main.tf"), writer(ORG), existing).statusCode());
        double refusedBefore = metric("artifacts_upload_slots_refused_total", null);

        List<Socket> held = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONCURRENT; i++) {
                byte[] body = new byte[BODY_BYTES];
                new java.util.Random(i).nextBytes(body);
                bodies.add(body);
                held.add(startUpload(session, "lambda/slow-" + i + ".zip", body));
            }
            awaitCondition(Duration.ofSeconds(60), MAX_CONCURRENT + " slow uploads in progress",
                () -> metric("artifacts_upload_slots_in_use", null) == MAX_CONCURRENT);
            assertEquals(MAX_CONCURRENT, metric("artifacts_upload_slots_max", null));

            HttpResponse<byte[]> refused = put(uploadUrl(session, "lambda/one-too-many.zip"), writer(ORG),
                new byte[1000]);
            JsonObject problem = assertProblemOf(refused, 503, "service-unavailable");
            assertTrue(problem.getString("detail").contains("artifacts.upload.max-concurrent"),
                problem.getString("detail"));
            assertEquals("5", header(refused, "Retry-After"));
            assertEquals(refusedBefore + 1, metric("artifacts_upload_slots_refused_total", null));

            // Deletes and keep flags take slots too (each may wait for its path's lock holding a connection).
            assertProblemOf(send("DELETE", "/api/artifacts/" + session + "/terraform/main.tf", writer(ORG), null),
                503, "service-unavailable");
            assertProblemOf(send("PUT", "/api/artifacts/keep/" + session + "/terraform/main.tf", writer(ORG), null),
                503, "service-unavailable");

            HttpResponse<byte[]> download = get(downloadUrl(session, "terraform/main.tf"), writer(ORG));
            assertEquals(200, download.statusCode());
            assertArrayEquals(existing, download.body());
            assertEquals(200, get("/api/artifacts/list/" + session, writer(ORG)).statusCode());
            assertEquals(200, get("/health/ready", null).statusCode());

            for (int i = 0; i < MAX_CONCURRENT; i++) {
                String answer = finishUpload(held.get(i), bodies.get(i));
                assertTrue(answer.startsWith("HTTP/1.1 201"), "slow upload " + i + ": " + answer);
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        awaitCondition(Duration.ofSeconds(30), "every slot given back",
            () -> metric("artifacts_upload_slots_in_use", null) == 0);
        for (int i = 0; i < MAX_CONCURRENT; i++) {
            assertArrayEquals(bodies.get(i), get(downloadUrl(session, "lambda/slow-" + i + ".zip"), writer(ORG))
                .body(), "slow upload " + i + " stored byte for byte");
        }
        assertEquals(404, get(downloadUrl(session, "lambda/one-too-many.zip"), writer(ORG)).statusCode(),
            "the refused upload stored nothing");
        assertEquals(MAX_CONCURRENT + 1, json(get("/api/artifacts/list/" + session, writer(ORG)))
            .getInt("total_count"), "the refused delete deleted nothing");
        assertEquals(201, put(uploadUrl(session, "lambda/after.zip"), writer(ORG), new byte[10]).statusCode(),
            "uploads are taken again once the slow ones have ended");
        assertEquals(200, send("PUT", "/api/artifacts/keep/" + session + "/terraform/main.tf", writer(ORG), null)
            .statusCode(), "so are keep flags");
        assertEquals(204, send("DELETE", "/api/artifacts/" + session + "/terraform/main.tf", writer(ORG), null)
            .statusCode(), "and deletes");
        assertEquals(refusedBefore + 3, metric("artifacts_upload_slots_refused_total", null));
    }

    /** Sends an upload's head and the first kilobyte of its body, and leaves the rest for {@link #finishUpload}. */
    private static Socket startUpload(UUID session, String path, byte[] body) throws IOException {
        URI base = URI.create(base());
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(60_000);
        OutputStream out = socket.getOutputStream();
        out.write(("PUT " + uploadUrl(session, path) + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + writer(ORG) + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, 1024);
        out.flush();
        return socket;
    }

    /** Sends the rest of the body and returns the answer's text, read until the server closes. */
    private static String finishUpload(Socket socket, byte[] body) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(body, 1024, body.length - 1024);
        out.flush();
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
