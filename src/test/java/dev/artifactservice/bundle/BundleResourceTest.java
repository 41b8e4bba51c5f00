package dev.artifactservice.bundle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BundleResourceTest {

    @Test
    void noCacheAndNoStoreDirectivesAreRecognised() {
        assertTrue(BundleResource.noCache("no-cache"));
        assertTrue(BundleResource.noCache("max-age=0, No-Store"));
        assertTrue(BundleResource.noCache("no-cache=\"set-cookie\""));
        assertFalse(BundleResource.noCache(null));
        assertFalse(BundleResource.noCache("max-age=0"));
        assertFalse(BundleResource.noCache("x-no-cache"));
    }
}
