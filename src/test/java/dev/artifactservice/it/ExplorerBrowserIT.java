package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The OpenAPI explorer Liberty serves at {@code /openapi/ui} (Swagger UI), in a real headless Chromium against the
 * real service: authorized with a bearer token through its own Authorize dialog, it downloads an artifact in a
 * folder and uploads one into a folder through "Try it out" and "Execute". Swagger UI sends the {@code path}
 * parameter with {@code encodeURIComponent}, so {@code terraform/main.tf} goes out as {@code terraform%2Fmain.tf}:
 * these tests pin that such a path is the artifact {@code terraform/main.tf} (API.md, "Paths"). Screenshots go to
 * {@code target/screenshots/}. Skipped, with a message, where Chromium is not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExplorerBrowserIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();
    private static final String DOWNLOAD = "/api/artifacts/download/{session_id}/{path}";
    private static final String UPLOAD = "/api/artifacts/upload/{session_id}/{path}";
    private static final byte[] MAIN_TF = ("terraform {\n  required_version = \">= 1.6\"\n}\n\n"
        + "resource \"aws_s3_bucket\" \"thumbnails\" {\n  bucket = \"thumbnails-é-測試\"\n}\n")
        .getBytes(StandardCharsets.UTF_8);

    private static Browser browser;
    private static WebDriver driver;
    private static UUID session;

    @BeforeAll
    static void startBrowserAndUpload() {
        // Without Chromium every test of the class is skipped, with the reason.
        Assumptions.assumeTrue(Browser.unavailableReason().isEmpty(), () -> Browser.unavailableReason().get());
        session = createSession(ORG, "Explorer session");
        HttpResponse<byte[]> uploaded = put(uploadUrl(session, "terraform/main.tf"), writer(ORG), MAIN_TF);
        assertEquals(201, uploaded.statusCode(), new String(uploaded.body(), StandardCharsets.UTF_8));
        browser = Browser.start(1440, 1000);
        driver = browser.driver;
        driver.get(base() + "/openapi/ui/");
        authorize(writer(ORG));
    }

    @AfterAll
    static void closeBrowser() {
        Optional.ofNullable(browser).ifPresent(Browser::close);
    }

    @Test
    @Order(1)
    void downloadsAnArtifactInAFolderThroughTryItOut() throws Exception {
        WebElement operation = tryItOut("get", DOWNLOAD);
        fill(operation, "session_id", session.toString());
        fill(operation, "path", "terraform/main.tf");
        WebElement response = execute(operation);

        assertEquals("200", response.findElement(By.cssSelector(".response-col_status")).getText().trim());
        String requestUrl = operation.findElement(By.cssSelector(".request-url pre")).getText();
        assertTrue(requestUrl.endsWith("/api/artifacts/download/" + session + "/terraform%2Fmain.tf"),
            "the explorer encodes the slash of the path parameter: " + requestUrl);
        HttpResponse<byte[]> api = get(downloadUrl(session, "terraform/main.tf"), writer(ORG));
        String headers = response.findElement(By.cssSelector(".response-col_description")).getText();
        assertTrue(headers.contains("etag: " + header(api, "ETag")), headers);
        assertArrayEquals(MAIN_TF, shownBody(response), "the body the explorer shows is the stored file");
        browser.screenshot("explorer-download");
    }

    @Test
    @Order(2)
    void uploadsIntoAFolderThroughTryItOut() throws Exception {
        String path = "terraform/docs/notes/readme.md";
        byte[] content = "# Notes\n\nUploaded through the explorer: ✓ 測試\n".getBytes(StandardCharsets.UTF_8);
        WebElement operation = tryItOut("put", UPLOAD);
        fill(operation, "session_id", session.toString());
        fill(operation, "path", path);
        setBody(operation, content);
        WebElement response = execute(operation);

        assertEquals("201", response.findElement(By.cssSelector(".response-col_status")).getText().trim(),
            response.getText());
        String requestUrl = operation.findElement(By.cssSelector(".request-url pre")).getText();
        assertTrue(requestUrl.endsWith("/api/artifacts/upload/" + session + "/terraform%2Fdocs%2Fnotes%2Freadme.md"),
            requestUrl);
        HttpResponse<byte[]> stored = get(downloadUrl(session, path), writer(ORG));
        assertEquals(200, stored.statusCode());
        assertArrayEquals(content, stored.body(), "stored at " + path + " with the bytes given");
        List<String> paths = json(get("/api/artifacts/list/" + session, writer(ORG))).getJsonArray("artifacts")
            .getValuesAs(jakarta.json.JsonObject.class).stream().map(a -> a.getString("path")).sorted().toList();
        assertEquals(List.of("terraform/docs/notes/readme.md", "terraform/main.tf"), paths);
        assertTrue(objectKeys(TEST_BUCKET, artifactKey(ORG, session, "terraform/docs/notes/"))
            .contains(artifactKey(ORG, session, path)), "the S3 key keeps the folders");
        browser.screenshot("explorer-upload");
    }

    // ------------------------------------------------------------------------------------------- Swagger UI

    /** Clicks Authorize, enters the token for the bearer scheme, confirms, and closes the dialog. */
    private static void authorize(String token) {
        click(visible(By.cssSelector(".scheme-container button.authorize, .auth-wrapper button.authorize")));
        WebElement dialog = visible(By.cssSelector(".dialog-ux .modal-ux"));
        WebElement input = dialog.findElement(By.cssSelector(".auth-container input"));
        input.sendKeys(token);
        click(dialog.findElement(By.xpath(".//button[normalize-space()='Authorize']")));
        WebElement scheme = dialog.findElement(By.cssSelector(".auth-container"));
        await(d -> scheme.getText().contains("Authorized")
            && !scheme.findElements(By.xpath(".//button[normalize-space()='Logout']")).isEmpty());
        click(dialog.findElement(By.xpath(".//button[normalize-space()='Close']")));
        await(d -> d.findElements(By.cssSelector(".dialog-ux .modal-ux")).isEmpty());
    }

    /** Opens the operation {@code method path} and presses its "Try it out"; returns the operation block. */
    private static WebElement tryItOut(String method, String path) {
        By block = By.xpath("//div[contains(concat(' ', normalize-space(@class), ' '), ' opblock-" + method + " ')]"
            + "[.//*[contains(@class, 'opblock-summary-path') and @data-path='" + path + "']]");
        WebElement operation = visible(block);
        if (!operation.getAttribute("class").contains("is-open")) {
            click(operation.findElement(By.cssSelector(".opblock-summary-control, .opblock-summary")));
        }
        click(visible(operation, By.cssSelector("button.try-out__btn")));
        visible(operation, By.cssSelector("button.execute"));
        return operation;
    }

    /** Types {@code value} into the explorer's field for the path or query parameter {@code name}. */
    private static void fill(WebElement operation, String name, String value) {
        WebElement input = visible(operation, By.cssSelector("tr[data-param-name='" + name + "'] input"));
        input.clear();
        input.sendKeys(value);
        await(d -> value.equals(input.getAttribute("value")));
    }

    /**
     * Gives the request body: a file chosen in the file field where the explorer offers one (binary bodies), or
     * the text in its body editor.
     */
    private static void setBody(WebElement operation, byte[] content) throws Exception {
        WebElement body = visible(operation, By.cssSelector(".opblock-section-request-body"));
        List<WebElement> file = body.findElements(By.cssSelector("input[type='file']"));
        if (!file.isEmpty()) {
            Path upload = Files.createTempDirectory("it-explorer").resolve("readme.md");
            Files.write(upload, content);
            file.get(0).sendKeys(upload.toString());
        } else {
            WebElement text = visible(body, By.cssSelector("textarea"));
            text.clear();
            text.sendKeys(new String(content, StandardCharsets.UTF_8));
            await(d -> new String(content, StandardCharsets.UTF_8).equals(text.getAttribute("value")));
        }
    }

    /** Presses Execute and waits for the live response the explorer shows. */
    private static WebElement execute(WebElement operation) {
        click(operation.findElement(By.cssSelector("button.execute")));
        return visible(operation, By.cssSelector(".live-responses-table .response"));
    }

    /**
     * The response body the explorer shows: the file its "Download file" link saves (Chromium's download folder),
     * or the text of its body panel.
     */
    private static byte[] shownBody(WebElement response) throws Exception {
        List<WebElement> link = response.findElements(By.cssSelector(".response-col_description a[download]"));
        if (!link.isEmpty()) {
            String name = link.get(0).getAttribute("download");
            click(link.get(0));
            return Files.readAllBytes(browser.awaitDownload(name.isEmpty() ? "main.tf" : name, Duration.ofSeconds(30)));
        }
        String text = (String) ((JavascriptExecutor) driver).executeScript(
            "return arguments[0].querySelector('.response-col_description .highlight-code pre').textContent",
            response);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void click(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        await(d -> element.isDisplayed() && element.isEnabled());
        element.click();
    }

    private static <T> T await(Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(30)).until(condition::apply);
        } catch (TimeoutException e) {
            browser.screenshot("explorer-failure-" + System.nanoTime());
            throw e;
        }
    }

    private static WebElement visible(By by) {
        return await(d -> {
            List<WebElement> found = d.findElements(by);
            return !found.isEmpty() && found.get(0).isDisplayed() ? found.get(0) : null;
        });
    }

    private static WebElement visible(WebElement within, By by) {
        return await(d -> {
            List<WebElement> found = within.findElements(by);
            return !found.isEmpty() && found.get(0).isDisplayed() ? found.get(0) : null;
        });
    }
}
