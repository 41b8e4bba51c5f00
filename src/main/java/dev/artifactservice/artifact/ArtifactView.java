package dev.artifactservice.artifact;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An artifact as the list and upload endpoints show it (API.md, "List"); {@code size} is in bytes,
 * {@code expires_at} is when it stops being served (null: never, because of {@code keep} or no retention).
 */
public record ArtifactView(UUID artifactId,
                           @Schema(ref = ArtifactType.SCHEMA) String type,
                           String name, String path,
                           @Schema(description = "Bytes") long size, String mimeType,
                           @Schema(pattern = "^[0-9a-f]{64}$", description = "SHA-256 of the bytes, lower-case hex")
                           String sha256,
                           @Schema(nullable = true) UUID conversationId,
                           @Schema(type = SchemaType.OBJECT, nullable = true, additionalProperties = Schema.True.class,
                               description = "The X-Artifact-Metadata JSON object given at upload, as it was given")
                           JsonObject metadata,
                           String downloadUrl,
                           @Schema(description = "When the artifact at this path was first uploaded; replacements and "
                               + "restores keep it (the current version's time is the download's Last-Modified and "
                               + "its entry in the versions list)")
                           Instant createdAt,
                           @Schema(nullable = true, description = "When it stops being served; null: never")
                           Instant expiresAt,
                           boolean keep,
                           @Schema(minimum = "1", description = "The current version of the path: 1 for the first "
                               + "upload, one more for each replacement or restore; never reused, not even after a delete "
                               + "or expiry of the path's artifact")
                           int version) {

    /** The view of a stored artifact. */
    public static ArtifactView of(ArtifactSnapshot file) {
        JsonObject metadata = file.metadata() == null ? null
            : Json.createReader(new StringReader(file.metadata())).readObject();
        return new ArtifactView(file.artifactId(), file.type().id(), file.name(), file.path(), file.size(),
            file.mimeType(), file.sha256(), file.conversationId(), metadata, file.downloadUrl(), file.createdAt(),
            file.expiresAt(), file.keep(), file.version());
    }
}
