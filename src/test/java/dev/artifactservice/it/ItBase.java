package dev.artifactservice.it;

import dev.artifactservice.local.TokenMinter;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the integration tests: deploys the real WAR on the managed Liberty (one server for the whole
 * run, started by Arquillian), which talks to the embedded PostgreSQL and S3 endpoint started by the
 * build; tests call it over HTTP as a client would, with tokens minted from the run's key.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class ItBase {

    protected static final String READ = "artifacts.read";
    protected static final String WRITE = "artifacts.write";

    protected static final HttpClient HTTP = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();

    private static PrivateKey key;

    /**
     * Request validation against the OpenAPI document is off for a test method marked {@link InvalidRequests}, on
     * for every other one.
     */
    @org.junit.jupiter.api.BeforeEach
    void validateRequestsUnlessMarked(org.junit.jupiter.api.TestInfo test) {
        OpenApiExchanges.requestsMayBeInvalid(test.getTestMethod()
            .map(method -> method.isAnnotationPresent(InvalidRequests.class)).orElse(false));
    }

    @org.junit.jupiter.api.AfterEach
    void validateRequestsAgain() {
        OpenApiExchanges.requestsMayBeInvalid(false);
    }

    /** The production WAR as built by {@code package}, deployed unchanged. */
    @Deployment(testable = false)
    public static WebArchive deployment() {
        File war = new File(System.getProperty("it.war"));
        return ShrinkWrap.create(ZipImporter.class, "artifact-service.war").importFrom(war).as(WebArchive.class);
    }

    /** {@code http://localhost:<port>} of the server under test. */
    protected static String base() {
        return "http://localhost:" + System.getProperty("it.http.port");
    }

    /** The run's data directory (embedded PostgreSQL, S3 filesystem store, token keys). */
    protected static Path dataDir() {
        return Path.of(System.getProperty("it.data.dir"));
    }

    /** A token of the local issuer for {@code org}, user {@code sub}, with the given groups, valid one hour. */
    protected static String token(UUID org, String sub, String... groups) {
        return TokenMinter.mint(key(), TokenMinter.standardHeader(), claims(org, sub, groups));
    }

    /**
     * The claims of a valid token (issuer, audience the tests configure, one hour), for tests that change one
     * of them before minting.
     */
    protected static java.util.Map<String, Object> claims(UUID org, String sub, String... groups) {
        java.util.Map<String, Object> claims = TokenMinter.standardClaims(TokenMinter.DEFAULT_ISSUER, sub,
            org == null ? null : org.toString(), List.of(groups), 3600);
        claims.put("aud", System.getProperty("it.jwt.audience"));
        return claims;
    }

    /** A read-write token for {@code org}. */
    protected static String writer(UUID org) {
        return token(org, "alice", READ, WRITE);
    }

    protected static synchronized PrivateKey key() {
        if (key == null) {
            key = TokenMinter.readPrivateKey(dataDir().resolve("jwt/private.pem"));
        }
        return key;
    }

    /**
     * Sends a request with an optional bearer token and extra headers; the body is read as bytes. Every exchange
     * with the server's {@code /api/} is validated against the OpenAPI document it serves (request and response;
     * see {@link OpenApiExchanges}), so a mismatch fails the test; a test that sends invalid requests on purpose is
     * marked {@link InvalidRequests}, or wraps the one call in {@link #allowingInvalidRequest}.
     */
    protected static HttpResponse<byte[]> send(String method, String path, String token, byte[] body,
                                               String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base() + path))
            .timeout(Duration.ofSeconds(60))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpRequest built = request.build();
            HttpResponse<byte[]> response = HTTP.send(built, HttpResponse.BodyHandlers.ofByteArray());
            OpenApiExchanges.validate(base(), built, body, response);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code exchange} (calls of {@link #send} and the helpers built on it) without validating its requests
     * against the OpenAPI document: only for requests that are invalid on purpose (no or a bad token, a malformed
     * id, path, parameter or body). The responses are still validated, problem+json included.
     */
    protected static <T> T allowingInvalidRequest(java.util.function.Supplier<T> exchange) {
        return OpenApiExchanges.allowingInvalidRequest(exchange);
    }

    protected static HttpResponse<byte[]> get(String path, String token, String... headers) {
        return send("GET", path, token, null, headers);
    }

    /**
     * Sends one request over a plain socket, with the request target exactly as given (the JDK's HTTP client
     * refuses malformed escapes such as {@code %zz}); returns the whole answer as text (status line, headers,
     * body), read until the server closes the connection.
     */
    protected static String rawExchange(String method, String target, String token, byte[] body) {
        URI base = URI.create(base());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends one bodiless request over a plain socket, with the request target and header lines exactly as given
     * (name, value pairs; add {@code Authorization} yourself), and parses the answer as it came over the wire.
     */
    protected static RawResponse raw(String method, String target, String... headers) {
        StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        URI base = URI.create(base());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return RawResponse.parse(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An answer as received: status code, header fields in wire order (names as sent) and the body as text.
     */
    protected record RawResponse(int status, List<Map.Entry<String, String>> headers, String body, String text) {

        static RawResponse parse(String text) {
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String[] lines = head.split("\r\n");
            List<Map.Entry<String, String>> fields = new java.util.ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                fields.add(Map.entry(lines[i].substring(0, colon), lines[i].substring(colon + 1).trim()));
            }
            return new RawResponse(Integer.parseInt(lines[0].split(" ")[1]), fields,
                end < 0 ? "" : text.substring(end + 4), text);
        }

        /** The first value of a header field (case-insensitive name), or null. */
        public String header(String name) {
            return headers.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
        }
    }

    protected static HttpResponse<byte[]> put(String path, String token, byte[] body, String... headers) {
        return send("PUT", path, token, body, headers);
    }

    protected static JsonObject json(HttpResponse<byte[]> response) {
        return Json.createReader(new StringReader(new String(response.body(), StandardCharsets.UTF_8))).readObject();
    }

    /** Creates a session in {@code org} through the API and returns its id. */
    protected static UUID createSession(UUID org, String title) {
        return createSession("", org, title);
    }

    /** Creates a session in {@code org} through the API of the server at {@code base} ("" for the test server). */
    protected static UUID createSession(String base, UUID org, String title) {
        HttpResponse<byte[]> response = send("POST", base + "/api/sessions", writer(org),
            Json.createObjectBuilder().add("title", title).build().toString().getBytes(StandardCharsets.UTF_8),
            "Content-Type", "application/json");
        if (response.statusCode() != 201) {
            throw new AssertionError("create session: " + response.statusCode() + " " + new String(response.body()));
        }
        return UUID.fromString(json(response).getString("session_id"));
    }

    /** The upload URL of a path, each segment percent-encoded. */
    protected static String uploadUrl(UUID session, String path) {
        return "/api/artifacts/upload/" + session + "/" + encodePath(path);
    }

    /** The download URL of a path, each segment percent-encoded. */
    protected static String downloadUrl(UUID session, String path) {
        return "/api/artifacts/download/" + session + "/" + encodePath(path);
    }

    /** Percent-encodes each segment as RFC 3986 unreserved characters only. */
    protected static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append(String.format("%%%02X", c));
            }
        }
        return out.toString();
    }

    /** Every regular file under {@code dir}, by its relative path with {@code /}, in code-point order. */
    protected static Map<String, byte[]> readTree(Path dir) {
        return dev.artifactservice.bundle.ZipReaders.readTree(dir);
    }

    protected static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain JDBC connection to the embedded PostgreSQL, for checks and writes outside the service. */
    protected static Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + System.getProperty("it.db.port")
            + "/artifacts", "postgres", "local");
    }

    private static software.amazon.awssdk.services.s3.S3Client s3;

    /**
     * An S3 client of the test endpoint with the service's credentials, to reach objects behind the service's back
     * through the S3 API only (so that a test holds on any S3 endpoint).
     */
    protected static synchronized software.amazon.awssdk.services.s3.S3Client s3() {
        if (s3 == null) {
            s3 = software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + System.getProperty("it.s3.port")))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local-access-key",
                        "local-secret-key")))
                .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder())
                // As the service's own client: S3Proxy does not take the SDK's default trailing checksums.
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
        }
        return s3;
    }

    /**
     * The object keys under a prefix, sorted, read through the S3 API (so it holds on any S3 endpoint); the
     * folders a filesystem-backed endpoint lists as keys ending in "/" are not objects and are left out.
     */
    protected static List<String> objectKeys(String bucket, String prefix) {
        return s3().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
            .map(software.amazon.awssdk.services.s3.model.S3Object::key)
            .filter(key -> !key.endsWith("/")).sorted().toList();
    }

    /** The files the S3 endpoint's filesystem store holds under a key prefix (to see what was really kept). */
    protected static List<String> storedKeys(String prefix) {
        Path root = dataDir().resolve("s3").resolve("artifacts");
        Path dir = root.resolve(prefix);
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sum of {@code artifacts_s3_requests_total} over the operations that read or write one object, from
     * {@code /metrics} (listings and bucket checks come from the reconciler and health checks running beside
     * the tests).
     */
    protected static long s3Requests() {
        String metrics = new String(get("/metrics?scope=application", null).body(), StandardCharsets.UTF_8);
        long total = 0;
        for (String line : metrics.lines().toList()) {
            if (line.startsWith("artifacts_s3_requests_total{") && !line.contains("ListObjects")
                && !line.contains("HeadBucket")) {
                total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    protected static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /**
     * Asserts a problem+json answer (RFC 9457) of the given status whose type ends with {@code slug}; returns
     * its body.
     */
    protected static JsonObject assertProblemOf(HttpResponse<byte[]> response, int status, String slug) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected " + status + " but got " + response.statusCode() + ": "
                + new String(response.body(), StandardCharsets.UTF_8));
        }
        String type = header(response, "Content-Type");
        if (type == null || !type.startsWith("application/problem+json")) {
            throw new AssertionError("not problem+json: " + type);
        }
        JsonObject problem = json(response);
        if (problem.getInt("status") != status || !problem.getString("type").equals("urn:artifact-service:problem:" + slug)
            || problem.getString("detail").isBlank()) {
            throw new AssertionError("unexpected problem: " + problem);
        }
        return problem;
    }

    /** A token of {@code org} with the admin group ({@code artifacts.admin}) besides read. */
    protected static String admin(UUID org) {
        return token(org, "org-admin", READ, "artifacts.admin");
    }

    /**
     * A token of the service's operator ({@code artifacts.operator}, for operations across every organization),
     * with {@code org_id} {@code org}, or none when it is null (operations across organizations need none).
     */
    protected static String operator(UUID org) {
        return token(org, "operator", READ, "artifacts.operator");
    }
}
