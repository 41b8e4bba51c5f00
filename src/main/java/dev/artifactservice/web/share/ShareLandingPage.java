package dev.artifactservice.web.share;

import dev.artifactservice.share.ShareLanding;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The HTML of a share link's landing page ({@code GET /s/{token}}) and of its "link ended" pages, in the web page's
 * style ({@code app.css}): no script and no inline style, so the page's Content-Security-Policy holds; every value
 * shown is HTML-escaped.
 */
public final class ShareLandingPage {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
        .withZone(ZoneOffset.UTC);

    private ShareLandingPage() {
    }

    /**
     * The page of a live link: file name, size, SHA-256 (one artifact) or file count (a whole-session bundle),
     * expiry, downloads left, and a Download button linking to {@code downloadHref}.
     *
     * @param root the service's root path ({@code contextPath + "/"}), for the stylesheet and icon
     */
    public static String live(String root, ShareLanding share, String downloadHref) {
        StringBuilder facts = new StringBuilder();
        fact(facts, "File", "<span class=\"mono\" id=\"share-name\">" + escape(share.fileName()) + "</span>");
        fact(facts, "Size", "<span id=\"share-size\" data-bytes=\"" + share.size() + "\">" + escape(size(share.size()))
            + "</span>" + (share.wholeSession() ? " in " + share.fileCount() + (share.fileCount() == 1 ? " file"
            : " files") + " (ZIP)" : ""));
        if (share.sha256() != null) {
            fact(facts, "SHA-256", "<code id=\"share-sha256\" class=\"share-hash\">" + escape(share.sha256()) + "</code>");
        }
        fact(facts, "Link expires", time(share.expiresAt()));
        if (share.downloadsLeft() != null) {
            fact(facts, "Downloads left", "<span id=\"share-downloads-left\">" + share.downloadsLeft() + "</span>");
        }
        String body = "<h1>" + escape(share.fileName()) + "</h1>\n"
            + "<p class=\"hint\">Shared with you through the artifact service. The link needs no sign-in.</p>\n"
            + "<dl class=\"share-facts\">\n" + facts + "</dl>\n"
            + "<div class=\"button-row\"><a class=\"button primary\" id=\"share-download\" href=\""
            + escape(downloadHref) + "\" rel=\"nofollow\" download>Download</a></div>\n";
        return page(root, "Download " + share.fileName(), body);
    }

    /** The page of a link that does not serve (404 unknown or revoked, 410 ended), saying why in {@code detail}. */
    public static String ended(String root, int status, String detail) {
        String title = status == 410 ? "This link has ended" : "No such link";
        String body = "<div class=\"state error\" role=\"alert\"><h1 class=\"error-title\">" + escape(title)
            + "</h1>\n<p class=\"error-detail\" id=\"share-problem\">" + escape(detail) + "</p>\n"
            + "<p class=\"hint\">Ask whoever shared it for a new link.</p></div>\n";
        return page(root, title, body);
    }

    private static void fact(StringBuilder facts, String term, String html) {
        facts.append("  <dt>").append(escape(term)).append("</dt><dd>").append(html).append("</dd>\n");
    }

    private static String time(Instant instant) {
        return "<time datetime=\"" + instant + "\">" + SHOWN.format(instant) + "</time>";
    }

    private static String page(String root, String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<meta name=\"color-scheme\" content=\"light\">\n<meta name=\"robots\" content=\"noindex, nofollow\">\n"
            + "<link rel=\"icon\" href=\"" + escape(root) + "favicon.svg\" type=\"image/svg+xml\">\n"
            + "<link rel=\"stylesheet\" href=\"" + escape(root) + "app.css\">\n"
            + "<title>" + escape(title) + " · Artifact service</title>\n</head>\n<body>\n"
            + "<header class=\"topbar\"><span class=\"brand\">Artifact service</span></header>\n"
            + "<main id=\"main\"><section class=\"card sign-in share-card\">\n" + body + "</section></main>\n"
            + "</body>\n</html>\n";
    }

    /** A byte count as people read it: {@code 512 bytes}, {@code 1.5 KiB (1,536 bytes)}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s (%,d bytes)", value, units[unit], bytes);
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
