-- Version numbers of a path are never reused (issue 16), not even across a delete or a purge, which take the
-- artifact's versions with it: the highest number a path of a session has had is remembered here when its artifact
-- row is deleted, and a new artifact at that path starts one above it. A session's delete takes its artifacts and
-- this memory with it (its paths cannot be uploaded to again).
CREATE TABLE artifact_path_versions (
    session_id   UUID NOT NULL,
    path         TEXT COLLATE "C" NOT NULL,
    last_version INT  NOT NULL,
    PRIMARY KEY (session_id, path)
);

CREATE FUNCTION remember_artifact_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- When the session itself is being deleted (its artifacts go by the foreign key's cascade) there is nothing
    -- to remember: the session's row is already gone for this statement.
    IF EXISTS (SELECT 1 FROM sessions WHERE session_id = OLD.session_id) THEN
        INSERT INTO artifact_path_versions (session_id, path, last_version)
        VALUES (OLD.session_id, OLD.path, OLD.version)
        ON CONFLICT (session_id, path) DO UPDATE
            SET last_version = GREATEST(artifact_path_versions.last_version, EXCLUDED.last_version);
    END IF;
    RETURN OLD;
END $$;

CREATE TRIGGER trg_artifacts_remember_version AFTER DELETE ON artifacts
    FOR EACH ROW EXECUTE FUNCTION remember_artifact_version();

CREATE FUNCTION forget_session_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM artifact_path_versions WHERE session_id = OLD.session_id;
    RETURN OLD;
END $$;

CREATE TRIGGER trg_sessions_forget_versions AFTER DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION forget_session_versions();
