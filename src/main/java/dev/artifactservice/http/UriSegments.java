package dev.artifactservice.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Percent-encoding of URI path segments (RFC 3986 section 3.3): a literal {@code +} stays a plus, and a
 * decoded segment is strict UTF-8.
 */
public final class UriSegments {

    private UriSegments() {
    }

    /** Encodes one segment: every byte outside RFC 3986 unreserved characters becomes {@code %XX}. */
    public static String encode(String segment) {
        StringBuilder out = new StringBuilder(segment.length() + 8);
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /**
     * Whether a raw (still percent-encoded) path or query, as received, holds only what RFC 3986 sections 3.3
     * and 3.4 allow there: unreserved and sub-delimiter characters, {@code : @ / ?} and {@code %} escapes. ASCII
     * controls, space, {@code " < > \\ ^ ` { | }} and {@code [ ]} are not; characters beyond ASCII are left to
     * the decoder (browsers send them encoded, and the container reads raw UTF-8 leniently).
     */
    public static boolean isWellFormed(String raw) {
        if (raw == null) {
            return true;
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                    || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    return false;
                }
            } else if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** Encodes a slash-separated path segment by segment, keeping the slashes. */
    public static String encodePath(String path) {
        List<String> encoded = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            encoded.add(encode(segment));
        }
        return String.join("/", encoded);
    }

    /** The value of an ASCII hex digit, or -1 (Character.digit would also take non-ASCII digits). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Decodes one percent-encoded segment, or a whole path (a literal {@code /} stays as it is and {@code %2F}
     * becomes one too), as UTF-8.
     *
     * @throws IllegalArgumentException on a malformed escape or bytes that are not UTF-8
     */
    public static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteBuffer bytes = ByteBuffer.allocate(segment.length() * 4);
        for (int i = 0; i < segment.length(); ) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    throw new IllegalArgumentException("incomplete percent-escape");
                }
                int hi = hexDigit(segment.charAt(i + 1));
                int lo = hexDigit(segment.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("malformed percent-escape");
                }
                bytes.put((byte) ((hi << 4) | lo));
                i += 3;
            } else {
                int cp = segment.codePointAt(i);
                bytes.put(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(bytes)
                .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("percent-escapes are not UTF-8", e);
        }
    }
}
