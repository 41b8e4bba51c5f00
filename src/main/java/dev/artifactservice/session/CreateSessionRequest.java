package dev.artifactservice.session;

/**
 * Body of {@code POST /api/sessions}: a title, optionally the session's UUID (chosen by the caller so that
 * retries are idempotent), and optionally how long its artifacts are kept: {@code retention_days} after each
 * upload (0 to 36500; 0 = forever) or until {@code expires_at} (ISO-8601, in the future), not both.
 */
public record CreateSessionRequest(String title, String sessionId, Integer retentionDays, String expiresAt) {
}
