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
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
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
     * Sends a PUT with {@code Transfer-Encoding: chunked} (no Content-Length) over a plain socket, the body read from
     * {@code body} in chunks of 64 KiB, while the answer is read on this thread: a server that answers (413, 507)
     * before the body's end and then closes is still heard, where the JDK client may only report the closed
     * connection. Sending stops when the connection is closed. Returns the answer (a chunked answer body decoded);
     * fails when none arrives within two minutes.
     */
    protected static RawResponse putChunked(String target, String token, java.io.InputStream body) {
        URI base = URI.create(base());
        java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
        Thread sender;
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(120_000);
            java.io.OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream(), 70_000);
            sender = new Thread(() -> sendChunked(out, target, token, body), "chunked-put");
            sender.setDaemon(true);
            sender.start();
            java.io.InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("no complete answer within 120 s to PUT " + target + ", received: "
                    + answer.toString(StandardCharsets.UTF_8), e);
            } catch (java.net.SocketException reset) {
                // A server that closes with request bytes unread resets the connection after its answer: the answer
                // is what arrived before the reset. With nothing before it there is no answer to check.
                if (answer.size() == 0) {
                    throw new AssertionError("connection reset without an answer to PUT " + target, reset);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // The socket is closed: a sender still writing fails at once and ends.
            sender.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = answer.toByteArray();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("incomplete answer to PUT " + target + ": " + text);
        }
        RawResponse head = RawResponse.parse(text.substring(0, end + 4));
        byte[] content = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        String encoding = head.header("Transfer-Encoding");
        if (encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
            content = dechunk(content);
        }
        return new RawResponse(head.status(), head.headers(), new String(content, StandardCharsets.UTF_8),
            new String(bytes, StandardCharsets.UTF_8));
    }

    /** Writes the request head and {@code body} as chunks, then the last chunk; stops quietly once the server closed. */
    private static void sendChunked(java.io.OutputStream out, String target, String token, java.io.InputStream body) {
        byte[] buffer = new byte[64 * 1024];
        try {
            out.write(("PUT " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int n; (n = body.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(buffer, 0, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException closed) {
            // The server answered and closed before the body's end (or the reader gave up): nothing more to send.
        }
    }

    /** The content of a chunked message body (RFC 9112 section 7.1), trailers ignored. */
    private static byte[] dechunk(byte[] chunked) {
        java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
        int position = 0;
        while (true) {
            int lineEnd = indexOfCrlf(chunked, position);
            if (lineEnd < 0) {
                throw new AssertionError("truncated chunked body");
            }
            String sizeLine = new String(chunked, position, lineEnd - position, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
            position = lineEnd + 2;
            if (size == 0) {
                return content.toByteArray();
            }
            content.write(chunked, position, size);
            position += size + 2;
        }
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
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

    /**
     * A plain JDBC connection to the test server's database in the embedded PostgreSQL ({@code it.db.name}:
     * {@code artifacts}, or {@code artifacts_s3mock} in the run against S3Mock), for checks and writes outside the
     * service.
     */
    protected static Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + System.getProperty("it.db.port")
            + "/" + System.getProperty("it.db.name", "artifacts"), "postgres", "local");
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

    /** The bucket of the test server ({@code ARTIFACTS_S3_BUCKET} of the build's test server). */
    protected static final String TEST_BUCKET = "artifacts";

    /** The S3 key of an artifact of the test server: {@code organizations/<org>/sessions/<session>/artifacts/<path>}. */
    protected static String artifactKey(UUID org, UUID session, String path) {
        return "organizations/" + org + "/sessions/" + session + "/artifacts/" + path;
    }

    /** The keys of every object the test server's bucket holds for a session (artifacts, stored bundle), sorted. */
    protected static List<String> sessionObjectKeys(UUID org, UUID session) {
        return objectKeys(TEST_BUCKET, "organizations/" + org + "/sessions/" + session + "/");
    }

    /** Makes the artifact at {@code path} of the session expired a minute ago, in the test server's database. */
    protected static void expireNow(UUID session, String path) throws SQLException {
        try (Connection db = database(); PreparedStatement update = db.prepareStatement(
            "UPDATE artifacts SET expires_at = now() - interval '1 minute' WHERE session_id = ? AND path = ?")) {
            update.setObject(1, session);
            update.setString(2, path);
            if (update.executeUpdate() != 1) {
                throw new AssertionError("no artifact at " + path);
            }
        }
    }

    /**
     * Creates an empty database named {@code prefix} plus a random suffix on the test's PostgreSQL, for a server of its
     * own ({@link ExtraServer}, with {@code ARTIFACTS_DB_URL} {@link #jdbcUrl}); returns its name.
     */
    protected static String createDatabase(String prefix) throws SQLException {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection db = database(); Statement statement = db.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    /** Drops a database made by {@link #createDatabase} (nothing when {@code name} is null). */
    protected static void dropDatabase(String name) throws SQLException {
        if (name != null) {
            try (Connection db = database(); Statement statement = db.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    /** The JDBC URL of the database {@code name} on the test's PostgreSQL. */
    protected static String jdbcUrl(String name) {
        return "jdbc:postgresql://localhost:" + System.getProperty("it.db.port") + "/" + name;
    }

    /**
     * {@code keys} without the keys of kept artifact versions ({@code .../versions/{uuid}}, see VersionsIT): what is
     * left of a session's objects once replacements have kept what they replaced.
     */
    protected static List<String> withoutVersions(List<String> keys) {
        return keys.stream().filter(key -> !key.contains("/versions/")).toList();
    }

    /** The bytes of an object read through the S3 API, or null when there is no such object. */
    protected static byte[] objectBytes(String bucket, String key) {
        try {
            return s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return null;
        }
    }

    /** Writes an object through the S3 API, behind the service's back (its rows are not told). */
    protected static void putObject(String bucket, String key, byte[] bytes) {
        s3().putObject(b -> b.bucket(bucket).key(key), software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
    }

    /** Deletes an object through the S3 API, behind the service's back (its rows are not told). */
    protected static void deleteObject(String bucket, String key) {
        s3().deleteObject(b -> b.bucket(bucket).key(key));
    }

    /**
     * The bytes of an object once it exists with {@code length} bytes (a copy the service completes beside the
     * response, so it may land a moment after the client has the whole body); fails after 15 seconds.
     */
    protected static byte[] awaitObject(String bucket, String key, long length) {
        byte[][] bytes = new byte[1][];
        awaitCondition(Duration.ofSeconds(15), "an object of " + length + " bytes at " + key, () -> {
            bytes[0] = objectBytes(bucket, key);
            return bytes[0] != null && bytes[0].length == length;
        });
        return bytes[0];
    }

    /**
     * Polls {@code condition} until it holds, first every 25 ms, then less often (at most every 500 ms); fails naming
     * {@code what} when it still does not hold after {@code timeout}. For waiting on something that happens beside
     * the test (a copy completing, a dependency going down, a server noticing a closed connection), never a fixed
     * sleep.
     */
    protected static void awaitCondition(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 25;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            try {
                Thread.sleep(pause);
                pause = Math.min(500, pause * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            }
        }
    }

    /**
     * Sum of {@code artifacts_s3_requests_total} over the operations that read or write one object, from
     * {@code /metrics} (listings and bucket checks come from the reconciler and health checks running beside
     * the tests).
     */
    protected static long s3Requests() {
        return s3Requests(operation -> !operation.contains("ListObjects") && !operation.contains("HeadBucket"));
    }

    /**
     * Sum of {@code artifacts_s3_requests_total} over the operations that write an object (PUT, copy, the steps of a
     * multipart upload): unchanged across a request that must not write to S3. Deletes are left out, as the purger
     * may run beside the tests.
     */
    protected static long s3Writes() {
        return s3Requests(java.util.Set.of("PutObject", "CopyObject", "UploadPartCopy", "CreateMultipartUpload",
            "UploadPart", "CompleteMultipartUpload")::contains);
    }

    /** Sum of {@code artifacts_s3_requests_total} of the server under test over the operations {@code counted}. */
    protected static long s3Requests(java.util.function.Predicate<String> counted) {
        String metrics = new String(get("/metrics?scope=application", null).body(), StandardCharsets.UTF_8);
        java.util.regex.Pattern operation = java.util.regex.Pattern.compile("operation=\"([^\"]*)\"");
        long total = 0;
        for (String line : metrics.lines().toList()) {
            if (line.startsWith("artifacts_s3_requests_total{")) {
                java.util.regex.Matcher matcher = operation.matcher(line);
                if (!matcher.find()) {
                    throw new AssertionError("no operation tag: " + line);
                }
                if (counted.test(matcher.group(1))) {
                    total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return total;
    }

    /**
     * The sum of the test server's application metric {@code name} (Prometheus name, e.g.
     * {@code artifacts_cache_requests_total}) over the series whose tags contain {@code tag} (e.g.
     * {@code result="hit"}; null for all), from {@code /metrics}.
     */
    protected static double metric(String name, String tag) {
        String metrics = new String(get("/metrics?scope=application", null).body(), StandardCharsets.UTF_8);
        return metrics.lines().filter(l -> (l.startsWith(name + "{") || l.startsWith(name + " "))
                && (tag == null || l.contains(tag)))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static final java.util.regex.Pattern SIGNED_LIFETIME = java.util.regex.Pattern.compile(
        "[?&]X-Amz-Expires=(\\d+)");

    /**
     * Asserts a 302 to a pre-signed S3 URL of the test endpoint's public address, with {@code Cache-Control:
     * no-store} and a signed lifetime of 1 to 60 seconds (a {@code ?redirect=true} or share link download); returns
     * the Location.
     */
    protected static String signedRedirect(HttpResponse<byte[]> response) {
        if (response.statusCode() != 302) {
            throw new AssertionError("expected 302 but got " + response.statusCode() + ": "
                + new String(response.body(), StandardCharsets.UTF_8));
        }
        org.junit.jupiter.api.Assertions.assertEquals("no-store", header(response, "Cache-Control"));
        String location = header(response, "Location");
        org.junit.jupiter.api.Assertions.assertTrue(location.startsWith(System.getProperty("it.s3.public-endpoint")
            + "/"), location);
        java.util.regex.Matcher expires = SIGNED_LIFETIME.matcher(location);
        org.junit.jupiter.api.Assertions.assertTrue(expires.find(), location);
        int seconds = Integer.parseInt(expires.group(1));
        org.junit.jupiter.api.Assertions.assertTrue(seconds >= 1 && seconds <= 60, "X-Amz-Expires=" + seconds);
        return location;
    }

    protected static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /**
     * Asserts a problem+json answer (RFC 9457) of the given status whose type ends with {@code slug}; returns
     * its body.
     */
    protected static JsonObject assertProblemOf(HttpResponse<byte[]> response, int status, String slug) {
        return assertProblemOf(response.statusCode(), header(response, "Content-Type"),
            new String(response.body(), StandardCharsets.UTF_8), status, slug);
    }

    /** As {@link #assertProblemOf(HttpResponse, int, String)}, for an answer read from a plain socket. */
    protected static JsonObject assertProblemOf(RawResponse response, int status, String slug) {
        return assertProblemOf(response.status(), response.header("Content-Type"), response.body(), status, slug);
    }

    private static JsonObject assertProblemOf(int actualStatus, String type, String body, int status, String slug) {
        if (actualStatus != status) {
            throw new AssertionError("expected " + status + " but got " + actualStatus + ": " + body);
        }
        if (type == null || !type.startsWith("application/problem+json")) {
            throw new AssertionError("not problem+json: " + type);
        }
        JsonObject problem = Json.createReader(new StringReader(body)).readObject();
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
