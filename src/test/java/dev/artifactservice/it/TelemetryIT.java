package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} in Prometheus text: per-endpoint request counts and latency (Liberty's REST metrics),
 * bytes served, bundle durations and sizes, upload sizes, S3 and database call latency; and traces through
 * MicroProfile Telemetry carrying the session id. The test server runs with OpenTelemetry on and the console
 * exporter (failsafe's environment), which writes each finished span to the server's messages.log.
 */
class TelemetryIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample of the exposition: metric name, labels and value. */
    private record Sample(String name, Map<String, String> labels, double value) {
    }

    private static List<Sample> scrape() {
        HttpResponse<byte[]> response = get("/metrics", null);
        assertEquals(200, response.statusCode());
        assertTrue(header(response, "Content-Type").startsWith("text/plain"), header(response, "Content-Type"));
        List<Sample> samples = new ArrayList<>();
        for (String line : new String(response.body(), StandardCharsets.UTF_8).lines().toList()) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
        }
        return samples;
    }

    /** Sum of the samples called {@code name} whose labels include every pair of {@code labels} (0 when none). */
    private static double value(List<Sample> samples, String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name) && matches(s, labels)).mapToDouble(Sample::value)
            .sum();
    }

    private static boolean exists(List<Sample> samples, String name, String... labels) {
        return samples.stream().anyMatch(s -> s.name().equals(name) && matches(s, labels));
    }

    private static boolean matches(Sample sample, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            String actual = sample.labels().get(labels[i]);
            if (actual == null || !actual.startsWith(labels[i + 1])) {
                return false;
            }
        }
        return true;
    }

    @Test
    void metricsCountRequestsBytesBundlesUploadsAndDependencyCalls() {
        UUID session = createSession(ORG, "metrics");
        byte[] body = new byte[123_457];
        new Random(3).nextBytes(body);
        List<Sample> before = scrape();

        assertEquals(201, put(uploadUrl(session, "lambda/metrics.zip"), writer(ORG), body).statusCode());
        HttpResponse<byte[]> download = get(downloadUrl(session, "lambda/metrics.zip"), writer(ORG));
        assertEquals(200, download.statusCode());
        HttpResponse<byte[]> bundle = get("/api/artifacts/bundle/" + session, writer(ORG));
        assertEquals(200, bundle.statusCode());
        assertEquals(200, get("/api/artifacts/list/" + session, writer(ORG)).statusCode());

        List<Sample> after = scrape();
        String downloads = "dev.artifactservice.download.DownloadResource";
        String bundles = "dev.artifactservice.bundle.BundleResource";
        // Liberty's own per-endpoint metrics: a timer per resource class and method.
        for (String resource : List.of(downloads, bundles, "dev.artifactservice.artifact.ArtifactResource")) {
            assertTrue(value(after, "REST_request_seconds_count", "class", resource)
                > value(before, "REST_request_seconds_count", "class", resource), resource + " requests counted");
            assertTrue(exists(after, "REST_request_seconds_sum", "class", resource), resource + " latency");
        }
        // server.xml's <monitor filter> (MONITOR_FILTER) leaves Liberty's per-request HTTP metric out by default and
        // keeps the others the README names.
        assertFalse(after.stream().anyMatch(s -> s.name().startsWith("http_server_request_duration_seconds")),
            "no http_server_request_duration_seconds unless MONITOR_FILTER names HTTP");
        assertTrue(after.stream().anyMatch(s -> s.name().startsWith("connectionpool_")), "connection pool metrics");
        assertTrue(after.stream().anyMatch(s -> s.name().startsWith("threadpool_")), "thread pool metrics");
        assertTrue(value(after, "artifacts_served_bytes_total", "kind", "download")
            - value(before, "artifacts_served_bytes_total", "kind", "download") >= download.body().length);
        assertTrue(value(after, "artifacts_served_bytes_total", "kind", "bundle")
            - value(before, "artifacts_served_bytes_total", "kind", "bundle") >= bundle.body().length);
        assertTrue(value(after, "artifacts_bundle_duration_seconds_count", "delivery", "response")
            > value(before, "artifacts_bundle_duration_seconds_count", "delivery", "response"), "bundle timed");
        assertTrue(value(after, "artifacts_bundle_size_bytes_count", "delivery", "response")
            > value(before, "artifacts_bundle_size_bytes_count", "delivery", "response"), "bundle size recorded");
        assertTrue(value(after, "artifacts_bundle_size_bytes_sum", "delivery", "response")
            - value(before, "artifacts_bundle_size_bytes_sum", "delivery", "response") >= bundle.body().length);
        assertTrue(value(after, "artifacts_upload_size_bytes_count")
            > value(before, "artifacts_upload_size_bytes_count"));
        assertTrue(value(after, "artifacts_upload_size_bytes_sum") - value(before, "artifacts_upload_size_bytes_sum")
            >= body.length);
        assertTrue(value(after, "artifacts_s3_request_seconds_count", "operation", "GetObject")
            > value(before, "artifacts_s3_request_seconds_count", "operation", "GetObject"), "S3 latency");
        assertTrue(value(after, "artifacts_db_call_seconds_count", "repository", "ArtifactRepository", "method", "find")
            > value(before, "artifacts_db_call_seconds_count", "repository", "ArtifactRepository", "method", "find"),
            "database latency");
        assertTrue(exists(after, "artifacts_db_call_seconds_sum", "repository", "SessionRepository"));
    }

    @Test
    void requestSpansCarryTheSessionAndOrganization() throws Exception {
        UUID session = createSession(ORG, "traces");
        assertEquals(200, get("/api/artifacts/list/" + session, writer(ORG)).statusCode());
        Path log = Path.of("target/liberty/wlp/usr/servers", System.getProperty("it.server.name"), "logs/messages.log");
        String needle = "artifacts.session_id=" + session;
        // The exporter writes a span when it ends, after the response; wait for it rather than assume a time.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String line = null;
        while (line == null && Instant.now().isBefore(deadline)) {
            line = spanLine(log, needle);
            if (line == null) {
                Thread.sleep(200);
            }
        }
        assertTrue(line != null, "a span with " + needle + " in " + log);
        assertTrue(line.contains("artifacts.organization_id=" + ORG), line);
        assertTrue(line.contains("SERVER"), "a server span: " + line);
        assertTrue(line.contains("/api/artifacts/list/{session_id}"), "the list request's span: " + line);
        assertFalse(line.contains("Bearer"), "no token in the span: " + line);
    }

    private static String spanLine(Path log, String needle) throws IOException {
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.contains(needle) && line.contains("/api/artifacts/list/")) {
                return line;
            }
        }
        return null;
    }
}
