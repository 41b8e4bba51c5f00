-- Usage counters per organization: every artifact row (live or expired, until its row is deleted) and every session
-- row, kept in the transaction of each insert and delete with UPDATE ... SET n = n + delta (the row lock makes
-- concurrent changes on several instances add up exactly). GET /api/usage and the quota read them and subtract the
-- few rows whose expiry has passed but that the purge has not deleted yet, so neither sums over all rows.
CREATE TABLE organization_usage (
    organization_id UUID PRIMARY KEY REFERENCES organizations (organization_id) ON DELETE CASCADE,
    artifact_count  BIGINT NOT NULL DEFAULT 0,
    artifact_bytes  BIGINT NOT NULL DEFAULT 0,
    session_count   BIGINT NOT NULL DEFAULT 0
);

INSERT INTO organization_usage (organization_id, artifact_count, artifact_bytes, session_count)
SELECT o.organization_id,
       (SELECT COUNT(*) FROM artifacts a WHERE a.organization_id = o.organization_id),
       (SELECT COALESCE(SUM(a.file_size), 0) FROM artifacts a WHERE a.organization_id = o.organization_id),
       (SELECT COUNT(*) FROM sessions s WHERE s.organization_id = o.organization_id)
FROM organizations o;

-- The rows an organization still counts although their expiry has passed (Expiry.LIVE_SQL negated), with their
-- sizes, read from the index alone.
CREATE INDEX idx_artifacts_org_expiry ON artifacts (organization_id, expires_at) INCLUDE (file_size)
    WHERE expires_at IS NOT NULL AND NOT keep;
