package dev.artifactservice.session;

/** Body of {@code POST /api/sessions/{session_id}/conversations}: a title and optionally the UUID. */
public record CreateConversationRequest(String title, String conversationId) {
}
