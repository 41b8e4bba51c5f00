package dev.artifactservice.http;

import java.nio.charset.StandardCharsets;

/**
 * Builds {@code Content-Disposition} values per RFC 6266 with an RFC 8187 {@code filename*} parameter:
 * an ASCII fallback in {@code filename="..."} (no quote, backslash, control or non-ASCII character) and
 * the exact UTF-8 name percent-encoded in {@code filename*=UTF-8''...}.
 */
public final class ContentDisposition {

    private ContentDisposition() {
    }

    /** {@code attachment; filename="..."; filename*=UTF-8''...} for a file name of any characters. */
    public static String attachment(String fileName) {
        return "attachment; " + parameters(fileName);
    }

    /** {@code inline; filename="..."; filename*=UTF-8''...}, for previews. */
    public static String inline(String fileName) {
        return "inline; " + parameters(fileName);
    }

    private static String parameters(String fileName) {
        return "filename=\"" + asciiFallback(fileName) + "\"; filename*=UTF-8''" + encodeRfc8187(fileName);
    }

    /**
     * The name with every character outside printable ASCII, and every {@code "} and {@code \}, replaced by
     * {@code _}; never empty.
     */
    public static String asciiFallback(String fileName) {
        StringBuilder out = new StringBuilder(fileName.length());
        fileName.codePoints().forEach(cp -> {
            boolean printable = cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\';
            out.append(printable ? (char) cp : '_');
        });
        return out.isEmpty() ? "download" : out.toString();
    }

    /** RFC 8187 value-chars: UTF-8 bytes, everything but attr-char percent-encoded with upper-case hex. */
    public static String encodeRfc8187(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isAttrChar(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean isAttrChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || "!#$&+-.^_`|~".indexOf(c) >= 0;
    }
}
