package dev.artifactservice.share;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Share links' settings ({@code artifacts.share.*}, MicroProfile Config). */
@ApplicationScoped
public class ShareSettings {

    /** The longest lifetime a share link may have whatever the setting says: 365 days in seconds. */
    public static final long CAP_SECONDS = 365L * 24 * 3600;

    /** The shortest lifetime a share link may be given, in seconds. */
    public static final long MIN_SECONDS = 60;

    /** A link's lifetime when the request gives none: 30 days in seconds (or the maximum, if lower). */
    public static final long DEFAULT_SECONDS = 30L * 24 * 3600;

    @Inject
    @ConfigProperty(name = "artifacts.share.max-expiry")
    long maxExpiry;

    @Inject
    @ConfigProperty(name = "artifacts.share.base-url")
    Optional<String> baseUrl;

    /**
     * The longest {@code expires_in} in seconds a link may ask for: the setting (default 2592000, 30 days), clamped
     * to {@link #MIN_SECONDS} .. {@link #CAP_SECONDS} (365 days), so a larger setting means 365 days.
     */
    public long maxExpiry() {
        return Math.max(MIN_SECONDS, Math.min(maxExpiry, CAP_SECONDS));
    }

    /** The lifetime in seconds of a link whose request gives none: 30 days, or {@link #maxExpiry()} if lower. */
    public long defaultExpiry() {
        return Math.min(DEFAULT_SECONDS, maxExpiry());
    }

    /**
     * The base URL links are written with ({@code artifacts.share.base-url}, e.g. {@code https://artifacts.example.com},
     * without a trailing slash), or empty to use the request's own.
     */
    public Optional<URI> baseUrl() {
        return baseUrl.map(String::strip).filter(s -> !s.isEmpty())
            .map(s -> URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s));
    }
}
