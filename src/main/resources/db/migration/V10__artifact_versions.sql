-- Versions. The current content of a path stays in its artifacts row (and at the contract's S3 key); each upload or
-- restore that replaces it first copies the replaced bytes to a key of their own under the session's prefix
-- (organizations/{org}/sessions/{session}/versions/{random uuid}, never derived from the path) and records them
-- here. Lists, bundles and totals keep reading artifacts alone.
ALTER TABLE artifacts ADD COLUMN version INT NOT NULL DEFAULT 1;
-- Who uploaded (or restored) the current version; null for rows written before versions existed.
ALTER TABLE artifacts ADD COLUMN uploaded_by TEXT NULL;
-- Bytes of the artifact's non-current versions (the SUM of their file_size), kept with every change of them, so
-- that usage and quota (which subtract expired artifacts with their versions) read it from the artifacts index.
ALTER TABLE artifacts ADD COLUMN versions_bytes BIGINT NOT NULL DEFAULT 0;

CREATE TABLE artifact_versions (
    artifact_id     UUID          NOT NULL REFERENCES artifacts (artifact_id) ON DELETE CASCADE,
    organization_id UUID          NOT NULL,
    session_id      UUID          NOT NULL,
    version         INT           NOT NULL CONSTRAINT ck_artifact_versions_version CHECK (version >= 1),
    storage_path    VARCHAR(1024) NOT NULL,
    file_size       BIGINT        NOT NULL,
    mime_type       VARCHAR(255),
    sha256          CHAR(64)      NOT NULL,
    crc32           BIGINT        NOT NULL,
    created_at      TIMESTAMPTZ   NOT NULL,
    created_by      TEXT          NULL,
    conversation_id UUID          NULL REFERENCES conversations (conversation_id) ON DELETE SET NULL,
    CONSTRAINT uq_artifact_versions UNIQUE (artifact_id, version)
);
-- The reconciler's per-session read of the keys it explains.
CREATE INDEX idx_artifact_versions_session ON artifact_versions (session_id) INCLUDE (storage_path);

-- The expired rows usage and quota subtract now carry their versions' bytes as well.
DROP INDEX idx_artifacts_org_expiry;
CREATE INDEX idx_artifacts_org_expiry ON artifacts (organization_id, expires_at) INCLUDE (file_size, versions_bytes)
    WHERE expires_at IS NOT NULL AND NOT keep;
