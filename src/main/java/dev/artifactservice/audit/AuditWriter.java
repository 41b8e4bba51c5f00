package dev.artifactservice.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

/** Writes a batch of queued audit events in one transaction of its own: all of them or none. */
@ApplicationScoped
public class AuditWriter {

    @Inject
    AuditRepository events;

    /**
     * Inserts {@code batch} (at most {@link AuditRepository#MAX_BATCH} events), in order, so their ids follow
     * the order in which they were queued.
     *
     * @throws RuntimeException when the database refuses or cannot be reached; nothing is written then
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void write(List<NewAuditEvent> batch) {
        events.insertAll(batch);
    }
}
