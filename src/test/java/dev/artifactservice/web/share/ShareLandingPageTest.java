package dev.artifactservice.web.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artifactservice.share.ShareLanding;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ShareLandingPageTest {

    @Test
    void everyValueShownIsEscaped() {
        String html = ShareLandingPage.live("/", new ShareLanding("<img src=x onerror=alert(1)>\"'&.md", 10,
            "ab", false, 1, Instant.parse("2030-01-02T03:04:05Z"), 2), "tok/download");
        assertFalse(html.contains("<img"), html);
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;.md"), html);
        assertTrue(html.contains("<time datetime=\"2030-01-02T03:04:05Z\">2030-01-02 03:04 UTC</time>"), html);
        assertTrue(html.contains("id=\"share-downloads-left\">2<"), html);
        assertFalse(html.contains("<script") || html.contains("style="), "nothing the page's CSP refuses");
        String ended = ShareLandingPage.ended("/ctx/", 410, "expired <b>now</b>");
        assertTrue(ended.contains("expired &lt;b&gt;now&lt;/b&gt;") && ended.contains("href=\"/ctx/app.css\""), ended);
    }

    @Test
    void sizesReadAsPeopleReadThem() {
        assertEquals("0 bytes", ShareLandingPage.size(0));
        assertEquals("1 byte", ShareLandingPage.size(1));
        assertEquals("1023 bytes", ShareLandingPage.size(1023));
        assertEquals("1.5 KiB (1,536 bytes)", ShareLandingPage.size(1536));
        assertEquals("5.0 GiB (5,368,709,120 bytes)", ShareLandingPage.size(5_368_709_120L));
    }
}
