package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the browser tests of the artifacts page share: one headless Chromium per test class ({@link #browser},
 * started by the class's {@code @BeforeAll} with {@link #startBrowser}, closed by {@link #stopBrowser}), opening the
 * page signed in, and waits for what it shows. Test classes run one after another, so the static browser is one
 * class's at a time.
 */
abstract class PageItBase extends ItBase {

    /** sessionStorage key of the page's token (state.js). */
    static final String TOKEN_KEY = "artifact-service.token";
    static final int WIDTH = 1440;
    static final int HEIGHT = 1000;

    static Browser browser;
    static WebDriver driver;

    /** Starts this class's browser; false (with the reason printed) where Chromium is not installed. */
    static boolean startBrowser(String testClass) {
        if (Browser.unavailableReason().isPresent()) {
            System.out.println(testClass + ": " + Browser.unavailableReason().get());
            return false;
        }
        browser = Browser.start(WIDTH, HEIGHT);
        driver = browser.driver;
        return true;
    }

    /** Closes this class's browser. */
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
            driver = null;
        }
    }

    @BeforeEach
    void skipWithoutBrowser() {
        Assumptions.assumeTrue(browser != null, () -> Browser.unavailableReason().orElse("the browser did not start"));
    }

    /** Loads the page with {@code token} in this tab's sessionStorage, at {@code hash}. */
    static void open(String token, String hash) {
        driver.get(base() + "/page/config");
        js("sessionStorage.setItem(arguments[0], arguments[1])", TOKEN_KEY, token);
        driver.get(base() + "/" + hash);
        awaitReady();
    }

    /** The page's address of a file: {@code #/sessions/{id}/files/{encoded path}}. */
    static String fileHash(UUID session, String path) {
        return "#/sessions/" + session + "/files/" + encodePath(path);
    }

    static void awaitReady() {
        await(d -> "true".equals(js("return document.body.dataset.ready")));
    }

    /**
     * Waits up to 20 s for {@code condition} to give a value other than null or false; a screenshot if it does not.
     * An element the page re-rendered between being found and being read (stale) is looked for again.
     */
    static <T> T await(Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(20))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
        } catch (TimeoutException e) {
            browser.screenshot("failure-" + System.nanoTime());
            throw e;
        }
    }

    /** The first element found by {@code by} once it is displayed. */
    static WebElement visible(By by) {
        return await(d -> {
            List<WebElement> found = d.findElements(by);
            return !found.isEmpty() && found.get(0).isDisplayed() ? found.get(0) : null;
        });
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Empties the browser's download folder. */
    static void clearDownloads() throws IOException {
        try (Stream<Path> files = Files.list(browser.downloads)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** Every visible button, link and form field has a name a screen reader can announce. */
    static void accessibleNames() {
        Object unnamed = js("""
            const nameOf = (el) => (el.getAttribute('aria-label') || el.textContent || '').trim()
              || (el.labels && [...el.labels].map(l => l.textContent).join('').trim()) || el.title || el.getAttribute('alt');
            return [...document.querySelectorAll('button, a[href], input, select, textarea')]
              .filter(el => el.offsetParent !== null && el.type !== 'hidden' && !nameOf(el))
              .map(el => el.outerHTML.slice(0, 120));""");
        assertEquals(List.of(), unnamed, "controls without an accessible name");
    }
}
