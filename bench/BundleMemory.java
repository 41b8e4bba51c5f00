import dev.artifactservice.local.TokenMinter;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the Liberty server's heap while it streams a session bundle: uploads a mixed session of the
 * given size (half incompressible ".png" entries that are stored, half Terraform text that is deflated),
 * then downloads its bundle while sampling the server JVM's used heap with jstat every 100 ms.
 *
 * <p>Run against local mode (./mvnw -Plocal in another terminal), from the project root:
 * {@code java -cp target/test-classes bench/BundleMemory.java [GiB=2] [file MiB=64]}.
 * Loopback only; it stops by itself.
 */
public class BundleMemory {

    public static void main(String[] args) throws Exception {
        double gib = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        int fileMib = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        String base = System.getProperty("url", "http://localhost:9080");
        Path key = Path.of(System.getProperty("key", ".local-data/jwt/private.pem"));
        String token = TokenMinter.mint(TokenMinter.readPrivateKey(key), TokenMinter.DEFAULT_ISSUER, "bench",
            UUID.randomUUID().toString(), List.of("artifacts.read", "artifacts.write"), 7200);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long pid = libertyPid();

        String created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/sessions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"bundle memory\"}")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        String session = created.replaceAll(".*\"session_id\":\"([^\"]+)\".*", "$1");
        long total = (long) (gib * 1024 * 1024 * 1024);
        int files = (int) Math.max(2, total / ((long) fileMib * 1024 * 1024));
        byte[] random = new byte[fileMib * 1024 * 1024];
        new Random(1).nextBytes(random);
        byte[] text = terraformText(random.length);
        long uploadStart = System.nanoTime();
        for (int i = 0; i < files; i++) {
            String path = i % 2 == 0 ? "diagrams/image-" + i + ".png" : "terraform/module-" + i + ".tf";
            int status = http.send(HttpRequest.newBuilder(URI.create(base + "/api/artifacts/upload/" + session + "/"
                    + path)).header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(i % 2 == 0 ? random : text)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 201) {
                throw new IllegalStateException("upload " + path + " answered " + status);
            }
        }
        double uploadSeconds = (System.nanoTime() - uploadStart) / 1e9;
        System.gc();
        long before = usedHeap(pid);

        AtomicLong peak = new AtomicLong(before);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                try {
                    peak.accumulateAndGet(usedHeap(pid), Math::max);
                    Thread.sleep(100);
                } catch (Exception e) {
                    return;
                }
            }
        });
        sampler.start();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(base
            + "/api/artifacts/bundle/" + session)).header("Authorization", "Bearer " + token).build(),
            HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes += n;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        sampler.join();
        long after = usedHeap(pid);
        long max = maxHeap(pid);

        System.out.printf("session %s: %d files, %.0f MiB stored (uploaded in %.1f s)%n", session, files,
            (double) files * random.length / 1048576, uploadSeconds);
        System.out.printf("bundle: %.0f MiB in %.1f s = %.0f MiB/s (HTTP %d)%n", bytes / 1048576.0, seconds,
            bytes / 1048576.0 / seconds, response.statusCode());
        System.out.printf("server heap used: before %.0f MiB, peak during %.0f MiB (+%.0f MiB), after %.0f MiB; "
                + "max heap %.0f MiB%n", before / 1048576.0, peak.get() / 1048576.0,
            (peak.get() - before) / 1048576.0, after / 1048576.0, max / 1048576.0);
        http.send(HttpRequest.newBuilder(URI.create(base + "/api/sessions/" + session))
            .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    private static byte[] terraformText(int size) {
        StringBuilder out = new StringBuilder(size + 100);
        Random random = new Random(2);
        for (int i = 0; out.length() < size; i++) {
            out.append("resource \"aws_subnet\" \"s").append(i).append("\" {\n  cidr_block = \"10.")
                .append(random.nextInt(256)).append('.').append(random.nextInt(256)).append(".0/24\"\n  tags = { id = \"")
                .append(Long.toHexString(random.nextLong())).append("\" }\n}\n");
        }
        return out.substring(0, size).getBytes();
    }

    private static long libertyPid() {
        return ProcessHandle.allProcesses()
            // This checkout's local-mode server (another checkout may run one too).
            .filter(p -> p.info().commandLine().map(c -> c.contains("ws-server.jar") && c.contains("artifactServer")
                && c.contains(System.getProperty("user.dir"))).orElse(false))
            .findFirst().orElseThrow(() -> new IllegalStateException("local mode's Liberty is not running")).pid();
    }

    /** Used heap in bytes from {@code jstat -gc}: survivor, eden and old generation usage. */
    private static long usedHeap(long pid) throws Exception {
        double[] v = jstat(pid);
        return (long) ((v[0] + v[1] + v[2] + v[3]) * 1024);
    }

    private static long maxHeap(long pid) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(pid), "VM.flags").start();
        String flags = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return Long.parseLong(flags.replaceAll("(?s).*-XX:MaxHeapSize=(\\d+).*", "$1"));
    }

    /** S0U, S1U, EU, OU in KiB (works for G1: its columns keep these names). */
    private static double[] jstat(long pid) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc",
            Long.toString(pid)).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String[] names = r.readLine().trim().split("\\s+");
            String[] values = r.readLine().trim().split("\\s+");
            p.waitFor();
            double[] out = new double[4];
            String[] wanted = {"S0U", "S1U", "EU", "OU"};
            for (int i = 0; i < names.length; i++) {
                for (int j = 0; j < wanted.length; j++) {
                    if (names[i].equals(wanted[j])) {
                        out[j] = Double.parseDouble(values[i]);
                    }
                }
            }
            return out;
        }
    }
}
