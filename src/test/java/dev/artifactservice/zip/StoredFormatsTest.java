package dev.artifactservice.zip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artifactservice.artifact.MimeTypes;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pins which files a bundle stores rather than deflates. Before {@link StoredFormats}, the list existed as an
 * extension list and a media type list in MimeTypes.isCompressed (which bundles used), and as prose in its Javadoc,
 * the OpenAPI description and the README, naming different formats; where they disagreed, bundles kept their
 * behaviour (and so their bytes and ETags).
 */
class StoredFormatsTest {

    /** The former extension list, by name alone and with the media type an upload would get; any case. */
    @ParameterizedTest
    @ValueSource(strings = {"x.png", "X.PNG", "photo.jpg", "photo.JPEG", "anim.gif", "image.webp", "Summary.PDF",
        "lambda.zip", "logs.tar.gz", "site.tgz", "estimate.xlsx", "tool.jar", "pkg-1.0-py3-none-any.whl"})
    void listedExtensionsAreStored(String fileName) {
        assertTrue(StoredFormats.isStored(null, fileName), fileName);
        assertTrue(StoredFormats.isStored(MimeTypes.OCTET_STREAM, fileName), fileName);
        assertTrue(StoredFormats.isStored(MimeTypes.forFileName(fileName), fileName), fileName);
    }

    /**
     * The former media type list: a file with another name is stored by its type, parameters and all (the type is
     * compared by its start, as given).
     */
    @ParameterizedTest
    @ValueSource(strings = {"image/png", "image/jpeg", "image/gif", "application/pdf", "application/zip",
        "application/gzip", "image/png; name=x"})
    void listedMediaTypesAreStoredWhateverTheName(String mediaType) {
        assertTrue(StoredFormats.isStored(mediaType, "picture"), mediaType);
        assertTrue(StoredFormats.isStored(mediaType, "notes.txt"), mediaType);
    }

    /**
     * Where the former lists disagreed, bundles deflated: webp, xlsx, jar and whl were in the extension list only,
     * so their media types alone do not make a file stored; the media type is compared as given (case and all).
     * The OpenAPI description named only png, jpg, gif, pdf, zip and gz, but jpeg, webp, tgz, xlsx, jar and whl
     * files were stored too (see above).
     */
    @ParameterizedTest
    @ValueSource(strings = {"image/webp", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/java-archive", "application/x-wheel+zip", "IMAGE/PNG", "application/x-gzip"})
    void mediaTypesOutsideTheListAreDeflated(String mediaType) {
        assertFalse(StoredFormats.isStored(mediaType, "picture"), mediaType);
    }

    /** Text and unknown formats are deflated; an extension counts only as the end of the name after a dot. */
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "text/plain,           main.tf",
        "text/markdown,        README.md",
        "image/svg+xml,        deployment.svg",
        "text/csv,             estimate.csv",
        "application/yaml,     main.yaml",
        "text/x-python,        handler.py",
        "text/plain,           requirements.txt",
        "null,                 blob.qqqzzz",
        "null,                 png",
        "text/plain,           diagram.png.txt",
        "null,                 archive.zipx",
        "text/plain,           picture",
    })
    void otherFilesAreDeflated(String mediaType, String fileName) {
        assertFalse(StoredFormats.isStored(mediaType, fileName), mediaType + " " + fileName);
    }

    /** The description the API quotes is the list, in its order. */
    @Test
    void summaryNamesExactlyTheListedFormats() {
        List<String> extensions = StoredFormats.FORMATS.stream().map(StoredFormats.Format::extension).toList();
        List<String> mediaTypes = StoredFormats.FORMATS.stream().map(StoredFormats.Format::mediaType)
            .filter(Objects::nonNull).distinct().toList();
        assertEquals(words(extensions) + " files (by name), and " + words(mediaTypes) + " (by media type)",
            StoredFormats.SUMMARY);
    }

    private static String words(List<String> items) {
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
