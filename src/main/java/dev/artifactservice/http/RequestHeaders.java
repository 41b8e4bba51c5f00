package dev.artifactservice.http;

import dev.artifactservice.failure.BadInputException;
import dev.artifactservice.failure.ServiceException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of request headers shared by resources; malformed values become 400 problems. */
public final class RequestHeaders {

    private static final Pattern SHA256_DIGEST = Pattern.compile("(?:^|,)\\s*sha-256\\s*=\\s*([^,]*)");

    private RequestHeaders() {
    }

    /**
     * The SHA-256 of a {@code Repr-Digest} (RFC 9530) as lower-case hex, or null when the header is absent
     * or names only other algorithms.
     *
     * @throws ServiceException 400 when the sha-256 value is not 32 bytes of base64
     */
    public static String reprDigestSha256(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Matcher m = SHA256_DIGEST.matcher(header);
        if (!m.find()) {
            return null;
        }
        try {
            // RFC 9530 values are RFC 8941 byte sequences: base64 between colons.
            String value = m.group(1).trim();
            if (value.length() < 2 || value.charAt(0) != ':' || value.charAt(value.length() - 1) != ':') {
                throw new IllegalArgumentException("not a byte sequence");
            }
            byte[] digest = Base64.getDecoder().decode(value.substring(1, value.length() - 1));
            if (digest.length != 32) {
                throw new IllegalArgumentException("length " + digest.length);
            }
            return HexFormat.of().formatHex(digest);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("Repr-Digest sha-256 must be the base64 of 32 bytes: sha-256=:...:");
        }
    }

    /**
     * The {@code Content-Length} in bytes, or -1 when absent (chunked transfer).
     *
     * @throws ServiceException 400 when it is not a non-negative integer
     */
    public static long contentLength(String header) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        try {
            long length = Long.parseLong(header.trim());
            if (length < 0) {
                throw new NumberFormatException(header);
            }
            return length;
        } catch (NumberFormatException e) {
            throw new BadInputException("Content-Length must be a non-negative integer.");
        }
    }
}
