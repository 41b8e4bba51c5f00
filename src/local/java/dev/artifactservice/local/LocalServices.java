package dev.artifactservice.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Local mode's companion process: an embedded PostgreSQL and an embedded S3 endpoint (S3Proxy on the file system),
 * a token key pair, a "ready" properties file for the service's configuration, and optionally a seeded demo session.
 *
 * <p>{@code start --data-dir DIR --db-port N --s3-port N --ready-file FILE [--http-port 9080] [--seed-demo DIR]
 * [--fresh] [--s3mock-jar JAR --s3mock-port N]} runs until SIGTERM or until its parent process (Maven) goes away;
 * {@code await --ready-file FILE [--timeout-seconds 180]} blocks until {@code start} is ready.
 *
 * <p>While {@code start} runs, tests can take either service down and bring it back through the directory
 * {@code DATA_DIR/control/}, which is polled every 200 ms: creating {@code s3.down} or {@code postgres.down} stops
 * that service (its port then refuses connections), deleting the file starts it again on the same port with the same
 * data. Once a change is complete, {@code s3.state} or {@code postgres.state} in the same directory reads {@code down}
 * or {@code up} (replaced atomically; both read {@code up} when the ready file appears). Wait for that before the next
 * change: a file created and deleted again within one poll is never noticed. Control files left by an earlier run are
 * removed at start.
 *
 * <p>With {@code --s3mock-jar} and {@code --s3mock-port}, a second S3 implementation runs beside S3Proxy for the
 * integration tests: Adobe's S3Mock ({@link S3MockProcess}) on that port with the same bucket, and a second database,
 * {@value #S3MOCK_DATABASE_NAME}, for the service that uses it; the control channel does not switch it.
 */
public final class LocalServices {

    /** Session id (UUID string) of the demo session that {@code --seed-demo} creates in the demo organization. */
    public static final String DEMO_SESSION_ID = "00000000-0000-4000-8000-0000000000d1";

    /** Where, under the data directory, {@code --seed-demo} leaves the demo token for the web page. */
    public static final String DEMO_TOKEN_FILE = "jwt/demo-token.jwt";

    /** Title of the demo session. */
    public static final String DEMO_SESSION_TITLE = "Demo: serverless thumbnail service";

    /** Name of the database created in the embedded PostgreSQL. */
    public static final String DATABASE_NAME = "artifacts";

    /** Database created beside {@link #DATABASE_NAME} for the service that runs against S3Mock ({@code --s3mock-port}). */
    public static final String S3MOCK_DATABASE_NAME = "artifacts_s3mock";

    /** Database user (a superuser, trusted without password on localhost). */
    public static final String DATABASE_USER = "postgres";

    /** Bucket created in the embedded S3 endpoint. */
    public static final String BUCKET = "artifacts";

    /** Access key id the embedded S3 endpoint accepts (SigV2 or SigV4). */
    public static final String S3_ACCESS_KEY = "local-access-key";

    /** Secret key the embedded S3 endpoint accepts. */
    public static final String S3_SECRET_KEY = "local-secret-key";

    /** Region to sign S3 requests for; the embedded endpoint accepts any, this one is written to the ready file. */
    public static final String S3_REGION = "us-east-1";

    private static final String USAGE = String.join(System.lineSeparator(),
            "Usage:",
            "  LocalServices start --data-dir DIR --db-port N --s3-port N --ready-file FILE",
            "                      [--http-port 9080] [--seed-demo DEMO_DIR] [--fresh]",
            "                      [--s3mock-jar JAR --s3mock-port N]",
            "  LocalServices await --ready-file FILE [--timeout-seconds 180]");

    private static final int DEFAULT_HTTP_PORT = 9080;
    private static final long DEFAULT_AWAIT_SECONDS = 180;
    private static final Duration SEED_WAIT = Duration.ofMinutes(10);
    private static final long DEMO_TOKEN_SECONDS = 24 * 3600;

    // Written by start when it gives up, so that await fails at once instead of waiting out its timeout.
    private static final String FAILED_SUFFIX = ".failed";

    private static final String CONTROL_DIR = "control";
    private static final String DOWN_SUFFIX = ".down";
    private static final String STATE_SUFFIX = ".state";
    private static final long CONTROL_POLL_MILLIS = 200;
    // A service that fails to come back (say, someone else took its port) is retried, but not on every poll.
    private static final Duration CONTROL_RETRY = Duration.ofSeconds(2);

    // Null while the control channel keeps the service down.
    private volatile EmbeddedPostgres postgres;
    private volatile S3Proxy s3Proxy;
    private volatile S3MockProcess s3Mock;
    // Kept so that the control channel restarts each service exactly as it was first started.
    private volatile EmbeddedPostgres.Builder postgresBuilder;
    private volatile Path postgresData;
    private volatile Path postgresLog;
    private volatile BlobStoreContext blobStoreContext;
    private volatile URI s3Endpoint;
    // Held while the control channel keeps PostgreSQL down; see lockPostgresData.
    private FileChannel postgresDownLock;
    private volatile Path readyFile;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private LocalServices() {
    }

    /** Runs {@code start} or {@code await} (see the class comment); exits 2 on bad arguments, 1 on failure. */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(USAGE);
            if (args.length == 0) {
                System.exit(2);
            }
            return;
        }
        String mode = args[0];
        if (mode.equals("start")) {
            quietLogback();
            Map<String, String> options = parse(args, List.of("--data-dir", "--db-port", "--s3-port",
                    "--ready-file", "--http-port", "--seed-demo", "--s3mock-jar", "--s3mock-port"), List.of("--fresh"));
            new LocalServices().start(options);
        } else if (mode.equals("await")) {
            Map<String, String> options = parse(args, List.of("--ready-file", "--timeout-seconds"), List.of());
            System.exit(await(Path.of(required(options, "--ready-file")),
                    longOption(options, "--timeout-seconds", DEFAULT_AWAIT_SECONDS)));
        } else {
            usageError("unknown mode '" + mode + "'");
        }
    }

    // ---------------------------------------------------------------------------------------------------- start

    private void start(Map<String, String> options) throws InterruptedException {
        Path dataDir = Path.of(required(options, "--data-dir")).toAbsolutePath().normalize();
        int dbPort = port(options, "--db-port", null);
        int s3Port = port(options, "--s3-port", null);
        int httpPort = port(options, "--http-port", DEFAULT_HTTP_PORT);
        readyFile = Path.of(required(options, "--ready-file")).toAbsolutePath().normalize();
        Path demoDir = options.containsKey("--seed-demo")
                ? Path.of(options.get("--seed-demo")).toAbsolutePath().normalize() : null;
        if (dbPort == s3Port) {
            usageError("--db-port and --s3-port must differ");
        }
        Path s3MockJar = options.containsKey("--s3mock-jar")
                ? Path.of(options.get("--s3mock-jar")).toAbsolutePath().normalize() : null;
        int s3MockPort = options.containsKey("--s3mock-port") ? port(options, "--s3mock-port", null) : -1;
        if ((s3MockJar == null) != (s3MockPort == -1)) {
            usageError("--s3mock-jar and --s3mock-port go together");
        }
        if (s3MockPort == dbPort || s3MockPort == s3Port) {
            usageError("--s3mock-port must differ from --db-port and --s3-port");
        }
        if (demoDir != null && !Files.isDirectory(demoDir)) {
            usageError("--seed-demo " + demoDir + " is not a directory");
        }

        // A ready file left by a killed run would let await return before anything listens.
        try {
            Files.deleteIfExists(readyFile);
            Files.deleteIfExists(failedFile(readyFile));
        } catch (IOException e) {
            fail("cannot remove the old ready file " + readyFile + ": " + e, null);
        }

        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "local-services-shutdown"));
        watchParent();

        try {
            // Before --fresh: never delete the files of an instance that is still running.
            stopOrphanedPostgres(dataDir.resolve("postgres"));
            if (s3MockJar != null) {
                S3MockProcess.stopOrphan(dataDir, s3MockJar);
            }
            if (options.containsKey("--fresh")) {
                deleteTree(dataDir);
            }
            Files.createDirectories(dataDir);
            requireFreePort(dbPort, "PostgreSQL (--db-port)");
            requireFreePort(s3Port, "S3 (--s3-port)");
            if (s3MockJar != null) {
                requireFreePort(s3MockPort, "S3Mock (--s3mock-port)");
            }

            startPostgres(dataDir.resolve("postgres"), dataDir.resolve("postgres.log"), dbPort);
            startS3(dataDir.resolve("s3"), s3Port);
            if (s3MockJar != null) {
                createDatabase(S3MOCK_DATABASE_NAME);
                s3Mock = S3MockProcess.start(s3MockJar, s3MockPort, dataDir, BUCKET);
            }
            Path jwtDir = dataDir.resolve("jwt");
            KeyPair keys = ensureKeyPair(jwtDir);
            // Before the ready file: a test may take a service down as soon as that appears.
            startControlWatcher(dataDir.resolve(CONTROL_DIR), dbPort, s3Port);
            writeReadyFile(dbPort, s3Port, jwtDir);
            System.out.printf("local services ready: PostgreSQL on %d, S3 on %d%s, data in %s%n", dbPort, s3Port,
                    s3MockJar == null ? "" : ", S3Mock on " + s3MockPort, dataDir);
            System.out.flush();

            if (demoDir != null) {
                Thread seeder = new Thread(() -> seedDemo(httpPort, demoDir, keys.getPrivate(), dataDir),
                        "local-services-seed-demo");
                seeder.start();
            }
        } catch (Exception | LinkageError e) {
            // LinkageError too: a classpath with a wrong library version must not leave us half started.
            fail(describe(e), e);
        }
        stopped.await();
    }

    private static void stopOrphanedPostgres(Path pgData) throws IOException, InterruptedException {
        if (!Files.isDirectory(pgData)) {
            return;
        }
        // Zonky holds a lock on epg-lock for as long as its launcher lives. Held: another instance uses this data
        // directory. Free: any postmaster still running there was orphaned (its launcher got SIGKILL, so no hook
        // ran) and would otherwise block the port and the data directory until someone finds and kills it.
        try (FileChannel channel = FileChannel.open(pgData.resolve("epg-lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new ExplainedException("the data directory " + pgData.getParent() + " is in use by another "
                        + "running local-mode instance; stop that one first (or use another data directory)");
            }
            stopPostmaster(pgData, "PostgreSQL left running by an earlier, killed launcher");
        }
    }

    /** Stops the postmaster that pgData's postmaster.pid names, if it still runs; {@code what} names it in messages. */
    private static void stopPostmaster(Path pgData, String what) throws InterruptedException {
        Path pidFile = pgData.resolve("postmaster.pid");
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (IOException | RuntimeException e) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()
                || !process.get().info().command().map(c -> c.endsWith("postgres")).orElse(false)) {
            return;
        }
        System.out.println("stopping " + what + " (pid " + pid + ")");
        // SIGINT is PostgreSQL's "fast" shutdown: clean, without waiting for clients that are gone anyway.
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
        } catch (IOException e) {
            process.get().destroy();
        }
        try {
            process.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ExplainedException(what + " (pid " + pid + ") did not stop within 30 s; stop it by hand");
        }
    }

    private static void requireFreePort(int port, String what) {
        // Zonky misses a clash: its readiness probe is happy with whichever server answers on the port.
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        } catch (IOException e) {
            throw new ExplainedException("port " + port + " for " + what + " is already in use on 127.0.0.1 ("
                    + e.getMessage() + "). Is local mode already running (another terminal, an earlier "
                    + "'mvn verify'), or another program using that port? Stop it or choose another port.");
        }
    }

    private void startPostgres(Path pgData, Path logFile, int port) throws IOException, SQLException {
        // PostgreSQL's own output goes to a file: zonky would otherwise log it through SLF4J, which may be bound
        // to nothing, and it keeps the console for what people need to read.
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
        postgresData = pgData;
        postgresLog = logFile;
        postgresBuilder = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                // Zonky's defaults suit throw-away test databases; local mode keeps people's data.
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "localhost")
                .setPort(port)
                .setOutputRedirector(log)
                .setErrorRedirector(log)
                // First start unpacks the binaries and runs initdb; crash recovery can take a while too.
                .setPGStartupWait(Duration.ofSeconds(120))
                // Our own hook stops S3 and PostgreSQL in order and removes the ready file.
                .setRegisterShutdownHook(false);
        postgres = launchPostgres();
        createDatabase(DATABASE_NAME);
    }

    /** Creates the database {@code name} (a constant of this class) in the embedded PostgreSQL unless it exists. */
    private void createDatabase(String name) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                query.setString(1, name);
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            if (!exists) {
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + name);
                }
            }
        }
    }

    private EmbeddedPostgres launchPostgres() {
        try {
            return postgresBuilder.start();
        } catch (IOException | RuntimeException e) {
            throw new ExplainedException("embedded PostgreSQL did not start: " + describe(e)
                    + " (PostgreSQL's log: " + postgresLog + ")", e);
        }
    }

    private void startS3(Path baseDir, int port) throws Exception {
        Files.createDirectories(baseDir);
        Properties overrides = new Properties();
        overrides.setProperty("jclouds.filesystem.basedir", baseDir.toString());
        blobStoreContext = ContextBuilder.newBuilder("filesystem")
                .overrides(overrides)
                .buildView(BlobStoreContext.class);
        BlobStore blobStore = blobStoreContext.getBlobStore();
        if (!blobStore.containerExists(BUCKET)) {
            blobStore.createContainerInLocation(null, BUCKET);
        }
        s3Endpoint = URI.create("http://127.0.0.1:" + port);
        s3Proxy = launchS3Proxy();
    }

    private S3Proxy launchS3Proxy() {
        // A new S3Proxy each time, also for a restart: stop() also closes its metrics, so a stopped instance is not
        // meant to be started again. The blob store, and with it every stored object, stays the same.
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new S3ContentEncoding(blobStoreContext.getBlobStore()))
                .endpoint(s3Endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3_ACCESS_KEY, S3_SECRET_KEY)
                .build();
        String failure = "embedded S3 endpoint did not start on port " + s3Endpoint.getPort();
        try {
            proxy.start();
            // start() returns before Jetty is necessarily listening.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"STARTED".equals(proxy.getState())) {
                if ("FAILED".equals(proxy.getState()) || System.nanoTime() > deadline) {
                    throw new ExplainedException(failure + " (state " + proxy.getState() + ")");
                }
                Thread.sleep(20);
            }
            return proxy;
        } catch (Exception e) {
            // At start this process exits anyway; a failed restart must not leave Jetty's threads behind.
            stopQuietly(proxy);
            throw e instanceof ExplainedException ? (ExplainedException) e
                    : new ExplainedException(failure + ": " + describe(e), e);
        }
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            // Already failed or stopped; the caller reports the failure that matters.
        }
    }

    private static KeyPair ensureKeyPair(Path jwtDir) throws Exception {
        Path privateFile = jwtDir.resolve("private.pem");
        Path publicFile = jwtDir.resolve("public.pem");
        Files.createDirectories(jwtDir);
        PrivateKey privateKey;
        PublicKey publicKey;
        if (Files.exists(privateFile)) {
            // Kept across restarts so that tokens people copied stay valid.
            privateKey = TokenMinter.readPrivateKey(privateFile);
            RSAPrivateCrtKey crt = (RSAPrivateCrtKey) privateKey;
            publicKey = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } else {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            privateKey = pair.getPrivate();
            publicKey = pair.getPublic();
            writeAtomically(privateFile, pem("PRIVATE KEY", privateKey.getEncoded()), true);
        }
        // Rewritten from the private key each time, so a deleted or damaged public.pem heals itself.
        writeAtomically(publicFile, pem("PUBLIC KEY", publicKey.getEncoded()), false);
        return new KeyPair(publicKey, privateKey);
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private void writeReadyFile(int dbPort, int s3Port, Path jwtDir) throws IOException {
        Properties ready = new Properties();
        ready.setProperty("db.url", "jdbc:postgresql://localhost:" + dbPort + "/" + DATABASE_NAME);
        ready.setProperty("db.user", DATABASE_USER);
        ready.setProperty("db.password", "");
        ready.setProperty("s3.endpoint", "http://127.0.0.1:" + s3Port);
        ready.setProperty("s3.access-key", S3_ACCESS_KEY);
        ready.setProperty("s3.secret-key", S3_SECRET_KEY);
        ready.setProperty("s3.bucket", BUCKET);
        ready.setProperty("s3.region", S3_REGION);
        S3MockProcess mock = s3Mock;
        if (mock != null) {
            ready.setProperty("s3mock.endpoint", mock.endpoint().toString());
            ready.setProperty("s3mock.db.url", "jdbc:postgresql://localhost:" + dbPort + "/" + S3MOCK_DATABASE_NAME);
        }
        ready.setProperty("jwt.public-key", jwtDir.resolve("public.pem").toString());
        ready.setProperty("jwt.private-key", jwtDir.resolve("private.pem").toString());
        ready.setProperty("jwt.issuer", TokenMinter.DEFAULT_ISSUER);
        // Lets await tell a live file from one left behind by a launcher killed with SIGKILL.
        ready.setProperty("launcher.pid", Long.toString(ProcessHandle.current().pid()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ready.store(bytes, "Written by LocalServices; removed when it stops");
        writeAtomically(readyFile, bytes.toByteArray(), false);
    }

    /** Writes to a temporary sibling, then renames it, so that a reader never sees half a file. */
    private static void writeAtomically(Path target, byte[] content, boolean ownerOnly) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
        try {
            try {
                // Temporary files start as rw-------, right for the private key only.
                Files.setPosixFilePermissions(temp,
                        PosixFilePermissions.fromString(ownerOnly ? "rw-------" : "rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system (Windows): the user's profile directory protects the key instead.
            }
            Files.write(temp, content);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    // ---------------------------------------------------------------------------------------------- control

    private void startControlWatcher(Path controlDir, int dbPort, int s3Port) throws IOException {
        Files.createDirectories(controlDir);
        List<ControlledService> services = List.of(
                new ControlledService("s3", "S3 (port " + s3Port + ")", this::takeS3Down, this::bringS3Up),
                new ControlledService("postgres", "PostgreSQL (port " + dbPort + ")", this::takePostgresDown,
                        () -> bringPostgresUp(dbPort)));
        for (ControlledService service : services) {
            // Left behind by a killed test run, it would take the service down right after start, unasked.
            if (Files.deleteIfExists(controlDir.resolve(service.name + DOWN_SUFFIX))) {
                System.out.println("control: removed " + service.name + DOWN_SUFFIX + " left by an earlier run");
            }
            writeState(controlDir, service);
        }
        Thread watcher = new Thread(() -> watchControl(controlDir, services), "local-services-control");
        // Daemon: the shutdown hook, not this thread, decides when the process ends.
        watcher.setDaemon(true);
        watcher.start();
    }

    private void watchControl(Path controlDir, List<ControlledService> services) {
        // This one thread makes every change, one after the other, so a stop and a start never overlap however fast
        // a test toggles; each poll acts on the files as they are then, so the latest wish wins.
        while (true) {
            for (ControlledService service : services) {
                boolean wantUp = !Files.exists(controlDir.resolve(service.name + DOWN_SUFFIX));
                if (wantUp != service.up && System.nanoTime() - service.retryAt >= 0
                        && !switchService(controlDir, service, wantUp)) {
                    return;
                }
            }
            try {
                Thread.sleep(CONTROL_POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Takes the service down or brings it up, then writes its state file; false once the services are stopped. */
    private synchronized boolean switchService(Path controlDir, ControlledService service, boolean up) {
        // Synchronized with stop(): the shutdown hook waits for a change in progress, and, once the hook has run,
        // nothing is started again behind its back.
        if (stopped.getCount() == 0) {
            return false;
        }
        String state = up ? "up" : "down";
        try {
            (up ? service.bringUp : service.takeDown).run();
        } catch (Exception | LinkageError e) {
            service.retryAt = System.nanoTime() + CONTROL_RETRY.toNanos();
            System.out.println("control: " + service.label + " did not go " + state + " (retrying in "
                    + CONTROL_RETRY.toSeconds() + " s): " + describe(e));
            return true;
        }
        service.up = up;
        try {
            writeState(controlDir, service);
        } catch (IOException e) {
            System.err.println("control: could not write " + service.name + STATE_SUFFIX + ": " + e);
        }
        System.out.println("control: " + service.label + " is " + state);
        System.out.flush();
        return true;
    }

    private static void writeState(Path controlDir, ControlledService service) throws IOException {
        // Atomically, so that a test polling the file never reads a half-written value.
        writeAtomically(controlDir.resolve(service.name + STATE_SUFFIX),
                (service.up ? "up" : "down").getBytes(StandardCharsets.US_ASCII), false);
    }

    private void takeS3Down() throws Exception {
        S3Proxy proxy = s3Proxy;
        if (proxy != null) {
            // Stopping Jetty closes its listening socket: clients get "connection refused", as in a real outage.
            proxy.stop();
            s3Proxy = null;
        }
    }

    private void bringS3Up() {
        s3Proxy = launchS3Proxy();
    }

    private void takePostgresDown() throws Exception {
        EmbeddedPostgres pg = postgres;
        if (pg != null) {
            // pg_ctl stop -m fast: disconnects clients and closes the port, as in a real outage.
            pg.close();
            postgres = null;
        }
        // Zonky's close() only logs a 'pg_ctl stop' that failed or took longer than 5 s; "down" must mean down.
        stopPostmaster(postgresData, "PostgreSQL, which pg_ctl did not stop");
        lockPostgresData();
    }

    private void bringPostgresUp(int port) throws Exception {
        // Zonky waits out its whole startup timeout (120 s) when the postmaster cannot bind, blocking every other
        // change meanwhile; this check fails at once instead, and is retried.
        requireFreePort(port, "PostgreSQL (--db-port)");
        unlockPostgresData();
        try {
            // Same builder as at start: same data directory (kept, not cleaned), port and settings.
            postgres = launchPostgres();
        } catch (RuntimeException e) {
            // A postmaster that started but did not answer in time would otherwise outlive the shutdown hook.
            stopPostmaster(postgresData, "PostgreSQL, which did not start properly");
            // A failed start leaves zonky's epg-lock held by an object we cannot reach, and every retry would fail
            // with OverlappingFileLockException until that lock is garbage collected.
            System.gc();
            lockPostgresData();
            throw e;
        }
    }

    private void lockPostgresData() {
        // Zonky releases its epg-lock on close(). Without it, another launcher given this data directory would take
        // it for abandoned while PostgreSQL is down, and its --fresh would delete the data of this running instance.
        Path lockFile = postgresData.resolve("epg-lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (channel.tryLock() != null) {
                postgresDownLock = channel;
                return;
            }
            System.err.println("control: another process holds " + lockFile);
        } catch (IOException | OverlappingFileLockException e) {
            // Only a safeguard: PostgreSQL is down all the same.
            System.err.println("control: could not lock " + lockFile + ": " + e);
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing held through it.
            }
        }
    }

    private void unlockPostgresData() throws IOException {
        FileChannel channel = postgresDownLock;
        postgresDownLock = null;
        if (channel != null) {
            // Closing the channel releases the lock, which zonky must be able to take again.
            channel.close();
        }
    }

    /** A service that the control channel switches; only the watcher thread changes {@code up} and {@code retryAt}. */
    private static final class ControlledService {
        final String name;
        final String label;
        final ServiceAction takeDown;
        final ServiceAction bringUp;
        boolean up = true;
        long retryAt = System.nanoTime();

        ControlledService(String name, String label, ServiceAction takeDown, ServiceAction bringUp) {
            this.name = name;
            this.label = label;
            this.takeDown = takeDown;
            this.bringUp = bringUp;
        }
    }

    /** Stops or starts one service. */
    @FunctionalInterface
    private interface ServiceAction {
        void run() throws Exception;
    }

    // ---------------------------------------------------------------------------------------------- shutdown

    private void watchParent() {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.isEmpty()) {
            return;
        }
        ProcessHandle maven = parent.get();
        Thread watchdog = new Thread(() -> {
            // Maven can die without destroying its async children, and PostgreSQL is detached from us:
            // exiting runs the shutdown hook, which stops it.
            while (maven.isAlive()) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.out.println("parent process " + maven.pid() + " has gone; stopping local services");
            System.exit(0);
        }, "local-services-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        Path ready = readyFile;
        if (ready != null) {
            try {
                Files.deleteIfExists(ready);
            } catch (IOException e) {
                System.err.println("could not delete " + ready + ": " + e);
            }
        }
        // Either service may be down (null) here: the control channel took it down.
        S3Proxy proxy = s3Proxy;
        if (proxy != null) {
            try {
                proxy.stop();
            } catch (Exception e) {
                System.err.println("could not stop the embedded S3 endpoint: " + e);
            }
        }
        BlobStoreContext context = blobStoreContext;
        if (context != null) {
            context.close();
        }
        S3MockProcess mock = s3Mock;
        if (mock != null) {
            mock.stop();
        }
        EmbeddedPostgres pg = postgres;
        if (pg != null) {
            try {
                pg.close();
            } catch (IOException | RuntimeException e) {
                System.err.println("could not stop the embedded PostgreSQL: " + e);
            }
        }
        try {
            unlockPostgresData();
        } catch (IOException e) {
            // Released when the process exits anyway.
        }
        if (proxy != null || pg != null || context != null) {
            System.out.println("local services stopped");
        }
        stopped.countDown();
    }

    private void fail(String message, Throwable cause) {
        System.err.println("local services failed to start: " + message);
        if (cause != null && !(cause instanceof ExplainedException)) {
            cause.printStackTrace();
        }
        Path ready = readyFile;
        if (ready != null) {
            try {
                writeAtomically(failedFile(ready), message.getBytes(StandardCharsets.UTF_8), false);
            } catch (IOException e) {
                // await then simply waits for its timeout.
            }
        }
        System.exit(1);
    }

    // ---------------------------------------------------------------------------------------------- await

    private static int await(Path readyFile, long timeoutSeconds) throws InterruptedException {
        Instant started = Instant.now();
        Path failed = failedFile(readyFile);
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        while (true) {
            if (Files.exists(readyFile) && writtenByLiveLauncher(readyFile)) {
                return 0;
            }
            String failure = recentFailure(failed, started);
            if (failure != null) {
                System.err.println("local services failed to start: " + failure);
                return 1;
            }
            if (System.nanoTime() > deadline) {
                System.err.println("local services were not ready within " + timeoutSeconds + " s (no "
                        + readyFile + " from a running launcher); see the launcher's output above");
                return 1;
            }
            Thread.sleep(200);
        }
    }

    private static boolean writtenByLiveLauncher(Path readyFile) {
        Properties ready = new Properties();
        try (InputStream in = Files.newInputStream(readyFile)) {
            ready.load(in);
            return ProcessHandle.of(Long.parseLong(ready.getProperty("launcher.pid", "").strip()))
                    .map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            // Gone again, or not ours: trust its presence as before.
            return Files.exists(readyFile);
        }
    }

    private static String recentFailure(Path failed, Instant awaitStarted) {
        try {
            // start and await are launched together; a failure file older than that belongs to an earlier run.
            FileTime written = Files.getLastModifiedTime(failed);
            if (written.toInstant().isBefore(awaitStarted.minusSeconds(10))) {
                return null;
            }
            return Files.readString(failed, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        }
    }

    private static Path failedFile(Path readyFile) {
        return readyFile.resolveSibling(readyFile.getFileName() + FAILED_SUFFIX);
    }

    // ---------------------------------------------------------------------------------------------- demo

    private static void seedDemo(int httpPort, Path demoDir, PrivateKey key, Path dataDir) {
        String token = TokenMinter.mint(key, TokenMinter.DEFAULT_ISSUER, TokenMinter.DEFAULT_SUBJECT,
                TokenMinter.DEMO_ORGANIZATION_ID, TokenMinter.DEFAULT_GROUPS, DEMO_TOKEN_SECONDS);
        try {
            // The web page's "use demo token" button reads it from here (local mode only; see the pom's local profile).
            writeAtomically(dataDir.resolve(DEMO_TOKEN_FILE), token.getBytes(StandardCharsets.US_ASCII), true);
        } catch (IOException e) {
            System.out.println("demo token not written for the web page: " + describe(e));
        }
        String base = "http://localhost:" + httpPort;
        // HTTP/1.1 only: the default h2c upgrade attempt on plain HTTP buys nothing here and complicates bodies.
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        try {
            if (!waitForService(http, base)) {
                System.out.println("demo data not seeded: the service at " + base + " was not ready within "
                        + SEED_WAIT.toMinutes() + " minutes");
                return;
            }
        } catch (InterruptedException e) {
            return;
        }

        String outcome;
        try {
            outcome = uploadDemo(http, base, token, demoDir);
        } catch (Exception e) {
            System.out.println("demo data not seeded (the services keep running): " + describe(e));
            outcome = "NOT seeded, see the message above";
        }
        printBanner(base, token, outcome, dataDir);
    }

    private static boolean waitForService(HttpClient http, String base) throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(base + "/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        long deadline = System.nanoTime() + SEED_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // Not listening yet, or the application is still starting.
            }
            Thread.sleep(1000);
        }
        return false;
    }

    private static String uploadDemo(HttpClient http, String base, String token, Path demoDir) throws Exception {
        String sessionJson = TokenMinter.toJson(Map.of("title", DEMO_SESSION_TITLE, "session_id", DEMO_SESSION_ID));
        HttpResponse<String> session = http.send(HttpRequest.newBuilder(URI.create(base + "/api/sessions"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(sessionJson))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (session.statusCode() != 201 && session.statusCode() != 200) {
            throw new ExplainedException("POST /api/sessions answered " + session.statusCode() + ": "
                    + abbreviate(session.body()));
        }

        Map<String, Path> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(demoDir)) {
            for (Path file : walk.filter(Files::isRegularFile).collect(Collectors.toList())) {
                List<String> segments = new ArrayList<>();
                for (Path part : demoDir.relativize(file)) {
                    segments.add(part.toString());
                }
                files.put(String.join("/", segments), file);
            }
        }
        List<String> paths = new ArrayList<>(files.keySet());
        paths.sort(Comparator.naturalOrder());

        int uploaded = 0;
        int unchanged = 0;
        List<String> failures = new ArrayList<>();
        for (String path : paths) {
            Path file = files.get(path);
            String encoded = encodePath(path);
            byte[] sha256 = sha256(file);
            String etag = "\"" + HexFormat.of().formatHex(sha256) + "\"";
            try {
                HttpResponse<Void> head = http.send(HttpRequest.newBuilder(
                                        URI.create(base + "/api/artifacts/download/" + DEMO_SESSION_ID + "/" + encoded))
                                .timeout(Duration.ofSeconds(30))
                                .header("Authorization", "Bearer " + token)
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (head.statusCode() == 200
                        && head.headers().firstValue("ETag").map(t -> t.replaceFirst("^W/", "")).orElse("")
                        .equalsIgnoreCase(etag)) {
                    unchanged++;
                    continue;
                }
                HttpResponse<String> put = http.send(HttpRequest.newBuilder(
                                        URI.create(base + "/api/artifacts/upload/" + DEMO_SESSION_ID + "/" + encoded))
                                .timeout(Duration.ofMinutes(5))
                                .header("Authorization", "Bearer " + token)
                                .header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(sha256) + ":")
                                .PUT(HttpRequest.BodyPublishers.ofFile(file))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (put.statusCode() == 200 || put.statusCode() == 201) {
                    uploaded++;
                } else {
                    failures.add(path + " (" + put.statusCode() + ": " + abbreviate(put.body()) + ")");
                }
            } catch (IOException e) {
                failures.add(path + " (" + describe(e) + ")");
            }
        }
        if (!failures.isEmpty()) {
            System.out.println("demo data: " + failures.size() + " of " + paths.size() + " files not uploaded:");
            failures.forEach(f -> System.out.println("  " + f));
        }
        return String.format("%d files: %d uploaded, %d already there%s", paths.size(), uploaded, unchanged,
                failures.isEmpty() ? "" : ", " + failures.size() + " FAILED (see above)");
    }

    private static void printBanner(String base, String token, String demoOutcome, Path dataDir) {
        String listUrl = base + "/api/artifacts/list/" + DEMO_SESSION_ID;
        String keyOption = dataDir.equals(Path.of(".local-data").toAbsolutePath().normalize())
                ? "" : " --key " + dataDir.resolve("jwt").resolve("private.pem");
        String rule = "=".repeat(100);
        String text = String.join(System.lineSeparator(),
                "",
                rule,
                "  Artifact service (local mode) is ready",
                "",
                "  Web page:      " + base + "/",
                "  OpenAPI UI:    " + base + "/openapi/ui",
                "  Demo session:  " + DEMO_SESSION_ID + " (" + demoOutcome + ")",
                "",
                "  Token (24 h, organization " + TokenMinter.DEMO_ORGANIZATION_ID + ", read+write):",
                "",
                token,
                "",
                "  List the demo session's artifacts:",
                "    curl -H 'Authorization: Bearer " + token + "' " + listUrl,
                "",
                "  Mint more tokens (run in the project directory):",
                "    java src/local/java/dev/artifactservice/local/TokenMinter.java --org <uuid> --sub <user>"
                        + " --groups artifacts.read,artifacts.write" + keyOption,
                rule,
                "");
        System.out.println(text);
        System.out.flush();
    }

    /** Percent-encodes each segment as a URI path segment (UTF-8), leaving only RFC 3986 unreserved characters. */
    static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static byte[] sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static void quietLogback() {
        // Unconfigured Logback logs at DEBUG: hundreds of Jetty and jclouds lines per start and per request,
        // burying the lines people need. Reflection, because whether Logback (or any SLF4J binding) is on the
        // classpath depends on how Maven resolves the launcher's dependencies.
        if (System.getProperty("logback.configurationFile") != null
                || ClassLoader.getSystemResource("logback.xml") != null
                || ClassLoader.getSystemResource("logback-test.xml") != null) {
            return;
        }
        try {
            Object context = org.slf4j.LoggerFactory.getILoggerFactory();
            if (!context.getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
                return;
            }
            ClassLoader loader = context.getClass().getClassLoader();
            Class<?> level = Class.forName("ch.qos.logback.classic.Level", true, loader);
            Object root = context.getClass().getMethod("getLogger", String.class).invoke(context, "ROOT");
            root.getClass().getMethod("setLevel", level).invoke(root, level.getField("WARN").get(null));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // Noisy, not broken.
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Path home = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
        if (dir.getParent() == null || dir.equals(home)) {
            throw new ExplainedException("refusing to delete " + dir + " for --fresh");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }

    private static Map<String, String> parse(String[] args, List<String> withValue, List<String> flags) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            String value;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (flags.contains(name)) {
                value = "true";
            } else if (withValue.contains(name) && i + 1 < args.length) {
                value = args[++i];
            } else if (withValue.contains(name)) {
                usageError(name + " needs a value");
                return options;
            } else {
                usageError("unknown argument '" + name + "'");
                return options;
            }
            if (!withValue.contains(name) && !flags.contains(name)) {
                usageError("unknown argument '" + name + "'");
            }
            options.put(name, value);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            usageError(name + " is required");
        }
        return value;
    }

    private static int port(Map<String, String> options, String name, Integer defaultValue) {
        String value = defaultValue == null ? required(options, name) : options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usageError(name + " must be a port number (1-65535), not '" + value + "'");
        return -1;
    }

    private static long longOption(Map<String, String> options, String name, long defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            usageError(name + " must be a whole number, not '" + value + "'");
            return -1;
        }
    }

    private static void usageError(String message) {
        System.err.println("LocalServices: " + message);
        System.err.println(USAGE);
        System.exit(2);
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (text.length() > 0) {
                text.append(", caused by ");
            }
            if (t instanceof ExplainedException) {
                // Its message already names the cause.
                return text.append(t.getMessage()).toString();
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.toString();
    }

    /** A failure whose message already says what happened and what to do; printed without a stack trace. */
    private static final class ExplainedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ExplainedException(String message) {
            super(message);
        }

        ExplainedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Stores objects as Amazon S3 does: {@code aws-chunked} in a PUT's {@code Content-Encoding} names the SigV4
     * streaming framing of that request (which the AWS SDK uses over plain HTTP), not a content coding of the
     * object, so it is dropped before the object is stored; S3Proxy would otherwise keep it and send it back on
     * every GET, pre-signed ones included.
     */
    static final class S3ContentEncoding extends org.jclouds.blobstore.util.ForwardingBlobStore {

        S3ContentEncoding(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public String putBlob(String container, org.jclouds.blobstore.domain.Blob blob) {
            blob.getMetadata().getContentMetadata().setContentEncoding(
                withoutAwsChunked(blob.getMetadata().getContentMetadata().getContentEncoding()));
            return super.putBlob(container, blob);
        }

        @Override
        public String putBlob(String container, org.jclouds.blobstore.domain.Blob blob,
                              org.jclouds.blobstore.options.PutOptions options) {
            blob.getMetadata().getContentMetadata().setContentEncoding(
                withoutAwsChunked(blob.getMetadata().getContentMetadata().getContentEncoding()));
            return super.putBlob(container, blob, options);
        }

        @Override
        public org.jclouds.blobstore.domain.MultipartUpload initiateMultipartUpload(String container,
                org.jclouds.blobstore.domain.BlobMetadata metadata, org.jclouds.blobstore.options.PutOptions options) {
            var copy = new org.jclouds.blobstore.domain.internal.MutableBlobMetadataImpl(metadata);
            copy.getContentMetadata().setContentEncoding(
                withoutAwsChunked(metadata.getContentMetadata().getContentEncoding()));
            return super.initiateMultipartUpload(container, copy, options);
        }

        /** The content codings without {@code aws-chunked}, or null when none is left. */
        static String withoutAwsChunked(String contentEncoding) {
            if (contentEncoding == null) {
                return null;
            }
            String rest = java.util.Arrays.stream(contentEncoding.split(","))
                .map(String::trim)
                .filter(coding -> !coding.isEmpty() && !coding.equalsIgnoreCase("aws-chunked"))
                .collect(java.util.stream.Collectors.joining(", "));
            return rest.isEmpty() ? null : rest;
        }
    }
}
