-- The per-session figures of the session list and the artifact list's totals (count and bytes of a session's live
-- artifacts) read from the index alone, without a heap visit per artifact; it replaces the plain index on
-- session_id, which it serves as well (the session foreign key's cascade, the reconciler's per-session reads).
CREATE INDEX idx_artifacts_session_totals ON artifacts (session_id) INCLUDE (file_size, expires_at, keep);
DROP INDEX idx_artifacts_session_id;
