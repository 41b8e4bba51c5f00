-- The size in bytes an artifact's bytes take deflated as a bundle entry (raw DEFLATE, zlib level 6), measured
-- while it was uploaded, and the fingerprint of the deflater that measured it. With them a bundle's exact
-- length is known before its first byte, so it is sent with Content-Length and a failure half-way is seen by
-- the client as a cut transfer. NULL: stored formats, bodies over artifacts.upload.measure-deflate-max-bytes,
-- rows written before this column.
ALTER TABLE artifacts
    ADD COLUMN deflated_size   BIGINT,
    ADD COLUMN deflate_profile INTEGER;
