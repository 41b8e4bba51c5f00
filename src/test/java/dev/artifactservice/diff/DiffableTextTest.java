package dev.artifactservice.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiffableTextTest {

    @Test
    void textualMediaTypesAreText() {
        for (String type : new String[] {"text/plain", "text/markdown; charset=utf-8", "TEXT/X-PYTHON",
            "application/json", "application/yaml", "application/x-yaml", "application/xml", "application/toml",
            "application/javascript", "application/x-sh", "application/x-hcl", "application/vnd.api+json",
            "image/svg+xml"}) {
            assertTrue(DiffableText.isTextType(type), type);
        }
    }

    @Test
    void imagesArchivesAndDocumentsAreBinary() {
        for (String type : new String[] {"image/png", "image/jpeg", "application/zip", "application/pdf",
            "application/octet-stream", "application/gzip",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "", "application/jsonx"}) {
            assertFalse(DiffableText.isTextType(type), type);
        }
        assertFalse(DiffableText.isTextType(null));
    }

    @Test
    void onlyWellFormedUtf8WithoutNulIsText() {
        assertEquals(Optional.of("résumé ✓\r\n"), DiffableText.decode("résumé ✓\r\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.of(""), DiffableText.decode(new byte[0]));
        assertEquals(Optional.empty(), DiffableText.decode(new byte[] {'a', (byte) 0xff, 'b'}));
        assertEquals(Optional.empty(), DiffableText.decode(new byte[] {(byte) 0xc3}));
        assertEquals(Optional.empty(), DiffableText.decode(new byte[] {'a', 0, 'b'}));
        // PNG's signature is not UTF-8.
        assertEquals(Optional.empty(), DiffableText.decode(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}));
    }
}
