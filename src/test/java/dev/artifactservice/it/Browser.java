package dev.artifactservice.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven by Selenium, with a
 * fresh profile and a download folder of its own. Nothing is downloaded: the browser and driver are found at the
 * paths the build passes ({@code it.chromium}, {@code it.chromedriver}) or not at all.
 */
final class Browser implements AutoCloseable {

    final ChromeDriver driver;
    final Path downloads;
    private final Path profile;
    private final ChromeDriverService service;

    private Browser(ChromeDriver driver, ChromeDriverService service, Path profile, Path downloads) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
        this.downloads = downloads;
    }

    /** Why the browser tests cannot run here, or empty when Chromium and its driver are both installed. */
    static Optional<String> unavailableReason() {
        for (String property : new String[] {"it.chromium", "it.chromedriver"}) {
            String path = System.getProperty(property, property.equals("it.chromium") ? "/usr/bin/chromium" : "/usr/bin/chromedriver");
            if (!Files.isExecutable(Path.of(path))) {
                return Optional.of("browser tests skipped: " + path + " is not installed (Debian packages chromium and "
                    + "chromium-driver; .ci/run installs them)");
            }
        }
        return Optional.empty();
    }

    /** Starts a headless Chromium with a window of {@code width} x {@code height} CSS pixels. */
    static Browser start(int width, int height) {
        try {
            Path profile = Files.createTempDirectory("it-chromium-profile");
            Path downloads = Files.createTempDirectory("it-chromium-downloads");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(System.getProperty("it.chromium", "/usr/bin/chromium"));
            // Without these, Chromium here waits on network lookups (updates, sync, QUIC probes) that never answer.
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--disable-default-apps", "--password-store=basic", "--lang=en-US",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
            Map<String, Object> prefs = new HashMap<>();
            prefs.put("download.default_directory", downloads.toString());
            prefs.put("download.prompt_for_download", false);
            prefs.put("safebrowsing.enabled", false);
            prefs.put("profile.default_content_setting_values.automatic_downloads", 1);
            options.setExperimentalOption("prefs", prefs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("it.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            driver.manage().window().setSize(new Dimension(width, height));
            return new Browser(driver, service, profile, downloads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves a PNG of the viewport (or of the whole page when {@code fullPage}) under {@code it.screenshots.dir}. */
    Path screenshot(String name) {
        Path dir = Path.of(System.getProperty("it.screenshots.dir", "target/screenshots"));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until a finished file named {@code name} is in the download folder and returns it. */
    Path awaitDownload(String name, Duration timeout) throws InterruptedException {
        return awaitFinished(p -> p.getFileName().toString().equals(name), timeout, "download " + name);
    }

    /** Waits until the download folder holds one finished file, whatever its name, and returns it. */
    Path awaitAnyDownload(Duration timeout) throws InterruptedException {
        return awaitFinished(p -> true, timeout, "download");
    }

    /**
     * The first file {@code wanted} accepts once it is finished: Chromium writes "<name>.crdownload" and renames it
     * when the download is complete, but it may also put an empty file under the final name before that (to hold
     * the name), so a finished file is one seen with no ".crdownload" beside it, not empty, and of the same size at
     * two polls 100 ms apart. (No test downloads an empty file.)
     */
    private Path awaitFinished(java.util.function.Predicate<Path> wanted, Duration timeout, String what)
        throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path candidate = null;
        long candidateSize = -1;
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(downloads)) {
                List<Path> all = files.toList();
                boolean partial = all.stream().anyMatch(p -> p.getFileName().toString().endsWith(".crdownload"));
                Path file = partial ? null : all.stream().filter(wanted).findFirst().orElse(null);
                long size = file == null ? -1 : Files.size(file);
                if (file != null && size > 0 && file.equals(candidate) && size == candidateSize) {
                    return file;
                }
                candidate = file;
                candidateSize = size;
            } catch (java.nio.file.NoSuchFileException e) {
                candidate = null; // renamed between the listing and its size: look again
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no finished " + what + " within " + timeout + "; folder has " + list(downloads));
    }

    private static String list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList().toString();
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            delete(profile);
            delete(downloads);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
