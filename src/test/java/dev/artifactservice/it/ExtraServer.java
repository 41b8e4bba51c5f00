package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One more Liberty server from the build's Liberty install, with the same WAR and configuration as the test
 * server (its server.xml, server.env, JDBC driver and config defaults), on a port of its own, started with
 * the test's environment (failsafe's) plus the overrides a test gives, and OpenTelemetry as shipped (off).
 * Tests that need several instances (MultiInstanceIT) or a server whose dependencies they can break
 * (OutageIT) use it; its log is copied to {@code target/extra-server-logs} when it stops. {@link #fromFragment}
 * makes instead a server the way the README tells an operator to (DeployFragmentIT).
 */
final class ExtraServer {

    private static final Path WLP = Path.of("target/liberty/wlp");
    private static final Path LOG_COPIES = Path.of("target/extra-server-logs");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Environment variables that configure the service, dropped from a {@link #fromFragment} server's process. */
    private static final List<String> SETTING_PREFIXES = List.of("ARTIFACTS_", "MP_JWT_", "OTEL_", "HTTP_",
        "DEV_ARTIFACTSERVICE_", "keystore_password");

    private final String name;
    private final Path dir;
    private final int port;
    private final Map<String, String> environment;
    private final boolean settingsFromServerEnvOnly;

    private ExtraServer(String name, Path dir, int port, Map<String, String> environment,
                        boolean settingsFromServerEnvOnly) {
        this.name = name;
        this.dir = dir;
        this.port = port;
        this.environment = Map.copyOf(environment);
        this.settingsFromServerEnvOnly = settingsFromServerEnvOnly;
    }

    /**
     * Creates the server's folder like the test server's, named {@code prefix} plus its port.
     *
     * @param environment variables that override the test environment for this server (e.g. its database URL)
     */
    static ExtraServer create(String prefix, Map<String, String> environment) throws IOException {
        int port = freePort();
        String name = prefix + port;
        Path dir = WLP.resolve("usr/servers").resolve(name);
        Path template = WLP.resolve("usr/servers").resolve(System.getProperty("it.server.name"));
        Files.createDirectories(dir.resolve("dropins"));
        Files.copy(template.resolve("server.xml"), dir.resolve("server.xml"));
        Files.copy(template.resolve("artifact-service.xml"), dir.resolve("artifact-service.xml"));
        // server.env holds keystore_password: without Liberty's default keystore the mpJwt configuration never
        // activates and every token is refused with 401.
        for (String optional : List.of("server.env", "bootstrap.properties", "jvm.options")) {
            if (Files.exists(template.resolve(optional))) {
                Files.copy(template.resolve(optional), dir.resolve(optional));
            }
        }
        copyTree(template.resolve("jdbc"), dir.resolve("jdbc"));
        copyTree(template.resolve("configDropins/defaults"), dir.resolve("configDropins/defaults"));
        Files.copy(Path.of(System.getProperty("it.war")), dir.resolve("dropins/artifact-service.war"));
        return new ExtraServer(name, dir, port, environment, false);
    }

    /**
     * A server as an operator makes one on an existing Liberty install (README, "Deploy on an existing Open
     * Liberty"): {@code bin/server create}, then a server.xml of its own that includes only the build's
     * configuration fragment ({@code target/deploy/artifact-service.xml}) and sets its HTTP port, the JDBC driver in
     * {@code jdbc/}, the WAR in {@code dropins/}, and the settings appended to the {@code server.env} that
     * {@code server create} wrote (after the newline it lacks). Nothing of the test server is copied, and the
     * service's settings in the test's environment are dropped, so server.env is their only source.
     *
     * @param serverEnv lines {@code NAME=value} for server.env, in order
     */
    static ExtraServer fromFragment(String prefix, Map<String, String> serverEnv)
        throws IOException, InterruptedException {
        int port = freePort();
        String name = prefix + port;
        Path dir = WLP.resolve("usr/servers").resolve(name);
        ExtraServer server = new ExtraServer(name, dir, port, Map.of(), true);
        Process create = server.liberty("create");
        String output = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, create.waitFor(), "server create " + name + ": " + output);
        Files.copy(Path.of(System.getProperty("it.deploy.fragment")), dir.resolve("artifact-service.xml"));
        Files.writeString(dir.resolve("server.xml"), String.join("\n",
            "<server description=\"An operator's server\">",
            "  <include location=\"artifact-service.xml\"/>",
            "  <httpEndpoint id=\"defaultHttpEndpoint\" host=\"localhost\" httpPort=\"" + port
                + "\" httpsPort=\"-1\"/>",
            "</server>", ""));
        copyTree(Path.of(System.getProperty("it.jdbc.dir")), dir.resolve("jdbc"));
        Files.createDirectories(dir.resolve("dropins"));
        Files.copy(Path.of(System.getProperty("it.war")), dir.resolve("dropins/artifact-service.war"));
        StringBuilder lines = new StringBuilder("\n");
        serverEnv.forEach((key, value) -> lines.append(key).append('=').append(value).append('\n'));
        Files.writeString(dir.resolve("server.env"), lines, java.nio.file.StandardOpenOption.APPEND);
        return server;
    }

    /** The server's folder under {@code usr/servers} (its server.xml, server.env, dropins). */
    Path directory() {
        return dir;
    }

    /** The server's name (its folder under {@code usr/servers}). */
    String name() {
        return name;
    }

    /** {@code http://localhost:<port>}. */
    String base() {
        return "http://localhost:" + port;
    }

    /** The server's {@code messages.log}. */
    Path messages() {
        return dir.resolve("logs/messages.log");
    }

    /** What the server has logged so far ({@code messages.log}), empty before it wrote any. */
    String log() {
        try {
            return Files.exists(messages()) ? Files.readString(messages()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link #create}s a server, starts it and waits until it is ready (3 minutes at most); one that does not get
     * there is stopped before the failure is thrown.
     */
    static ExtraServer started(String prefix, Map<String, String> environment) throws Exception {
        ExtraServer server = create(prefix, environment);
        try {
            server.awaitStarted(server.launch());
            server.awaitReady(Duration.ofMinutes(3));
        } catch (Exception | AssertionError e) {
            try {
                server.stop();
            } catch (Exception | AssertionError suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return server;
    }

    /** Starts {@code bin/server start} without waiting for it; {@link #awaitStarted(Process)} checks its exit. */
    Process launch() throws IOException {
        return liberty("start");
    }

    /** Waits for a {@link #launch()} to exit 0. */
    void awaitStarted(Process start) throws InterruptedException, IOException {
        int exit = start.waitFor();
        assertEquals(0, exit, "server start " + name + ": "
            + new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Polls {@code /health/ready} every 500 ms until it answers 200, for at most {@code limit}. */
    void awaitReady(Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        int last = -1;
        while (Instant.now().isBefore(deadline)) {
            try {
                last = HTTP.send(HttpRequest.newBuilder(java.net.URI.create(base() + "/health/ready"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                last = -1;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(name + " not ready (last status " + last + "): " + log());
    }

    /** Stops the server, keeps a copy of its log and deletes its folder. */
    void stop() throws IOException, InterruptedException {
        try {
            liberty("stop").waitFor();
        } finally {
            Files.createDirectories(LOG_COPIES);
            if (Files.exists(messages())) {
                Files.copy(messages(), LOG_COPIES.resolve(name + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
            deleteTree(dir);
        }
    }

    /** Runs {@code bin/server <action> <name>} with the test's environment and this server's own. */
    private Process liberty(String action) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(WLP.resolve("bin/server").toAbsolutePath().toString(), action,
            name).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JVM_ARGS", "-Xmx384m -XX:+UseSerialGC");
        if (settingsFromServerEnvOnly) {
            env.keySet().removeIf(key -> SETTING_PREFIXES.stream().anyMatch(key::startsWith));
        } else {
            env.put("HTTP_PORT", String.valueOf(port));
            // OpenTelemetry as shipped (failsafe turns it on for the test server only), with the console exporter
            // named, so that a span would show in messages.log if the SDK were on by default.
            env.keySet().removeIf(key -> key.startsWith("OTEL_"));
            env.put("OTEL_TRACES_EXPORTER", "console");
        }
        env.putAll(environment);
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
