package dev.artifactservice.artifact;

import dev.artifactservice.audit.AuditAction;
import dev.artifactservice.audit.AuditLog;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Metadata;

/**
 * Makes a damaged artifact (a missing or altered S3 object) visible: one WARNING line naming the session and
 * path (no stack trace), the counter {@code artifacts_damaged_objects_total{kind}} ({@code /metrics}), and an audit event
 * {@code damaged-object} in the organization's trail, where its administrators see it.
 */
@ApplicationScoped
public class DamagedArtifacts {

    private static final Logger LOG = Logger.getLogger(DamagedArtifacts.class.getName());
    private static final Metadata METADATA = Metadata.builder().withName("artifacts.damaged.objects")
        .withDescription("Artifacts whose S3 object was found missing or altered while served, by kind").build();

    @Inject
    MetricRegistry registry;

    @Inject
    AuditLog audit;

    @PostConstruct
    void register() {
        for (DamagedArtifactException.Kind kind : DamagedArtifactException.Kind.values()) {
            registry.counter(METADATA, new Tag("kind", kind.id()));
        }
    }

    /**
     * Logs, counts and audits {@code damage} (best effort: a failing audit write is logged, never thrown).
     *
     * @return {@code damage}, for {@code throw damaged.report(e)}
     */
    public DamagedArtifactException report(DamagedArtifactException damage) {
        LOG.warning("Damaged artifact: session " + damage.sessionId() + ", path " + damage.path() + ": "
            + damage.summary() + (damage.getCause() == null ? "" : " (" + damage.getCause().getMessage() + ")"));
        registry.counter(METADATA, new Tag("kind", damage.kind().id())).inc();
        try {
            audit.record(AuditAction.DAMAGED_OBJECT, damage.sessionId(), damage.path(), null);
        } catch (RuntimeException e) {
            LOG.warning("Could not audit the damaged artifact " + damage.path() + ": " + e);
        }
        return damage;
    }
}
