package dev.artifactservice.storage;

import java.util.UUID;

/**
 * S3 key layout of the design: {@code organizations/{organization_id}/sessions/{session_id}/artifacts/{path}}.
 * Callers pass ids read from database rows, never from the request.
 */
public final class StorageKeys {

    /** Bytes of the fixed part of an artifact key (prefix with both UUIDs), before the path. */
    public static final int ARTIFACT_KEY_PREFIX_BYTES = artifactPrefix(new UUID(0, 0), new UUID(0, 0)).length();

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

    /** A unique key outside the artifacts folder where a replacing upload lands before it is checked. */
    public static String stagingKey(UUID organizationId, UUID sessionId) {
        return sessionPrefix(organizationId, sessionId) + "staging/" + UUID.randomUUID();
    }
}
