-- Retention and quotas. Artifacts carry their expiry (upload time + the effective retention, NULL = kept
-- forever) and a keep flag that exempts them; sessions may fix a retention or an end date for the
-- artifacts uploaded into them; organizations may override the configured retention and (operators only)
-- the configured storage quota. NULL overrides mean "use the configured default"; 0 means "no limit".

ALTER TABLE artifacts ADD COLUMN expires_at TIMESTAMPTZ NULL;
ALTER TABLE artifacts ADD COLUMN keep BOOLEAN NOT NULL DEFAULT false;

ALTER TABLE sessions ADD COLUMN retention_days INT NULL CONSTRAINT ck_sessions_retention_days CHECK (retention_days >= 0);
ALTER TABLE sessions ADD COLUMN expires_at TIMESTAMPTZ NULL;

ALTER TABLE organizations ADD COLUMN retention_days INT NULL
    CONSTRAINT ck_organizations_retention_days CHECK (retention_days >= 0);
ALTER TABLE organizations ADD COLUMN quota_bytes BIGINT NULL CONSTRAINT ck_organizations_quota_bytes CHECK (quota_bytes >= 0);

-- The purge's scan: only rows that can expire, oldest expiry first.
CREATE INDEX idx_artifacts_purge ON artifacts (expires_at) WHERE expires_at IS NOT NULL AND NOT keep;
