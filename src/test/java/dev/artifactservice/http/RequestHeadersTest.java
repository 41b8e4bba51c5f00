package dev.artifactservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.artifactservice.failure.ServiceException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestHeadersTest {

    /** SHA-256 of "hello". */
    private static final String HELLO_HEX = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    private static final String HELLO_B64 = "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=";

    @Test
    void fixtureIsTheSha256OfHello() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(HELLO_HEX, HexFormat.of().formatHex(digest));
        assertEquals(HELLO_B64, Base64.getEncoder().encodeToString(digest));
    }

    @Test
    void sha256DigestGivesLowerCaseHex() {
        assertEquals(HELLO_HEX, RequestHeaders.reprDigestSha256("sha-256=:" + HELLO_B64 + ":"));
    }

    @Test
    void sha256DigestOfArbitraryBytesGivesTheirHex() {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (0xff - i * 7);
        }
        String header = "sha-256=:" + Base64.getEncoder().encodeToString(bytes) + ":";
        assertEquals(HexFormat.of().formatHex(bytes), RequestHeaders.reprDigestSha256(header));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:, sha-256=:"
            + HELLO_B64 + ":",
        "sha-256=:" + HELLO_B64 + ":, sha-512=:AAAA:",
        "  sha-256 = :" + HELLO_B64 + ":",
        "unixsum=:AAAA:,sha-256=:" + HELLO_B64 + ":",
    })
    void sha256IsFoundAmongOtherAlgorithms(String header) {
        assertEquals(HELLO_HEX, RequestHeaders.reprDigestSha256(header));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
        "md5=:XUFAKrxLKna5cZ2REBfFkg==:", "unixsum=:AAAA:", "xsha-256=:" + HELLO_B64 + ":"})
    void otherAlgorithmsOnlyGiveNull(String header) {
        assertNull(RequestHeaders.reprDigestSha256(header));
    }

    @Test
    void absentHeaderGivesNull() {
        assertNull(RequestHeaders.reprDigestSha256(null));
        assertNull(RequestHeaders.reprDigestSha256(""));
        assertNull(RequestHeaders.reprDigestSha256("   "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha-256=:AAAA:", "sha-256=::",
        "sha-256=:LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmA==:",            // 31 bytes
        "sha-256=:LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQAAA==:",        // 34 bytes
        "sha-256=:LPJNul+wow4m6Dsq=xbninhsWHlwfp0JecwQzYpOLmCQ:"})           // padding in the middle
    void sha256OfWrongLengthOrBadBase64Is400(String header) {
        ServiceException e = assertThrows(ServiceException.class, () -> RequestHeaders.reprDigestSha256(header));
        assertEquals(400, e.status());
    }

    /**
     * A sha-256 member whose value is not base64 at all (base64url alphabet, a stray character) must not be
     * taken as "no sha-256 given", or the upload's integrity check is silently skipped.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sha-256=:LPJNul-wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ:",   // base64url '-'
        "sha-256=:not base64!:", "sha-256=:" + HELLO_HEX + "*:"})
    void sha256WithCharactersOutsideBase64Is400(String header) {
        ServiceException e = assertThrows(ServiceException.class, () -> RequestHeaders.reprDigestSha256(header),
            () -> "answered " + RequestHeaders.reprDigestSha256(header));
        assertEquals(400, e.status());
    }

    /**
     * The legacy RFC 3230 {@code Digest} syntax (no colons around the value) still names sha-256: it must be
     * refused, not taken as "no sha-256 given", or the upload's integrity check is silently skipped.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sha-256=" + HELLO_B64, "sha-256=" + HELLO_HEX, "sha-256=:" + HELLO_B64})
    void sha256WithoutColonDelimitersIs400(String header) {
        ServiceException e = assertThrows(ServiceException.class, () -> RequestHeaders.reprDigestSha256(header),
            () -> "answered " + RequestHeaders.reprDigestSha256(header));
        assertEquals(400, e.status());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "0                     | 0",
        "123                   | 123",
        "` 42 `                | 42",
        "10485760              | 10485760",
        "9223372036854775807   | 9223372036854775807",
    })
    void contentLengthIsParsed(String header, long expected) {
        assertEquals(expected, RequestHeaders.contentLength(header));
    }

    @Test
    void absentContentLengthIsMinusOne() {
        assertEquals(-1, RequestHeaders.contentLength(null));
        assertEquals(-1, RequestHeaders.contentLength(""));
        assertEquals(-1, RequestHeaders.contentLength("  "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "1.5", "1e3", "9223372036854775808", "12 34", "0x10"})
    void malformedContentLengthIs400(String header) {
        ServiceException e = assertThrows(ServiceException.class, () -> RequestHeaders.contentLength(header));
        assertEquals(400, e.status());
    }
}
