package dev.artifactservice.audit;

import java.util.Locale;

/** What an audit event records; its {@link #id()} is the value stored and shown. */
public enum AuditAction {
    UPLOAD, DOWNLOAD, BUNDLE, PRESIGN, DELETE, DELETE_SESSION, KEEP, UNKEEP, PURGE,
    /** A diff of two versions of an artifact, or of one path in two sessions, was sent (its bytes). */
    DIFF,
    /** An old version of an artifact was made its current version again (see ArtifactVersions). */
    RESTORE,
    /** A stored object was found missing or altered while serving its artifact (see DamagedArtifacts). */
    DAMAGED_OBJECT,
    /** An operator deleted an object that no row and no write intent explained (see Reconciler). */
    DELETE_UNEXPLAINED_OBJECT,
    /** A share link was created ({@code POST /api/shares}); the path is null for a whole-session link. */
    SHARE,
    /** A share link was revoked ({@code DELETE /api/shares/{share_id}}). */
    SHARE_REVOKE,
    /** A download through a share link ({@code GET /s/{token}/download}), by actor {@code share:<share_id>}. */
    SHARE_DOWNLOAD;

    /** The action as stored and shown, e.g. {@code delete-session}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
