-- Initial schema of the artifact service: the design's tables plus what the HTTP contract needs
-- (artifact path and SHA-256, a unique path per session, CRC-32 for stored ZIP entries).

CREATE TABLE organizations (
    organization_id UUID PRIMARY KEY,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
    session_id      UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id UUID NOT NULL REFERENCES organizations (organization_id) ON DELETE CASCADE,
    title           VARCHAR(500),
    created_by      VARCHAR(255) NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_sessions_org_created ON sessions (organization_id, created_at DESC, session_id DESC);

CREATE TABLE conversations (
    conversation_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id      UUID NOT NULL REFERENCES sessions (session_id) ON DELETE CASCADE,
    organization_id UUID NOT NULL REFERENCES organizations (organization_id) ON DELETE CASCADE,
    title           VARCHAR(500),
    created_by      VARCHAR(255) NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_conversations_session_id ON conversations (session_id);

CREATE TABLE artifacts (
    artifact_id     UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id      UUID NOT NULL REFERENCES sessions (session_id) ON DELETE CASCADE,
    conversation_id UUID REFERENCES conversations (conversation_id) ON DELETE SET NULL,
    organization_id UUID NOT NULL REFERENCES organizations (organization_id) ON DELETE CASCADE,
    artifact_type   VARCHAR(50)  NOT NULL,
    artifact_name   VARCHAR(1024) NOT NULL,
    -- Code-point order ("C") so listings and bundles sort README.md before cloudformation/.
    path            TEXT COLLATE "C" NOT NULL,
    storage_path    VARCHAR(1024) NOT NULL,
    file_size       BIGINT       NOT NULL,
    mime_type       VARCHAR(255),
    sha256          CHAR(64)     NOT NULL,
    crc32           BIGINT       NOT NULL,
    metadata        JSONB,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT uq_artifacts_session_path UNIQUE (session_id, path),
    CONSTRAINT ck_artifacts_type CHECK (artifact_type IN
        ('cloudformation', 'terraform', 'lambda', 'diagram', 'pricing', 'readme'))
);

CREATE INDEX idx_artifacts_session_id ON artifacts (session_id);
CREATE INDEX idx_artifacts_conversation_id ON artifacts (conversation_id);
CREATE INDEX idx_artifacts_org_id ON artifacts (organization_id);
CREATE INDEX idx_artifacts_type ON artifacts (artifact_type);
