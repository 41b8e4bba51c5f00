package dev.artifactservice.presign;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Lifetimes of pre-signed URLs in seconds ({@code artifacts.presign.*}, MicroProfile Config). */
@ApplicationScoped
public class PresignSettings {

    /** SigV4's longest pre-signed URL lifetime: 7 days in seconds. */
    public static final int SIGV4_MAX_SECONDS = 604_800;

    @Inject
    @ConfigProperty(name = "artifacts.presign.default-expiry")
    int defaultExpiry;

    @Inject
    @ConfigProperty(name = "artifacts.presign.max-expiry")
    int maxExpiry;

    @Inject
    @ConfigProperty(name = "artifacts.presign.recheck-seconds", defaultValue = "60")
    int recheckSeconds;

    /** Lifetime in seconds when the request gives none (default 3600), never above {@link #maxExpiry()}. */
    public int defaultExpiry() {
        return Math.max(1, Math.min(defaultExpiry, maxExpiry()));
    }

    /** Longest lifetime in seconds a caller may ask for (default and cap 604800, the SigV4 limit). */
    public int maxExpiry() {
        return Math.max(1, Math.min(maxExpiry, SIGV4_MAX_SECONDS));
    }

    /**
     * Seconds (default 60; 0 or less: every time) during which an object found in S3 by the HEAD before a link to it
     * is not looked for again before the next link to the same object (same key and SHA-256).
     */
    public int recheckSeconds() {
        return Math.max(0, recheckSeconds);
    }

    /**
     * The settings as {@code config} gives them, for code that is not a CDI bean (the OpenAPI filter documents
     * expires_in's bounds with them).
     */
    public static PresignSettings of(org.eclipse.microprofile.config.Config config) {
        PresignSettings settings = new PresignSettings();
        settings.defaultExpiry = config.getValue("artifacts.presign.default-expiry", Integer.class);
        settings.maxExpiry = config.getValue("artifacts.presign.max-expiry", Integer.class);
        return settings;
    }
}
