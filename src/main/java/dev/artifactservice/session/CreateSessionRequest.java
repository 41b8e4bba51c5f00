package dev.artifactservice.session;

/**
 * Body of {@code POST /api/sessions}: a title, and optionally the session's UUID (chosen by the caller so
 * that retries are idempotent).
 */
public record CreateSessionRequest(String title, String sessionId) {
}
