package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artifactservice.artifact.ArtifactType;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The web page's files over HTTP, without a browser: the page, its module scripts and style, the WebJars it names,
 * its security headers, and the page config (artifact types, no demo token) of a server that is not in local mode.
 */
class WebPageIT extends ItBase {

    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"");
    /** The module specifiers of static import and export-from statements. */
    private static final Pattern IMPORT = Pattern.compile("^\\s*(?:import|export)\\b[^'\"]*?from\\s*['\"]([^'\"]+)['\"]",
        Pattern.MULTILINE);

    @Test
    void pageIsServedAtTheRootWithItsSecurityHeaders() {
        HttpResponse<byte[]> page = get("/", null);
        assertEquals(200, page.statusCode());
        assertTrue(header(page, "Content-Type").startsWith("text/html"), header(page, "Content-Type"));
        String csp = header(page, "Content-Security-Policy");
        assertNotNull(csp, "the page has a Content-Security-Policy");
        assertTrue(csp.contains("script-src 'self'"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertEquals("nosniff", header(page, "X-Content-Type-Options"));
        assertEquals("no-referrer", header(page, "Referrer-Policy"));
        assertTrue(new String(page.body(), StandardCharsets.UTF_8).contains("<script type=\"module\" src=\"js/main.js\">"));
    }

    /**
     * Browsers run a module script only when it is served with a JavaScript media type: every module main.js
     * imports, directly or not, is in the WAR with one, under the page's Content-Security-Policy ({@code script-src
     * 'self'} covers them, with no inline script).
     */
    @Test
    void everyModuleTheScriptImportsIsServedAsJavaScript() {
        URI root = URI.create("http://page/");
        Deque<URI> pending = new ArrayDeque<>(List.of(root.resolve("js/main.js")));
        Set<String> served = new LinkedHashSet<>();
        while (!pending.isEmpty()) {
            URI module = pending.pop();
            if (!served.add(module.getPath())) {
                continue;
            }
            HttpResponse<byte[]> response = get(module.getPath(), null);
            assertEquals(200, response.statusCode(), module.getPath());
            assertTrue(header(response, "Content-Type").contains("javascript"), module + ": " + header(response, "Content-Type"));
            assertTrue(header(response, "Content-Security-Policy").contains("script-src 'self'"), module.getPath());
            Matcher m = IMPORT.matcher(new String(response.body(), StandardCharsets.UTF_8));
            while (m.find()) {
                pending.push(module.resolve(m.group(1)));
            }
        }
        assertTrue(served.contains("/js/api.js") && served.contains("/js/views/preview.js"), served.toString());
        assertTrue(served.size() >= 15, served.toString());
        assertEquals(404, get("/js/package.json", null).statusCode(), "Node.js's module marker stays out of the WAR");
    }

    @Test
    void everyScriptStyleAndIconThePageNamesIsServedFromTheWarOrAWebJar() {
        String html = new String(get("/", null).body(), StandardCharsets.UTF_8);
        List<String> assets = new ArrayList<>();
        Matcher m = ASSET.matcher(html);
        while (m.find()) {
            String path = m.group(1);
            if (path.endsWith(".js") || path.endsWith(".css") || path.endsWith(".svg")) {
                assets.add(path);
            }
        }
        assertTrue(assets.contains("webjars/marked/17.0.1/lib/marked.umd.js"), assets.toString());
        assertTrue(assets.contains("webjars/dompurify/3.3.3/dist/purify.min.js"), assets.toString());
        assertTrue(assets.contains("webjars/highlightjs/11.11.1/highlight.min.js"), assets.toString());
        for (String asset : assets) {
            HttpResponse<byte[]> response = get("/" + asset, null);
            assertEquals(200, response.statusCode(), asset);
            String type = header(response, "Content-Type");
            if (asset.endsWith(".js")) {
                assertTrue(type.contains("javascript"), asset + ": " + type);
            } else if (asset.endsWith(".css")) {
                assertTrue(type.startsWith("text/css"), asset + ": " + type);
            } else {
                assertTrue(type.startsWith("image/svg+xml"), asset + ": " + type);
            }
            assertTrue(response.body().length > 0, asset);
        }
    }

    @Test
    void pageConfigOutsideLocalModeOffersNoDemoToken() {
        HttpResponse<byte[]> config = get("/page/config", null);
        assertEquals(200, config.statusCode());
        assertEquals("application/json", header(config, "Content-Type"));
        assertFalse(json(config).getBoolean("local_mode"));
        assertEquals("no-store", header(config, "Cache-Control"));
        JsonArray types = json(config).getJsonArray("artifact_types");
        assertEquals(ArtifactType.values().length, types.size(), types.toString());
        JsonObject readme = types.getJsonObject(0);
        assertEquals("readme", readme.getString("id"));
        assertTrue(readme.isNull("folder"), readme.toString());
        for (JsonObject type : types.getValuesAs(JsonObject.class)) {
            assertEquals(ArtifactType.ofId(type.getString("id")).label(), type.getString("label"));
        }

        HttpResponse<byte[]> token = get("/page/demo-token", null);
        assertEquals(404, token.statusCode());
        assertEquals("application/problem+json", header(token, "Content-Type"));
        assertFalse(json(token).containsKey("token"));
    }

    @Test
    void inlinePreviewsKeepTheirSandboxPolicyNotThePages() {
        UUID org = UUID.randomUUID();
        UUID session = createSession(org, "page headers");
        assertEquals(201, put(uploadUrl(session, "diagrams/x.svg"), writer(org),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8)).statusCode());
        HttpResponse<byte[]> preview = get(downloadUrl(session, "diagrams/x.svg") + "?disposition=inline", writer(org));
        assertEquals(200, preview.statusCode());
        assertTrue(header(preview, "Content-Security-Policy").startsWith("sandbox"), header(preview, "Content-Security-Policy"));
    }
}
