package dev.artifactservice.artifact;

import dev.artifactservice.audit.AuditAction;
import dev.artifactservice.audit.AuditLog;
import dev.artifactservice.database.Transactions;
import dev.artifactservice.security.Caller;
import dev.artifactservice.failure.BadInputException;
import dev.artifactservice.failure.NotFoundException;
import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.session.Session;
import dev.artifactservice.session.SessionService;
import dev.artifactservice.storage.ObjectNotFoundException;
import dev.artifactservice.storage.WriteIntents;
import dev.artifactservice.telemetry.ServiceMetrics;
import dev.artifactservice.http.Params;
import dev.artifactservice.http.Preconditions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Artifacts of the caller's sessions: upload (streamed to S3, row and object kept in agreement), list
 * with filters and totals, look-up for the features that serve bytes, and delete.
 */
@ApplicationScoped
public class ArtifactService {

    /** Rows fetched per query when walking a whole session (bundles). */
    static final int WALK_PAGE = 500;

    @Inject
    SessionService sessions;

    @Inject
    ArtifactRepository artifacts;

    @Inject
    ArtifactChanges writer;

    @Inject
    WriteIntents intents;

    @Inject
    UploadSettings uploadSettings;

    @Inject
    UploadSlots uploadSlots;

    @Inject
    AuditLog audit;

    @Inject
    Transactions transactions;

    @Inject
    Caller caller;

    @Inject
    ServiceMetrics metrics;

    @Inject
    ArtifactVersions versions;

    /**
     * Stores the body as the artifact at {@code path} of the caller's session (see {@link ArtifactChanges#store}).
     *
     * @return the artifact, and whether it is new (201) or replaced (200)
     * @throws ServiceException 404 unknown session, 400 bad conversation/metadata/digest or a file name over
     *                      {@code artifacts.upload.max-name-bytes}, 409 the session's fixed
     *                      end has passed, 412 failed precondition, 413 body over
     *                      {@code artifacts.upload.max-bytes}, 503 (nothing read or stored) when
     *                      {@code artifacts.upload.max-concurrent} uploads stay in progress for
     *                      {@code artifacts.upload.slot-wait-seconds} ({@link UploadSlots}), 507 over the
     *                      organization's storage quota
     */
    public Upload upload(UUID sessionId, ArtifactPath path, UploadCommand command, InputStream body) {
        int nameBytes = path.fileName().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (nameBytes > uploadSettings.maxNameBytes()) {
            throw new BadInputException("The file name is " + nameBytes + " bytes long; the object store here takes "
                + "names of at most " + uploadSettings.maxNameBytes() + " bytes (artifacts.upload.max-name-bytes). "
                + "Shorten the last segment of the path.");
        }
        ArtifactChanges.Changed changed;
        try (UploadSlots.Slot slot = uploadSlots.take()) {
            changed = underIntents(sessionId, path, keys -> writer.store(sessionId, path, command, body, keys));
        }
        metrics.uploaded(changed.artifact().size());
        return new Upload(changed.artifact(), changed.isNew());
    }

    /**
     * Makes version {@code version} of the artifact at {@code path} of the caller's session its new current version
     * (see {@link ArtifactChanges#restore}): the bytes are copied inside S3, the content it replaces is kept as a
     * version, and history only grows.
     *
     * @return the artifact as it is now, with its new version number
     * @throws ServiceException 404 unknown session, artifact or version (purged ones included), 503 no write slot
     *                          ({@link UploadSlots}), 507 over the
     *                          organization's storage quota
     */
    public ArtifactSnapshot restore(UUID sessionId, ArtifactPath path, int version) {
        try (UploadSlots.Slot slot = uploadSlots.take()) {
            return underIntents(sessionId, path, keys -> writer.restore(sessionId, path, version, keys)).artifact();
        }
    }

    /**
     * Runs a change of the path in two transactions: the write intents of its keys commit before the first byte goes
     * to S3; the change (row, release of the intents, audit event) commits in its own. Then the objects of the
     * versions it purged are deleted.
     */
    private ArtifactChanges.Changed underIntents(
        UUID sessionId, ArtifactPath path, java.util.function.Function<UploadKeys, ArtifactChanges.Changed> change) {
        UUID organizationId = caller.organizationId();
        UploadKeys keys = UploadKeys.of(organizationId, sessionId, path);
        transactions.inNew(() -> intents.record(organizationId, keys.all()));
        ArtifactChanges.Changed changed;
        try {
            changed = change.apply(keys);
        } catch (RuntimeException e) {
            if (keys.clean()) {
                try {
                    transactions.inNew(() -> intents.release(keys.all()));
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        versions.discard(changed.discarded());
        return changed;
    }

    /** The outcome of an upload: the stored artifact, and whether the path was new. */
    public record Upload(ArtifactSnapshot artifact, boolean isNew) {
    }

    /**
     * A page of the session's artifacts in path order, with totals over every match.
     *
     * @param cursor {@code next_cursor} of the previous page, or null
     * @throws ServiceException 404 unknown session, 400 bad cursor
     */
    @Transactional
    public ArtifactListing list(UUID sessionId, ArtifactFilter filter, String cursor, int limit) {
        sessions.require(sessionId);
        String afterPath = Params.decodeCursor(cursor);
        List<Artifact> page = artifacts.page(sessionId, filter, afterPath, limit + 1);
        boolean more = page.size() > limit;
        List<Artifact> shown = more ? page.subList(0, limit) : page;
        ArtifactRepository.Totals totals = artifacts.totals(sessionId, filter);
        String next = more ? Params.encodeCursor(shown.get(shown.size() - 1).path()) : null;
        return new ArtifactListing(shown.stream().map(ArtifactSnapshot::of).map(ArtifactView::of).toList(),
            totals.bytes(), totals.count(), sessionId, next);
    }

    /**
     * The artifact at {@code path} of the caller's session.
     *
     * One query on the download path: the artifact's row carries its organization, so a row found for the
     * caller's organization proves the session is the caller's; only when there is none is the session looked up,
     * to say which of the two is missing. It stays in a transaction: outside one EclipseLink retries a failed read
     * (persistence.xml), which would stretch the bounded waits on a failing database.
     *
     * @throws ServiceException 404 when the session or the artifact does not exist for the caller
     */
    @Transactional
    public ArtifactSnapshot find(UUID sessionId, ArtifactPath path) {
        return findIfPresent(sessionId, path)
            .orElseThrow(() -> new NotFoundException("No artifact at " + path.value() + " in this session."));
    }

    /**
     * The artifact at {@code path} of the caller's session, or empty when the session has none there (for a
     * feature that says itself which artifact is missing); as {@link #find}, one query when it is there.
     *
     * @throws ServiceException 404 when the session does not exist for the caller
     */
    @Transactional
    public java.util.Optional<ArtifactSnapshot> findIfPresent(UUID sessionId, ArtifactPath path) {
        java.util.Optional<ArtifactSnapshot> found = artifacts.findOwned(caller.organizationId(), sessionId,
            path.value()).map(ArtifactSnapshot::of);
        if (found.isEmpty()) {
            sessions.require(sessionId);
        }
        return found;
    }

    /**
     * Records the size in bytes {@code file}'s content takes deflated, as measured by a deflater of
     * {@code profile} (a no-op when the artifact has been replaced or deleted meanwhile), in a transaction of its
     * own.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordDeflatedSize(ArtifactSnapshot file, long bytes, int profile) {
        artifacts.recordDeflatedSize(file.artifactId(), file.sha256(), bytes, profile);
    }

    /**
     * Walks every matching artifact of the caller's session in path order, a page of rows at a time, so a
     * session of any size is never held in memory at once (one transaction per page).
     *
     * @throws ServiceException 404 when the session does not exist for the caller
     */
    public void forEach(UUID sessionId, ArtifactFilter filter, Consumer<List<ArtifactSnapshot>> pageConsumer) {
        String after = null;
        while (true) {
            String afterPath = after;
            List<ArtifactSnapshot> page = transactions.inOne(() -> pageOf(sessionId, filter, afterPath));
            if (page.isEmpty()) {
                return;
            }
            pageConsumer.accept(page);
            if (page.size() < WALK_PAGE) {
                return;
            }
            after = page.get(page.size() - 1).path();
        }
    }

    /** One page of {@link #forEach}; checks the session on the first page. */
    private List<ArtifactSnapshot> pageOf(UUID sessionId, ArtifactFilter filter, String afterPath) {
        if (afterPath == null) {
            sessions.require(sessionId);
        }
        return artifacts.page(sessionId, filter, afterPath, WALK_PAGE).stream().map(ArtifactSnapshot::of).toList();
    }

    /**
     * The time in the caller's session after which no artifact has left it or come back other than by an
     * upload (which moves that artifact's {@code updated_at}): the latest removal (an expiry that has passed, see
     * {@link ArtifactRepository#lastPassedExpiry}, or a delete, purge, keep or unkeep event, see
     * {@link AuditLog#lastRemovalAt}), else the session's creation.
     *
     * @throws ServiceException 404 when the session does not exist for the caller
     */
    @Transactional
    public java.time.Instant contentChangedAt(UUID sessionId) {
        Session session = sessions.require(sessionId);
        java.time.Instant created = session.createdAt().toInstant();
        java.time.Instant latest = created;
        for (var removal : List.of(artifacts.lastPassedExpiry(sessionId), audit.lastRemovalAt(sessionId))) {
            if (removal.isPresent() && removal.get().isAfter(latest)) {
                latest = removal.get();
            }
        }
        return latest;
    }

    /**
     * Deletes the artifact's row, then its object, in one transaction; if the object cannot be deleted the row
     * stays (503), so the call can be repeated to completion.
     *
     * @param preconditions the request's conditional headers (RFC 9110 section 13), {@link Preconditions#NONE}
     *                      for an unconditional delete
     * @throws ServiceException 404 when the session or the artifact does not exist for the caller, 503 no write slot
     *                          ({@link UploadSlots}), 412 when a
     *                      precondition does not hold (nothing is deleted)
     */
    @Transactional
    public void delete(UUID sessionId, ArtifactPath path, Preconditions preconditions) {
        // Taken before the first query, which is when the transaction gets its connection.
        try (UploadSlots.Slot slot = uploadSlots.take()) {
            sessions.require(sessionId);
            // Before the removal, which ends by updating the organization's shared usage row: the audit event may
            // wait for queued events, and must not do so while that row is locked. A refusal rolls the event back too.
            audit.recordInTransaction(AuditAction.DELETE, sessionId, path.value(), null);
            if (!writer.remove(sessionId, path, preconditions)) {
                throw new NotFoundException("No artifact at " + path.value() + " in this session.");
            }
        }
    }

    /**
     * Sets ({@code keep} true) or clears the keep flag of the artifact at {@code path} of the caller's session.
     *
     * @return the artifact as it is now (its {@code expires_at} null while kept)
     * @throws ServiceException 404 when the session or a live artifact at the path does not exist for the caller, 503
     *                          no write slot ({@link UploadSlots})
     */
    @Transactional
    public ArtifactSnapshot setKeep(UUID sessionId, ArtifactPath path, boolean keep) {
        // Taken before the first query, which is when the transaction gets its connection.
        try (UploadSlots.Slot slot = uploadSlots.take()) {
            sessions.require(sessionId);
            ArtifactSnapshot file = writer.setKeep(sessionId, path, keep)
                .orElseThrow(() -> new NotFoundException("No artifact at " + path.value() + " in this session."));
            audit.recordInTransaction(keep ? AuditAction.KEEP : AuditAction.UNKEEP, sessionId, path.value(), null);
            return file;
        }
    }

    static String validateMetadata(String metadata) {
        if (metadata == null) {
            return null;
        }
        if (metadata.getBytes(StandardCharsets.UTF_8).length > UploadSettings.MAX_METADATA_BYTES) {
            throw new BadInputException("X-Artifact-Metadata is larger than " + UploadSettings.MAX_METADATA_BYTES
                + " bytes.");
        }
        JsonObject object;
        try (JsonReader reader = Json.createReader(new StringReader(metadata))) {
            object = reader.readObject();
        } catch (RuntimeException e) {
            // Not JSON, not an object, or nested deeper than the parser allows.
            throw new BadInputException("X-Artifact-Metadata must be a JSON object, not nested too deeply.");
        }
        String json = object.toString();
        if (json.contains("\\u0000")) {
            // PostgreSQL's jsonb cannot hold U+0000.
            throw new BadInputException("X-Artifact-Metadata may not contain the NUL character (\\u0000).");
        }
        if (!numbersFitJsonb(object)) {
            throw new BadInputException("X-Artifact-Metadata holds a number beyond what can be stored (at most "
                + "131072 digits before the decimal point and 16383 after).");
        }
        return json;
    }

    /** Whether every number in {@code value} fits PostgreSQL's numeric type, which jsonb stores numbers as. */
    private static boolean numbersFitJsonb(jakarta.json.JsonValue value) {
        if (value instanceof jakarta.json.JsonNumber number) {
            java.math.BigDecimal decimal = number.bigDecimalValue();
            return decimal.precision() - decimal.scale() <= 131_072 && decimal.scale() <= 16_383;
        }
        if (value instanceof JsonObject object) {
            return object.values().stream().allMatch(ArtifactService::numbersFitJsonb);
        }
        if (value instanceof jakarta.json.JsonArray array) {
            return array.stream().allMatch(ArtifactService::numbersFitJsonb);
        }
        return true;
    }

    /** Thrown object look-ups of rows whose object is gone become a 404 rather than a 500. */
    public static ServiceException missingObject(ObjectNotFoundException e, String path) {
        return new NotFoundException("No artifact at " + path + " in this session.");
    }
}
