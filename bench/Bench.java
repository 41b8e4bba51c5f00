import dev.artifactservice.local.TokenMinter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client half of {@code bench/run.sh}: prepares data through the API of a running local-mode service, runs
 * every benchmark case against the service and against its peer (the S3 endpoint directly, nginx, or zip), and
 * prints one table (also written to {@code target/bench/results.md}).
 *
 * <p>Normally started by {@code bench/run.sh}, which starts the service and nginx; by hand:
 * {@code java -cp target/test-classes bench/Bench.java --url http://127.0.0.1:29080 --s3 http://127.0.0.1:29081
 * --nginx http://127.0.0.1:29082 --www DIR --work DIR --key DATA/jwt/private.pem}. Scale with {@code BENCH_SCALE}
 * (sizes, counts and wrk duration; default 0.25, which fits
 * in 15 minutes on a 2-core machine; 1 is the full size of issue 6) and {@code BENCH_REPS} (measured repetitions; default 3).
 * Loopback only.
 */
public class Bench {

    private static final long MIB = 1024 * 1024;
    private static final String[] NO_CACHE = {"Cache-Control", "no-cache"};
    /** Local mode's data directory (PostgreSQL's files are under it). */
    private static Path dataDir = Path.of(".local-data");
    private static final String BUCKET = "artifacts";
    private static final String S3_ACCESS_KEY = "local-access-key";
    private static final String S3_SECRET_KEY = "local-secret-key";
    private static final String S3_REGION = "us-east-1";

    private final String base;
    private final String s3;
    private final String nginx;
    private final Path www;
    private final Path work;
    private final String token;
    /** local mode's JWT signing key, for the tokens of the scale case's two organizations. */
    private final java.security.PrivateKey key;
    /** JDBC URL of local mode's PostgreSQL (the scale case seeds rows there). */
    private final String db;
    private final double scale;
    private final int reps;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String[]> rows = new ArrayList<>();
    /** Where the CPU goes, per case: lines printed under the table. */
    private final List<String> profile = new ArrayList<>();
    // Printed with the table: on a shared machine other work skews every number, and this shows how much.
    private String loadBefore = "?";

    private Bench(String base, String s3, String nginx, Path www, Path work, String token,
                  java.security.PrivateKey key, String db, double scale, int reps) {
        this.base = base;
        this.key = key;
        this.db = db;
        this.s3 = s3;
        this.nginx = nginx;
        this.www = www;
        this.work = work;
        this.token = token;
        this.scale = scale;
        this.reps = reps;
    }

    /** Runs every case and prints the table; the arguments are described in the class comment. */
    public static void main(String[] args) throws Exception {
        String url = arg(args, "--url", "http://127.0.0.1:29080");
        String s3 = arg(args, "--s3", "http://127.0.0.1:29081");
        String nginx = arg(args, "--nginx", "http://127.0.0.1:29082");
        Path www = Path.of(arg(args, "--www", "target/bench/www"));
        Path work = Path.of(arg(args, "--work", "target/bench/work"));
        Path key = Path.of(arg(args, "--key", ".local-data/jwt/private.pem"));
        dataDir = key.toAbsolutePath().getParent().getParent();
        Path results = Path.of(arg(args, "--results", "target/bench/results.md"));
        double scale = Double.parseDouble(System.getenv().getOrDefault("BENCH_SCALE", "0.25"));
        int reps = Integer.parseInt(System.getenv().getOrDefault("BENCH_REPS", "3"));
        String db = arg(args, "--db", "jdbc:postgresql://127.0.0.1:29083/artifacts");
        java.security.PrivateKey privateKey = TokenMinter.readPrivateKey(key);
        String token = mint(privateKey, UUID.randomUUID());
        Files.createDirectories(www);
        Files.createDirectories(work);
        Bench bench = new Bench(url, s3, nginx, www, work, token, privateKey, db, scale, reps);
        bench.loadBefore = loadAverage();
        Path sample = Files.isDirectory(Path.of("../shared/fixtures/sample-session"))
            ? Path.of("../shared/fixtures/sample-session") : Path.of("src/local/resources/demo-session");

        // Each case is guarded on its own, so that one failure is reported as such and the others still run.
        bench.guard("download", "download one large file (1 GiB x BENCH_SCALE)", bench::download);
        bench.guard("small-downloads", "64 KiB downloads, wrk", bench::smallDownloads);
        bench.guard("small-bundle", "bundle of 2,000 x BENCH_SCALE small files", bench::smallBundle);
        bench.guard("mixed-bundle", "bundle of a 2 GiB x BENCH_SCALE mixed session", bench::bigBundle);
        bench.guard("upload", "upload one large file (1 GiB x BENCH_SCALE)", bench::upload);
        bench.guard("list", "list of a 10,000-artifact session", bench::list);
        bench.guard("presign", "pre-signed URL issuing", bench::presign);
        bench.guard("sample", "sample session end to end", () -> bench.sampleSession(sample));
        bench.guard("scale", "an organization of 1,000,000 artifacts vs one of 1,000", bench::scaleCase);

        String table = bench.table(scale, reps);
        System.out.println();
        System.out.println(table);
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, table);
    }

    /** A read/write token of {@code organization}, valid for 4 hours. */
    private static String mint(java.security.PrivateKey key, UUID organization) throws Exception {
        return TokenMinter.mint(key, TokenMinter.DEFAULT_ISSUER, "bench", organization.toString(),
            List.of("artifacts.read", "artifacts.write"), 4 * 3600);
    }

    // ---------------------------------------------------------------------------------------------- cases

    private void download() throws Exception {
        long size = scaled(1024 * MIB);
        String session = createSession("bench download");
        Path file = www.resolve("big.bin");
        writeRandom(file, size, 11);
        upload(session, "diagrams/big.bin", file);
        String presigned = presignedUrl(session, "diagrams/big.bin");
        String label = "download " + human(size);
        double service = medianOf(() -> mibPerSecond(size, () -> get(base + "/api/artifacts/download/" + session
            + "/diagrams/big.bin", true)));
        double direct = medianOf(() -> mibPerSecond(size, () -> get(presigned, false)));
        double viaNginx = medianOf(() -> mibPerSecond(size, () -> get(nginx + "/big.bin", false)));
        row(label + " MiB/s vs direct S3 (pre-signed GET)", service, direct, 0.8, true);
        row(label + " MiB/s vs nginx from disk", service, viaNginx, Double.NaN, true);
        String serviceUrl = base + "/api/artifacts/download/" + session + "/diagrams/big.bin";
        double redirected = medianOf(() -> mibPerSecond(size, () -> viaRedirect(serviceUrl)));
        row(label + " MiB/s through the redirect (302, then S3) vs direct S3", redirected, direct, 0.8, true);
        double[] viaService = cpu(() -> get(base + "/api/artifacts/download/" + session + "/diagrams/big.bin", true));
        double[] straight = cpu(() -> get(presigned, false));
        profile.add(String.format(Locale.ROOT, "%s, CPU seconds per transfer: through the service: %s; direct from S3: "
            + "%s", label, describe(viaService), describe(straight)));
        Files.delete(file);
        deleteSession(session);
    }

    private void smallDownloads() throws Exception {
        String session = createSession("bench small downloads");
        Path file = www.resolve("small.bin");
        writeRandom(file, 64 * 1024, 12);
        upload(session, "diagrams/small.bin", file);
        int seconds = (int) Math.max(10, Math.round(30 * scale));
        String serviceUrl = base + "/api/artifacts/download/" + session + "/diagrams/small.bin";
        String nginxUrl = nginx + "/small.bin";
        // The direct-S3 peer: the same object through a pre-signed URL, which S3 checks (SigV4) on every GET.
        String s3Url = presignedUrl(session, "diagrams/small.bin");
        // Warm-up: the JIT, the connection pools and the caches of each side, until the rate stops rising.
        // Under wrk's load Liberty's request path kept compiling for 2-4 minutes here (108 -> 800 req/s); this
        // also warms the S3 GET path the small-file bundle below runs 500 times per bundle.
        warmUp("64 KiB GETs via the service", () -> wrk(serviceUrl, true, 5)[0], 40, 120, 180);
        warmUp("64 KiB GETs via nginx", () -> wrk(nginxUrl, false, 5)[0], 30, 150);
        warmUp("64 KiB GETs straight from S3", () -> wrk(s3Url, false, 5)[0], 30, 30, 150);
        List<double[]> service = new ArrayList<>();
        List<double[]> direct = new ArrayList<>();
        List<double[]> peer = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            service.add(wrk(serviceUrl, true, seconds));
            direct.add(wrk(s3Url, false, seconds));
            peer.add(wrk(nginxUrl, false, seconds));
        }
        double errors = Stream.of(service, direct, peer).flatMap(List::stream).mapToDouble(r -> r[2]).sum();
        String label = "64 KiB GET, 64 conns, " + seconds + " s (wrk" + (errors > 0 ? ", " + (long) errors
            + " socket errors" : "") + ")";
        row(label + " req/s vs direct S3 (pre-signed URL)", median(service, 0), median(direct, 0), 0.5, true);
        row(label + " req/s vs nginx from disk", median(service, 0), median(peer, 0), Double.NaN, true);
        row(label + " p99 ms vs direct S3 (ratio = S3 / service)", median(service, 1), median(direct, 1), Double.NaN,
            false);
        row(label + " p99 ms vs nginx (ratio = nginx / service)", median(service, 1), median(peer, 1), Double.NaN,
            false);
        WrkCpu served = wrkCpu(serviceUrl, true, 64, false);
        WrkCpu fromS3 = wrkCpu(s3Url, false, 64, false);
        WrkCpu fromNginx = wrkCpu(nginxUrl, false, 64, false);
        limitRow("64 KiB GET: service JVM CPU ms per request (median of " + reps + " 5 s wrk runs)",
            served.serviceMillisPerRequest(), "-", 0.5);
        profile.add(String.format(Locale.ROOT, "64 KiB GET, CPU milliseconds per request over the median 5 s wrk run: "
            + "through the service: %s; direct from S3: %s; nginx (nginx itself not counted): %s", served.perRequest(),
            fromS3.perRequest(), fromNginx.perRequest()));
        // The floor of this stack, to read the CPU targets against: a request with a token that the service refuses
        // (400, problem+json) before any database or S3 work, so token check, security, JAX-RS and the filters only;
        // and a request without a token (/health/live).
        floorRow("request with a token refused (400) before DB and S3",
            base + "/api/artifacts/download/not-a-uuid/a.bin", true, true);
        floorRow("GET /health/live without a token", base + "/health/live", false, false);

        // Through the redirect: wrk cannot follow a 302, so both sides run on the JDK HttpClient with 64 threads
        // (one connection each): the service's 302 plus S3's GET, against S3's GET alone.
        warmUp("64 KiB GETs through the redirect", () -> load(() -> viaRedirect(serviceUrl), 64, 5)[0], 40, 60, 150);
        warmUp("64 KiB GETs straight from S3 (HttpClient)", () -> load(() -> get(s3Url, false), 64, 5)[0], 20, 15, 60);
        List<Double> redirected = new ArrayList<>();
        List<Double> straight = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            redirected.add(load(() -> viaRedirect(serviceUrl), 64, seconds)[0]);
            straight.add(load(() -> get(s3Url, false), 64, seconds)[0]);
        }
        row("64 KiB GET, 64 threads, " + seconds + " s (JDK HttpClient): req/s through the redirect (302, then S3) "
            + "vs direct S3", median(redirected), median(straight), 0.8, true);
        deleteSession(session);
    }

    private void smallBundle() throws Exception {
        int count = (int) Math.max(100, Math.round(2000 * scale));
        Path dir = work.resolve("small-bundle");
        Random random = new Random(21);
        long total = 0;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int size = 4096 + random.nextInt(60 * 1024 + 1);
            String[] kinds = {"terraform/m%d/main.tf", "cloudformation/stack-%d.json", "lambda/fn%d/handler.py",
                "diagrams/d%d.png", "pricing/p%d.csv.gz"};
            Path file = dir.resolve(String.format(kinds[i % kinds.length], i));
            Files.createDirectories(file.getParent());
            boolean compressed = i % kinds.length >= 3;
            Files.write(file, compressed ? randomBytes(random, size) : text(random, size));
            files.add(file);
            total += size;
        }
        String session = createSession("bench small bundle");
        uploadAll(session, dir, files, 8);
        bundleVsZip(count + " files of 4-64 KiB", session, dir, total, false);
        deleteSession(session);
        deleteTree(dir);
    }

    private void bigBundle() throws Exception {
        long total = scaled(2048 * MIB);
        long fileSize = 16 * MIB;
        int count = (int) Math.max(2, total / fileSize);
        Path dir = work.resolve("big-bundle");
        byte[] random = randomBytes(new Random(31), (int) fileSize);
        byte[] text = text(new Random(32), (int) fileSize);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // Half stored (incompressible images), half deflated (Terraform text), as in BundleMemory.
            Path file = dir.resolve(i % 2 == 0 ? "diagrams/image-" + i + ".png" : "terraform/module-" + i + ".tf");
            Files.createDirectories(file.getParent());
            random[0] = (byte) i;
            text[0] = (byte) ('a' + i % 26);
            Files.write(file, i % 2 == 0 ? random : text);
            files.add(file);
        }
        String session = createSession("bench big bundle");
        uploadAll(session, dir, files, 2);
        bundleVsZip(human(count * fileSize) + " mixed (" + count + " files)", session, dir, count * fileSize, true);
        deleteSession(session);
        deleteTree(dir);
    }

    private void bundleVsZip(String label, String session, Path dir, long inputBytes, boolean heap) throws Exception {
        long pid = heap ? libertyPid() : -1;
        String url = base + "/api/artifacts/bundle/" + session;
        Path zipFile = work.resolve("peer.zip");
        // Built from the artifacts (no-cache: the kept copy of the whole session is not used), as every first
        // bundle after a change is; the copy is measured on its own below.
        warmUp("bundle " + label, () -> mibPerSecond(inputBytes, () -> get(url, true, NO_CACHE)), 200, heap ? 0 : 60,
            90);
        zip(dir, zipFile);
        List<Double> service = new ArrayList<>();
        List<Double> peer = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            // Input MiB/s for both sides: the same bytes in, whatever each one's compression makes of them.
            service.add(mibPerSecond(inputBytes, () -> get(url, true, NO_CACHE)));
            peer.add(mibPerSecond(inputBytes, () -> zip(dir, zipFile)));
        }
        // Repeated bundles of an unchanged session are sent from the copy the first one kept in S3.
        get(url, true);
        double fromCopy = medianOf(() -> mibPerSecond(inputBytes, () -> get(url, true)));
        long growth = 0;
        if (heap) {
            // Sampled in runs of their own: jstat starts a JVM per sample, which would slow the timed runs.
            for (int i = 0; i < 2; i++) {
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
                get(url, true, NO_CACHE);
                running.set(false);
                sampler.join();
                growth = Math.max(growth, peak.get() - before);
            }
        }
        double[] bundleCpu = cpu(() -> get(url, true, NO_CACHE));
        double zipSeconds = millis(() -> zip(dir, zipFile)) / 1000;
        profile.add(String.format(Locale.ROOT, "bundle %s, CPU seconds per bundle: %s; zip %.2f s wall (one thread, "
            + "files from the page cache)", label, describe(bundleCpu), zipSeconds));
        Files.deleteIfExists(zipFile);
        row("bundle " + label + ", built from the artifacts, MiB/s vs zip -q -r", median(service), median(peer), 1.0,
            true);
        row("bundle " + label + ", repeated (sent from the kept copy), MiB/s vs zip -q -r", fromCopy, median(peer),
            Double.NaN, true);
        if (heap) {
            rows.add(new String[] {"bundle " + label + " peak server heap growth (MiB, max of 2 sampled runs)",
                fmt(growth / (double) MIB), "-", "-", "< 64 MiB", growth < 64 * MIB ? "pass" : "FAIL"});
        }
    }

    private void upload() throws Exception {
        long size = scaled(1024 * MIB);
        Path file = work.resolve("upload.bin");
        writeRandom(file, size, 41);
        String session = createSession("bench upload");
        AtomicInteger n = new AtomicInteger();
        // Fresh paths each time: a replacement would add the service's staging copy, which direct S3 never does.
        double service = medianOf(() -> mibPerSecond(size, () -> upload(session, "diagrams/up-" + n.incrementAndGet()
            + ".bin", file)));
        double direct = medianOf(() -> mibPerSecond(size, () -> s3Put("bench-direct/up-" + n.incrementAndGet()
            + ".bin", file)));
        row("upload " + human(size) + " MiB/s vs direct S3 PUT (SigV4)", service, direct, 0.8, true);
        double[] viaService = cpu(() -> upload(session, "diagrams/up-" + n.incrementAndGet() + ".bin", file));
        int directKey = n.incrementAndGet();
        double[] straight = cpu(() -> s3Put("bench-direct/up-" + directKey + ".bin", file));
        profile.add(String.format(Locale.ROOT, "upload %s, CPU seconds per transfer: through the service: %s; direct "
            + "to S3: %s", human(size), describe(viaService), describe(straight)));
        for (int i = 1; i <= n.get(); i++) {
            s3Delete("bench-direct/up-" + i + ".bin");
        }
        deleteSession(session);
        Files.delete(file);
    }

    private void list() throws Exception {
        // Not scaled: the target is about a 10,000-artifact session; the time box below scales instead.
        int wanted = 10_000;
        String session = createSession("bench list");
        String[] folders = {"terraform", "cloudformation", "lambda", "diagrams", "pricing"};
        byte[] body = "x".repeat(256).getBytes(StandardCharsets.US_ASCII);
        // Time-boxed: creating rows through the API is the slow part, and the list is measured on what exists.
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(90, Math.round(360 * scale))).toNanos();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger created = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            futures.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < wanted && System.nanoTime() < deadline; ) {
                    String path = folders[i % folders.length] + "/f" + (i / 100) + "/a" + i + ".txt";
                    int status = send(HttpRequest.newBuilder(URI.create(base + "/api/artifacts/upload/" + session
                        + "/" + path)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)), true);
                    if (status == 201) {
                        created.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        int count = created.get();
        String note = count < wanted ? " (time-boxed: " + count + " of " + wanted + " created)" : "";
        String listUrl = base + "/api/artifacts/list/" + session;
        for (String[] c : new String[][] {{"1,000-item page", "?limit=1000"}, {"type filter (terraform)",
                "?type=terraform&limit=1000"}}) {
            // Warm-up: at least 100 requests and 15 s, so that the page's JSON and query path is compiled.
            long warmUntil = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            for (int i = 0; i < 100 || System.nanoTime() < warmUntil; i++) {
                get(listUrl + c[1], true);
            }
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                long start = System.nanoTime();
                get(listUrl + c[1], true);
                times.add(System.nanoTime() - start);
            }
            Collections.sort(times);
            double p50 = times.get(times.size() / 2) / 1e6;
            double p99 = times.get((int) Math.ceil(times.size() * 0.99) - 1) / 1e6;
            rows.add(new String[] {"list of " + count + " artifacts, " + c[0] + note + ": p50 / p99 ms",
                fmt(p50) + " / " + fmt(p99), "-", "-", "p99 < 50 ms", p99 < 50 ? "pass" : "FAIL"});
        }
        deleteSession(session);
    }

    private void presign() throws Exception {
        String session = createSession("bench presign");
        upload(session, "terraform/main.tf", text(new Random(51), 4096));
        String url = base + "/api/artifacts/download-url/" + session + "/terraform/main.tf?expires_in=600";
        // wrk on 16 connections, as the 64 KiB GETs use wrk: the JDK HttpClient this case used before spent 0.6 ms of
        // CPU per link itself on the same two cores. As long a warm-up as the GETs get: a 3 s one left the JIT half
        // done (1.18 ms per link then, 0.63 ms warm).
        warmUp("pre-signed URL issuing", () -> wrk(url, true, 5, 16)[0], 40, 120, 180);
        List<double[]> runs = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            runs.add(wrk(url, true, Math.max(5, (int) Math.round(10 * scale)), 16));
        }
        rows.add(new String[] {"pre-signed URL issuing, 16 conns (wrk): req/s", fmt(median(runs, 0)), "-", "-",
            "report only", "-"});
        rows.add(new String[] {"pre-signed URL issuing, 16 conns (wrk): p99 ms", fmt(median(runs, 1)), "-", "-",
            "report only", "-"});
        WrkCpu spent = wrkCpu(url, true, 16, false);
        limitRow("pre-signed URL issuing: service JVM CPU ms per link (16 conns, median of " + reps
            + " 5 s wrk runs)", spent.serviceMillisPerRequest(), "-", 0.4);
        profile.add("pre-signed URL issuing, CPU milliseconds per link over the median 5 s wrk run: "
            + spent.perRequest());
        deleteSession(session);
    }

    private void sampleSession(Path dir) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        List<Double> up = new ArrayList<>();
        List<Double> list = new ArrayList<>();
        List<Double> bundle = new ArrayList<>();
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < reps + 1; i++) {
            String session = createSession("bench sample " + i);
            sessions.add(session);
            double u = millis(() -> uploadAll(session, dir, files, 1));
            double l = millis(() -> get(base + "/api/artifacts/list/" + session, true));
            double b = millis(() -> get(base + "/api/artifacts/bundle/" + session, true));
            // The first round is the warm-up.
            if (i > 0) {
                up.add(u);
                list.add(l);
                bundle.add(b);
            }
        }
        rows.add(new String[] {"sample session " + dir + " (" + files.size() + " files, " + human(bytes)
            + "): upload / list / bundle ms", fmt(median(up)) + " / " + fmt(median(list)) + " / "
            + fmt(median(bundle)), "-", "-", "report only", "-"});
        for (String s : sessions) {
            deleteSession(s);
        }
    }

    /**
     * Per-organization costs: an organization of {@code BENCH_BIG_ORG_ARTIFACTS} (default 1,000,000) artifacts in
     * 10,000 sessions against one of 1,000 artifacts in 100 sessions, both with a quota (so every upload checks it),
     * rows seeded with SQL ({@link #seedOrganization}); each organization has one session of exactly 1,000
     * artifacts for the list page. Measured in both: upload p99 (4 KiB, fresh paths, into a session of its own),
     * {@code /api/usage} p99, the first session list page (100 sessions) p99 and the 1,000-item artifact list
     * page p99; each reported as big / small with target ≤ 2, the two organizations' requests taken in turns.
     */
    private void scaleCase() throws Exception {
        int bigArtifacts = Integer.parseInt(System.getenv().getOrDefault("BENCH_BIG_ORG_ARTIFACTS", "1000000"));
        UUID bigOrg = UUID.randomUUID();
        UUID smallOrg = UUID.randomUUID();
        String bigToken = mint(key, bigOrg);
        String smallToken = mint(key, smallOrg);
        // Through the API first: the organization's row, and the session the uploads go to.
        String bigUploads = createSession("bench scale uploads", bigToken);
        String smallUploads = createSession("bench scale uploads", smallToken);
        long start = System.nanoTime();
        String bigList = seedOrganization(bigOrg, 10_000, bigArtifacts);
        String smallList = seedOrganization(smallOrg, 100, 1_000);
        System.err.printf(Locale.ROOT, "[bench]   seeded %,d + 1,000 artifact rows in %.0f s%n", bigArtifacts,
            (System.nanoTime() - start) / 1e9);
        String label = String.format(Locale.ROOT, "scale: %,d artifacts / 10,000 sessions vs 1,000 / 100", bigArtifacts);
        byte[] body = text(new Random(61), 4096);
        AtomicInteger n = new AtomicInteger();
        String page = base + "/api/artifacts/list/%s?limit=1000";
        scaleRow(label + ", 1,000-item artifact list page", p99s(() -> getAs(String.format(page, bigList), bigToken),
            () -> getAs(String.format(page, smallList), smallToken)));
        String sessions = base + "/api/sessions?limit=100";
        scaleRow(label + ", session list (first page of 100)", p99s(() -> getAs(sessions, bigToken),
            () -> getAs(sessions, smallToken)));
        scaleRow(label + ", /api/usage", p99s(() -> getAs(base + "/api/usage", bigToken),
            () -> getAs(base + "/api/usage", smallToken)));
        scaleRow(label + ", upload 4 KiB", p99s(() -> uploadAs(bigToken, bigUploads,
            "terraform/up/" + n.incrementAndGet() + ".tf", body),
            () -> uploadAs(smallToken, smallUploads, "terraform/up/" + n.incrementAndGet() + ".tf", body)));
    }

    /** A row comparing a big organization's p99 with a small one's: ratio big / small, target ≤ 2. */
    private void scaleRow(String name, double[] bigAndSmall) {
        double big = bigAndSmall[0];
        double small = bigAndSmall[1];
        double ratio = big / small;
        rows.add(new String[] {name + " p99 ms (service = big, peer = small)", fmt(big), fmt(small), String.format(Locale.ROOT, "%.2f", ratio), "≤ 2 ×",
            ratio <= 2 ? "pass" : "FAIL"});
    }

    /**
     * p99 in milliseconds of 200 sequential runs each of {@code big} and {@code small}, taken in turns after a warm-up
     * of both, also in turns (at least 50 runs each and 10 s): measured one after the other, the first organization's
     * requests met a JIT still compiling the path (a session list page at 3.6 ms p50 for the big one, then 2.3 ms for
     * the small one; 1.49 and 1.45 ms once both were warm).
     */
    private static double[] p99s(Step<?> big, Step<?> small) throws Exception {
        long warmUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (int i = 0; i < 50 || System.nanoTime() < warmUntil; i++) {
            big.run();
            small.run();
        }
        List<Long> bigTimes = new ArrayList<>();
        List<Long> smallTimes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            bigTimes.add(timed(big));
            smallTimes.add(timed(small));
        }
        return new double[] {p99Millis(bigTimes), p99Millis(smallTimes)};
    }

    private static long timed(Step<?> request) throws Exception {
        long start = System.nanoTime();
        request.run();
        return System.nanoTime() - start;
    }

    private static double p99Millis(List<Long> times) {
        Collections.sort(times);
        return times.get((int) Math.ceil(times.size() * 0.99) - 1) / 1e6;
    }

    /**
     * Seeds {@code sessions} sessions and {@code artifacts} artifact rows (1 KiB text, no objects: the measured
     * requests read only rows) into {@code organization}, whose row exists already, with a quota of 1 PB; the first
     * session holds 1,000 of the artifacts (for the list page), the others share the rest. One transaction of
     * INSERT ... SELECT generate_series (foreign-key triggers off: the rows are made to fit), then VACUUM (ANALYZE).
     *
     * @return the id of the 1,000-artifact session
     */
    private String seedOrganization(UUID organization, int sessions, int artifacts) throws Exception {
        String org = organization.toString();
        // Session i's id: md5 of "<org>:<i>" as a UUID, so the artifact rows can name it without a join.
        String sessionId = "md5('" + org + ":' || %s)::uuid";
        String session = "(CASE WHEN a < 1000 THEN 0 ELSE 1 + (a - 1000) % " + Math.max(1, sessions - 1) + " END)";
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(db, "postgres", "");
             java.sql.Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL session_replication_role = replica");
            st.execute("UPDATE organizations SET quota_bytes = 1000000000000000 WHERE organization_id = '" + org + "'");
            st.execute("INSERT INTO sessions (session_id, organization_id, title, created_by, created_at) "
                + "SELECT " + String.format(sessionId, "i") + ", '" + org + "', 'seeded ' || i, 'bench', "
                + "now() - interval '1 day' - i * interval '1 second' FROM generate_series(0, " + (sessions - 1) + ") i");
            st.execute("INSERT INTO artifacts (session_id, organization_id, artifact_type, artifact_name, path, "
                + "storage_path, file_size, mime_type, sha256, crc32, created_at, updated_at) "
                + "SELECT s.id, '" + org + "', 'terraform', 'f' || a || '.tf', 'terraform/f' || a || '.tf', "
                + "'organizations/" + org + "/sessions/' || s.id || '/artifacts/terraform/f' || a || '.tf', 1024, "
                + "'text/plain', md5(a::text) || md5(a::text), 0, now() - interval '1 day', now() - interval '1 day' "
                + "FROM generate_series(0, " + (artifacts - 1) + ") a, LATERAL (SELECT "
                + String.format(sessionId, session) + " AS id) s");
            // ---- organization_usage (issue 15's counters, V8 on the usage branch): when the table exists, its row
            // ---- for this organization is recomputed from the seeded rows, as the service would have kept it.
            st.execute("DO $$ BEGIN IF to_regclass('organization_usage') IS NOT NULL THEN "
                + "INSERT INTO organization_usage (organization_id, artifact_count, artifact_bytes, session_count) "
                + "SELECT '" + org + "'::uuid, (SELECT count(*) FROM artifacts WHERE organization_id = '" + org + "'), "
                + "(SELECT coalesce(sum(file_size), 0) FROM artifacts WHERE organization_id = '" + org + "'), "
                + "(SELECT count(*) FROM sessions WHERE organization_id = '" + org + "') "
                + "ON CONFLICT (organization_id) DO UPDATE SET artifact_count = EXCLUDED.artifact_count, "
                + "artifact_bytes = EXCLUDED.artifact_bytes, session_count = EXCLUDED.session_count; "
                + "END IF; END $$");
            // ---- session_usage (per-session counters, V13): likewise for each seeded session, when the table exists.
            st.execute("DO $$ BEGIN IF to_regclass('session_usage') IS NOT NULL THEN "
                + "INSERT INTO session_usage (session_id, artifact_count, artifact_bytes) "
                + "SELECT session_id, count(*), coalesce(sum(file_size), 0) FROM artifacts WHERE organization_id = '"
                + org + "' GROUP BY session_id ON CONFLICT (session_id) DO UPDATE SET "
                + "artifact_count = EXCLUDED.artifact_count, artifact_bytes = EXCLUDED.artifact_bytes; "
                + "END IF; END $$");
            c.commit();
            c.setAutoCommit(true);
            // VACUUM, not only ANALYZE: a million fresh rows start autovacuum on artifacts a few seconds later, and
            // it would run beside the first measured requests, which are the big organization's.
            // An organization that grew over time has been vacuumed already.
            for (String table : List.of("sessions", "artifacts", "session_usage", "organization_usage")) {
                try (java.sql.ResultSet found = st.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
                    found.next();
                    if (!found.getBoolean(1)) {
                        continue;
                    }
                }
                st.execute("VACUUM (ANALYZE) " + table);
            }
        }
        return md5Uuid(org + ":0");
    }

    /** PostgreSQL's {@code md5(text)::uuid}. */
    private static String md5Uuid(String text) throws Exception {
        String h = hex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
            + "-" + h.substring(20);
    }

    // ---------------------------------------------------------------------------------------------- peers

    /** One wrk run: {requests/s, p99 ms, socket errors (connect, read, write, timeout)}. */
    private double[] wrk(String url, boolean auth, int seconds) throws Exception {
        return wrk(url, auth, seconds, 64);
    }

    /** {@link #wrk(String, boolean, int)} on {@code connections} connections. */
    private double[] wrk(String url, boolean auth, int seconds, int connections) throws Exception {
        return wrk(url, auth, seconds, connections, false);
    }

    /**
     * wrk against {@code url}: {rate in req/s, p99 in ms, socket errors}; answers other than 2xx fail the case
     * unless {@code refusalsExpected} (the floor's deliberately refused request).
     */
    private double[] wrk(String url, boolean auth, int seconds, int connections, boolean refusalsExpected)
            throws Exception {
        // A long timeout: wrk leaves timed-out requests out of its latencies, which would flatter a slow p99.
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s",
            "--timeout", "60s", "--latency"));
        if (auth) {
            command.addAll(List.of("-H", "Authorization: Bearer " + token));
        }
        command.add(url);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || !out.contains("Requests/sec:")) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        if (out.contains("Non-2xx") != refusalsExpected) {
            throw new IllegalStateException("wrk saw " + (refusalsExpected ? "2xx" : "non-2xx") + " answers from " + url
                + ": " + out);
        }
        double rate = Double.parseDouble(out.replaceAll("(?s).*Requests/sec:\\s+([0-9.]+).*", "$1"));
        String p99 = out.replaceAll("(?s).*\\s99%\\s+([0-9.]+[a-z]+).*", "$1");
        double errors = 0;
        if (out.contains("Socket errors:")) {
            for (String n : out.replaceAll("(?s).*Socket errors:([^\n]*).*", "$1").replaceAll("[^0-9]+", " ").trim()
                    .split(" ")) {
                errors += Double.parseDouble(n);
            }
        }
        return new double[] {rate, toMillis(p99), errors};
    }

    private static double toMillis(String wrkTime) {
        double v = Double.parseDouble(wrkTime.replaceAll("[a-z]+$", ""));
        return switch (wrkTime.replaceAll("^[0-9.]+", "")) {
            case "us" -> v / 1000;
            case "ms" -> v;
            case "s" -> v * 1000;
            case "m" -> v * 60_000;
            default -> throw new IllegalArgumentException("unknown wrk unit in " + wrkTime);
        };
    }

    private Void zip(Path dir, Path out) throws Exception {
        Files.deleteIfExists(out);
        // -n: store what is already compressed, as the service does.
        Process p = new ProcessBuilder("zip", "-q", "-r", "-n", ".png:.pdf:.zip:.gz", out.toAbsolutePath().toString(),
            ".").directory(dir.toFile()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("zip failed");
        }
        return null;
    }

    /** PUT straight to the S3 endpoint, path-style, signed with SigV4 and an unsigned payload. */
    private Void s3Put(String key, Path file) throws Exception {
        int status = http.send(s3Signed("PUT", key).PUT(HttpRequest.BodyPublishers.ofFile(file)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
            throw new IllegalStateException("direct S3 PUT answered " + status);
        }
        return null;
    }

    private void s3Delete(String key) throws Exception {
        http.send(s3Signed("DELETE", key).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    private HttpRequest.Builder s3Signed(String method, String key) throws Exception {
        URI uri = URI.create(s3 + "/" + BUCKET + "/" + key);
        String host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        String amzDate = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        String day = amzDate.substring(0, 8);
        String scope = day + "/" + S3_REGION + "/s3/aws4_request";
        String signedHeaders = "host;x-amz-content-sha256;x-amz-date";
        // The keys used here are plain ASCII without reserved characters, so the path is already canonical.
        String canonical = method + "\n" + uri.getRawPath() + "\n\n" + "host:" + host + "\n"
            + "x-amz-content-sha256:UNSIGNED-PAYLOAD\n" + "x-amz-date:" + amzDate + "\n\n" + signedHeaders
            + "\nUNSIGNED-PAYLOAD";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical));
        byte[] k = hmac(("AWS4" + S3_SECRET_KEY).getBytes(StandardCharsets.UTF_8), day);
        k = hmac(k, S3_REGION);
        k = hmac(k, "s3");
        k = hmac(k, "aws4_request");
        String signature = hex(hmac(k, toSign));
        return HttpRequest.newBuilder(uri).header("x-amz-date", amzDate)
            .header("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
            .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + S3_ACCESS_KEY + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(String s) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    // ---------------------------------------------------------------------------------------------- the API

    private String createSession(String title) throws Exception {
        return createSession(title, token);
    }

    private String createSession(String title, String bearer) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/sessions"))
            .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"" + title + "\"}")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("create session answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().replaceAll(".*\"session_id\":\"([^\"]+)\".*", "$1");
    }

    private void deleteSession(String session) throws Exception {
        send(HttpRequest.newBuilder(URI.create(base + "/api/sessions/" + session)).DELETE(), true);
    }

    private Void upload(String session, String path, Path file) throws Exception {
        check(send(HttpRequest.newBuilder(uploadUri(session, path)).PUT(HttpRequest.BodyPublishers.ofFile(file)), true),
            "upload " + path);
        return null;
    }

    private Void uploadAs(String bearer, String session, String path, byte[] body) throws Exception {
        check(http.send(HttpRequest.newBuilder(uploadUri(session, path)).header("Authorization", "Bearer " + bearer)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode(), "upload " + path);
        return null;
    }

    private void upload(String session, String path, byte[] body) throws Exception {
        check(send(HttpRequest.newBuilder(uploadUri(session, path)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)),
            true), "upload " + path);
    }

    private URI uploadUri(String session, String path) {
        StringBuilder encoded = new StringBuilder();
        for (String segment : path.split("/")) {
            encoded.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return URI.create(base + "/api/artifacts/upload/" + session + encoded);
    }

    private Void uploadAll(String session, Path dir, List<Path> files, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (Path f : files) {
                String path = dir.relativize(f).toString().replace('\\', '/');
                futures.add(pool.submit(() -> upload(session, path, f)));
            }
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return null;
    }

    private String presignedUrl(String session, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/artifacts/download-url/"
            + session + "/" + path + "?expires_in=7200")).header("Authorization", "Bearer " + token).build(),
            HttpResponse.BodyHandlers.ofString());
        check(r.statusCode(), "download-url");
        return r.body().replaceAll(".*\"download_url\":\"([^\"]+)\".*", "$1").replace("\\u0026", "&")
            .replace("\\/", "/");
    }

    /** GET that reads and drops the whole body; returns the byte count. */
    private long get(String url, boolean auth, String... headers) throws Exception {
        return getAs(url, auth ? token : null, headers);
    }

    /** {@link #get} with {@code bearer} as the token (null: none). */
    private long getAs(String url, String bearer, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (headers.length > 0) {
            b.headers(headers);
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        try (InputStream in = r.body()) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes += n;
            }
        }
        check(r.statusCode(), "GET " + url);
        return bytes;
    }

    private int send(HttpRequest.Builder b, boolean auth) throws Exception {
        if (auth) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * A download through {@code ?redirect=true} as a browser does it: the service's 302 (not followed by the
     * client, which would resend the service's token to S3), then a GET of its Location without a token. Returns
     * the bytes read.
     */
    private long viaRedirect(String serviceUrl) throws Exception {
        HttpResponse<Void> found = http.send(HttpRequest.newBuilder(URI.create(serviceUrl + "?redirect=true"))
            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding());
        if (found.statusCode() != 302) {
            throw new IllegalStateException("GET " + serviceUrl + "?redirect=true answered " + found.statusCode());
        }
        return get(found.headers().firstValue("Location").orElseThrow(), false);
    }

    private static void check(int status, String what) {
        if (status / 100 != 2) {
            throw new IllegalStateException(what + " answered " + status);
        }
    }

    /**
     * {@code clients} threads running {@code request} back to back for {@code seconds}: {requests/s, requests}.
     * A failing request fails the run.
     */
    private static double[] load(Step<?> request, int clients, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong done = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < end && failure.get() == null) {
                        request.run();
                        done.incrementAndGet();
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return new double[] {done.get() / ((System.nanoTime() - start) / 1e9), done.get()};
    }

    // ---------------------------------------------------------------------------------------------- server heap

    private static long libertyPid() {
        return ProcessHandle.allProcesses()
            // This checkout's local-mode server (another checkout may run one too).
            .filter(p -> p.info().commandLine().map(c -> c.contains("ws-server.jar") && c.contains("artifactServer")
                && c.contains(System.getProperty("user.dir"))).orElse(false))
            .findFirst().orElseThrow(() -> new IllegalStateException("local mode's Liberty is not running")).pid();
    }

    /** The local-mode launcher's JVM, which runs the embedded S3 endpoint (S3Proxy). */
    private static long s3EndpointPid() {
        return ProcessHandle.allProcesses()
            .filter(p -> {
                // The JDK's commandLine() can be cut short for long class paths: read the kernel's copy.
                String c = cmdline(p.pid());
                return c.contains("dev.artifactservice.local.LocalServices") && c.contains(System.getProperty("user.dir"));
            })
            .findFirst().orElseThrow(() -> new IllegalStateException("local mode's S3 endpoint is not running")).pid();
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static double cpuSeconds(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(d -> d.toNanos() / 1e9).orElse(0.0);
    }

    /**
     * CPU seconds used while {@code step} runs by the service's JVM, the S3 endpoint's JVM, PostgreSQL (the
     * postmaster and its backends) and this client including the tools it ran and waited for (wrk, zip); other
     * processes on the machine are not counted.
     */
    private static double[] cpu(Step<?> step) throws Exception {
        long liberty = libertyPid();
        long s3;
        try {
            s3 = s3EndpointPid();
        } catch (IllegalStateException e) {
            s3 = -1;
        }
        long postmaster = postmasterPid();
        double[] before = {cpuSeconds(liberty), cpuSeconds(s3), treeCpuSeconds(postmaster), selfAndChildrenCpu()};
        step.run();
        return new double[] {cpuSeconds(liberty) - before[0], cpuSeconds(s3) - before[1],
            treeCpuSeconds(postmaster) - before[2], selfAndChildrenCpu() - before[3]};
    }

    /** CPU seconds of each side ({@link #cpu}) over one 5 s wrk run, and the requests that run made. */
    private record WrkCpu(double[] seconds, double requests) {

        /** The service JVM's CPU milliseconds per request. */
        double serviceMillisPerRequest() {
            return seconds[0] * 1000 / Math.max(1, requests);
        }

        /** Every side's CPU milliseconds per request, as the CPU split prints them. */
        String perRequest() {
            return Bench.perRequest(seconds, requests);
        }
    }

    /**
     * {@code reps} 5 s wrk runs on {@code connections} connections, each measured with {@link #cpu}: the run with the
     * median service JVM CPU per request. One run alone was not enough: consecutive 5 s runs against one warm
     * server read 0.47 to 0.59 ms per pre-signed link and 0.46 to 0.75 ms per 64 KiB GET.
     */
    private WrkCpu wrkCpu(String url, boolean auth, int connections, boolean refusalsExpected) throws Exception {
        List<WrkCpu> runs = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            double[] requests = new double[1];
            double[] seconds = cpu(() -> requests[0] = wrk(url, auth, 5, connections, refusalsExpected)[0] * 5);
            runs.add(new WrkCpu(seconds, requests[0]));
        }
        runs.sort(Comparator.comparingDouble(WrkCpu::serviceMillisPerRequest));
        return runs.get(runs.size() / 2);
    }

    /**
     * A report-only row of the stack's floor: service JVM CPU per request of {@code url}, after a warm-up of at least
     * 30 s. A 5 s one left the paths half compiled: /health/live read 0.086 to 0.19 ms over three consecutive 5 s
     * runs after a 30 s warm-up, on one server.
     */
    private void floorRow(String label, String url, boolean auth, boolean refusalsExpected) throws Exception {
        warmUp("floor: " + label, () -> wrk(url, auth, 5, 16, refusalsExpected)[0], 40, 30, 90);
        rows.add(new String[] {"floor: " + label + ": service JVM CPU ms per request (16 conns, median of " + reps
            + " 5 s wrk runs)",
            String.format(Locale.ROOT, "%.3f", wrkCpu(url, auth, 16, refusalsExpected).serviceMillisPerRequest()),
            "-", "-", "report only", "-"});
    }

    private static String perRequest(double[] cpu, double requests) {
        double[] ms = new double[cpu.length];
        for (int i = 0; i < cpu.length; i++) {
            ms[i] = cpu[i] * 1000 / Math.max(1, requests);
        }
        return describe(ms) + " (" + (long) requests + " requests)";
    }

    private static String describe(double[] cpu) {
        return String.format(Locale.ROOT, "service JVM %.2f + S3 endpoint %.2f + PostgreSQL %.2f + client %.2f = %.2f",
            cpu[0], cpu[1], cpu[2], cpu[3], cpu[0] + cpu[1] + cpu[2] + cpu[3]);
    }

    /** Local mode's PostgreSQL postmaster, from the pid file in the data directory next to the JWT keys; -1 if none. */
    private static long postmasterPid() {
        try {
            Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
            return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double treeCpuSeconds(long pid) {
        if (pid < 0) {
            return 0;
        }
        return ProcessHandle.of(pid).map(p -> cpuSeconds(pid) + p.descendants().mapToDouble(d -> cpuSeconds(d.pid()))
            .sum()).orElse(0.0);
    }

    /** This JVM's CPU seconds plus those of the children it waited for (utime, stime, cutime, cstime). */
    private static double selfAndChildrenCpu() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields 14-17 of proc(5), counted from field 3 after the command name.
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks / 100.0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Used heap in bytes from {@code jstat -gc}: survivor, eden and old generation usage (as BundleMemory). */
    private static long usedHeap(long pid) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc",
            Long.toString(pid)).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String[] names = r.readLine().trim().split("\\s+");
            String[] values = r.readLine().trim().split("\\s+");
            p.waitFor();
            double kib = 0;
            for (int i = 0; i < names.length; i++) {
                if (List.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
                    kib += Double.parseDouble(values[i]);
                }
            }
            return (long) (kib * 1024);
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private interface Step<T> {
        T run() throws Exception;
    }

    private interface Case {
        void run() throws Exception;
    }

    /** Runs case {@code key} unless {@code BENCH_CASES} (comma-separated keys) leaves it out. */
    private void guard(String key, String name, Case c) {
        String only = System.getenv().getOrDefault("BENCH_CASES", "").trim();
        if (!only.isEmpty() && !List.of(only.split("\\s*,\\s*")).contains(key)) {
            return;
        }
        long start = System.nanoTime();
        System.err.printf("[bench] %s ...%n", name);
        try {
            c.run();
            System.err.printf("[bench] %s done in %.0f s%n", name, (System.nanoTime() - start) / 1e9);
        } catch (Exception | Error e) {
            e.printStackTrace();
            rows.add(new String[] {name, "not measured", "-", "-", "-", "not measured: "
                + String.valueOf(e.getMessage()).replace('\n', ' ').replace('|', '/')});
        }
    }

    /**
     * Runs {@code step} (which returns a rate: higher is better) until the JIT has settled: until a run is no
     * more than 5 % faster than the best before it, at least twice, at most {@code maxRuns} times or
     * {@code maxSeconds}. Liberty's request path keeps compiling for a minute or more under load, and a short
     * warm-up measures the compiler, not the service.
     */
    private static void warmUp(String what, Step<Double> step, int maxRuns, double maxSeconds) throws Exception {
        warmUp(what, step, maxRuns, 0, maxSeconds);
    }

    /** As {@link #warmUp(String, Step, int, double)}, but running for at least {@code minSeconds} first. */
    private static void warmUp(String what, Step<Double> step, int maxRuns, double minSeconds, double maxSeconds)
        throws Exception {
        long start = System.nanoTime();
        double best = step.run();
        int runs = 1;
        while (runs < maxRuns && (System.nanoTime() - start) / 1e9 < maxSeconds) {
            double value = step.run();
            runs++;
            boolean improved = value > best * 1.05;
            best = Math.max(best, value);
            if (!improved && (System.nanoTime() - start) / 1e9 >= minSeconds) {
                break;
            }
        }
        System.err.printf(Locale.ROOT, "[bench]   warm-up of %s: %d runs in %.0f s, best %.1f%n", what, runs,
            (System.nanoTime() - start) / 1e9, best);
    }

    private double medianOf(Step<Double> step) throws Exception {
        warmUp("a case", step, 40, 15, 60);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            values.add(step.run());
        }
        return median(values);
    }

    private static double mibPerSecond(long bytes, Step<?> step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return bytes / (double) MIB / ((System.nanoTime() - start) / 1e9);
    }

    private static double millis(Step<?> step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double median(List<double[]> values, int index) {
        return median(values.stream().map(v -> v[index]).toList());
    }

    /** A row with a ratio; {@code higherIsBetter} false means the ratio is peer / service (for latencies). */
    private void row(String name, double service, double peer, double target, boolean higherIsBetter) {
        double ratio = higherIsBetter ? service / peer : peer / service;
        boolean hasTarget = !Double.isNaN(target);
        rows.add(new String[] {name, fmt(service), fmt(peer), String.format(Locale.ROOT, ratio < 0.1 ? "%.4f" : "%.2f", ratio),
            hasTarget ? "≥ " + target + " ×" : "report only", hasTarget ? (ratio >= target ? "pass" : "FAIL") : "-"});
    }

    /** A row with an upper limit on the service's figure (lower is better), e.g. CPU milliseconds per request. */
    private void limitRow(String name, double service, String peer, double limit) {
        rows.add(new String[] {name, String.format(Locale.ROOT, "%.3f", service), peer, "-", "≤ " + limit,
            service <= limit ? "pass" : "FAIL"});
    }

    private long scaled(long bytes) {
        return Math.max(MIB, (long) (bytes * scale) / MIB * MIB);
    }

    private static String human(long bytes) {
        return bytes >= 1024 * MIB && bytes % (1024 * MIB) == 0 ? bytes / (1024 * MIB) + " GiB" : bytes >= MIB
            ? fmt(bytes / (double) MIB) + " MiB" : fmt(bytes / 1024.0) + " KiB";
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static void writeRandom(Path file, long size, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        Random random = new Random(seed);
        byte[] block = new byte[(int) Math.min(size, 4 * MIB)];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(left, block.length));
            }
        }
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    /** Terraform-like text of exactly {@code size} bytes: compresses about as well as real generated code. */
    private static byte[] text(Random random, int size) {
        StringBuilder out = new StringBuilder(size + 100);
        for (int i = 0; out.length() < size; i++) {
            out.append("resource \"aws_subnet\" \"s").append(i).append("\" {\n  cidr_block = \"10.")
                .append(random.nextInt(256)).append('.').append(random.nextInt(256)).append(".0/24\"\n  tags = { id = \"")
                .append(Long.toHexString(random.nextLong())).append("\" }\n}\n");
        }
        return out.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Collections.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + "/" + parts[1] + "/" + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private String table(double scale, int reps) {
        StringBuilder t = new StringBuilder();
        t.append("Artifact service benchmark — BENCH_SCALE=").append(scale).append(", ").append(reps)
            .append(" measured repetitions after a warm-up (median), ").append(Runtime.getRuntime().availableProcessors())
            .append(" cores, loopback; load average (1/5/15 min) before ").append(loadBefore).append(", after ")
            .append(loadAverage()).append("\n\n");
        t.append("| case | service | peer | ratio | target | pass/fail |\n| --- | --- | --- | --- | --- | --- |\n");
        for (String[] r : rows) {
            t.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        if (!profile.isEmpty()) {
            t.append("\nWhere the CPU goes (one extra run each, after the measured ones; ").append(
                "\"client\" is this benchmark's JVM):\n\n");
            for (String line : profile) {
                t.append("- ").append(line).append('\n');
            }
        }
        return t.toString();
    }
}
