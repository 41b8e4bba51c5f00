package dev.artifactservice.artifact;

import dev.artifactservice.http.Preconditions;
import java.util.UUID;

/**
 * The parsed headers and query of an upload.
 *
 * @param contentType   the request's Content-Type, or null
 * @param contentLength the body's length in bytes, or -1 when chunked
 * @param conversationId conversation to link, or null
 * @param metadata      the X-Artifact-Metadata JSON object text, or null
 * @param sha256        the Repr-Digest's sha-256 as lower-case hex, or null
 * @param preconditions the conditional headers (If-Match, If-None-Match, If-Unmodified-Since)
 * @param keep          the {@code keep} query parameter, or null (a new artifact is not kept, a replaced one
 *                      keeps its flag)
 */
public record UploadCommand(String contentType, long contentLength, UUID conversationId, String metadata,
                            String sha256, Preconditions preconditions, Boolean keep) {
}
