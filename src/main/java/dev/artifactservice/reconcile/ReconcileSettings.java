package dev.artifactservice.reconcile;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Settings of the reconciler ({@code artifacts.reconcile.*}, MicroProfile Config). */
@ApplicationScoped
public class ReconcileSettings {

    @Inject
    @ConfigProperty(name = "artifacts.reconcile.on-start", defaultValue = "true")
    boolean onStart;

    @Inject
    @ConfigProperty(name = "artifacts.reconcile.grace-seconds", defaultValue = "3600")
    long graceSeconds;

    /** Whether a reconciliation runs in the background when the service starts. */
    public boolean onStart() {
        return onStart;
    }

    /**
     * Seconds an object without a row is left alone, because its upload may still be writing the row
     * (default 3600).
     */
    public long graceSeconds() {
        return graceSeconds;
    }
}
