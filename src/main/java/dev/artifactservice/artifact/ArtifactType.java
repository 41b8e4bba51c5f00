package dev.artifactservice.artifact;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Kind of an artifact, derived from the first folder of its path (API.md, "Words"): {@code cloudformation/},
 * {@code terraform/}, {@code lambda/}, {@code diagrams/}, {@code pricing/}, or a {@code *.md} file at the root.
 */
public enum ArtifactType {
    CLOUDFORMATION("cloudformation", "CloudFormation"),
    TERRAFORM("terraform", "Terraform"),
    LAMBDA("lambda", "Lambda"),
    DIAGRAM("diagrams", "Diagrams"),
    PRICING("pricing", "Pricing"),
    README(null, "README");

    /** Name of the OpenAPI component schema of the type ids (filled in by apidoc/OpenApiDocumentFilter). */
    public static final String SCHEMA = "ArtifactType";

    private final String folder;
    private final String label;

    ArtifactType(String folder, String label) {
        this.folder = folder;
        this.label = label;
    }

    /** The type's name in the API and the database, e.g. {@code diagram}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The first folder of paths of this type, or null for {@link #README}. */
    public String folder() {
        return folder;
    }

    /** The type's name for people, as the web page shows it, e.g. {@code CloudFormation}. */
    public String label() {
        return label;
    }

    /** The type whose folder is {@code folder}. */
    public static Optional<ArtifactType> ofFolder(String folder) {
        return Arrays.stream(values()).filter(t -> folder.equals(t.folder)).findFirst();
    }

    /**
     * The type named {@code id} in the API, e.g. {@code terraform}.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static ArtifactType ofId(String id) {
        return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown artifact type '" + id + "'; one of "
                + allIds()));
    }

    /** The allowed first folders, for error messages: {@code cloudformation/, terraform/, ...}. */
    public static String allowedFolders() {
        return Arrays.stream(values()).filter(t -> t.folder != null).map(t -> t.folder + "/")
            .collect(Collectors.joining(", "));
    }

    /** All type names, in declaration order. */
    public static java.util.List<String> ids() {
        return Arrays.stream(values()).map(ArtifactType::id).toList();
    }

    /** All type names, comma-separated. */
    public static String allIds() {
        return Arrays.stream(values()).map(ArtifactType::id).collect(Collectors.joining(", "));
    }
}
