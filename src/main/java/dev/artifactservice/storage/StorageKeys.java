package dev.artifactservice.storage;

import java.util.UUID;

/**
 * S3 key layout of the design: {@code organizations/{organization_id}/sessions/{session_id}/artifacts/{path}} for
 * current artifacts, {@code .../versions/{uuid}} for their older versions and {@code .../staging/{uuid}} for uploads
 * in flight.
 * Callers pass ids read from database rows, never from the request.
 */
public final class StorageKeys {

    /** Bytes of the fixed part of an artifact key (prefix with both UUIDs), before the path. */
    public static final int ARTIFACT_KEY_PREFIX_BYTES = artifactPrefix(new UUID(0, 0), new UUID(0, 0)).length();

    /**
     * File name of a session's stored whole-session bundle, kept beside its artifacts; never an artifact path,
     * since a root file must be Markdown.
     */
    public static final String STORED_BUNDLE_NAME = "bundle.zip";

    /** S3's limit on a key's length in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;

    private StorageKeys() {
    }

    /** {@code organizations/{org}/sessions/{session}/}: everything a session owns. */
    public static String sessionPrefix(UUID organizationId, UUID sessionId) {
        return "organizations/" + organizationId + "/sessions/" + sessionId + "/";
    }

    /** {@code organizations/{org}/sessions/{session}/artifacts/}. */
    public static String artifactPrefix(UUID organizationId, UUID sessionId) {
        return sessionPrefix(organizationId, sessionId) + "artifacts/";
    }

    /** The key of the artifact at {@code path} (a validated artifact path). */
    public static String artifactKey(UUID organizationId, UUID sessionId, String path) {
        return artifactPrefix(organizationId, sessionId) + path;
    }

    /** The key of the session's stored whole-session bundle (a ZIP rebuilt whenever the session changes). */
    public static String storedBundleKey(UUID organizationId, UUID sessionId) {
        return artifactKey(organizationId, sessionId, STORED_BUNDLE_NAME);
    }

    /**
     * The organization, session and remainder of a key in this layout
     * ({@code organizations/{organization_id}/sessions/{session_id}/{rest}}), or empty for any other key.
     */
    public static java.util.Optional<SessionKey> parse(String key) {
        String[] parts = key.split("/", 5);
        if (parts.length < 5 || !parts[0].equals("organizations") || !parts[2].equals("sessions")
            || parts[4].isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            UUID organizationId = UUID.fromString(parts[1]);
            UUID sessionId = UUID.fromString(parts[3]);
            // Only the canonical spelling is this service's: 1-1-1-1-1 would parse too.
            if (!organizationId.toString().equals(parts[1]) || !sessionId.toString().equals(parts[3])) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new SessionKey(key, organizationId, sessionId, parts[4]));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * A key of a session's prefix: the key itself, its organization and session, and what follows the session's
     * prefix ({@code artifacts/{path}}, {@code staging/{id}} or {@code versions/{id}}).
     */
    public record SessionKey(String key, UUID organizationId, UUID sessionId, String rest) {

        /** The session's prefix, {@code organizations/{org}/sessions/{session}/}. */
        public String sessionPrefix() {
            return StorageKeys.sessionPrefix(organizationId, sessionId);
        }

        /** True for a staging key ({@link StorageKeys#stagingKey}). */
        public boolean isStaging() {
            return rest.startsWith("staging/");
        }

        /** True for a key of a non-current artifact version ({@link StorageKeys#versionKey}). */
        public boolean isVersion() {
            return rest.startsWith("versions/");
        }

        /** True for the session's stored bundle ({@link StorageKeys#storedBundleKey}). */
        public boolean isStoredBundle() {
            return rest.equals("artifacts/" + STORED_BUNDLE_NAME);
        }

        /** The artifact path when this is an artifact's key, else {@code rest}. */
        public String path() {
            return rest.startsWith("artifacts/") ? rest.substring("artifacts/".length()) : rest;
        }
    }

    /** A unique key outside the artifacts folder where a replacing upload lands before it is checked. */
    public static String stagingKey(UUID organizationId, UUID sessionId) {
        return sessionPrefix(organizationId, sessionId) + "staging/" + UUID.randomUUID();
    }

    /**
     * A fresh key, outside the artifacts folder and not derived from any path (so never reachable by guessing one),
     * where the bytes of a replaced artifact version are kept: {@code organizations/{org}/sessions/{session}/versions/
     * {random UUID}}.
     */
    public static String versionKey(UUID organizationId, UUID sessionId) {
        return sessionPrefix(organizationId, sessionId) + "versions/" + UUID.randomUUID();
    }
}
