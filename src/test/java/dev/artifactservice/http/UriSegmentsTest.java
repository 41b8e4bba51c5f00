package dev.artifactservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UriSegmentsTest {

    @ParameterizedTest
    @ValueSource(strings = {"main.tf", "my file.tf", "a+b", "100%", "%2F", "%zz", "x=y;z,w", "#?&", "\"'`",
        "/", "a/b", "\u5831\u544a", "\ud83d\ude80", "e\u0301", "\u00e9", "~-._", "\\", "tab\tnew\nline", "", " ",
        "\u0000", "\u007f\u0080\u00ff", "\uffff"})
    void decodeOfEncodeGivesTheOriginal(String segment) {
        String encoded = UriSegments.encode(segment);
        assertTrue(encoded.chars().allMatch(c -> c < 0x80 && c != '/'), "ASCII without slash: " + encoded);
        assertEquals(segment, UriSegments.decode(encoded));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "main.tf          | main.tf",
        "my file.tf       | my%20file.tf",
        "a+b              | a%2Bb",
        "100%             | 100%25",
        "a/b              | a%2Fb",
        "\u00e9           | %C3%A9",
        "\u5831\u544a     | %E5%A0%B1%E5%91%8A",
        "\ud83d\ude80     | %F0%9F%9A%80",
        "~-._             | ~-._",
        "x=y;z,w          | x%3Dy%3Bz%2Cw",
    })
    void encodeKeepsOnlyUnreservedCharactersAndUsesUpperCaseHex(String segment, String expected) {
        assertEquals(expected, UriSegments.encode(segment));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "a+b              | a+b",
        "a%2Bb            | a+b",
        "my%20file        | my file",
        "%c3%a9           | \u00e9",
        "%C3%A9           | \u00e9",
        "%2F              | /",
        "%2e%2e           | ..",
        "x=y;z,w          | x=y;z,w",
        "\u5831           | \u5831",
        "a%25b            | a%b",
    })
    void decodeGivesTheLiteralCharacters(String encoded, String expected) {
        assertEquals(expected, UriSegments.decode(encoded));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%4", "a%4", "%zz", "%G0", "%0G", "%-1", "% 4", "%%41"})
    void malformedEscapeIsRefused(String encoded) {
        assertThrows(IllegalArgumentException.class, () -> UriSegments.decode(encoded));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%ff", "%FE%FF", "%C3", "%C3x", "%C0%AF", "%E5%A0", "%ED%A0%80", "%F8%88%80%80%80",
        "%80"})
    void escapesThatAreNotUtf8AreRefused(String encoded) {
        assertThrows(IllegalArgumentException.class, () -> UriSegments.decode(encoded));
    }

    /** RFC 3986 HEXDIG is ASCII only: Arabic-Indic and full-width digits are not hex digits. */
    @ParameterizedTest
    @ValueSource(strings = {"%\u0664\u0661", "%\uff14\uff11", "%4\uff21", "%\u0662e%\u0662e"})
    void nonAsciiDigitsInEscapeAreRefused(String encoded) {
        assertThrows(IllegalArgumentException.class, () -> UriSegments.decode(encoded),
            () -> "decoded as '" + UriSegments.decode(encoded) + "'");
    }

    @Test
    void encodePathEncodesEachSegmentAndKeepsSlashes() {
        assertEquals("terraform/my%20modules/%E5%A0%B1.tf", UriSegments.encodePath("terraform/my modules/\u5831.tf"));
        assertEquals("README.md", UriSegments.encodePath("README.md"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"", "<", ">", "{", "}", "|", "^", "\\", "`", "[", "]", " ", "\t", "\u007f", "%", "%2",
        "%zz"})
    void urlsWithCharactersRfc3986NeverAllowsUnencodedAreNotWellFormed(String c) {
        assertTrue(!UriSegments.isWellFormed("/api/sessions/" + c + "x"), c);
        assertTrue(!UriSegments.isWellFormed("limit=10&x=" + c), c);
    }

    @Test
    void encodedAndReservedCharactersAreWellFormed() {
        assertTrue(UriSegments.isWellFormed("/api/artifacts/download/s/terraform/a%7Bb%7D%20c.tf"));
        assertTrue(UriSegments.isWellFormed("type=readme&x=a:b@c/d?e!$&'()*+,;=-._~"));
        assertTrue(UriSegments.isWellFormed(null));
        assertTrue(UriSegments.isWellFormed("/r\u00e9sum\u00e9.md"));
    }
}
