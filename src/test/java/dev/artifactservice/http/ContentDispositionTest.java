package dev.artifactservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentDispositionTest {

    /** The whole header: disposition type, quoted fallback, then the RFC 8187 extended value. */
    private static final Pattern HEADER =
        Pattern.compile("(attachment|inline); filename=\"([^\"]*)\"; filename\\*=UTF-8''([A-Za-z0-9!#$&+\\-.^_`|~%]*)");

    private static final String[] TRICKY_NAMES = {
        "main.tf", "my file.tf", "a+b.tf", "say \"hi\".md", "a\\b.md", "a,b.md", "a;b.md", "a\r\nb.md",
        "r\u00e9sum\u00e9.pdf", "\u5831\u544a.md", "\ud83d\ude80.png", "it's.md", "100%.md", "tab\there.md",
        "del\u007f.md", "x=y.md", "\"\\\r\n", "a\u0000b.md",
    };

    /** RFC 8187 value decoding: %XX to bytes, every other character as itself, then UTF-8. No '+' rule. */
    private static String decodeRfc8187(String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                assertTrue(c < 0x80, "raw non-ASCII in filename*: " + value);
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Matcher parse(String header) {
        Matcher m = HEADER.matcher(header);
        assertTrue(m.matches(), "well-formed header: " + header);
        return m;
    }

    @Test
    void plainAsciiNameIsTheSameInBothParameters() {
        assertEquals("attachment; filename=\"main.tf\"; filename*=UTF-8''main.tf", ContentDisposition.attachment("main.tf"));
    }

    @Test
    void spaceIsKeptInFallbackAndPercentEncodedInExtendedValue() {
        assertEquals("attachment; filename=\"my file.tf\"; filename*=UTF-8''my%20file.tf",
            ContentDisposition.attachment("my file.tf"));
    }

    @Test
    void plusIsAnAttrCharAndStaysLiteral() {
        assertEquals("attachment; filename=\"a+b.tf\"; filename*=UTF-8''a+b.tf", ContentDisposition.attachment("a+b.tf"));
    }

    @Test
    void doubleQuoteIsReplacedInFallbackAndEncodedInExtendedValue() {
        assertEquals("attachment; filename=\"say _hi_.md\"; filename*=UTF-8''say%20%22hi%22.md",
            ContentDisposition.attachment("say \"hi\".md"));
    }

    @Test
    void backslashIsReplacedInFallbackAndEncodedInExtendedValue() {
        assertEquals("attachment; filename=\"a_b.md\"; filename*=UTF-8''a%5Cb.md", ContentDisposition.attachment("a\\b.md"));
    }

    @Test
    void commaIsQuotedInFallbackAndEncodedInExtendedValue() {
        assertEquals("attachment; filename=\"a,b.md\"; filename*=UTF-8''a%2Cb.md", ContentDisposition.attachment("a,b.md"));
    }

    @Test
    void semicolonIsQuotedInFallbackAndEncodedInExtendedValue() {
        assertEquals("attachment; filename=\"a;b.md\"; filename*=UTF-8''a%3Bb.md", ContentDisposition.attachment("a;b.md"));
    }

    @Test
    void crAndLfNeverAppearRaw() {
        String header = ContentDisposition.attachment("a\r\nb.md");
        assertEquals("attachment; filename=\"a__b.md\"; filename*=UTF-8''a%0D%0Ab.md", header);
        assertFalse(header.contains("\r"));
        assertFalse(header.contains("\n"));
    }

    @Test
    void accentedNameHasAsciiFallbackAndUtf8ExtendedValue() {
        assertEquals("attachment; filename=\"r_sum_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf",
            ContentDisposition.attachment("r\u00e9sum\u00e9.pdf"));
    }

    @Test
    void cjkNameHasAsciiFallbackAndUtf8ExtendedValue() {
        assertEquals("attachment; filename=\"__.md\"; filename*=UTF-8''%E5%A0%B1%E5%91%8A.md",
            ContentDisposition.attachment("\u5831\u544a.md"));
    }

    @Test
    void emojiIsOneFallbackCharacterAndFourUtf8Bytes() {
        assertEquals("attachment; filename=\"_.png\"; filename*=UTF-8''%F0%9F%9A%80.png",
            ContentDisposition.attachment("\ud83d\ude80.png"));
    }

    @Test
    void inlineUsesTheSameParameters() {
        assertEquals("inline; filename=\"r_sum_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf",
            ContentDisposition.inline("r\u00e9sum\u00e9.pdf"));
    }

    @Test
    void emptyNameGetsANonEmptyFallback() {
        assertEquals("download", ContentDisposition.asciiFallback(""));
    }

    @Test
    void headerIsWellFormedPrintableAsciiForEveryTrickyName() {
        for (String name : TRICKY_NAMES) {
            for (String header : new String[] {ContentDisposition.attachment(name), ContentDisposition.inline(name)}) {
                parse(header);
                assertTrue(header.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable ASCII only: " + header);
            }
        }
    }

    @Test
    void fallbackNeverContainsQuoteBackslashControlOrNonAscii() {
        for (String name : TRICKY_NAMES) {
            String fallback = parse(ContentDisposition.attachment(name)).group(2);
            assertEquals(fallback, ContentDisposition.asciiFallback(name));
            for (char c : fallback.toCharArray()) {
                assertTrue(c >= 0x20 && c < 0x7f && c != '"' && c != '\\',
                    "fallback of " + name.replace("\r", "\\r").replace("\n", "\\n") + " has U+"
                        + Integer.toHexString(c));
            }
        }
    }

    @Test
    void fallbackKeepsOneCharacterPerCodePoint() {
        for (String name : TRICKY_NAMES) {
            assertEquals(name.codePointCount(0, name.length()), ContentDisposition.asciiFallback(name).length(), name);
        }
    }

    @Test
    void extendedValueDecodesBackToTheOriginalName() {
        for (String name : TRICKY_NAMES) {
            String extended = parse(ContentDisposition.attachment(name)).group(3);
            assertEquals(name, decodeRfc8187(extended));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a+b c.tf", "1+1=2.md", "+.md"})
    void extendedValueWithPlusDecodesToPlusNotSpace(String name) {
        String extended = ContentDisposition.encodeRfc8187(name);
        assertTrue(extended.contains("+"), extended);
        assertEquals(name, decodeRfc8187(extended));
    }

    @Test
    void encodeRfc8187KeepsExactlyTheAttrChars() {
        String attrChars = "abcxyzABCXYZ0189!#$&+-.^_`|~";
        assertEquals(attrChars, ContentDisposition.encodeRfc8187(attrChars));
        assertEquals("%20%22%25%27%28%29%2A%2C%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%7B%7D",
            ContentDisposition.encodeRfc8187(" \"%'()*,/:;<=>?@[\\]{}"));
    }
}
