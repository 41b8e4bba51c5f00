package dev.artifactservice.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactTypeTest {

    @ParameterizedTest
    @CsvSource({
        "cloudformation, CLOUDFORMATION, cloudformation",
        "terraform,      TERRAFORM,      terraform",
        "lambda,         LAMBDA,         lambda",
        "diagrams,       DIAGRAM,        diagram",
        "pricing,        PRICING,        pricing",
    })
    void folderMapsToTypeOfTheContract(String folder, ArtifactType type, String id) {
        assertEquals(Optional.of(type), ArtifactType.ofFolder(folder));
        assertEquals(folder, type.folder());
        assertEquals(id, type.id());
    }

    @Test
    void readmeHasNoFolderAndIdReadme() {
        assertNull(ArtifactType.README.folder());
        assertEquals("readme", ArtifactType.README.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"diagram", "Terraform", "readme", "README", "docs", "", "terraform/"})
    void otherFoldersHaveNoType(String folder) {
        assertEquals(Optional.empty(), ArtifactType.ofFolder(folder));
    }

    @ParameterizedTest
    @EnumSource(ArtifactType.class)
    void ofIdFindsEveryType(ArtifactType type) {
        assertEquals(type, ArtifactType.ofId(type.id()));
    }

    @ParameterizedTest
    @CsvSource({
        "cloudformation, CLOUDFORMATION",
        "terraform, TERRAFORM",
        "lambda, LAMBDA",
        "diagram, DIAGRAM",
        "pricing, PRICING",
        "readme, README",
    })
    void ofIdAcceptsTheIdsOfTheContract(String id, ArtifactType type) {
        assertEquals(type, ArtifactType.ofId(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"diagrams", "DIAGRAM", "Terraform", "docs", "", " terraform"})
    void unknownIdIsRefusedListingTheIds(String id) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArtifactType.ofId(id));
        assertTrue(e.getMessage().contains("cloudformation, terraform, lambda, diagram, pricing, readme"),
            e.getMessage());
    }

    @Test
    void allowedFoldersListsTheFiveFoldersWithSlashes() {
        assertEquals("cloudformation/, terraform/, lambda/, diagrams/, pricing/", ArtifactType.allowedFolders());
    }

    @ParameterizedTest
    @CsvSource({
        "CLOUDFORMATION, CloudFormation",
        "TERRAFORM, Terraform",
        "LAMBDA, Lambda",
        "DIAGRAM, Diagrams",
        "PRICING, Pricing",
        "README, README",
    })
    void everyTypeHasTheLabelThePageShows(ArtifactType type, String label) {
        assertEquals(label, type.label());
    }

    @Test
    void allIdsListsEveryTypeId() {
        assertEquals("cloudformation, terraform, lambda, diagram, pricing, readme", ArtifactType.allIds());
    }
}
