package dev.artifactservice.artifact;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Version history settings ({@code artifacts.versions.*}, MicroProfile Config). */
@ApplicationScoped
public class VersionSettings {

    @Inject
    @ConfigProperty(name = "artifacts.versions.keep", defaultValue = "10")
    int keep;

    /**
     * How many non-current versions of each path are kept ({@code artifacts.versions.keep}, default 10; 0 keeps
     * none, a replacement then drops the replaced bytes); older ones are purged by the replacement that passes it.
     */
    public int keep() {
        return Math.max(0, keep);
    }
}
