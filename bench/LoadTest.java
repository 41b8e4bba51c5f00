import dev.artifactservice.local.TokenMinter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Load test of local mode: 64 concurrent clients mixing list, download, HEAD and bundle of one session
 * (the demo session's files) for 60 s on loopback; prints throughput, p50/p99 latency per operation, the
 * number of 5xx answers, and the server's heap after a full GC before and after the run.
 *
 * <p>From the project root, with local mode running (./mvnw -Plocal):
 * {@code java -cp target/test-classes bench/LoadTest.java [clients=64] [seconds=60]}.
 */
public class LoadTest {

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        String base = System.getProperty("url", "http://localhost:9080");
        Path key = Path.of(System.getProperty("key", ".local-data/jwt/private.pem"));
        Path demo = Path.of(System.getProperty("demo", "src/local/resources/demo-session"));
        String token = TokenMinter.mint(TokenMinter.readPrivateKey(key), TokenMinter.DEFAULT_ISSUER, "load",
            UUID.randomUUID().toString(), List.of("artifacts.read", "artifacts.write"), 7200);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

        String created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/sessions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"load test\"}")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        String session = created.replaceAll(".*\"session_id\":\"([^\"]+)\".*", "$1");
        List<String> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(demo)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String path = demo.relativize(file).toString().replace('\\', '/');
                paths.add(path);
                http.send(HttpRequest.newBuilder(URI.create(base + "/api/artifacts/upload/" + session + "/" + path))
                    .header("Authorization", "Bearer " + token).PUT(HttpRequest.BodyPublishers.ofFile(file)).build(),
                    HttpResponse.BodyHandlers.discarding());
            }
        }
        long pid = libertyPid();
        long heapBefore = heapAfterGc(pid);

        Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
        AtomicLong serverErrors = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            Random random = new Random(c);
            new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        int pick = random.nextInt(100);
                        String op;
                        HttpRequest.Builder request;
                        String path = paths.get(random.nextInt(paths.size()));
                        if (pick < 30) {
                            op = "list";
                            request = HttpRequest.newBuilder(URI.create(base + "/api/artifacts/list/" + session));
                        } else if (pick < 70) {
                            op = "download";
                            request = HttpRequest.newBuilder(URI.create(base + "/api/artifacts/download/" + session
                                + "/" + path));
                        } else if (pick < 90) {
                            op = "head";
                            request = HttpRequest.newBuilder(URI.create(base + "/api/artifacts/download/" + session
                                + "/" + path)).method("HEAD", HttpRequest.BodyPublishers.noBody());
                        } else {
                            op = "bundle";
                            request = HttpRequest.newBuilder(URI.create(base + "/api/artifacts/bundle/" + session));
                        }
                        long start = System.nanoTime();
                        try {
                            HttpResponse<Void> response = http.send(request.header("Authorization", "Bearer " + token)
                                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
                            if (response.statusCode() >= 500) {
                                serverErrors.incrementAndGet();
                            } else if (response.statusCode() >= 400) {
                                failures.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                        latencies.computeIfAbsent(op, k -> Collections.synchronizedList(new ArrayList<>()))
                            .add(System.nanoTime() - start);
                    }
                } finally {
                    done.countDown();
                }
            }).start();
        }
        done.await();
        long heapAfter = heapAfterGc(pid);

        long total = latencies.values().stream().mapToLong(List::size).sum();
        System.out.printf("%d clients, %d s, %d requests: %.0f requests/s; 5xx: %d; other failures: %d%n", clients,
            seconds, total, total / (double) seconds, serverErrors.get(), failures.get());
        System.out.println("operation   count    req/s   p50 ms   p99 ms");
        for (Map.Entry<String, List<Long>> op : new TreeMap<>(latencies).entrySet()) {
            List<Long> sorted = new ArrayList<>(op.getValue());
            Collections.sort(sorted);
            System.out.printf("%-9s %7d %8.0f %8.1f %8.1f%n", op.getKey(), sorted.size(), sorted.size() / (double) seconds,
                sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6);
        }
        System.out.printf("server heap after full GC: before %.1f MiB, after %.1f MiB (%+.1f%%)%n",
            heapBefore / 1048576.0, heapAfter / 1048576.0, 100.0 * (heapAfter - heapBefore) / heapBefore);
        http.send(HttpRequest.newBuilder(URI.create(base + "/api/sessions/" + session))
            .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        System.exit(serverErrors.get() == 0 ? 0 : 1);
    }

    private static long libertyPid() {
        return ProcessHandle.allProcesses()
            // This checkout's local-mode server (another checkout may run one too).
            .filter(p -> p.info().commandLine().map(c -> c.contains("ws-server.jar") && c.contains("artifactServer")
                && c.contains(System.getProperty("user.dir"))).orElse(false))
            .findFirst().orElseThrow(() -> new IllegalStateException("local mode's Liberty is not running")).pid();
    }

    /** Used heap in bytes after a full GC of the server JVM ({@code jcmd GC.run}, then {@code GC.heap_info}). */
    private static long heapAfterGc(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").start().waitFor();
        Process info = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(info.getInputStream()))) {
            for (String line; (line = r.readLine()) != null; ) {
                int used = line.indexOf(" used ");
                if (line.contains("total") && used > 0) {
                    String value = line.substring(used + 6).trim().split("[^0-9]")[0];
                    return Long.parseLong(value) * 1024;
                }
            }
        }
        throw new IllegalStateException("no heap figure from jcmd");
    }
}
