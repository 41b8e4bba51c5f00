-- Share links (issue 16): a link to one artifact (path) or to a session's whole bundle (path NULL) that needs no
-- login. Only the SHA-256 of the link's token is stored; the token itself is shown once, in the create answer.
-- A download is counted by one conditional UPDATE (revoked_at IS NULL AND expires_at > now() AND downloads below
-- max_downloads), so concurrent downloads of a one-time link give exactly one redirect. Deleting the session
-- deletes its links; artifact_id names the artifact row shared, so a deleted (or expired) artifact ends the link
-- even if the path is uploaded again.
CREATE TABLE shares (
    share_id        UUID PRIMARY KEY,
    organization_id UUID        NOT NULL REFERENCES organizations (organization_id) ON DELETE CASCADE,
    session_id      UUID        NOT NULL REFERENCES sessions (session_id) ON DELETE CASCADE,
    path            TEXT COLLATE "C",
    artifact_id     UUID,
    token_sha256    CHAR(64)    NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    max_downloads   INTEGER,
    downloads       INTEGER     NOT NULL DEFAULT 0,
    revoked_at      TIMESTAMPTZ,
    created_by      TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT uq_shares_token_sha256 UNIQUE (token_sha256),
    CONSTRAINT ck_shares_max_downloads CHECK (max_downloads IS NULL OR max_downloads >= 1),
    CONSTRAINT ck_shares_downloads CHECK (downloads >= 0),
    CONSTRAINT ck_shares_artifact CHECK ((path IS NULL) = (artifact_id IS NULL))
);
CREATE INDEX idx_shares_org_session_created ON shares (organization_id, session_id, created_at DESC, share_id);
