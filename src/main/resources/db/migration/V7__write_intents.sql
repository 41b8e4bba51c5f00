-- Write intents: each S3 key this service is about to write, committed before the bytes go to S3 and removed in
-- the transaction that commits the artifact row (or once a failed write's object is removed). The reconciler
-- deletes only objects whose intent is older than artifacts.reconcile.grace-seconds (a write that died between S3
-- and its row) and staging keys; an object that no row and no intent explains belongs to someone else (another
-- database on the same bucket, writes since the backup a database was restored from) and is only reported.
CREATE TABLE write_intents (
    storage_key     VARCHAR(1024) PRIMARY KEY,
    organization_id UUID        NOT NULL,
    started_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_write_intents_started_at ON write_intents (started_at);
