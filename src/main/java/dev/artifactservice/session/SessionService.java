package dev.artifactservice.session;

import dev.artifactservice.audit.AuditAction;
import dev.artifactservice.audit.AuditLog;
import dev.artifactservice.failure.BadInputException;
import dev.artifactservice.failure.ConflictException;
import dev.artifactservice.failure.NotFoundException;
import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.organization.OrganizationRepository;
import dev.artifactservice.quota.UsageRepository;
import dev.artifactservice.retention.Expiry;
import dev.artifactservice.security.Caller;
import dev.artifactservice.storage.ObjectStorage;
import dev.artifactservice.storage.StorageKeys;
import dev.artifactservice.http.Params;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sessions and conversations of the caller's organization: create (idempotent by id), list newest
 * first with artifact counts, read, and delete with every object under the session's S3 prefix. Creating and
 * deleting a session updates the organization's usage counters in the same transaction.
 * Reads run in the repository's transaction; a deletion is one transaction of its own (row lock, objects, row,
 * audit event).
 */
@ApplicationScoped
public class SessionService {

    /** Longest title in characters. */
    static final int MAX_TITLE = 500;

    @Inject
    Caller caller;

    @Inject
    SessionRepository sessions;

    @Inject
    OrganizationRepository organizations;

    @Inject
    ObjectStorage storage;

    @Inject
    AuditLog audit;

    @Inject
    UsageRepository usage;

    /**
     * Creates a session, or returns the caller's existing session with the same id (its retention unchanged).
     *
     * @throws ServiceException 400 for a bad id, title, retention_days (not 0 to 36500) or expires_at (not a
     *                      future ISO-8601 time, or given with retention_days), 409 when the id belongs to
     *                      another organization
     */
    @Transactional
    public Created<SessionView> create(CreateSessionRequest request) {
        UUID organizationId = caller.organizationId();
        UUID sessionId = request == null ? null : Params.uuid("session_id", request.sessionId(), false);
        String title = title(request == null ? null : request.title());
        Integer retentionDays = request == null ? null : request.retentionDays();
        OffsetDateTime expiresAt = request == null ? null : Params.instant("expires_at", request.expiresAt());
        checkRetention(retentionDays, expiresAt);
        if (expiresAt != null) {
            expiresAt = expiresAt.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        }
        if (sessionId != null) {
            var existing = sessions.findAnywhere(sessionId);
            if (existing.isPresent()) {
                if (!existing.get().organizationId().equals(organizationId)) {
                    throw new ConflictException("session_id is already in use.");
                }
                return new Created<>(view(existing.get()), false);
            }
        }
        organizations.ensureExists(organizationId);
        Session session = new Session(sessionId != null ? sessionId : UUID.randomUUID(), organizationId, title,
            caller.userId(), now());
        session.retain(retentionDays, expiresAt);
        if (!sessions.insertIfAbsent(session)) {
            // A concurrent create of the same id won the race: answer as if it had come first.
            Session winner = sessions.findAnywhere(session.id()).orElseThrow(() -> new IllegalStateException(
                "session " + session.id() + " was neither inserted nor found"));
            if (!winner.organizationId().equals(organizationId)) {
                throw new ConflictException("session_id is already in use.");
            }
            return new Created<>(view(winner), false);
        }
        usage.add(organizationId, new UsageRepository.Delta(0, 0, 1));
        return new Created<>(SessionView.of(session, 0, 0), true);
    }

    /**
     * One page of the organization's sessions, newest first.
     *
     * @param cursor the {@code next_cursor} of the previous page, or null
     * @throws ServiceException 400 for a cursor this service did not issue
     */
    @Transactional
    public SessionPage list(String cursor, int limit) {
        UUID organizationId = caller.organizationId();
        OffsetDateTime afterCreatedAt = null;
        UUID afterId = null;
        String position = Params.decodeCursor(cursor);
        if (position != null) {
            String[] parts = position.split("\\|", 2);
            try {
                long micros = Long.parseLong(parts[0]);
                afterCreatedAt = Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
                afterId = UUID.fromString(parts[1]);
            } catch (RuntimeException e) {
                throw Params.invalidCursor();
            }
        }
        List<Session> page = sessions.page(organizationId, afterCreatedAt, afterId, limit + 1);
        boolean more = page.size() > limit;
        List<Session> shown = more ? page.subList(0, limit) : page;
        Map<UUID, UsageRepository.SessionCounts> counts = usage.sessions(shown.stream().map(Session::id).toList());
        List<SessionView> views = shown.stream().map(s -> view(s, counts)).toList();
        String next = null;
        if (more) {
            Session last = shown.get(shown.size() - 1);
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, last.createdAt().toInstant());
            next = Params.encodeCursor(micros + "|" + last.id());
        }
        return new SessionPage(views, next);
    }

    /**
     * The caller's session.
     *
     * @throws ServiceException 404 when it does not exist in the caller's organization
     */
    @Transactional
    public SessionView get(UUID sessionId) {
        return view(require(sessionId));
    }

    /**
     * Deletes the session: waits for uploads in flight, then removes every object under its S3 prefix, then
     * its rows. A failure part-way leaves the rows, so repeating the call finishes the job.
     *
     * @throws ServiceException 404 when it does not exist in the caller's organization
     */
    @Transactional
    public void delete(UUID sessionId) {
        Session session = require(sessionId);
        // In one transaction: the row locked against new uploads, the objects deleted, then the row (and with it
        // the artifacts and conversations) and the audit event. If S3 fails, nothing in the database changes,
        // so the call can be repeated.
        if (!sessions.lockForDelete(session.id())) {
            throw new NotFoundException("Session " + sessionId + " was not found.");
        }
        storage.deletePrefix(StorageKeys.sessionPrefix(session.organizationId(), session.id()));
        // The event before the usage update: it may wait for queued events, never while the shared usage row is
        // locked (the artifact_events table has no foreign keys, so the session's delete leaves it).
        audit.recordInTransaction(AuditAction.DELETE_SESSION, session.id(), null, null);
        sessions.deleteWithArtifacts(session.id()).ifPresent(deleted -> usage.add(session.organizationId(),
            new UsageRepository.Delta(-deleted.count(), -deleted.bytes(), -1)));
    }

    /**
     * Creates a conversation in the caller's session, or returns the existing one with the same id.
     *
     * @throws ServiceException 404 for an unknown session, 409 when the id is used by another session
     */
    @Transactional
    public Created<ConversationView> createConversation(UUID sessionId, CreateConversationRequest request) {
        Session session = require(sessionId);
        UUID conversationId = request == null ? null
            : Params.uuid("conversation_id", request.conversationId(), false);
        String title = title(request == null ? null : request.title());
        if (conversationId != null) {
            var existing = sessions.findConversation(conversationId);
            if (existing.isPresent()) {
                if (!existing.get().sessionId().equals(session.id())) {
                    throw new ConflictException("conversation_id is already in use.");
                }
                return new Created<>(ConversationView.of(existing.get()), false);
            }
        }
        Conversation conversation = new Conversation(conversationId != null ? conversationId : UUID.randomUUID(),
            session.id(), session.organizationId(), title, caller.userId(), now());
        if (!sessions.insertIfAbsent(conversation)) {
            Conversation winner = sessions.findConversation(conversation.id()).orElseThrow(() ->
                new IllegalStateException("conversation " + conversation.id() + " was neither inserted nor found"));
            if (!winner.sessionId().equals(session.id())) {
                throw new ConflictException("conversation_id is already in use.");
            }
            return new Created<>(ConversationView.of(winner), false);
        }
        return new Created<>(ConversationView.of(conversation), true);
    }

    /**
     * The caller's session, for other features that act inside a session.
     *
     * @throws ServiceException 404 when it does not exist in the caller's organization (also for another
     *                      tenant's session, so the two cannot be told apart)
     */
    @Transactional
    public Session require(UUID sessionId) {
        return sessions.findOwned(caller.organizationId(), sessionId)
            .orElseThrow(() -> new NotFoundException("Session " + sessionId + " was not found."));
    }

    /**
     * The caller's session, held shared until the current transaction ends so that it cannot be deleted meanwhile
     * (for an upload writing into it; several uploads hold it at once).
     *
     * @throws ServiceException 404 as {@link #require}
     * @throws jakarta.transaction.TransactionalException without a current transaction
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Session requireShared(UUID sessionId) {
        return sessions.findOwnedForShare(caller.organizationId(), sessionId)
            .orElseThrow(() -> new NotFoundException("Session " + sessionId + " was not found."));
    }

    /** Whether the conversation exists and belongs to the session. */
    @Transactional
    public boolean conversationBelongs(UUID conversationId, UUID sessionId) {
        return sessions.findConversation(conversationId).map(c -> c.sessionId().equals(sessionId)).orElse(false);
    }

    private SessionView view(Session session) {
        return view(session, usage.sessions(List.of(session.id())));
    }

    private static SessionView view(Session session, Map<UUID, UsageRepository.SessionCounts> counts) {
        UsageRepository.SessionCounts c = counts.getOrDefault(session.id(), UsageRepository.SessionCounts.NONE);
        return SessionView.of(session, c.artifacts(), c.bytes());
    }

    private static void checkRetention(Integer retentionDays, OffsetDateTime expiresAt) {
        if (retentionDays != null && expiresAt != null) {
            throw new BadInputException("Give retention_days or expires_at, not both.");
        }
        if (retentionDays != null && (retentionDays < 0 || retentionDays > Expiry.MAX_DAYS)) {
            throw new BadInputException("retention_days must be an integer from 0 (keep forever) to "
                + Expiry.MAX_DAYS + ".");
        }
        if (expiresAt != null && !expiresAt.toInstant().isAfter(Instant.now())) {
            throw new BadInputException("expires_at must lie in the future.");
        }
    }

    private static String title(String title) {
        if (title == null) {
            return null;
        }
        if (title.length() > MAX_TITLE) {
            throw new BadInputException("title is longer than " + MAX_TITLE + " characters.");
        }
        if (title.indexOf('\u0000') >= 0) {
            throw new BadInputException("title may not contain the NUL character (\\u0000).");
        }
        return title;
    }

    /** The current time at the database's precision (microseconds), in UTC. */
    public static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
