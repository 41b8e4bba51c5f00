package dev.artifactservice.artifact;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.UUID;

/**
 * An artifact as the list and upload endpoints show it (API.md, "List"); {@code size} is in bytes,
 * {@code expires_at} is when it stops being served (null: never, because of {@code keep} or no retention).
 */
public record ArtifactView(UUID artifactId, String type, String name, String path, long size, String mimeType,
                           String sha256, UUID conversationId, JsonObject metadata, String downloadUrl,
                           Instant createdAt, Instant expiresAt, boolean keep) {

    /** The view of a stored artifact. */
    public static ArtifactView of(ArtifactFile file) {
        JsonObject metadata = file.metadata() == null ? null
            : Json.createReader(new StringReader(file.metadata())).readObject();
        return new ArtifactView(file.artifactId(), file.type().id(), file.name(), file.path(), file.size(),
            file.mimeType(), file.sha256(), file.conversationId(), metadata, file.downloadUrl(), file.createdAt(),
            file.expiresAt(), file.keep());
    }
}
