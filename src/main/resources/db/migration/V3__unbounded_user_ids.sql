-- User ids come from tokens (sub) and have no length limit there.
ALTER TABLE sessions ALTER COLUMN created_by TYPE TEXT;
ALTER TABLE conversations ALTER COLUMN created_by TYPE TEXT;
ALTER TABLE artifact_events ALTER COLUMN actor TYPE TEXT;
