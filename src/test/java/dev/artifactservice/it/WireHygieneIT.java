package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What tools that users bring see on the wire: unencoded characters in a URL are a 400 problem, never a 500;
 * no response carries Liberty's internal {@code $WSEP} header; pre-signed downloads carry no
 * {@code Content-Encoding}; a form media type on a raw upload counts as no type given.
 */
class WireHygieneIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();

    /** RFC 3986 allows none of these unencoded anywhere in a URL; {@code curl -g} sends them as typed. */
    private static final List<String> UNENCODED = List.of("\"", "<", ">", "{", "}", "|", "^", "\\", "`", "[", "]");

    private static void assertProblem(int status, RawResponse response, String what) {
        assertEquals(status, response.status(), what + ": " + response.text());
        assertTrue(response.header("Content-Type").startsWith("application/problem+json"), what + ": "
            + response.text());
        assertTrue(response.body().contains("\"status\":" + status), what + ": " + response.body());
        assertFalse(response.body().contains("Exception"), what + ": " + response.body());
    }

    @Test
    void unencodedCharactersInTheUrlAre400ProblemsAuthenticatedOrNot() {
        UUID session = createSession(ORG, "urls");
        String token = "Bearer " + writer(ORG);
        for (String c : UNENCODED) {
            List<String> targets = List.of("/api/sessions/" + c + "x" + c, "/api/sessions/" + session + c,
                "/api/artifacts/download/" + session + "/terraform/a" + c + "b.tf",
                "/api/sessions?limit=10&x=" + c, "/api/artifacts/list/" + session + "?type=" + c);
            for (String target : targets) {
                assertProblem(400, raw("GET", target, "Authorization", token), "authenticated " + target);
                assertProblem(400, raw("PUT", target, "Authorization", token, "Content-Length", "0"),
                    "authenticated PUT " + target);
                // Without a token, or with one that is not valid: the URL is what is wrong.
                assertProblem(400, raw("GET", target), "anonymous " + target);
                assertProblem(400, raw("GET", target, "Authorization", "Bearer garbage"), "bad token " + target);
            }
            for (String target : List.of("/" + c, "/index.html?x=" + c, "/page/config" + c)) {
                assertProblem(400, raw("GET", target), "public " + target);
                assertProblem(400, raw("GET", target, "Authorization", token), "public with token " + target);
            }
        }
        // The same URLs encoded are fine.
        assertEquals(200, raw("GET", "/api/sessions?limit=10&x=%7B%7D", "Authorization", token).status());
    }

    @Test
    void noResponseCarriesTheInternalWsepHeader() {
        UUID session = createSession(ORG, "wsep");
        assertEquals(201, put(uploadUrl(session, "README.md"), writer(ORG), "x".getBytes()).statusCode());
        String token = "Bearer " + writer(ORG);
        String noGroups = "Bearer " + token(ORG, "bob");
        Map<String, RawResponse> answers = new java.util.LinkedHashMap<>();
        answers.put("401 no token", raw("GET", "/api/sessions"));
        answers.put("401 bad token", raw("GET", "/api/sessions", "Authorization", "Bearer garbage"));
        answers.put("403 no group", raw("GET", "/api/sessions", "Authorization", noGroups));
        answers.put("400 strict path", raw("GET", "/api/sessions//x", "Authorization", token));
        answers.put("400 encoded slash", raw("GET", "/api/artifacts/download/" + session + "/a%2Fb", "Authorization",
            token));
        answers.put("400 unencoded", raw("GET", "/api/sessions/{x}", "Authorization", token));
        answers.put("404 api", raw("GET", "/api/nothing-here", "Authorization", token));
        answers.put("404 page", raw("GET", "/nothing-here"));
        answers.put("404 artifact", raw("GET", downloadUrl(session, "terraform/none.tf"), "Authorization", token));
        answers.put("405", raw("PATCH", "/api/sessions", "Authorization", token));
        answers.put("200 list", raw("GET", "/api/sessions", "Authorization", token));
        answers.put("200 download", raw("GET", downloadUrl(session, "README.md"), "Authorization", token));
        answers.put("200 page", raw("GET", "/"));
        answers.put("401 via ODR", raw("GET", "/api/sessions", "Via", "1.1 On-Demand Router"));
        answers.put("404 via ODR", raw("GET", "/nothing-here", "Via", "1.1 On-Demand Router"));
        for (Map.Entry<String, RawResponse> answer : answers.entrySet()) {
            RawResponse response = answer.getValue();
            String expected = answer.getKey().substring(0, 3);
            assertEquals(expected, String.valueOf(response.status()), answer.getKey() + ": " + response.text());
            for (Map.Entry<String, String> field : response.headers()) {
                assertFalse(field.getKey().toUpperCase(java.util.Locale.ROOT).startsWith("$WS"),
                    answer.getKey() + ": " + response.text());
            }
        }
    }

    @Test
    void preSignedDownloadsCarryNoContentEncoding() throws Exception {
        UUID session = createSession(ORG, "presign encoding");
        String token = writer(ORG);
        byte[] small = "resource \"a\" \"b\" {}\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, put(uploadUrl(session, "terraform/main.tf"), token, small).statusCode());
        // A chunked upload (no Content-Length) takes the streamed path to S3.
        byte[] chunked = new byte[300_000];
        new java.util.Random(7).nextBytes(chunked);
        HttpResponse<byte[]> streamed = HTTP.send(HttpRequest.newBuilder(URI.create(base()
                + uploadUrl(session, "lambda/layer.zip")))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(chunked)))
            .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(201, streamed.statusCode(), new String(streamed.body()));
        List<String> urls = new ArrayList<>();
        for (String path : List.of("terraform/main.tf", "lambda/layer.zip", "bundle.zip")) {
            HttpResponse<byte[]> link = get("/api/artifacts/download-url/" + session + "/" + path, token);
            assertEquals(200, link.statusCode(), new String(link.body()));
            urls.add(json(link).getString("download_url"));
        }
        HttpResponse<byte[]> first = get(urls.get(0), null);
        assertEquals(200, first.statusCode());
        assertArrayEquals(small, first.body());
        HttpResponse<byte[]> second = get(urls.get(1), null);
        assertEquals(200, second.statusCode());
        assertArrayEquals(chunked, second.body());
        HttpResponse<byte[]> bundle = get(urls.get(2), null);
        assertEquals(200, bundle.statusCode());
        for (HttpResponse<byte[]> response : List.of(first, second, bundle)) {
            assertNull(header(response, "Content-Encoding"), response.uri() + " " + response.headers().map());
            assertFalse(response.uri().toString().contains("response-content-encoding"), response.uri().toString());
        }
    }

    @Test
    void formMediaTypesOnARawUploadCountAsNoTypeGiven() {
        UUID session = createSession(ORG, "form types");
        String token = writer(ORG);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};
        Map<String, String> uploads = Map.of(
            "diagrams/curl.png", "application/x-www-form-urlencoded",
            "diagrams/form.png", "multipart/form-data; boundary=----x",
            "diagrams/charset.png", "Application/X-WWW-Form-Urlencoded; charset=UTF-8",
            "terraform/form.tf", "application/x-www-form-urlencoded");
        for (Map.Entry<String, String> upload : uploads.entrySet()) {
            String path = upload.getKey();
            HttpResponse<byte[]> stored = put(uploadUrl(session, path), token, png, "Content-Type", upload.getValue());
            assertEquals(201, stored.statusCode(), new String(stored.body()));
            String expected = path.endsWith(".png") ? "image/png" : "text/plain";
            assertEquals(expected, json(stored).getString("mime_type"), path);
            HttpResponse<byte[]> download = get(downloadUrl(session, path), token);
            assertTrue(header(download, "Content-Type").startsWith(expected), path + " "
                + header(download, "Content-Type"));
        }
        // Any other declared type is kept as given.
        HttpResponse<byte[]> declared = put(uploadUrl(session, "diagrams/x.png"), token, png, "Content-Type",
            "image/x-custom");
        assertEquals("image/x-custom", json(declared).getString("mime_type"));
    }
}
