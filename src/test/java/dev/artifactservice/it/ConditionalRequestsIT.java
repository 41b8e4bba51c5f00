package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Conditional requests by RFC 9110 section 13 on downloads, bundles, uploads and deletes, asserted on the raw
 * response as it comes over the wire: 304 carries the validators and caching headers of the 200 and no content
 * headers; If-Match compares strongly; If-Modified-Since and If-Unmodified-Since work at one-second resolution
 * and give way to If-None-Match and If-Match (section 13.2.2).
 */
class ConditionalRequestsIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();
    private static final String FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT";
    private static final String PAST = "Sun, 06 Nov 1994 08:49:37 GMT";

    private static String auth() {
        return "Bearer " + writer(ORG);
    }

    /** IMF-fixdate (RFC 9110 section 5.6.7): two-digit day, GMT. */
    private static final DateTimeFormatter IMF_FIXDATE =
        DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.ROOT);

    /** The IMF-fixdate {@code seconds} away from {@code httpDate}. */
    private static String shifted(String httpDate, long seconds) {
        return IMF_FIXDATE.format(ZonedDateTime.parse(httpDate, DateTimeFormatter.RFC_1123_DATE_TIME)
            .plusSeconds(seconds).withZoneSameInstant(ZoneOffset.UTC));
    }

    /** Asserts a 304 as RFC 9110 sections 8.6 and 15.4.5 describe it, with the 200's validators. */
    private static void assertNotModified(RawResponse response, RawResponse ok) {
        assertEquals(304, response.status(), response.text());
        // RFC 9110 section 8.6: a Content-Length on a 304 only as the 200's length. The application declares none;
        // Liberty's HTTP channel (26.0.0.3, HttpServiceContextImpl.updateBodyLengthHeaders) writes "Content-Length: 0"
        // on bodiless responses, on 304s not always, and only 1xx and 204 can be exempted. Known, reported; any
        // other value would be ours.
        String length = response.header("Content-Length");
        assertTrue(length == null || length.equals("0"), "no Content-Length of ours on 304: " + response.text());
        assertNull(response.header("Transfer-Encoding"), response.text());
        assertNull(response.header("Content-Type"), response.text());
        assertEquals("", response.body());
        for (String name : new String[] {"ETag", "Last-Modified", "Cache-Control", "Content-Disposition"}) {
            assertNotNull(ok.header(name), name);
            assertEquals(ok.header(name), response.header(name), name);
        }
    }

    private static void assertStatus(int status, RawResponse response) {
        assertEquals(status, response.status(), response.text());
        if (status == 412) {
            assertTrue(response.header("Content-Type").startsWith("application/problem+json"), response.text());
        }
    }

    private static UUID sessionWith(String path, String content) {
        UUID session = createSession(ORG, "conditional");
        assertEquals(201, put(uploadUrl(session, path), writer(ORG), content.getBytes()).statusCode());
        return session;
    }

    /** A new session's one artifact: its download URL and the unconditional 200 answer to it. */
    private record Download(String url, RawResponse ok) {

        static Download of(String path, String content) {
            String url = downloadUrl(sessionWith(path, content), path);
            RawResponse ok = raw("GET", url, "Authorization", auth());
            assertStatus(200, ok);
            return new Download(url, ok);
        }
    }

    @Test
    void downloadNotModifiedCarriesValidatorsButNoContentHeaders() {
        Download download = Download.of("terraform/main.tf", "resource \"x\" \"y\" {}\n");
        String url = download.url();
        RawResponse ok = download.ok();
        String etag = ok.header("ETag");
        String lastModified = ok.header("Last-Modified");

        assertNotModified(raw("GET", url, "Authorization", auth(), "If-None-Match", etag), ok);
        assertNotModified(raw("HEAD", url, "Authorization", auth(), "If-None-Match", etag), ok);
        assertNotModified(raw("GET", url, "Authorization", auth(), "If-None-Match", "\"x\", W/" + etag), ok);
        assertNotModified(raw("GET", url, "Authorization", auth(), "If-None-Match", "*"), ok);
        assertNotModified(raw("GET", url, "Authorization", auth(), "If-Modified-Since", lastModified), ok);
        assertNotModified(raw("HEAD", url, "Authorization", auth(), "If-Modified-Since", FUTURE), ok);
    }

    @Test
    void downloadIfModifiedSinceComparesWholeSecondsAndYieldsToIfNoneMatch() {
        Download download = Download.of("README.md", "# readme\n");
        String url = download.url();
        String etag = download.ok().header("ETag");
        String lastModified = download.ok().header("Last-Modified");

        assertEquals(304, raw("GET", url, "Authorization", auth(), "If-Modified-Since", FUTURE).status());
        assertEquals(304, raw("GET", url, "Authorization", auth(), "If-Modified-Since", lastModified).status());
        assertEquals(304, raw("GET", url, "Authorization", auth(), "If-Modified-Since", shifted(lastModified, 1))
            .status());
        RawResponse older = raw("GET", url, "Authorization", auth(), "If-Modified-Since", shifted(lastModified, -1));
        assertStatus(200, older);
        assertEquals("# readme\n", older.body());
        assertStatus(200, raw("GET", url, "Authorization", auth(), "If-Modified-Since", PAST));
        // An invalid date is ignored.
        assertStatus(200, raw("GET", url, "Authorization", auth(), "If-Modified-Since", "tomorrow"));
        assertStatus(200, raw("GET", url, "Authorization", auth(), "If-Modified-Since", "2100-01-01T00:00:00Z"));
        // If-None-Match present: If-Modified-Since is ignored, either way.
        assertStatus(200, raw("GET", url, "Authorization", auth(), "If-None-Match", "\"other\"",
            "If-Modified-Since", FUTURE));
        assertEquals(304, raw("GET", url, "Authorization", auth(), "If-None-Match", etag,
            "If-Modified-Since", PAST).status());
    }

    @Test
    void downloadIfMatchIsStrongAndComesFirst() {
        Download download = Download.of("README.md", "# readme\n");
        String url = download.url();
        String etag = download.ok().header("ETag");
        String lastModified = download.ok().header("Last-Modified");

        assertStatus(200, raw("GET", url, "Authorization", auth(), "If-Match", etag));
        assertStatus(200, raw("GET", url, "Authorization", auth(), "If-Match", "*"));
        assertStatus(412, raw("GET", url, "Authorization", auth(), "If-Match", "W/" + etag));
        assertStatus(412, raw("HEAD", url, "Authorization", auth(), "If-Match", "\"other\""));
        // If-Match before If-None-Match: a failed If-Match is 412 even though If-None-Match matches.
        assertStatus(412, raw("GET", url, "Authorization", auth(), "If-Match", "\"other\"", "If-None-Match", etag));
        assertStatus(412, raw("GET", url, "Authorization", auth(), "If-Unmodified-Since", PAST));
        assertStatus(200, raw("GET", url, "Authorization", auth(), "If-Unmodified-Since", lastModified));
        // If-Match present: If-Unmodified-Since is ignored.
        assertStatus(200, raw("GET", url, "Authorization", auth(), "If-Match", etag, "If-Unmodified-Since", PAST));
        // An invalid date is ignored.
        assertStatus(200, raw("GET", url, "Authorization", auth(), "If-Unmodified-Since", "not a date"));
    }

    @Test
    void bundleAnswersEveryConditionWithItsLastModified() {
        UUID session = sessionWith("terraform/main.tf", "a\n");
        assertEquals(201, put(uploadUrl(session, "README.md"), writer(ORG), "b\n".getBytes()).statusCode());
        String url = "/api/artifacts/bundle/" + session;
        RawResponse ok = raw("GET", url, "Authorization", auth());
        assertStatus(200, ok);
        String etag = ok.header("ETag");
        String lastModified = ok.header("Last-Modified");
        assertNotNull(lastModified, ok.text());

        assertNotModified(raw("GET", url, "Authorization", auth(), "If-None-Match", etag), ok);
        assertNotModified(raw("GET", url, "Authorization", auth(), "If-None-Match", "W/" + etag), ok);
        assertNotModified(raw("GET", url, "Authorization", auth(), "If-Modified-Since", lastModified), ok);
        assertNotModified(raw("GET", url, "Authorization", auth(), "If-Modified-Since", FUTURE), ok);
        assertStatus(200, raw("GET", url, "Authorization", auth(), "If-Modified-Since", shifted(lastModified, -1)));
        assertStatus(200, raw("GET", url, "Authorization", auth(), "If-Modified-Since", "garbage"));
        assertStatus(200, raw("GET", url, "Authorization", auth(), "If-None-Match", "\"other\"",
            "If-Modified-Since", FUTURE));
        assertStatus(412, raw("GET", url, "Authorization", auth(), "If-Match", "W/" + etag));
        assertStatus(412, raw("GET", url, "Authorization", auth(), "If-Match", "\"other\"", "If-None-Match", etag));
        assertStatus(412, raw("GET", url, "Authorization", auth(), "If-Unmodified-Since", PAST));
        assertStatus(200, raw("GET", url, "Authorization", auth(), "If-Match", etag, "If-Unmodified-Since", PAST));
        // Filtered bundles are conditional too, with their own ETag.
        String filtered = url + "?type=readme";
        RawResponse readme = raw("GET", filtered, "Authorization", auth());
        assertNotEquals(etag, readme.header("ETag"));
        assertNotModified(raw("GET", filtered, "Authorization", auth(), "If-None-Match", readme.header("ETag")), readme);
    }

    @Test
    void bundleLastModifiedMovesWhenAnArtifactLeavesOrChanges() throws InterruptedException {
        UUID session = sessionWith("terraform/main.tf", "a\n");
        assertEquals(201, put(uploadUrl(session, "README.md"), writer(ORG), "b\n".getBytes()).statusCode());
        String url = "/api/artifacts/bundle/" + session;
        RawResponse before = raw("GET", url, "Authorization", auth());
        String lastModified = before.header("Last-Modified");

        // HTTP dates have whole seconds: a change within the same second cannot be told by a date.
        waitForNextSecond();
        assertEquals(204, send("DELETE", "/api/artifacts/" + session + "/README.md", writer(ORG), null).statusCode());
        RawResponse afterDelete = raw("GET", url, "Authorization", auth(), "If-Modified-Since", lastModified);
        assertStatus(200, afterDelete);
        assertNotEquals(before.header("ETag"), afterDelete.header("ETag"));
        assertTrue(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(afterDelete.header("Last-Modified")))
            .isAfter(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(lastModified))), afterDelete.text());

        waitForNextSecond();
        assertEquals(200, put(uploadUrl(session, "terraform/main.tf"), writer(ORG), "c\n".getBytes()).statusCode());
        RawResponse afterUpload = raw("GET", url, "Authorization", auth(), "If-Modified-Since",
            afterDelete.header("Last-Modified"));
        assertStatus(200, afterUpload);
        assertNotEquals(afterDelete.header("ETag"), afterUpload.header("ETag"));
    }

    /**
     * Lets the clock pass into the next whole second. A deliberate sleep, not a wait for something to happen:
     * Last-Modified and If-Modified-Since are HTTP dates of whole seconds, so a change is only newer by date when it
     * is made in a later second than the date it is compared with, and there is no condition to poll but the clock.
     */
    private static void waitForNextSecond() throws InterruptedException {
        Thread.sleep(1_050 - System.currentTimeMillis() % 1_000);
    }

    @Test
    void uploadPreconditionsCompareStronglyAndChangeNothingWhenTheyFail() {
        UUID session = sessionWith("README.md", "one\n");
        String url = uploadUrl(session, "README.md");
        HttpResponse<byte[]> current = get(downloadUrl(session, "README.md"), writer(ORG));
        String etag = header(current, "ETag");
        String lastModified = header(current, "Last-Modified");

        assertEquals(412, put(url, writer(ORG), "two\n".getBytes(), "If-Match", "W/" + etag).statusCode());
        assertEquals(412, put(url, writer(ORG), "two\n".getBytes(), "If-None-Match", etag).statusCode());
        assertEquals(412, put(url, writer(ORG), "two\n".getBytes(), "If-None-Match", "W/" + etag).statusCode());
        assertEquals(412, put(url, writer(ORG), "two\n".getBytes(), "If-Unmodified-Since", PAST).statusCode());
        assertEquals(412, put(url, writer(ORG), "two\n".getBytes(), "If-Match", "\"x\"",
            "If-Unmodified-Since", FUTURE).statusCode());
        assertEquals("one\n", new String(get(downloadUrl(session, "README.md"), writer(ORG)).body()));
        assertEquals(etag, header(get(downloadUrl(session, "README.md"), writer(ORG)), "ETag"));

        // If-Modified-Since applies to GET and HEAD only: a PUT goes ahead (no 304).
        assertEquals(200, put(url, writer(ORG), "two\n".getBytes(), "If-Modified-Since", FUTURE,
            "If-Unmodified-Since", lastModified).statusCode());
        String etag2 = header(get(downloadUrl(session, "README.md"), writer(ORG)), "ETag");
        // If-Match present: If-Unmodified-Since is ignored.
        assertEquals(200, put(url, writer(ORG), "three\n".getBytes(), "If-Match", etag2,
            "If-Unmodified-Since", PAST).statusCode());
        assertEquals("three\n", new String(get(downloadUrl(session, "README.md"), writer(ORG)).body()));

        String fresh = uploadUrl(session, "terraform/new.tf");
        assertEquals(412, put(fresh, writer(ORG), "x".getBytes(), "If-Match", "*").statusCode());
        assertEquals(201, put(fresh, writer(ORG), "x".getBytes(), "If-None-Match", "*",
            "If-Unmodified-Since", PAST).statusCode());
    }

    @Test
    void deletePreconditionsCompareStronglyAndDeleteNothingWhenTheyFail() {
        UUID session = sessionWith("README.md", "one\n");
        String url = "/api/artifacts/" + session + "/README.md";
        HttpResponse<byte[]> current = get(downloadUrl(session, "README.md"), writer(ORG));
        String etag = header(current, "ETag");

        RawResponse weak = raw("DELETE", url, "Authorization", auth(), "If-Match", "W/" + etag);
        assertStatus(412, weak);
        assertStatus(412, raw("DELETE", url, "Authorization", auth(), "If-None-Match", etag));
        assertStatus(412, raw("DELETE", url, "Authorization", auth(), "If-None-Match", "*"));
        assertStatus(412, raw("DELETE", url, "Authorization", auth(), "If-Unmodified-Since", PAST));
        assertEquals(200, get(downloadUrl(session, "README.md"), writer(ORG)).statusCode());
        // If-Match wins over a failing date; If-Modified-Since does not apply to DELETE.
        assertStatus(204, raw("DELETE", url, "Authorization", auth(), "If-Match", etag,
            "If-Unmodified-Since", PAST, "If-Modified-Since", FUTURE));
        assertEquals(404, get(downloadUrl(session, "README.md"), writer(ORG)).statusCode());

        UUID other = sessionWith("README.md", "one\n");
        String otherModified = header(get(downloadUrl(other, "README.md"), writer(ORG)), "Last-Modified");
        assertStatus(412, raw("DELETE", "/api/artifacts/" + other + "/README.md", "Authorization", auth(),
            "If-Unmodified-Since", shifted(otherModified, -1)));
        RawResponse deleted = raw("DELETE", "/api/artifacts/" + other + "/README.md", "Authorization", auth(),
            "If-Unmodified-Since", otherModified);
        assertStatus(204, deleted);
        assertNull(deleted.header("Content-Length"), "RFC 9110 section 8.6: no Content-Length on 204: "
            + deleted.text());
    }
}
