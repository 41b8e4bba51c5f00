package dev.artifactservice.session;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /api/sessions/{session_id}/conversations}: a title and optionally the UUID. Unknown
 * properties are refused with 400 (JsonbProvider).
 */
public record CreateConversationRequest(
    @Schema(nullable = true, maxLength = SessionService.MAX_TITLE) String title,
    @Schema(nullable = true, format = "uuid") String conversationId) {
}
