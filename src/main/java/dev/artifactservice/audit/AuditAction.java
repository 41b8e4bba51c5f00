package dev.artifactservice.audit;

import java.util.Locale;

/** What an audit event records; its {@link #id()} is the value stored and shown. */
public enum AuditAction {
    UPLOAD, DOWNLOAD, BUNDLE, PRESIGN, DELETE, DELETE_SESSION, KEEP, UNKEEP, PURGE,
    /** An old version of an artifact was made its current version again (see ArtifactVersions). */
    RESTORE,
    /** A stored object was found missing or altered while serving its artifact (see DamagedArtifacts). */
    DAMAGED_OBJECT,
    /** An operator deleted an object that no row and no write intent explained (see Reconciler). */
    DELETE_UNEXPLAINED_OBJECT;

    /** The action as stored and shown, e.g. {@code delete-session}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
