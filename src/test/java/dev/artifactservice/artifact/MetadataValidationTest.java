package dev.artifactservice.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.artifactservice.failure.ServiceException;
import org.junit.jupiter.api.Test;

class MetadataValidationTest {

    private static int status(String metadata) {
        return assertThrows(ServiceException.class, () -> ArtifactService.validateMetadata(metadata)).status();
    }

    @Test
    void aJsonObjectIsKeptAsCompactJson() {
        assertEquals("{\"tool\":\"gen\",\"n\":[1,2.5,-3E+2]}",
            ArtifactService.validateMetadata(" { \"tool\" : \"gen\", \"n\" : [1, 2.5, -3e2] } "));
        assertNull(ArtifactService.validateMetadata(null));
    }

    @Test
    void anythingButAnObjectIs400() {
        for (String bad : new String[] {"[1]", "\"x\"", "{", "{\"a\":}", "null", ""}) {
            assertEquals(400, status(bad), bad);
        }
    }

    @Test
    void nestingBeyondTheParsersLimitIs400NotAServerError() {
        // 1,201 levels in 2.4 KB, under the 8 KiB size limit, so only the depth can refuse it.
        String deep = "{\"a\":" + "[".repeat(1200) + "]".repeat(1200) + "}";
        assertEquals(400, status(deep));
    }

    @Test
    void numbersBeyondPostgresNumericAre400() {
        assertEquals(400, status("{\"a\":1e999999}"));
        assertEquals(400, status("{\"a\":[{\"b\":1e-20000}]}"));
        assertEquals("{\"a\":1E+130000}", ArtifactService.validateMetadata("{\"a\":1e130000}"));
    }

    @Test
    void nulCharactersAre400() {
        assertEquals(400, status("{\"a\":\"x\\u0000y\"}"));
    }
}
