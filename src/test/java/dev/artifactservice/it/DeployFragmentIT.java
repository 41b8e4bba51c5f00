package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's recipe for an existing Open Liberty, followed to the letter: a server made by {@code server
 * create} from the build's Liberty install, whose server.xml includes only the build's fragment
 * ({@code target/deploy/artifact-service.xml}) and sets its port, the driver in {@code jdbc/}, the WAR in
 * {@code dropins/}, the settings appended to server.env after {@code echo >> server.env}. Its database user is
 * not the owner and has what an operator first tried ({@code GRANT ALL ON DATABASE}), on a schema {@code public}
 * without PostgreSQL 15's default CREATE for everyone: readiness must then name the refusal, answer at once, and
 * come UP after the README's grants; then the smoke flow passes on it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployFragmentIT extends ItBase {

    private static final String BUCKET = "artifacts-deploy";
    private static final UUID ORG = UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String database;
    private static String role;
    private static ExtraServer server;

    @BeforeAll
    static void startServerFromFragment() throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        database = "deploy_" + id;
        role = "deploy_" + id;
        try (Connection db = database(); Statement statement = db.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'deploy-secret'");
            statement.execute("CREATE DATABASE " + database);
            statement.execute("GRANT ALL ON DATABASE " + database + " TO " + role);
        }
        // PostgreSQL 15 and later no longer let every user create in schema public; the build's PostgreSQL is 14.
        try (Connection db = asPostgres(database); Statement statement = db.createStatement()) {
            statement.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        }
        try {
            s3().createBucket(request -> request.bucket(BUCKET));
        } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException
                 | software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException alreadyThere) {
            // Left by an earlier run on the same data directory.
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("ARTIFACTS_DB_URL", "jdbc:postgresql://localhost:" + System.getProperty("it.db.port") + "/"
            + database);
        settings.put("ARTIFACTS_DB_USER", role);
        settings.put("ARTIFACTS_DB_PASSWORD", "deploy-secret");
        settings.put("ARTIFACTS_S3_ENDPOINT", "http://127.0.0.1:" + System.getProperty("it.s3.port"));
        settings.put("ARTIFACTS_S3_PATH_STYLE", "true");
        settings.put("ARTIFACTS_S3_BUCKET", BUCKET);
        settings.put("ARTIFACTS_S3_ACCESS_KEY", "local-access-key");
        settings.put("ARTIFACTS_S3_SECRET_KEY", "local-secret-key");
        settings.put("ARTIFACTS_UPLOAD_MAX_NAME_BYTES", "218");
        settings.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", dataDir().resolve("jwt/public.pem").toAbsolutePath()
            .toString());
        settings.put("MP_JWT_VERIFY_ISSUER", "artifact-service-local");
        settings.put("MP_JWT_VERIFY_AUDIENCES", System.getProperty("it.jwt.audience"));
        server = ExtraServer.fromFragment("deploy", settings);
        try {
            server.awaitStarted(server.launch());
        } catch (Exception | AssertionError e) {
            stopServer();
            throw e;
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
        if (database != null) {
            try (Connection db = database(); Statement statement = db.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                statement.execute("DROP ROLE IF EXISTS " + role);
            }
            database = null;
        }
    }

    private static Connection asPostgres(String name) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + System.getProperty("it.db.port") + "/"
            + name, "postgres", "local");
    }

    private static HttpResponse<String> ready() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.base() + "/health/ready"))
            .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void serverEnvKeepsItsOwnLineAndEveryAppendedOne() throws IOException {
        // server create ends server.env without a newline; the recipe adds one before appending.
        String env = Files.readString(server.directory().resolve("server.env"));
        assertTrue(env.lines().anyMatch(line -> line.startsWith("keystore_password=")
            && !line.contains("ARTIFACTS_")), env.replaceAll("keystore_password=.*", "keystore_password=..."));
        assertTrue(env.lines().anyMatch(line -> line.startsWith("ARTIFACTS_DB_URL=jdbc:postgresql:")));
    }

    @Test
    @Order(2)
    void readinessNamesTheMissingGrantAnswersAtOnceAndRecoversAfterTheReadmesGrants() throws Exception {
        String[] body = {""};
        awaitCondition(Duration.ofMinutes(3), "readiness naming the refusal", () -> {
            try {
                HttpResponse<String> answer = ready();
                body[0] = answer.body();
                return answer.statusCode() == 503 && answer.body().contains("permission denied for schema public");
            } catch (IOException notListeningYet) {
                return false;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(body[0].contains("42501"), body[0]);
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            assertEquals(503, ready().statusCode());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 2000, "a probe after a failed migration took " + millis + " ms");
        }
        // The README's grants for PostgreSQL 15 and later (or make the user the database's owner).
        try (Connection db = asPostgres(database); Statement statement = db.createStatement()) {
            statement.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + role);
        }
        server.awaitReady(Duration.ofMinutes(2));
    }

    @Test
    @Order(3)
    void smokeFlowPassesOnTheFragmentServer() throws Exception {
        String base = server.base();
        String token = writer(ORG);
        UUID session = createSession(base, ORG, "deploy smoke");
        byte[] readme = "# Deployed\n\nfrom the fragment alone\n".getBytes(StandardCharsets.UTF_8);
        byte[] lambda = new byte[300_000];
        new Random(17).nextBytes(lambda);
        assertEquals(201, put(base + uploadUrl(session, "README.md"), token, readme).statusCode());
        assertEquals(201, put(base + uploadUrl(session, "lambda/handler.zip"), token, lambda).statusCode());

        JsonObject list = json(get(base + "/api/artifacts/list/" + session, token));
        assertEquals(2, list.getInt("total_count"));

        assertArrayEquals(lambda, get(base + downloadUrl(session, "lambda/handler.zip"), token).body());

        HttpResponse<byte[]> bundle = get(base + "/api/artifacts/bundle/" + session, token);
        assertEquals(200, bundle.statusCode());
        Map<String, byte[]> entries = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bundle.body()))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        assertEquals(2, entries.size(), entries.keySet().toString());
        assertArrayEquals(readme, entries.get("README.md"));
        assertArrayEquals(lambda, entries.get("lambda/handler.zip"));

        JsonObject link = json(get(base + "/api/artifacts/download-url/" + session + "/README.md?expires_in=600",
            token));
        HttpResponse<byte[]> fetched = HTTP.send(HttpRequest.newBuilder(URI.create(link.getString("download_url"))).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, fetched.statusCode());
        assertArrayEquals(readme, fetched.body());

        String stranger = writer(UUID.randomUUID());
        assertEquals(404, get(base + "/api/artifacts/list/" + session, stranger).statusCode());
        assertEquals(404, get(base + downloadUrl(session, "README.md"), stranger).statusCode());
        assertEquals(404, get(base + "/api/artifacts/bundle/" + session, stranger).statusCode());
    }
}
