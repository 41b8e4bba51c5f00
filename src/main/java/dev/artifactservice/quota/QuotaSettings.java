package dev.artifactservice.quota;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The storage quota setting ({@code artifacts.quota.*}, MicroProfile Config). */
@ApplicationScoped
public class QuotaSettings {

    @Inject
    @ConfigProperty(name = "artifacts.quota.default-bytes", defaultValue = "0")
    long defaultBytes;

    /**
     * Bytes an organization may store when the operator set no quota of its own
     * ({@code organizations.quota_bytes}); 0 (or less) means unlimited.
     */
    public long defaultBytes() {
        return Math.max(0, defaultBytes);
    }
}
