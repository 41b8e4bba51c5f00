package dev.artifactservice.http;

/**
 * A value taken from a request (a JSON key or value, a token's claim, a header) as the service shows it back, in
 * a problem's {@code detail} or in a log line: every control character (Unicode's Cc category) replaced by
 * {@code ?}, so that it cannot break a line or drive a terminal, and cut to a length.
 */
public final class RequestEcho {

    private RequestEcho() {
    }

    /**
     * {@code value} without control characters, cut to its first {@code maxChars} characters followed by
     * {@code ...} when it is longer.
     */
    public static String of(String value, int maxChars) {
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > maxChars ? clean.substring(0, maxChars) + "..." : clean;
    }
}
