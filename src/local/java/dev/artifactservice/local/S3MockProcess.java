package dev.artifactservice.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Adobe's S3Mock (a Spring Boot application, {@code com.adobe.testing:s3mock}'s {@code exec} jar) as a child JVM of
 * the launcher: a second S3 implementation beside S3Proxy, so that the integration tests can run against both. It
 * listens on {@code 127.0.0.1:<port>} over plain HTTP (its HTTPS connector takes a free port), keeps its objects
 * under a root folder of its own, creates one bucket at start, and checks no signature (it accepts any credentials
 * and any pre-signed URL). Its output goes to a log file beside the data.
 */
final class S3MockProcess {

    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(15);
    private static final String PID_FILE = "s3mock.pid";

    private final Process process;
    private final URI endpoint;
    private final Path pidFile;

    private S3MockProcess(Process process, URI endpoint, Path pidFile) {
        this.process = process;
        this.endpoint = endpoint;
        this.pidFile = pidFile;
    }

    /**
     * Starts S3Mock from {@code jar} on {@code port} with its data in {@code dataDir/s3mock} and its output in
     * {@code dataDir/s3mock.log}, creates {@code bucket}, and returns once a listing of that bucket answers 200.
     * An S3Mock left running by an earlier, killed launcher of the same data directory is stopped first.
     */
    static S3MockProcess start(Path jar, int port, Path dataDir, String bucket) throws IOException,
            InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("the S3Mock jar " + jar + " does not exist (the build copies it there)");
        }
        Path pidFile = dataDir.resolve(PID_FILE);
        stopOrphan(dataDir, jar);
        Path log = dataDir.resolve("s3mock.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar.toString(),
                "--http.port=" + port,
                // HTTPS cannot be switched off; 0 lets it take any free port instead of 9191.
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--com.adobe.testing.s3mock.store.root=" + dataDir.resolve("s3mock"),
                "--com.adobe.testing.s3mock.store.initial-buckets=" + bucket,
                "--logging.level.root=WARN",
                "--spring.main.banner-mode=off");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Files.writeString(pidFile, Long.toString(process.pid()), StandardCharsets.US_ASCII);
        S3MockProcess s3Mock = new S3MockProcess(process, URI.create("http://127.0.0.1:" + port), pidFile);
        try {
            s3Mock.awaitBucket(bucket, log);
        } catch (IOException | InterruptedException | RuntimeException e) {
            s3Mock.stop();
            throw e;
        }
        return s3Mock;
    }

    /** {@code http://127.0.0.1:<port>}. */
    URI endpoint() {
        return endpoint;
    }

    /** Stops the JVM (SIGTERM, then SIGKILL after 15 s); S3Mock deletes its root folder on a clean exit. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
            }
            Files.deleteIfExists(pidFile);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // Only a hint for the next start; a stale file names a process that is gone.
        }
    }

    private void awaitBucket(String bucket, Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        // Unsigned: S3Mock checks no signature. A bucket listing answers only once the initial bucket exists.
        HttpRequest listing = HttpRequest.newBuilder(URI.create(endpoint + "/" + bucket + "?list-type=2&max-keys=1"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("S3Mock exited with " + process.exitValue() + " at start; see " + log);
            }
            try {
                last = http.send(listing, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                last = -1;
            }
            Thread.sleep(250);
        }
        throw new IOException("S3Mock did not list bucket " + bucket + " within " + START_LIMIT.toSeconds()
                + " s (last status " + last + "); see " + log);
    }

    /**
     * Stops an S3Mock of {@code jar} that an earlier launcher of {@code dataDir} started and did not stop (it was
     * killed with SIGKILL, so no hook ran); call it before anything deletes {@code dataDir}, which holds its pid.
     */
    static void stopOrphan(Path dataDir, Path jar) throws InterruptedException {
        Optional<ProcessHandle> orphan;
        try {
            orphan = ProcessHandle.of(Long.parseLong(
                    Files.readString(dataDir.resolve(PID_FILE), StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            return;
        }
        // Only a process that still runs this jar: the pid may have been reused since.
        if (orphan.isEmpty() || !orphan.get().info().commandLine().map(c -> c.contains(jar.toString()))
                .orElse(false)) {
            return;
        }
        System.out.println("stopping S3Mock left running by an earlier, killed launcher (pid " + orphan.get().pid()
                + ")");
        orphan.get().destroy();
        try {
            orphan.get().onExit().get(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            orphan.get().destroyForcibly();
        }
    }
}
