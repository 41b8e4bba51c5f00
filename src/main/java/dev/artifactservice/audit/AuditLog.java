package dev.artifactservice.audit;

import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.security.Caller;
import dev.artifactservice.http.Params;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The audit trail ({@link AuditRepository}): records who did what to which artifact and reads an organization's
 * events back for its admins. Reads (downloads, bundles, links) are queued and written in batches off the request
 * thread ({@link AuditQueue}); changes are recorded in their own transaction, so the event exists exactly when the
 * change does.
 */
@ApplicationScoped
public class AuditLog {

    @Inject
    AuditRepository events;

    @Inject
    Caller caller;

    @Inject
    AuditQueue queue;

    /**
     * Records an action of the current caller in the caller's organization, off the request thread
     * ({@link AuditQueue}): the event is queued now, with the time of this call, and written within moments, in a
     * transaction of its own, so a failed request's rollback does not erase the trace of what was served.
     *
     * @param path  artifact path, or null for session-wide actions
     * @param bytes bytes sent or stored, or null
     * @throws dev.artifactservice.failure.DependencyUnavailableException 503 when the queue stayed full
     *     ({@code artifacts.audit.wait-seconds})
     */
    public void record(AuditAction action, UUID sessionId, String path, Long bytes) {
        queue.enqueue(new NewAuditEvent(caller.organizationId(), action.id(), sessionId, path, bytes, caller.userId(),
            caller.clientAddress(), Instant.now()));
    }

    /**
     * Records an action of the caller in the current transaction, so that the event exists exactly when the
     * action's changes do (e.g. a session deletion).
     *
     * @param path  artifact path, or null for session-wide actions
     * @param bytes bytes concerned, or null
     */
    @Transactional
    public void recordInTransaction(AuditAction action, UUID sessionId, String path, Long bytes) {
        insert(caller.organizationId(), action, sessionId, path, bytes, caller.userId(), caller.clientAddress());
    }

    /**
     * Records an action the service did by itself (no caller, e.g. the purge), in the current transaction so
     * that the event exists exactly when the action's changes do.
     *
     * @param actor who acted, e.g. {@link #SYSTEM_ACTOR}
     * @param bytes bytes concerned, or null
     */
    @Transactional
    public void recordSystem(UUID organizationId, AuditAction action, UUID sessionId, String path, Long bytes,
                             String actor) {
        insert(organizationId, action, sessionId, path, bytes, actor, null);
    }

    /** The actor of actions the service does by itself. */
    public static final String SYSTEM_ACTOR = "artifact-service";

    private void insert(UUID organizationId, AuditAction action, UUID sessionId, String path, Long bytes,
                        String actor, String clientAddress) {
        // Queued events recorded before this one get lower ids, so the trail keeps the order of one instance.
        queue.flush();
        events.insert(organizationId, action.id(), sessionId, path, bytes, actor, clientAddress);
    }

    /**
     * The caller's organization's events, oldest first, optionally of one session and from a time on.
     *
     * @param cursor {@code next_cursor} of the previous page, or null
     * @throws dev.artifactservice.failure.ServiceException 400 for a cursor this service did not issue
     */
    @Transactional
    public AuditPage list(UUID sessionId, OffsetDateTime since, String cursor, int limit) {
        queue.flush(); // what this instance recorded before the read is in it
        long after = 0;
        String position = Params.decodeCursor(cursor);
        if (position != null) {
            try {
                after = Long.parseLong(position);
            } catch (NumberFormatException e) {
                throw Params.invalidCursor();
            }
        }
        List<AuditEvent> page = events.page(caller.organizationId(), sessionId, since, after, limit + 1);
        boolean more = page.size() > limit;
        List<AuditEvent> shown = more ? page.subList(0, limit) : page;
        String next = more ? Params.encodeCursor(Long.toString(shown.get(shown.size() - 1).eventId())) : null;
        return new AuditPage(List.copyOf(shown), next);
    }

    /**
     * When the session's latest delete, purge, keep or unkeep event was recorded, or empty when it has none (an event
     * is recorded just after its change, so the time is never too early).
     */
    @Transactional
    public Optional<Instant> lastRemovalAt(UUID sessionId) {
        return events.lastAt(sessionId, List.of(AuditAction.DELETE.id(), AuditAction.PURGE.id(), AuditAction.KEEP.id(),
            AuditAction.UNKEEP.id()));
    }
}
