package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artifactservice.local.TokenMinter;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The artifacts page in a real headless Chromium against the real service: sign-in, sessions, the tree against the
 * list API, previews, downloads and ZIPs compared byte for byte with the API's, pre-signed links fetched, upload by
 * the control and by drag and drop, delete, the error, empty and read-only states, and a narrow screen.
 * Screenshots go to {@code target/screenshots/}. Skipped, with a message, where Chromium is not installed.
 */
class PageBrowserIT extends PageItBase {

    private static final UUID ORG = UUID.randomUUID();
    private static Map<String, byte[]> demoFiles;
    private static UUID demo;      // the demo session's files, only read
    private static UUID scratch;   // a copy that tests upload to and delete from
    private static UUID empty;     // no artifacts

    @BeforeAll
    static void startBrowserAndUploadSessions() {
        if (Browser.unavailableReason().isPresent()) {
            startBrowser("PageBrowserIT");
            return;
        }
        demoFiles = readTree(Path.of(System.getProperty("it.demo.dir")));
        demo = createSession(ORG, "Thumbnail service (browser test)");
        scratch = createSession(ORG, "Scratch session");
        for (Map.Entry<String, byte[]> file : demoFiles.entrySet()) {
            for (UUID session : List.of(demo, scratch)) {
                HttpResponse<byte[]> response = put(uploadUrl(session, file.getKey()), writer(ORG), file.getValue());
                assertEquals(201, response.statusCode(), file.getKey() + ": " + new String(response.body()));
            }
        }
        empty = createSession(ORG, "Empty session");
        startBrowser("PageBrowserIT");
    }

    @AfterAll
    static void closeBrowser() {
        stopBrowser();
    }

    // ------------------------------------------------------------------------------------------- sign-in

    @Test
    void signingInWithAPastedTokenListsTheOrganizationsSessionsNewestFirst() {
        driver.get(base() + "/page/config");
        js("sessionStorage.clear()");
        driver.get(base() + "/");
        awaitReady();
        WebElement input = visible(By.id("token-input"));
        assertFalse(driver.findElement(By.id("demo-token")).isDisplayed(), "no demo-token button outside local mode");
        input.sendKeys(writer(ORG));
        driver.findElement(By.id("sign-in-submit")).click();
        await(d -> d.findElements(By.cssSelector(".session-link")).size() >= 3);

        List<String> shown = driver.findElements(By.cssSelector(".session-link")).stream()
            .map(e -> e.getAttribute("data-session-id")).toList();
        List<String> api = new ArrayList<>();
        for (JsonValue s : json(get("/api/sessions", writer(ORG))).getJsonArray("sessions")) {
            api.add(s.asJsonObject().getString("session_id"));
        }
        assertEquals(api, shown, "sessions in the API's order, newest first");
        assertEquals(List.of(empty.toString(), scratch.toString(), demo.toString()), shown.subList(0, 3));
        String demoText = driver.findElement(By.cssSelector(".session-link[data-session-id='" + demo + "']")).getText();
        assertTrue(demoText.contains(demoFiles.size() + " files"), demoText);
        assertTrue(driver.findElement(By.id("identity-text")).getText().contains(ORG.toString()));
        assertEquals(writer(ORG).length(), ((String) js("return sessionStorage.getItem(arguments[0])", TOKEN_KEY)).length(),
            "the token is kept in sessionStorage (this tab only)");
    }

    @Test
    void anExpiredTokenShowsTheServicesProblemDetail() {
        String expired = TokenMinter.mint(key(), TokenMinter.DEFAULT_ISSUER, "alice", ORG.toString(),
            List.of(READ, WRITE), -3600); // well past MP JWT's clock skew allowance
        String detail = json(get("/api/sessions", expired)).getString("detail");
        open(expired, "#/sessions/" + demo);
        WebElement error = visible(By.cssSelector("#sessions-state .state.error"));
        assertTrue(error.getText().contains(detail), error.getText() + " should contain " + detail);
        assertTrue(error.getText().contains("HTTP 401"), error.getText());
        assertTrue(error.getText().contains("Your token expired"), error.getText());
        WebElement artifactsError = visible(By.cssSelector("#artifacts-state .state.error"));
        assertTrue(artifactsError.getText().contains(detail), artifactsError.getText());
        browser.screenshot("error-expired-token");
        error.findElement(By.xpath(".//button[normalize-space()='Sign in again']")).click();
        visible(By.id("token-input"));
        assertNull(js("return sessionStorage.getItem(arguments[0])", TOKEN_KEY));
    }

    // ------------------------------------------------------------------------------------------- the tree

    @Test
    void treeShowsEveryListedArtifactInItsTypeAndFolder() {
        open(writer(ORG), "#/sessions/" + demo);
        await(d -> d.findElements(By.cssSelector("#artifacts-tree li.file")).size() == demoFiles.size());

        JsonObject listing = json(get("/api/artifacts/list/" + demo, writer(ORG)));
        Map<String, JsonObject> api = new LinkedHashMap<>();
        for (JsonValue v : listing.getJsonArray("artifacts")) {
            api.put(v.asJsonObject().getString("path"), v.asJsonObject());
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) js("""
            return [...document.querySelectorAll('#artifacts-tree li.file')].map(li => ({
              path: li.dataset.path, sha256: li.dataset.sha256, size: li.dataset.size,
              type: li.closest('section.type-group').dataset.type,
              folder: (li.parentElement.closest('li.folder') || li.closest('section.type-group')).dataset.folder,
              sizeTitle: li.querySelector('.file-size').title,
              date: li.querySelector('time').getAttribute('datetime'),
              name: li.querySelector('.file-name').textContent }))""");
        assertEquals(api.keySet(), rows.stream().map(r -> (String) r.get("path")).collect(java.util.stream.Collectors.toSet()));
        for (Map<String, Object> row : rows) {
            JsonObject a = api.get((String) row.get("path"));
            String path = a.getString("path");
            assertEquals(a.getString("sha256"), row.get("sha256"), path);
            assertEquals(String.valueOf(a.getJsonNumber("size").longValue()), row.get("size"), path);
            assertEquals(a.getString("type"), row.get("type"), path);
            assertEquals(path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "", row.get("folder"), path);
            assertEquals(path.substring(path.lastIndexOf('/') + 1), row.get("name"), path);
            assertEquals(String.format(java.util.Locale.US, "%,d bytes", a.getJsonNumber("size").longValue()), row.get("sizeTitle"));
            assertEquals(a.getString("created_at"), row.get("date"), path);
        }
        // Sub-modules nest: terraform/modules/network/main.tf sits in modules/ > network/.
        WebElement network = driver.findElement(By.cssSelector("li.folder[data-folder='terraform/modules/network']"));
        assertTrue(network.findElement(By.xpath("ancestor::li[@data-folder='terraform/modules']")).isDisplayed());
        List<String> types = driver.findElements(By.cssSelector("section.type-group")).stream()
            .map(e -> e.getAttribute("data-type")).toList();
        assertEquals(List.of("readme", "cloudformation", "terraform", "lambda", "diagram", "pricing"), types);
        String meta = driver.findElement(By.id("session-meta")).getText();
        assertTrue(meta.contains(demoFiles.size() + " files"), meta);
        accessibleNames();
    }

    @Test
    void emptySessionSaysSo() {
        open(writer(ORG), "#/sessions/" + empty);
        WebElement state = visible(By.cssSelector("#artifacts-state .state.empty"));
        assertTrue(state.getText().contains("No artifacts generated yet."), state.getText());
        assertFalse(driver.findElement(By.id("download-all")).isEnabled());
    }

    @Test
    void readersSeeNoUploadOrDelete() {
        open(token(ORG, "reader", READ), fileHash(demo, "lambda/handler.py"));
        visible(By.cssSelector("#preview-body pre.code"));
        assertFalse(driver.findElement(By.id("upload-open")).isDisplayed());
        assertFalse(driver.findElement(By.id("file-delete")).isDisplayed());
        assertTrue(driver.findElement(By.id("identity-text")).getText().contains("read only"));
    }

    // ------------------------------------------------------------------------------------------- previews

    @Test
    void readmeIsRenderedFromMarkdownWithTheSessionsImage() {
        open(writer(ORG), "#/sessions/" + demo);
        await(d -> !d.findElements(By.cssSelector("li.file[data-path='README.md'] a.file-open")).isEmpty());
        driver.findElement(By.cssSelector("li.file[data-path='README.md'] a.file-open")).click();
        WebElement title = visible(By.cssSelector("article.markdown h1"));
        assertEquals("thumbsvc: serverless image-thumbnail service", title.getText());
        assertTrue(driver.findElements(By.cssSelector("article.markdown table")).size() >= 2, "Markdown tables rendered");
        assertFalse(driver.findElements(By.cssSelector("article.markdown pre code.hljs")).isEmpty(), "code blocks highlighted");
        await(d -> Boolean.TRUE.equals(js("const i = document.querySelector('article.markdown img');"
            + " return !!i && i.src.startsWith('blob:') && i.complete && i.naturalWidth > 0")));
        assertEquals("true", driver.findElement(By.cssSelector("li.file[data-path='README.md'] a.file-open")).getAttribute("aria-current"));
        browser.screenshot("preview-readme");
    }

    @Test
    void markdownIsSanitised() {
        String evil = String.join("\n", "# Evil", "",
            "<script>window.__evil = 'script'</script>",
            "<img src=\"x\" onerror=\"window.__evil = 'onerror'\">",
            "<a id=\"js\" href=\"javascript:window.__evil='link'\">click</a>",
            "<iframe src=\"javascript:parent.__evil='iframe'\"></iframe>",
            "<form action=\"https://example.invalid\"><input name=q></form>", "");
        assertEquals(201, put(uploadUrl(scratch, "evil.md"), writer(ORG), evil.getBytes(StandardCharsets.UTF_8)).statusCode());
        open(writer(ORG), fileHash(scratch, "evil.md"));
        assertEquals("Evil", visible(By.cssSelector("article.markdown h1")).getText());
        // The page is done with the Markdown once it has replaced the image that is no file of the session.
        assertTrue(visible(By.cssSelector("article.markdown .notice")).getText().contains("image not shown"));
        assertNull(js("return window.__evil"), "no script of the Markdown ran");
        assertEquals(0L, js("return document.querySelectorAll('article.markdown script, article.markdown iframe,"
            + " article.markdown form, article.markdown [onerror]').length"));
        Object href = js("const a = document.querySelector('article.markdown a'); return a && a.getAttribute('href')");
        assertTrue(href == null || !href.toString().startsWith("javascript:"), String.valueOf(href));
    }

    @Test
    void terraformIsHighlightedAndShownWhole() {
        open(writer(ORG), fileHash(demo, "terraform/main.tf"));
        WebElement code = visible(By.cssSelector("#preview-body pre.code code.language-hcl"));
        assertEquals(new String(demoFiles.get("terraform/main.tf"), StandardCharsets.UTF_8), js("return arguments[0].textContent", code));
        assertFalse(code.findElements(By.cssSelector(".hljs-keyword")).isEmpty(), "keywords highlighted");
        assertFalse(code.findElements(By.cssSelector(".hljs-string")).isEmpty(), "strings highlighted");
        assertTrue(driver.findElement(By.id("preview-facts")).getText().contains(sha256(demoFiles.get("terraform/main.tf"))));
        browser.screenshot("preview-terraform");
    }

    @Test
    void otherCodeAndTextKindsAreHighlighted() {
        for (String[] file : new String[][] {
            {"cloudformation/main.yaml", "language-yaml"}, {"cloudformation/parameters.json", "language-json"},
            {"lambda/handler.py", "language-python"}, {"lambda/requirements.txt", "language-pip-requirements"}}) {
            open(writer(ORG), fileHash(demo, file[0]));
            WebElement code = visible(By.cssSelector("#preview-body pre.code code." + file[1]));
            assertEquals(new String(demoFiles.get(file[0]), StandardCharsets.UTF_8), js("return arguments[0].textContent", code), file[0]);
            assertFalse(code.findElements(By.cssSelector("span[class^='hljs-']")).isEmpty(), file[0] + " highlighted");
        }
    }

    @Test
    void imagesCsvAndPdfArePreviewed() {
        open(writer(ORG), fileHash(demo, "diagrams/architecture.png"));
        awaitImage();
        open(writer(ORG), fileHash(demo, "pricing/estimate.csv"));
        visible(By.cssSelector("#preview-body table.csv"));
        long lines = new String(demoFiles.get("pricing/estimate.csv"), StandardCharsets.UTF_8).strip().lines().count();
        assertEquals(lines - 1, driver.findElements(By.cssSelector("#preview-body table.csv tbody tr")).size());
        assertEquals("service", driver.findElement(By.cssSelector("#preview-body table.csv th")).getText());
        open(writer(ORG), fileHash(demo, "pricing/summary.pdf"));
        WebElement frame = visible(By.cssSelector("#preview-body iframe.pdf-frame"));
        assertTrue(frame.getAttribute("src").startsWith("blob:"), frame.getAttribute("src"));
    }

    @Test
    void svgIsShownAsAnImageWhoseScriptsNeverRun() {
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\" onload=\"parent.__evil='onload'\">"
            + "<script>parent.__evil = 'script'; top.__evil = 'script';</script><rect width=\"40\" height=\"20\" fill=\"teal\"/></svg>";
        assertEquals(201, put(uploadUrl(scratch, "diagrams/evil.svg"), writer(ORG), svg.getBytes(StandardCharsets.UTF_8)).statusCode());
        open(writer(ORG), fileHash(scratch, "diagrams/evil.svg"));
        awaitImage(); // loaded and decoded: an SVG's scripts would have run by now
        assertNull(js("return window.__evil"), "the SVG's script did not run");
        assertEquals(40L, js("return document.querySelector('#preview-body img').naturalWidth"));
    }

    @Test
    void largeTextFilesPreviewTheFirstPartOnly() {
        byte[] big = "0123456789abcdef\n".repeat(20_000).getBytes(StandardCharsets.US_ASCII); // 340,000 bytes
        assertEquals(201, put(uploadUrl(scratch, "lambda/big.txt"), writer(ORG), big).statusCode());
        open(writer(ORG), fileHash(scratch, "lambda/big.txt"));
        WebElement code = visible(By.cssSelector("#preview-body pre.code code"));
        assertEquals(256L * 1024, ((Number) js("return arguments[0].textContent.length", code)).longValue());
        assertTrue(driver.findElement(By.cssSelector("#preview-body .notice")).getText().startsWith("Showing the first 256 KiB of"));
    }

    @Test
    void keyboardOpensAFileAndMovesFocusToItsPreview() {
        open(writer(ORG), "#/sessions/" + demo);
        WebElement link = await(d -> d.findElement(By.cssSelector("li.file[data-path='lambda/handler.py'] a.file-open")));
        js("arguments[0].focus()", link);
        link.sendKeys(Keys.ENTER);
        await(d -> "preview-title".equals(js("return document.activeElement.id")));
        assertTrue(driver.findElement(By.id("preview-title")).getText().contains("handler.py"));
    }

    // ------------------------------------------------------------------------------------------- downloads

    @Test
    void downloadedFileHasTheApisBytes() throws Exception {
        open(writer(ORG), "#/sessions/" + demo);
        clearDownloads();
        await(d -> d.findElement(By.cssSelector("li.file[data-path='terraform/main.tf'] button.icon-button"))).click();
        byte[] saved = Files.readAllBytes(browser.awaitDownload("main.tf", Duration.ofSeconds(30)));
        assertArrayEquals(get(downloadUrl(demo, "terraform/main.tf"), writer(ORG)).body(), saved);
        assertArrayEquals(demoFiles.get("terraform/main.tf"), saved);
        assertTrue(driver.findElement(By.id("transfer-text")).getText().startsWith("Downloaded main.tf"));
    }

    @Test
    void downloadAllZipHasTheBundlesBytes() throws Exception {
        open(writer(ORG), "#/sessions/" + demo);
        clearDownloads();
        visible(By.cssSelector("#artifacts-tree li.file"));
        driver.findElement(By.id("download-all")).click();
        byte[] saved = Files.readAllBytes(browser.awaitDownload("artifacts-" + demo + ".zip", Duration.ofSeconds(60)));
        assertArrayEquals(get("/api/artifacts/bundle/" + demo, writer(ORG)).body(), saved);
        assertEquals(demoFiles.keySet(), zipEntries(saved).keySet());
    }

    @Test
    void zipOfSelectedTypesHoldsOnlyThem() throws Exception {
        open(writer(ORG), "#/sessions/" + demo);
        clearDownloads();
        visible(By.cssSelector("#artifacts-tree li.file"));
        assertFalse(driver.findElement(By.id("download-selected")).isEnabled());
        driver.findElement(By.cssSelector("input.type-select[value='terraform']")).click();
        driver.findElement(By.cssSelector("input.type-select[value='lambda']")).click();
        WebElement button = driver.findElement(By.id("download-selected"));
        assertEquals("Download Terraform, Lambda (ZIP)", button.getText());
        button.click();
        byte[] saved = Files.readAllBytes(browser.awaitDownload("artifacts-" + demo + "-terraform-lambda.zip", Duration.ofSeconds(60)));
        assertArrayEquals(get("/api/artifacts/bundle/" + demo + "?type=terraform&type=lambda", writer(ORG)).body(), saved);
        for (String path : zipEntries(saved).keySet()) {
            assertTrue(path.startsWith("terraform/") || path.startsWith("lambda/"), path);
        }
        assertEquals(demoFiles.keySet().stream().filter(p -> p.startsWith("terraform/") || p.startsWith("lambda/")).count(),
            zipEntries(saved).size());
    }

    @Test
    void copiedPresignedLinkDownloadsTheFileWithoutAToken() {
        open(writer(ORG), fileHash(demo, "lambda/handler.py"));
        visible(By.cssSelector("#preview-body pre.code"));
        new Select(driver.findElement(By.id("link-expiry"))).selectByVisibleText("7 days");
        driver.findElement(By.id("file-link")).click();
        String url = await(d -> {
            String value = d.findElement(By.id("link-url")).getAttribute("value");
            return value == null || value.isEmpty() ? null : value;
        });
        assertTrue(url.contains("X-Amz-Expires=604800"), url);
        String status = driver.findElement(By.id("link-status")).getText();
        assertTrue(status.contains("Valid for 7 days"), status);
        HttpResponse<byte[]> fetched = get(url, null);
        assertEquals(200, fetched.statusCode(), new String(fetched.body(), StandardCharsets.UTF_8));
        assertArrayEquals(demoFiles.get("lambda/handler.py"), fetched.body());
    }

    // ------------------------------------------------------------------------------------------- changes

    @Test
    void fileUploadedWithTheUploadControlAppearsInTheTree() throws IOException {
        Path file = Files.createTempFile("extra", ".tf");
        byte[] bytes = "resource \"null_resource\" \"extra\" {}\n".getBytes(StandardCharsets.UTF_8);
        Files.write(file, bytes);
        String name = file.getFileName().toString();
        try {
            open(writer(ORG), "#/sessions/" + scratch);
            visible(By.cssSelector("#artifacts-tree li.file"));
            driver.findElement(By.id("upload-open")).click();
            WebElement folder = visible(By.id("upload-folder"));
            folder.clear();
            folder.sendKeys("terraform/modules/extra");
            driver.findElement(By.id("upload-files")).sendKeys(file.toString());
            driver.findElement(By.id("upload-submit")).click();
            String path = "terraform/modules/extra/" + name;
            visible(By.cssSelector("li.folder[data-folder='terraform/modules/extra'] li.file[data-path='" + path + "']"));
            assertFalse(driver.findElement(By.id("upload-dialog")).isDisplayed());
            assertArrayEquals(bytes, get(downloadUrl(scratch, path), writer(ORG)).body());
            // The new file is selected and previewed.
            assertTrue(visible(By.cssSelector("#preview-body pre.code code.language-hcl")).getText().contains("null_resource"));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void uploadingOverAnExistingFileAsksBeforeReplacingIt() throws IOException {
        Path dir = Files.createTempDirectory("replace");
        Path file = Files.writeString(dir.resolve("requirements.txt"), "boto3==1.35.0\n");
        try {
            open(writer(ORG), "#/sessions/" + scratch);
            visible(By.cssSelector("#artifacts-tree li.file"));
            driver.findElement(By.id("upload-open")).click();
            WebElement folder = visible(By.id("upload-folder"));
            folder.clear();
            folder.sendKeys("lambda");
            driver.findElement(By.id("upload-files")).sendKeys(file.toString());
            driver.findElement(By.id("upload-submit")).click();
            assertTrue(visible(By.id("confirm-title")).getText().contains("Replace requirements.txt?"));
            driver.findElement(By.id("confirm-ok")).click();
            await(d -> "boto3==1.35.0\n".equals(new String(get(downloadUrl(scratch, "lambda/requirements.txt"), writer(ORG)).body(),
                StandardCharsets.UTF_8)));
            await(d -> ("boto3==1.35.0\n").length() == Integer.parseInt(
                d.findElement(By.cssSelector("li.file[data-path='lambda/requirements.txt']")).getAttribute("data-size")));
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void fileDroppedOnAFolderIsUploadedThereAndDeleteAsksFirst() {
        open(writer(ORG), "#/sessions/" + scratch);
        WebElement target = visible(By.cssSelector("section.type-group[data-type='lambda'] .type-head"));
        // What the browser does for a file dragged from the desktop, with a real File in a DataTransfer.
        js("""
            const dt = new DataTransfer();
            dt.items.add(new File(['print("dropped")\\n'], 'dropped.py', {type: 'text/x-python'}));
            for (const type of ['dragenter', 'dragover', 'drop']) {
              arguments[0].dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: dt}));
            }""", target);
        By row = By.cssSelector("li.file[data-path='lambda/dropped.py']");
        visible(row);
        assertEquals("print(\"dropped\")\n", new String(get(downloadUrl(scratch, "lambda/dropped.py"), writer(ORG)).body(), StandardCharsets.UTF_8));

        open(writer(ORG), fileHash(scratch, "lambda/dropped.py"));
        visible(By.cssSelector("#preview-body pre.code"));
        driver.findElement(By.id("file-delete")).click();
        assertTrue(visible(By.id("confirm-text")).getText().contains("cannot be undone"));
        driver.findElement(By.id("confirm-cancel")).click();
        // Cancel closes the dialog and gives focus back to Delete…, the last thing the page does when nothing is deleted.
        await(d -> !d.findElement(By.id("confirm-dialog")).isDisplayed()
            && "file-delete".equals(js("return document.activeElement.id")));
        assertEquals(200, send("HEAD", downloadUrl(scratch, "lambda/dropped.py"), writer(ORG), null).statusCode());
        driver.findElement(By.id("file-delete")).click();
        visible(By.id("confirm-ok")).click();
        await(d -> d.findElements(row).isEmpty());
        assertEquals(404, send("HEAD", downloadUrl(scratch, "lambda/dropped.py"), writer(ORG), null).statusCode());
        assertTrue(driver.findElement(By.id("preview-placeholder")).isDisplayed());
    }

    // ------------------------------------------------------------------------------------------- screens

    @Test
    void sessionViewScreenshotsWideAndNarrow() {
        open(writer(ORG), fileHash(demo, "terraform/modules/network/main.tf"));
        visible(By.cssSelector("#preview-body pre.code code.language-hcl"));
        driver.findElement(By.cssSelector("input.type-select[value='terraform']")).click();
        new Select(driver.findElement(By.id("link-expiry"))).selectByVisibleText("1 day");
        driver.findElement(By.id("file-link")).click();
        await(d -> d.findElement(By.id("link-status")).getText().contains("Valid for 1 day"));
        browser.screenshot("session-view");
        try {
            driver.manage().window().setSize(new Dimension(390, 844));
            open(writer(ORG), "#/sessions/" + demo);
            visible(By.cssSelector("#artifacts-tree li.file"));
            long scrollWidth = ((Number) js("return document.documentElement.scrollWidth")).longValue();
            long innerWidth = ((Number) js("return window.innerWidth")).longValue();
            assertTrue(scrollWidth <= innerWidth, "no sideways scrolling on a phone: " + scrollWidth + " > " + innerWidth);
            js("document.querySelector('section.type-group[data-type=terraform]').scrollIntoView()");
            browser.screenshot("session-narrow");
        } finally {
            driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static void awaitImage() {
        await(d -> Boolean.TRUE.equals(js("const i = document.querySelector('#preview-body img');"
            + " return !!i && i.src.startsWith('blob:') && i.complete && i.naturalWidth > 0")));
    }

    private static Map<String, byte[]> zipEntries(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }
}
