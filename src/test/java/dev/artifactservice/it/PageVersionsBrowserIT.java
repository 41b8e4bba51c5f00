package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 16 on the artifacts page, in a real headless Chromium against the real service: a file's version history
 * after a replacing upload, "Compare with previous" as a coloured unified diff, "Download this version", Restore,
 * Compare sessions (a tree marked added, removed and changed, and a changed file's diff), the Share dialog and the
 * session's links with their counts and Revoke, and a share link followed in a fresh browser profile without a token.
 * Screenshots go to {@code target/screenshots/}. Skipped, with a message, where Chromium is not installed.
 */
class PageVersionsBrowserIT extends PageItBase {

    private static final UUID ORG = UUID.randomUUID();
    private static final String MAIN = "terraform/main.tf";
    private static final byte[] V1 = """
        resource "aws_s3_bucket" "site" {
          bucket = "site-old"
        }
        """.getBytes(StandardCharsets.UTF_8);
    private static final byte[] V2 = """
        resource "aws_s3_bucket" "site" {
          bucket = "site-new"
          # <img src=x onerror="document.title='pwned'">
        }
        """.getBytes(StandardCharsets.UTF_8);
    private static final byte[] README = "# Site\n\nThe same in both sessions.\n".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void start() {
        startBrowser("PageVersionsBrowserIT");
    }

    @AfterAll
    static void stop() {
        stopBrowser();
    }

    // ------------------------------------------------------------------------------------------- versions

    @Test
    void historyAfterAReplacingUploadListsBothVersionsNewestFirst() {
        UUID session = sessionWithTwoVersions("History");
        open(writer(ORG), fileHash(session, MAIN));
        await(d -> d.findElements(By.cssSelector("#versions-list li.version")).size() == 2);

        List<String> shown = driver.findElements(By.cssSelector("#versions-list li.version")).stream()
            .map(e -> e.getAttribute("data-version")).toList();
        List<String> api = new ArrayList<>();
        for (JsonValue v : versions(session, MAIN)) {
            api.add(String.valueOf(v.asJsonObject().getInt("version")));
        }
        assertEquals(List.of("2", "1"), api);
        assertEquals(api, shown, "the API's versions, newest first");
        WebElement current = driver.findElement(By.cssSelector("li.version[data-version='2']"));
        assertTrue(current.getAttribute("class").contains("current"));
        assertTrue(current.getText().contains("current"), current.getText());
        assertTrue(current.getText().contains("by alice"), current.getText());
        assertTrue(current.findElements(By.cssSelector(".version-restore")).isEmpty(), "the current version is not restorable");
        WebElement old = driver.findElement(By.cssSelector("li.version[data-version='1']"));
        assertEquals(String.format(java.util.Locale.US, "%,d bytes", V1.length),
            old.findElement(By.cssSelector(".version-facts span[title]")).getAttribute("title"));
        assertTrue(old.findElements(By.cssSelector(".version-compare")).isEmpty(), "version 1 has no previous one");
        assertTrue(old.findElement(By.cssSelector(".version-restore")).isDisplayed());
        accessibleNames();
    }

    @Test
    void compareWithPreviousShowsTheApisDiffWithAddedAndRemovedLinesColoured() {
        UUID session = sessionWithTwoVersions("Compare with previous");
        open(writer(ORG), fileHash(session, MAIN));
        visible(By.cssSelector("li.version[data-version='2'] .version-compare")).click();
        visible(By.cssSelector("#diff-body .diff-add"));

        assertEquals("diff-title", js("return document.activeElement.id"), "focus moves to the diff");
        assertTrue(driver.findElement(By.id("diff-title")).getText().contains("from version 1 to version 2"));
        String api = new String(get("/api/artifacts/diff/" + session + "/" + MAIN + "?from=1&to=2", writer(ORG)).body(),
            StandardCharsets.UTF_8);
        assertEquals(api, js("return document.querySelector('#diff-body pre.diff').textContent"),
            "the diff is shown as the API sends it, character for character");
        Map<String, List<String>> byKind = linesByKind("#diff-body");
        assertEquals(List.of("-  bucket = \"site-old\""), byKind.get("diff-del"));
        assertEquals(List.of("+  bucket = \"site-new\"", "+  # <img src=x onerror=\"document.title='pwned'\">"),
            byKind.get("diff-add"));
        assertEquals(1, byKind.get("diff-hunk").size());
        assertEquals(2, byKind.get("diff-file").size());
        assertTrue(driver.findElements(By.cssSelector("#diff-body img")).isEmpty(), "diff text is never HTML");
        assertNotEquals("pwned", driver.getTitle());
        String added = background("#diff-body .diff-add");
        String removed = background("#diff-body .diff-del");
        String context = background("#diff-body .diff-context");
        assertEquals("rgb(218, 251, 225)", added, "added lines are green");
        assertEquals("rgb(255, 235, 233)", removed, "removed lines are red");
        assertNotEquals(context, background("#diff-body .diff-hunk"), "hunk headers stand apart");
        browser.screenshot("versions-diff");

        driver.findElement(By.id("diff-close")).click();
        await(d -> !d.findElement(By.id("diff-view")).isDisplayed());
        assertTrue(((String) js("return document.activeElement.className")).contains("version-compare"),
            "closing gives focus back to the button that opened it");
    }

    @Test
    void downloadThisVersionSavesTheOldBytes() throws Exception {
        UUID session = sessionWithTwoVersions("Download a version");
        open(writer(ORG), fileHash(session, MAIN));
        clearDownloads();
        visible(By.cssSelector("li.version[data-version='1'] .version-download")).click();
        byte[] saved = Files.readAllBytes(browser.awaitDownload("main.tf", Duration.ofSeconds(30)));
        assertArrayEquals(V1, saved);
        assertArrayEquals(get(downloadUrl(session, MAIN) + "?version=1", writer(ORG)).body(), saved);
        assertTrue(driver.findElement(By.id("transfer-text")).getText().startsWith("Downloaded main.tf"));
    }

    @Test
    void restoreMakesTheOldVersionTheNewCurrentOne() {
        UUID session = sessionWithTwoVersions("Restore");
        open(writer(ORG), fileHash(session, MAIN));
        visible(By.cssSelector("li.version[data-version='1'] .version-restore")).click();
        assertTrue(visible(By.id("confirm-title")).getText().contains("Restore version 1 of main.tf?"));
        driver.findElement(By.id("confirm-ok")).click();

        await(d -> d.findElements(By.cssSelector("#versions-list li.version")).size() == 3);
        await(d -> "versions-title".equals(js("return document.activeElement.id")));
        List<String> shown = driver.findElements(By.cssSelector("#versions-list li.version")).stream()
            .map(e -> e.getAttribute("data-version")).toList();
        assertEquals(List.of("3", "2", "1"), shown, "history only grows");
        assertTrue(driver.findElement(By.cssSelector("li.version[data-version='3']")).getAttribute("class").contains("current"));
        assertArrayEquals(V1, get(downloadUrl(session, MAIN), writer(ORG)).body(), "the current bytes are version 1's");
        JsonObject newest = versions(session, MAIN).getJsonObject(0);
        assertEquals(3, newest.getInt("version"));
        assertTrue(newest.getBoolean("current"));
        assertEquals(sha256(V1), newest.getString("sha256"));
        await(d -> sha256(V1).equals(d.findElement(By.cssSelector("li.file[data-path='" + MAIN + "']")).getAttribute("data-sha256")));
        assertEquals(sha256(V1), driver.findElement(By.id("preview-sha")).getText(), "the preview shows the restored file");
    }

    @Test
    void readersSeeTheHistoryAndDiffsButNoRestoreShareOrRevoke() {
        UUID session = sessionWithTwoVersions("Reader");
        createShare(session, MAIN, 3600, null);
        open(token(ORG, "reader", READ), fileHash(session, MAIN));
        await(d -> d.findElements(By.cssSelector("#versions-list li.version")).size() == 2);
        visible(By.cssSelector("#shares-list li.share"));
        assertTrue(driver.findElements(By.cssSelector(".version-restore")).isEmpty());
        assertTrue(driver.findElements(By.cssSelector(".share-revoke")).isEmpty());
        assertFalse(driver.findElement(By.id("file-share")).isDisplayed());
        assertFalse(driver.findElement(By.id("session-share")).isDisplayed());
        driver.findElement(By.cssSelector("li.version[data-version='2'] .version-compare")).click();
        visible(By.cssSelector("#diff-body .diff-add"));
    }

    // ------------------------------------------------------------------------------------------- compare sessions

    @Test
    void compareSessionsMarksAddedRemovedAndChangedFilesAndOpensADiff() {
        UUID from = createSession(ORG, "Compare from");
        UUID to = createSession(ORG, "Compare to");
        upload(from, "README.md", README, 201);
        upload(to, "README.md", README, 201);
        upload(from, MAIN, V1, 201);
        upload(to, MAIN, V2, 201);
        upload(from, "lambda/old.py", "print('old')\n".getBytes(StandardCharsets.UTF_8), 201);
        upload(to, "terraform/new.tf", "# new\n".getBytes(StandardCharsets.UTF_8), 201);

        open(writer(ORG), "#/sessions/" + from);
        visible(By.cssSelector("#artifacts-tree li.file"));
        driver.findElement(By.id("session-compare")).click();
        await(d -> d.getCurrentUrl().endsWith("#/compare/" + from));
        WebElement toPicker = visible(By.id("compare-to"));
        await(d -> !new Select(toPicker).getOptions().stream().filter(o -> to.toString().equals(o.getAttribute("value"))).toList().isEmpty());
        assertEquals(from.toString(), new Select(driver.findElement(By.id("compare-from"))).getFirstSelectedOption().getAttribute("value"));
        new Select(toPicker).selectByValue(to.toString());
        driver.findElement(By.id("compare-submit")).click();
        await(d -> d.findElements(By.cssSelector("#compare-tree li.file")).size() == 3);

        assertTrue(driver.getCurrentUrl().endsWith("#/compare/" + from + "/" + to));
        Map<String, String> statuses = new LinkedHashMap<>();
        for (WebElement li : driver.findElements(By.cssSelector("#compare-tree li.file"))) {
            statuses.put(li.getAttribute("data-path"), li.getAttribute("data-status"));
        }
        JsonObject api = json(get("/api/sessions/" + from + "/compare/" + to, writer(ORG)));
        assertEquals(List.of("terraform/new.tf"), api.getJsonArray("added").getValuesAs(JsonString::getString));
        assertEquals(List.of("lambda/old.py"), api.getJsonArray("removed").getValuesAs(JsonString::getString));
        assertEquals(Map.of(MAIN, "changed", "terraform/new.tf", "added", "lambda/old.py", "removed"), statuses);
        assertEquals(1, api.getInt("unchanged_count"));
        String summary = driver.findElement(By.id("compare-summary")).getText();
        assertEquals("1 added · 1 removed · 1 changed · 1 unchanged", summary);
        for (String status : List.of("added", "removed", "changed")) {
            assertTrue(driver.findElement(By.cssSelector("li.status-" + status + " .change-mark")).getText().contains(status));
        }
        assertEquals(fileHashUrl(to, "terraform/new.tf"),
            driver.findElement(By.cssSelector("li.status-added a.file-open")).getAttribute("href"), "an added file opens in the second session");

        driver.findElement(By.cssSelector("li.status-changed .file-open")).click();
        visible(By.cssSelector("#compare-diff-body .diff-add"));
        String diff = new String(get("/api/artifacts/diff/" + to + "/" + MAIN + "?against_session=" + from, writer(ORG)).body(),
            StandardCharsets.UTF_8);
        assertEquals(diff, js("return document.querySelector('#compare-diff-body pre.diff').textContent"));
        assertEquals(List.of("-  bucket = \"site-old\""), linesByKind("#compare-diff-body").get("diff-del"));
        assertEquals("compare-diff-title", js("return document.activeElement.id"));
        accessibleNames();
        browser.screenshot("compare-sessions");

        // Back to a session from the comparison.
        driver.findElement(By.cssSelector(".session-link[data-session-id='" + to + "']")).click();
        visible(By.cssSelector("#artifacts-tree li.file[data-path='terraform/new.tf']"));
        assertFalse(driver.findElement(By.id("compare-view")).isDisplayed());
    }

    // ------------------------------------------------------------------------------------------- share links

    @Test
    void shareDialogCreatesALinkThatAFreshBrowserWithoutATokenDownloads() throws Exception {
        UUID session = sessionWithTwoVersions("Share a file");
        open(writer(ORG), fileHash(session, MAIN));
        visible(By.id("file-share")).click();
        assertTrue(visible(By.id("share-title")).getText().contains("Share main.tf"));
        assertEquals(List.of("1 hour", "1 day", "7 days", "30 days", "Seconds…"),
            new Select(driver.findElement(By.id("share-expiry"))).getOptions().stream().map(WebElement::getText).toList());
        new Select(driver.findElement(By.id("share-expiry"))).selectByVisibleText("1 day");
        driver.findElement(By.id("share-limit")).sendKeys("2");
        driver.findElement(By.id("share-submit")).click();
        String url = await(d -> {
            String value = d.findElement(By.id("share-url")).getAttribute("value");
            return value == null || value.isEmpty() ? null : value;
        });
        assertTrue(url.matches(java.util.regex.Pattern.quote(base()) + "/s/[A-Za-z0-9_-]{43,}"), url);
        assertTrue(driver.findElement(By.id("share-copy")).isDisplayed());
        assertTrue(driver.findElement(By.id("share-status")).getText().contains("2 downloads allowed"));
        browser.screenshot("share-dialog");
        driver.findElement(By.id("share-close")).click();

        JsonObject share = shares(session).getJsonObject(0);
        assertEquals(MAIN, share.getString("path"));
        assertEquals(2, share.getInt("max_downloads"));
        Duration life = Duration.between(OffsetDateTime.parse(share.getString("created_at")),
            OffsetDateTime.parse(share.getString("expires_at")));
        assertTrue(Math.abs(life.toSeconds() - 86_400) <= 5, "1 day: " + life);
        By row = By.cssSelector("#shares-list li.share[data-share-id='" + share.getString("share_id") + "']");
        assertTrue(visible(row).getText().contains("0 of 2 downloads"), driver.findElement(row).getText());

        // A fresh profile: no sessionStorage, no localStorage, no token.
        try (Browser stranger = Browser.start(1024, 768)) {
            stranger.driver.get(url);
            assertEquals("main.tf", stranger.driver.findElement(By.id("share-name")).getText());
            assertEquals(sha256(V2), stranger.driver.findElement(By.id("share-sha256")).getText());
            assertEquals(0L, ((Number) stranger.driver.executeScript(
                "return localStorage.length + sessionStorage.length")).longValue());
            stranger.screenshot("share-landing");
            stranger.driver.findElement(By.id("share-download")).click();
            assertArrayEquals(V2, Files.readAllBytes(stranger.awaitAnyDownload(Duration.ofSeconds(30))));
        }
        driver.findElement(By.id("shares-reload")).click();
        await(d -> d.findElement(row).getText().contains("1 of 2 downloads"));
    }

    @Test
    void revokeRemovesTheLinkFromTheListAndEndsIt() {
        UUID session = sessionWithTwoVersions("Revoke");
        JsonObject created = createShare(session, MAIN, 3600, 1);
        String url = created.getString("url");
        assertEquals(200, get(url, null).statusCode(), "the landing page before revoking");
        open(writer(ORG), "#/sessions/" + session);
        By row = By.cssSelector("#shares-list li.share[data-share-id='" + created.getString("share_id") + "']");
        WebElement item = visible(row);
        assertTrue(item.getText().contains("0 of 1 download"), item.getText());
        item.findElement(By.cssSelector(".share-revoke")).click();
        assertTrue(visible(By.id("confirm-title")).getText().contains("Revoke"));
        driver.findElement(By.id("confirm-ok")).click();

        await(d -> d.findElements(row).isEmpty());
        assertEquals(404, get(url, null).statusCode());
        assertEquals(404, get(url + "/download", null).statusCode());
        assertFalse(shares(session).getJsonObject(0).isNull("revoked_at"));
    }

    @Test
    void shareSessionCreatesALinkToTheWholeSession() {
        UUID session = sessionWithTwoVersions("Share the session");
        open(writer(ORG), "#/sessions/" + session);
        visible(By.id("session-share")).click();
        assertEquals("Share the whole session", visible(By.id("share-title")).getText());
        new Select(driver.findElement(By.id("share-expiry"))).selectByVisibleText("Seconds…");
        WebElement seconds = visible(By.id("share-seconds"));
        seconds.sendKeys("30");
        driver.findElement(By.id("share-submit")).click();
        assertTrue(visible(By.id("share-error")).getText().contains("60"), "refused before asking the API");
        seconds.clear();
        seconds.sendKeys("7200");
        driver.findElement(By.id("share-submit")).click();
        await(d -> !d.findElement(By.id("share-url")).getAttribute("value").isEmpty());
        driver.findElement(By.id("share-close")).click();

        JsonObject share = shares(session).getJsonObject(0);
        assertTrue(share.isNull("path"), "no path: the whole session");
        assertTrue(visible(By.cssSelector("#shares-list li.share[data-path='']")).getText().contains("Whole session (ZIP)"));
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** A session whose terraform/main.tf was uploaded as V1 and replaced by V2 (200), plus a README. */
    private static UUID sessionWithTwoVersions(String title) {
        UUID session = createSession(ORG, title);
        upload(session, "README.md", README, 201);
        upload(session, MAIN, V1, 201);
        upload(session, MAIN, V2, 200);
        return session;
    }

    private static void upload(UUID session, String path, byte[] bytes, int status) {
        HttpResponse<byte[]> response = put(uploadUrl(session, path), writer(ORG), bytes);
        assertEquals(status, response.statusCode(), path + ": " + new String(response.body(), StandardCharsets.UTF_8));
    }

    private static JsonArray versions(UUID session, String path) {
        return json(get("/api/artifacts/versions/" + session + "/" + path, writer(ORG))).getJsonArray("versions");
    }

    private static JsonArray shares(UUID session) {
        return json(get("/api/shares?session_id=" + session, writer(ORG))).getJsonArray("shares");
    }

    private static JsonObject createShare(UUID session, String path, long seconds, Integer maxDownloads) {
        String body = "{\"session_id\":\"" + session + "\",\"path\":\"" + path + "\",\"expires_in\":" + seconds
            + (maxDownloads == null ? "" : ",\"max_downloads\":" + maxDownloads) + "}";
        HttpResponse<byte[]> response = send("POST", "/api/shares", writer(ORG), body.getBytes(StandardCharsets.UTF_8),
            "Content-Type", "application/json");
        assertEquals(201, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return json(response);
    }

    private static String fileHashUrl(UUID session, String path) {
        return base() + "/" + fileHash(session, path);
    }

    /** The text of each diff line under container, by its class (diff-add, diff-del, ...), without the line feed. */
    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> linesByKind(String container) {
        return (Map<String, List<String>>) js("""
            const out = {};
            for (const l of document.querySelectorAll(arguments[0] + ' .diff-line')) {
              const kind = [...l.classList].find(c => c !== 'diff-line');
              (out[kind] ||= []).push(l.textContent.replace(/\\n$/, ''));
            }
            return out;""", container);
    }

    private static String background(String selector) {
        return (String) js("return getComputedStyle(document.querySelector(arguments[0])).backgroundColor", selector);
    }
}
