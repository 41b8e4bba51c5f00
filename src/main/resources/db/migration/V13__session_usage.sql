-- Usage counters per session, as organization_usage keeps them per organization (V8): every artifact row of the
-- session (live or expired until the purge deletes it) and the bytes of its current content (versions are not
-- counted: the session list shows its artifacts' sizes). Each change adds its delta in its own transaction, so the
-- session list reads a page's figures from these rows and subtracts the few expired, unpurged rows found through
-- the partial index below, instead of summing every artifact of every session on the page. A table of its own,
-- not columns of sessions: uploads hold the session row FOR SHARE, which an UPDATE of that row would wait for.
CREATE TABLE session_usage (
    session_id     UUID PRIMARY KEY REFERENCES sessions (session_id) ON DELETE CASCADE,
    artifact_count BIGINT NOT NULL DEFAULT 0,
    artifact_bytes BIGINT NOT NULL DEFAULT 0
);

INSERT INTO session_usage (session_id, artifact_count, artifact_bytes)
SELECT session_id, COUNT(*), COALESCE(SUM(file_size), 0) FROM artifacts GROUP BY session_id;

-- The rows a session still counts although their expiry has passed (Expiry.EXPIRED_SQL), with their sizes, read
-- from the index alone.
CREATE INDEX idx_artifacts_session_expiry ON artifacts (session_id, expires_at) INCLUDE (file_size)
    WHERE expires_at IS NOT NULL AND NOT keep;
