package dev.artifactservice.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MimeTypesTest {

    @ParameterizedTest
    @CsvSource({
        "main.yaml,         application/yaml",
        "template.yml,      application/yaml",
        "parameters.json,   application/json",
        "main.tf,           text/plain",
        "handler.py,        text/x-python",
        "README.md,         text/markdown",
        "estimate.csv,      text/csv",
        "architecture.png,  image/png",
        "deployment.svg,    image/svg+xml",
        "summary.pdf,       application/pdf",
        "requirements.txt,  text/plain",
        "photo.jpg,         image/jpeg",
        "bundle.zip,        application/zip",
        "logs.gz,           application/gzip",
    })
    void forFileNameKnowsTheFormatsOfTheGenerator(String fileName, String expected) {
        assertEquals(expected, MimeTypes.forFileName(fileName));
    }

    @ParameterizedTest
    @CsvSource({
        "ARCHITECTURE.PNG, image/png",
        "Main.TF,          text/plain",
        "notes.MD,         text/markdown",
    })
    void forFileNameIgnoresExtensionCase(String fileName, String expected) {
        assertEquals(expected, MimeTypes.forFileName(fileName));
    }

    @ParameterizedTest
    @ValueSource(strings = {"blob.qqqzzz", "noextension", "trailingdot.", "weird.unknownext"})
    void unknownFileNameIsOctetStream(String fileName) {
        assertEquals(MimeTypes.OCTET_STREAM, MimeTypes.forFileName(fileName));
        assertEquals("application/octet-stream", MimeTypes.OCTET_STREAM);
    }

    @Test
    void forFileNameUsesTheLastExtension() {
        assertEquals("application/gzip", MimeTypes.forFileName("state.tf.gz"));
        assertEquals("text/plain", MimeTypes.forFileName("archive.gz.tf"));
    }

    @Test
    void resolveWithoutContentTypeFallsBackToTheName() {
        assertEquals("image/png", MimeTypes.resolve(null, "x.png"));
        assertEquals("image/png", MimeTypes.resolve("", "x.png"));
        assertEquals("image/png", MimeTypes.resolve("   ", "x.png"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "Application/X-WWW-Form-Urlencoded; charset=UTF-8",
        "multipart/form-data", "multipart/form-data; boundary=xyz"})
    void resolveTreatsFormTypesAsUndeclared(String declared) {
        assertEquals("image/png", MimeTypes.resolve(declared, "diagram.png"));
        assertEquals(MimeTypes.OCTET_STREAM, MimeTypes.resolve(declared, "blob.qqqzzz"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/octet-stream", "Application/Octet-Stream",
        "application/octet-stream; charset=binary", " application/octet-stream "})
    void resolveTreatsOctetStreamAsUndeclared(String declared) {
        assertEquals("text/plain", MimeTypes.resolve(declared, "main.tf"));
        assertEquals("application/pdf", MimeTypes.resolve(declared, "summary.pdf"));
    }

    @Test
    void resolveOfOctetStreamForUnknownNameStaysOctetStream() {
        assertEquals(MimeTypes.OCTET_STREAM, MimeTypes.resolve("application/octet-stream", "blob.qqqzzz"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "text/x-terraform            | main.tf",
        "text/plain; charset=utf-8   | main.tf",
        "application/json            | main.tf",
        "image/png                   | blob.qqqzzz",
    })
    void resolveKeepsAnExplicitType(String declared, String fileName) {
        assertEquals(declared, MimeTypes.resolve(declared, fileName));
    }
}
