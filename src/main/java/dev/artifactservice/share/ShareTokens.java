package dev.artifactservice.share;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Share link tokens: 256 bits from {@link SecureRandom}, base64url without padding (RFC 4648 section 5, 43
 * characters); the database keeps only their SHA-256 (lower-case hex), so a leaked table does not leak links.
 */
public final class ShareTokens {

    /** Random bytes of a token (256 bits). */
    static final int BYTES = 32;

    /** Characters of a token: 256 bits in base64url without padding. */
    public static final int LENGTH = 43;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ShareTokens() {
    }

    /** A new token. */
    public static String newToken() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code token} has the shape of a token (43 base64url characters); anything else is unknown. */
    public static boolean wellFormed(String token) {
        return token != null && token.length() == LENGTH && token.chars().allMatch(c -> (c >= 'A' && c <= 'Z')
            || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
    }

    /** The lower-case hex SHA-256 of the token's ASCII text: what the database stores and looks links up by. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
