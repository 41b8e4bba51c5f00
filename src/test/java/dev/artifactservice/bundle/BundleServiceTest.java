package dev.artifactservice.bundle;

import static dev.artifactservice.bundle.BundleFixtures.T0;
import static dev.artifactservice.bundle.BundleFixtures.file;
import static dev.artifactservice.bundle.BundleFixtures.random;
import static dev.artifactservice.bundle.BundleFixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artifactservice.artifact.ArtifactSnapshot;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundleServiceTest {

    private static final List<ArtifactSnapshot> FILES = List.of(
        file("README.md", text("# r\n"), T0),
        file("diagrams/x.png", random(100, 1), T0),
        file("terraform/main.tf", text("t\n"), T0.plusSeconds(60)));

    @Test
    void etagIsAQuotedSha256Hex() {
        assertTrue(BundleService.etag(FILES, false).matches("\"[0-9a-f]{64}\""), BundleService.etag(FILES, false));
        assertTrue(BundleService.etag(List.of(), false).matches("\"[0-9a-f]{64}\""));
    }

    @Test
    void sameArtifactsGiveTheSameEtag() {
        List<ArtifactSnapshot> copy = List.of(
            file("README.md", text("# r\n"), T0),
            file("diagrams/x.png", random(100, 1), T0),
            file("terraform/main.tf", text("t\n"), T0.plusSeconds(60)));
        assertEquals(BundleService.etag(FILES, false), BundleService.etag(copy, false));
        assertEquals(BundleService.etag(FILES, true), BundleService.etag(copy, true));
    }

    @Test
    void checksumsOptionChangesTheEtag() {
        assertNotEquals(BundleService.etag(FILES, false), BundleService.etag(FILES, true));
        assertNotEquals(BundleService.etag(List.of(), false), BundleService.etag(List.of(), true));
    }

    @Test
    void changedContentChangesTheEtag() {
        List<ArtifactSnapshot> changed = List.of(FILES.get(0), FILES.get(1),
            file("terraform/main.tf", text("t2\n"), T0.plusSeconds(60)));
        assertNotEquals(BundleService.etag(FILES, false), BundleService.etag(changed, false));
    }

    @Test
    void changedPathChangesTheEtag() {
        List<ArtifactSnapshot> moved = List.of(FILES.get(0), FILES.get(1),
            file("terraform/other.tf", text("t\n"), T0.plusSeconds(60)));
        assertNotEquals(BundleService.etag(FILES, false), BundleService.etag(moved, false));
    }

    @Test
    void changedCreatedAtChangesTheEtag() {
        List<ArtifactSnapshot> later = List.of(FILES.get(0), FILES.get(1),
            file("terraform/main.tf", text("t\n"), T0.plusSeconds(62)));
        assertNotEquals(BundleService.etag(FILES, false), BundleService.etag(later, false));
    }

    @Test
    void addedOrRemovedArtifactChangesTheEtag() {
        assertNotEquals(BundleService.etag(FILES, false), BundleService.etag(FILES.subList(0, 2), false));
        assertNotEquals(BundleService.etag(FILES, false), BundleService.etag(List.of(), false));
    }

    @Test
    void orderChangesTheEtag() {
        List<ArtifactSnapshot> reversed = List.of(FILES.get(2), FILES.get(1), FILES.get(0));
        assertNotEquals(BundleService.etag(FILES, false), BundleService.etag(reversed, false));
    }

    @Test
    void pathAndHashBoundariesAreNotAmbiguous() {
        Instant t = Instant.parse("2024-01-15T10:30:00Z");
        List<ArtifactSnapshot> one = List.of(file("terraform/a.tf", text("x"), t), file("terraform/b.tf", text("y"), t));
        List<ArtifactSnapshot> two = List.of(file("terraform/b.tf", text("y"), t), file("terraform/a.tf", text("x"), t));
        assertNotEquals(BundleService.etag(one, false), BundleService.etag(two, false));
    }

    /**
     * A strong ETag must change whenever the bytes do. Re-uploading the same bytes of an extension-less file
     * with another Content-Type keeps path, hash and created_at, but switches the entry between stored and
     * deflated.
     */
    @Test
    void etagChangesWhenTheBundleBytesChange() throws IOException {
        byte[] bytes = text("not really an image\n".repeat(50));
        ArtifactSnapshot asPng = file("diagrams/picture", bytes, T0, "image/png");
        ArtifactSnapshot asOctets = file("diagrams/picture", bytes, T0, "application/octet-stream");
        InMemoryObjectStorage storage = new InMemoryObjectStorage();
        storage.add(asPng.storageKey(), bytes);

        byte[] zipPng = BundleFixtures.write(List.of(asPng), false, storage);
        byte[] zipOctets = BundleFixtures.write(List.of(asOctets), false, storage);

        assertFalse(Arrays.equals(zipPng, zipOctets), "precondition: the two bundles differ");
        assertNotEquals(BundleService.etag(List.of(asPng), false), BundleService.etag(List.of(asOctets), false));
    }
}
