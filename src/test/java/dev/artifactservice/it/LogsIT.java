package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the test server's log says about everyday refusals, so that an operator can alert on it: one WARNING line
 * per refused token (reason and client address, rate-limited per address) and none of Liberty's ERROR lines for
 * it; no FFDC incident for a caller's error (4xx) anywhere in the run; an aborted bundle is one line without a
 * stack trace; the AWS SDK's SLF4J logging has a provider.
 */
class LogsIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();
    private static final Path LOGS = Path.of("target/liberty/wlp/usr/servers", System.getProperty("it.server.name"),
        "logs");

    private static String log() {
        try {
            return Files.readString(LOGS.resolve("messages.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loopback address of its own (127.x.y.z), so that no other test's refusals share its rate limit. */
    private static InetAddress freshClientAddress() throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return InetAddress.getByAddress(new byte[] {127, (byte) random.nextInt(1, 255), (byte) random.nextInt(1, 255),
            (byte) random.nextInt(1, 255)});
    }

    /** GET {@code target} with {@code authorization} from {@code client}; returns the status code. */
    private static int getFrom(InetAddress client, String target, String authorization) throws IOException {
        URI base = URI.create(base());
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), base.getPort(), client, 0)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(answer.substring(9, 12));
        }
    }

    /** Waits until the log holds a line containing {@code text}; everything logged before it is then in too. */
    private static void awaitLogLine(String text) {
        awaitCondition(Duration.ofSeconds(30), "a log line with " + text, () -> log().contains(text));
    }

    @Test
    void aRefusedTokenIsOneWarningLineWithReasonAndAddressAndNoLibertyError() throws IOException {
        int before = log().length();
        InetAddress client = freshClientAddress();
        Map<String, Object> claims = claims(ORG, "alice", READ);
        claims.put("exp", System.currentTimeMillis() / 1000 - 600);
        String expired = "Bearer " + dev.artifactservice.local.TokenMinter.mint(key(),
            dev.artifactservice.local.TokenMinter.standardHeader(), claims);
        assertEquals(401, getFrom(client, "/api/sessions", expired));
        assertEquals(401, getFrom(client, "/api/sessions", null));
        assertEquals(401, getFrom(client, "/api/sessions", "Bearer not.a.jwt"));
        // A refusal from another address marks the log's end: every line of the three above is written before it.
        InetAddress marker = freshClientAddress();
        assertEquals(401, getFrom(marker, "/api/sessions", null));
        awaitLogLine("Refused bearer token from " + marker.getHostAddress());

        List<String> lines = log().substring(before).lines().toList();
        List<String> ours = lines.stream().filter(l -> l.contains("Refused bearer token from "
            + client.getHostAddress() + ":")).toList();
        assertEquals(1, ours.size(), String.join("\n", lines));
        assertTrue(ours.get(0).contains(" W "), ours.get(0));
        assertTrue(ours.get(0).contains("expired at"), ours.get(0));
        assertFalse(lines.stream().anyMatch(l -> l.contains("CWWKS5522E") || l.contains("CWWKS5523E")),
            String.join("\n", lines));
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("\tat ")), String.join("\n", lines));
    }

    @Test
    void callersErrorsWriteNoFfdcIncident() throws IOException {
        // Caller's errors raised inside transactions: not found (a HEAD, as local mode's demo seeding sends for each
        // file before uploading it, and a GET), precondition failed, a delete of nothing.
        UUID session = createSession(ORG, "no ffdc");
        String token = writer(ORG);
        assertEquals(404, send("HEAD", downloadUrl(session, "terraform/missing.tf"), token, null).statusCode());
        assertEquals(404, get(downloadUrl(session, "terraform/missing.tf"), token).statusCode());
        assertEquals(201, put(uploadUrl(session, "README.md"), token, "x".getBytes()).statusCode());
        assertEquals(412, put(uploadUrl(session, "README.md"), token, "y".getBytes(), "If-None-Match", "*")
            .statusCode());
        assertEquals(404, send("DELETE", "/api/artifacts/" + session + "/terraform/missing.tf", token, null)
            .statusCode());
        // Incidents are written once per kind and server, so look at every incident of the run, not only new ones.
        Path ffdc = LOGS.resolve("ffdc");
        if (!Files.isDirectory(ffdc)) {
            return;
        }
        try (Stream<Path> files = Files.list(ffdc)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("ffdc_")).toList()) {
                String incident = Files.readString(file);
                String exception = incident.lines().filter(l -> l.startsWith("Exception = ")).findFirst().orElse("");
                assertFalse(exception.contains("dev.artifactservice.failure.")
                        && !exception.contains("DependencyUnavailableException"),
                    "an FFDC incident for a caller's error: " + file + "\n" + incident.lines().limit(12).toList());
            }
        }
    }

    @Test
    void anAbortedBundleIsOneLineWithoutAStackTrace() throws IOException {
        UUID session = createSession(ORG, "aborted bundle");
        String token = writer(ORG);
        Random random = new Random(5);
        for (int i = 0; i < 4; i++) {
            byte[] body = new byte[3 * 1024 * 1024];
            random.nextBytes(body);
            assertEquals(201, put(uploadUrl(session, "lambda/part" + i + ".zip"), token, body).statusCode());
        }
        int before = log().length();
        URI base = URI.create(base());
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), base.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/artifacts/bundle/" + session + "?keep=false HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + token + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            in.readNBytes(64 * 1024);
            socket.setSoLinger(true, 0);
        }
        awaitLogLine("Bundle of session " + session + " aborted");
        InetAddress marker = freshClientAddress();
        assertEquals(401, getFrom(marker, "/api/sessions", null));
        awaitLogLine("Refused bearer token from " + marker.getHostAddress());
        List<String> lines = log().substring(before).lines().toList();
        // The request's span (traces are on for the test server) names the session too; it is not a log line.
        assertEquals(1, lines.stream().filter(l -> l.contains(session.toString()) && !l.contains("SpanExporter"))
            .count(), String.join("\n", lines));
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("\tat ") || l.contains(" E ")),
            String.join("\n", lines));
    }

    @Test
    void theAwsSdkHasAnSlf4jProvider() {
        assertFalse(log().contains("No SLF4J providers were found"));
    }
}
