-- Audit trail: every upload, download, bundle, pre-signed link and delete, kept after the session is gone
-- (no foreign keys), queryable per organization by its admins.
CREATE TABLE artifact_events (
    event_id        BIGSERIAL PRIMARY KEY,
    occurred_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    organization_id UUID         NOT NULL,
    session_id      UUID,
    action          VARCHAR(32)  NOT NULL,
    path            TEXT,
    bytes           BIGINT,
    actor           VARCHAR(255) NOT NULL,
    client_address  VARCHAR(64)
);
CREATE INDEX idx_artifact_events_org_time ON artifact_events (organization_id, occurred_at, event_id);
CREATE INDEX idx_artifact_events_session_time ON artifact_events (session_id, occurred_at, event_id);
