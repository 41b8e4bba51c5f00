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

    /** Lifetime in seconds when the request gives none (default 3600), never above {@link #maxExpiry()}. */
    public int defaultExpiry() {
        return Math.max(1, Math.min(defaultExpiry, maxExpiry()));
    }

    /** Longest lifetime in seconds a caller may ask for (default and cap 604800, the SigV4 limit). */
    public int maxExpiry() {
        return Math.max(1, Math.min(maxExpiry, SIGV4_MAX_SECONDS));
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
