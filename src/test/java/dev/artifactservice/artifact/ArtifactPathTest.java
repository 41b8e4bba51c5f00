package dev.artifactservice.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artifactservice.artifact.ArtifactPath.InvalidPathException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactPathTest {

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    // --- API.md "Words": types and names -------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        "cloudformation/main.yaml, CLOUDFORMATION, main.yaml",
        "terraform/modules/vpc/main.tf, TERRAFORM, modules/vpc/main.tf",
        "lambda/handler.py, LAMBDA, handler.py",
        "diagrams/architecture.png, DIAGRAM, architecture.png",
        "pricing/summary.pdf, PRICING, summary.pdf",
        "README.md, README, README.md",
    })
    void examplePathsOfTheContractGiveTheirTypeAndName(String path, ArtifactType type, String name) {
        ArtifactPath p = ArtifactPath.of(path);
        assertEquals(path, p.value());
        assertEquals(type, p.type());
        assertEquals(name, p.name());
    }

    @Test
    void diagramPathIsTypeDiagramWithNameWithoutFolder() {
        ArtifactPath p = ArtifactPath.of("diagrams/x.png");
        assertEquals(ArtifactType.DIAGRAM, p.type());
        assertEquals("x.png", p.name());
        assertEquals("x.png", p.fileName());
    }

    @Test
    void nestedTerraformPathKeepsSubfoldersInName() {
        ArtifactPath p = ArtifactPath.of("terraform/modules/vpc/main.tf");
        assertEquals(ArtifactType.TERRAFORM, p.type());
        assertEquals("modules/vpc/main.tf", p.name());
        assertEquals("main.tf", p.fileName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "notes.MD", "Changes.Md"})
    void markdownFileAtRootIsReadmeNamedByWholePath(String path) {
        ArtifactPath p = ArtifactPath.of(path);
        assertEquals(ArtifactType.README, p.type());
        assertEquals(path, p.name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"main.tf", "README", "README.txt", "architecture.png", "notes.md.txt"})
    void nonMarkdownFileAtRootIsRefused(String path) {
        InvalidPathException e = assertThrows(InvalidPathException.class, () -> ArtifactPath.of(path));
        assertTrue(e.getMessage().contains("terraform/"), "message names the allowed folders: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"docs/x.md", "diagram/x.png", "Terraform/main.tf", "src/main.tf", "README.md/x.md"})
    void unknownFirstFolderIsRefusedNamingAllowedFolders(String path) {
        InvalidPathException e = assertThrows(InvalidPathException.class, () -> ArtifactPath.of(path));
        assertTrue(e.getMessage().contains(ArtifactType.allowedFolders()), e.getMessage());
    }

    // --- API.md "Paths" ------------------------------------------------------------------------

    @Test
    void nfdAndNfcSpellingsGiveTheSameNfcValue() {
        String nfd = "terraform/caf" + "e\u0301" + ".tf";
        String nfc = "terraform/caf" + "\u00e9" + ".tf";
        ArtifactPath fromNfd = ArtifactPath.of(nfd);
        ArtifactPath fromNfc = ArtifactPath.of(nfc);
        assertEquals(nfc, fromNfd.value());
        assertEquals(fromNfc, fromNfd);
        assertEquals("caf\u00e9.tf", fromNfd.name());
    }

    @Test
    void nfdEscapesInEncodedPathAreNormalisedToNfc() {
        ArtifactPath p = ArtifactPath.fromEncoded("terraform/caf" + "e%CC%81" + ".tf");
        assertEquals("terraform/caf\u00e9.tf", p.value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/terraform/main.tf", "terraform/main.tf/", "terraform//main.tf", "terraform/",
        "/", "//"})
    void emptySegmentsAreRefused(String path) {
        assertThrows(InvalidPathException.class, () -> ArtifactPath.of(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"terraform/./main.tf", "terraform/../main.tf", "terraform/modules/..", "terraform/.",
        "./README.md", "../README.md"})
    void dotAndDotDotSegmentsAreRefused(String path) {
        assertThrows(InvalidPathException.class, () -> ArtifactPath.of(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"terraform/.hidden.tf", "terraform/...", "terraform/..x/main.tf", "terraform/a..b.tf"})
    void segmentsThatOnlyContainDotsAmongOtherCharactersAreAccepted(String path) {
        assertEquals(path, ArtifactPath.of(path).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"terraform\\main.tf", "terraform/modules\\vpc/main.tf", "README\\.md"})
    void backslashIsRefused(String path) {
        assertThrows(InvalidPathException.class, () -> ArtifactPath.of(path));
    }

    @Test
    void everyControlCharacterIsRefused() {
        for (int c = 0; c <= 0x1f; c++) {
            String path = "terraform/a" + (char) c + "b.tf";
            assertThrows(InvalidPathException.class, () -> ArtifactPath.of(path), "U+" + Integer.toHexString(c));
        }
        assertThrows(InvalidPathException.class, () -> ArtifactPath.of("terraform/a\u007fb.tf"), "U+007F");
    }

    @Test
    void everyC1ControlCharacterIsRefused() {
        for (int c = 0x80; c <= 0x9f; c++) {
            String path = "terraform/a" + (char) c + "b.tf";
            assertThrows(InvalidPathException.class, () -> ArtifactPath.of(path), "U+" + Integer.toHexString(c));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068,
        0x2069})
    void bidirectionalTextControlsAreRefused(int c) {
        InvalidPathException e = assertThrows(InvalidPathException.class,
            () -> ArtifactPath.of("terraform/report" + (char) c + "fdp.tf"));
        assertTrue(e.getMessage().contains(String.format("U+%04X", c)), e.getMessage());
    }

    @Test
    void otherLettersAndFormatCharactersOfUnicodeAreAccepted() {
        // Right-to-left letters themselves, a zero-width joiner in an emoji sequence, a no-break space and U+00A0's
        // neighbours just past the C1 range.
        for (String name : new String[] {"\u05E9\u05DC\u05D5\u05DD.tf", "\uD83D\uDC69\u200D\uD83D\uDCBB.tf",
            "a\u00A0b.tf", "\u00A1\u00FF.tf"}) {
            assertEquals("terraform/" + name, ArtifactPath.of("terraform/" + name).value());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"%00", "%09", "%0A", "%0D", "%1F", "%7F", "%5C", "%C2%85", "%C2%9B", "%E2%80%AE"})
    void encodedControlCharacterOrBackslashIsRefused(String escape) {
        assertThrows(InvalidPathException.class, () -> ArtifactPath.fromEncoded("terraform/a" + escape + "b.tf"));
    }

    @Test
    void printableNeighboursOfControlCharactersAreAccepted() {
        assertEquals("terraform/a b~.tf", ArtifactPath.of("terraform/a b~.tf").value());
    }

    @Test
    void nameOfExactly255BytesIsAccepted() {
        String name = "a".repeat(252) + ".tf";
        assertEquals(255, utf8Length(name));
        ArtifactPath p = ArtifactPath.of("terraform/" + name);
        assertEquals(name, p.name());
    }

    @Test
    void nameOf256BytesIsRefused() {
        String name = "a".repeat(253) + ".tf";
        assertEquals(256, utf8Length(name));
        assertThrows(InvalidPathException.class, () -> ArtifactPath.of("terraform/" + name));
    }

    @Test
    void nameLimitCountsUtf8BytesNotCharacters() {
        String accepted = "\u00e9".repeat(126) + ".tf";   // 252 + 3 = 255 bytes, 129 chars
        String refused = "\u00e9".repeat(127) + ".tf";    // 254 + 3 = 257 bytes, 130 chars
        assertEquals(255, utf8Length(accepted));
        assertEquals(accepted, ArtifactPath.of("terraform/" + accepted).name());
        assertThrows(InvalidPathException.class, () -> ArtifactPath.of("terraform/" + refused));
    }

    @Test
    void nameLimitAppliesToTheNameWithItsSubfolders() {
        String name = "modules/" + "a".repeat(240) + "/main.tf";  // 8 + 240 + 8 = 256 bytes
        assertEquals(256, utf8Length(name));
        assertThrows(InvalidPathException.class, () -> ArtifactPath.of("terraform/" + name));
    }

    @Test
    void readmeAtRootIsLimitedTo255Bytes() {
        String ok = "a".repeat(252) + ".md";
        String tooLong = "a".repeat(253) + ".md";
        assertEquals(ArtifactType.README, ArtifactPath.of(ok).type());
        assertThrows(InvalidPathException.class, () -> ArtifactPath.of(tooLong));
    }

    @Test
    void maxPathBytesKeepsTheS3KeyWithin1024Bytes() {
        String prefix = "organizations/00000000-0000-0000-0000-000000000000/sessions/"
            + "00000000-0000-0000-0000-000000000000/artifacts/";
        assertEquals(1024 - utf8Length(prefix), ArtifactPath.MAX_PATH_BYTES);
    }

    @Test
    void wholePathOverMaxPathBytesIsRefused() {
        StringBuilder path = new StringBuilder("terraform");
        while (utf8Length(path.toString()) <= ArtifactPath.MAX_PATH_BYTES) {
            path.append('/').append("d".repeat(100));
        }
        path.append("/main.tf");
        assertTrue(utf8Length(path.toString()) > ArtifactPath.MAX_PATH_BYTES);
        assertThrows(InvalidPathException.class, () -> ArtifactPath.of(path.toString()));
    }

    @Test
    void nullPathIsRefused() {
        assertThrows(InvalidPathException.class, () -> ArtifactPath.of(null));
        assertThrows(InvalidPathException.class, () -> ArtifactPath.fromEncoded(null));
    }

    // --- fromEncoded ---------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "terraform%2Fmain.tf                    | terraform/main.tf",
        "terraform%2fmain.tf                    | terraform/main.tf",
        "terraform/modules%2Fvpc/main.tf        | terraform/modules/vpc/main.tf",
        "terraform%2Fmodules%2fvpc%2Fmain.tf    | terraform/modules/vpc/main.tf",
        "terraform%2F%E5%A0%B1%E5%91%8A.tf      | terraform/\u5831\u544a.tf",
    })
    void encodedSlashIsASeparatorLikeAPlainOne(String encoded, String plain) {
        ArtifactPath p = ArtifactPath.fromEncoded(encoded);
        assertEquals(ArtifactPath.of(plain), p);
        assertEquals(ArtifactPath.fromEncoded(plain), p);
        assertEquals(plain.chars().filter(c -> c == '/').count(), p.encoded().chars().filter(c -> c == '/').count(),
            "encoded() spells separators as plain slashes: " + p.encoded());
    }

    @Test
    void encodedSlashBeforeAnUnknownFolderGivesThePlainSpellingsAnswer() {
        InvalidPathException viaEncoded = assertThrows(InvalidPathException.class,
            () -> ArtifactPath.fromEncoded("docs%2Fnotes%2Freadme.md"));
        InvalidPathException viaPlain = assertThrows(InvalidPathException.class,
            () -> ArtifactPath.of("docs/notes/readme.md"));
        assertEquals(viaPlain.getMessage(), viaEncoded.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"terraform%2F%2Fmain.tf", "terraform/a%2F%2Fb.tf", "%2Fterraform/main.tf",
        "terraform/main.tf%2F", "terraform%2F", "%2F", "%2F%2F", "terraform%2F.%2Fmain.tf", "%2E%2E%2FREADME.md",
        "%2e%2e%2fREADME.md", "terraform/a%2F..%2Fb.tf", "terraform%2F..%2F..%2Fx.md", "terraform/..%2fx.tf",
        "terraform/modules%2F%2E%2E/main.tf", "terraform/.%2F.%2Fmain.tf", "terraform%2F%252e%252e%2Fx.tf"})
    void encodedSlashesStillRefuseEmptyAndDotSegments(String encoded) {
        assertThrows(InvalidPathException.class, () -> ArtifactPath.fromEncoded(encoded));
    }

    @ParameterizedTest
    @ValueSource(strings = {"terraform%5Cmain.tf", "terraform/a%5cb.tf", "terraform%2Fa%5C..%5Cb.tf"})
    void encodedBackslashIsStillRefused(String encoded) {
        InvalidPathException e = assertThrows(InvalidPathException.class, () -> ArtifactPath.fromEncoded(encoded));
        assertTrue(e.getMessage().contains("backslash"), e.getMessage());
    }

    @Test
    void doublyEncodedSlashIsAPercentSignInTheName() {
        ArtifactPath p = ArtifactPath.fromEncoded("terraform/a%252Fb.tf");
        assertEquals("terraform/a%2Fb.tf", p.value());
        assertEquals("a%2Fb.tf", p.fileName());
        assertEquals("terraform/a%252Fb.tf", p.encoded());
    }

    @Test
    void literalPlusStaysAPlus() {
        ArtifactPath p = ArtifactPath.fromEncoded("terraform/a+b.tf");
        assertEquals("terraform/a+b.tf", p.value());
        assertEquals("a+b.tf", p.name());
    }

    @Test
    void encodedPlusIsAPlus() {
        assertEquals("terraform/a+b.tf", ArtifactPath.fromEncoded("terraform/a%2Bb.tf").value());
    }

    @Test
    void percent20IsASpace() {
        assertEquals("terraform/my file.tf", ArtifactPath.fromEncoded("terraform/my%20file.tf").value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"terraform/%2e%2e/README.md", "terraform/%2E%2E/x.tf", "terraform/.%2e/x.tf",
        "terraform/%2e/x.tf", "%2e%2e/README.md"})
    void encodedDotSegmentsAreDecodedAndRefused(String encoded) {
        assertThrows(InvalidPathException.class, () -> ArtifactPath.fromEncoded(encoded));
    }

    @ParameterizedTest
    @ValueSource(strings = {"terraform/a%zz.tf", "terraform/a%4", "terraform/a%", "terraform/%g1.tf",
        "terraform/a%4/b.tf", "terraform/a%.tf"})
    void malformedEscapesAreRefused(String encoded) {
        assertThrows(InvalidPathException.class, () -> ArtifactPath.fromEncoded(encoded));
    }

    @ParameterizedTest
    @ValueSource(strings = {"terraform/a%ff.tf", "terraform/a%C3.tf", "terraform/a%C0%AF.tf", "terraform/%ED%A0%80.tf",
        "terraform/%E5%A0.tf"})
    void escapesThatAreNotUtf8AreRefused(String encoded) {
        assertThrows(InvalidPathException.class, () -> ArtifactPath.fromEncoded(encoded));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "terraform/%E5%A0%B1%E5%91%8A.tf | terraform/\u5831\u544a.tf",
        "diagrams/%F0%9F%9A%80.png       | diagrams/\ud83d\ude80.png",
        "terraform/x=y.tf                | terraform/x=y.tf",
        "terraform/a;b.tf                | terraform/a;b.tf",
        "terraform/a,b.tf                | terraform/a,b.tf",
        "terraform/a%23b.tf              | terraform/a#b.tf",
        "terraform/a%3Fb.tf              | terraform/a?b.tf",
        "terraform/%22q%22.tf            | terraform/\"q\".tf",
        "terraform/it's.tf               | terraform/it's.tf",
        "terraform/it%27s.tf             | terraform/it's.tf",
        "terraform/100%25.tf             | terraform/100%.tf",
    })
    void specialAndUnicodeCharactersDecode(String encoded, String expected) {
        ArtifactPath p = ArtifactPath.fromEncoded(encoded);
        assertEquals(expected, p.value());
        assertEquals(p, ArtifactPath.fromEncoded(p.encoded()));
    }

    @Test
    void rawUnicodeInEncodedPathIsKept() {
        assertEquals("terraform/\u5831\u544a.tf", ArtifactPath.fromEncoded("terraform/\u5831\u544a.tf").value());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "terraform/modules/vpc/main.tf",
        "terraform/my file+copy.tf",
        "terraform/\u5831\u544a/\u8cc7\u6599.tf",
        "diagrams/\ud83d\ude80 launch.png",
        "pricing/x=y;z,w#1?2.csv",
        "lambda/\"quoted\" 'single'.py",
        "terraform/100%.tf",
        "terraform/r\u00e9sum\u00e9.tf",
        "README.md",
        "cloudformation/~tilde-_.yaml",
    })
    void encodedIsTheInverseOfFromEncoded(String path) {
        ArtifactPath p = ArtifactPath.of(path);
        String encoded = p.encoded();
        assertTrue(encoded.chars().allMatch(c -> c < 0x80), "encoded is ASCII: " + encoded);
        assertEquals(path.chars().filter(c -> c == '/').count(), encoded.chars().filter(c -> c == '/').count(),
            "one separator per segment boundary: " + encoded);
        assertEquals(p, ArtifactPath.fromEncoded(encoded));
    }

    @Test
    void encodedPercentEncodesReservedCharactersWithUpperCaseHex() {
        assertEquals("pricing/x%3Dy%3Bz%2Cw%231%3F2%20%2B.csv", ArtifactPath.of("pricing/x=y;z,w#1?2 +.csv").encoded());
        assertEquals("terraform/r%C3%A9sum%C3%A9.tf", ArtifactPath.of("terraform/r\u00e9sum\u00e9.tf").encoded());
    }

    @Test
    void fromEncodedWithLowerCaseEscapesEncodesCanonically() {
        ArtifactPath p = ArtifactPath.fromEncoded("terraform/r%c3%a9sum%c3%a9.tf");
        assertEquals("terraform/r\u00e9sum\u00e9.tf", p.value());
        assertEquals("terraform/r%C3%A9sum%C3%A9.tf", p.encoded());
    }
}
