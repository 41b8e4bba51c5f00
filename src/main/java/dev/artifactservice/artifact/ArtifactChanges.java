package dev.artifactservice.artifact;

import dev.artifactservice.audit.AuditAction;
import dev.artifactservice.audit.AuditLog;
import dev.artifactservice.failure.BadInputException;
import dev.artifactservice.failure.ConflictException;
import dev.artifactservice.failure.DependencyUnavailableException;
import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.failure.TooLargeException;
import dev.artifactservice.organization.OrganizationPolicy;
import dev.artifactservice.organization.OrganizationRepository;
import dev.artifactservice.quota.Quotas;
import dev.artifactservice.quota.UsageRepository;
import dev.artifactservice.retention.Expiry;
import dev.artifactservice.retention.RetentionSettings;
import dev.artifactservice.session.Session;
import dev.artifactservice.session.SessionService;
import dev.artifactservice.storage.ByteLimit;
import dev.artifactservice.storage.ObjectStorage;
import dev.artifactservice.storage.StoredObject;
import dev.artifactservice.storage.WriteIntents;
import dev.artifactservice.zip.Deflation;
import dev.artifactservice.http.Preconditions;
import dev.artifactservice.zip.StoredFormats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * The transactional changes of artifacts (store an upload, keep, remove), not to be confused with the bundle's
 * ZIP writer: each is one transaction that holds a per-path database lock while the bytes go to S3 and
 * the row is written, so concurrent writers of one path are serialised and the row and the object always
 * describe the same bytes. Each change adds its artifact and byte delta to the organization's usage counters in the
 * same transaction.
 */
@ApplicationScoped
public class ArtifactChanges {

    @Inject
    ArtifactRepository artifacts;

    @Inject
    ObjectStorage storage;

    @Inject
    UploadSettings settings;

    @Inject
    SessionService sessions;

    @Inject
    AuditLog audit;

    @Inject
    OrganizationRepository organizations;

    @Inject
    RetentionSettings retention;

    @Inject
    Quotas quotas;

    @Inject
    WriteIntents intents;

    @Inject
    UsageRepository usage;

    @Inject
    dev.artifactservice.security.Caller caller;

    @Inject
    ArtifactVersions versions;

    /**
     * What a change did: the artifact as it is now, whether its path was new, and the keys of the versions it
     * purged, whose objects {@link ArtifactVersions#discard} deletes once the change has committed.
     */
    record Changed(ArtifactSnapshot artifact, boolean isNew, java.util.List<String> discarded) {
    }

    /**
     * Stores the body at {@code path} of the caller's session, held shared (against its deletion) until the
     * transaction ends, and records the upload in the audit trail in the same transaction: a new path lands straight at its S3
     * key; a replacement lands at a staging key first and is copied over only once its digest is checked.
     * The artifact expires at the upload time plus the effective retention (see {@link Expiry#expiresAt}),
     * unless kept. The body may not pass {@code artifacts.upload.max-bytes} nor the organization's remaining
     * quota (a replacement counts only what it adds); the quota is checked again under the organization's
     * row lock before the row is written. On any failure the object written here is removed and the
     * transaction rolls back. An expired row at the path that the purge has not yet removed counts as absent.
     * A replacement of a live artifact keeps the replaced content as a version ({@link ArtifactVersions#retire}): its
     * bytes are copied to the version key before the row changes, and the replaced bytes then count in the quota.
     * The {@code keys} carry write intents recorded by the caller; they are released with the row, and
     * {@code keys} notes what a failure left in S3 (nothing is deleted while S3 itself is unavailable).
     *
     * @throws ServiceException 400 digest mismatch, short body, a conversation of another session or bad metadata,
     *                      404 unknown session, 409 the session's fixed end has
     *                      passed (unless {@code keep}), 412 failed precondition, 413 too large, 507 over quota
     */
    @Transactional
    Changed store(UUID sessionId, ArtifactPath path, UploadCommand command, InputStream body, UploadKeys keys) {
        Session session = sessions.requireShared(sessionId);
        if (command.conversationId() != null && !sessions.conversationBelongs(command.conversationId(), sessionId)) {
            throw new BadInputException("conversation_id does not belong to this session.");
        }
        String metadata = ArtifactService.validateMetadata(command.metadata());
        artifacts.lockPath(sessionId, path.value());
        OffsetDateTime now = SessionService.now();
        Artifact row = artifacts.findForUpdate(sessionId, path.value()).orElse(null);
        Artifact existing = row != null && row.isLive(now.toInstant()) ? row : null;
        checkPreconditions(existing, command);

        boolean keep = command.keep() != null ? command.keep() : existing != null && existing.keep();
        OrganizationPolicy policy = organizations.policy(session.organizationId());
        OffsetDateTime expiresAt = Expiry.expiresAt(now, session.expiresAt(), session.retentionDays(),
            policy.retentionDays(), retention.defaultDays());
        if (!keep && expiresAt != null && !expiresAt.isAfter(now)) {
            throw new ConflictException("The session's artifacts were kept until " + expiresAt.toInstant()
                + "; upload with keep=true or into another session.");
        }
        UUID replaced = existing == null ? null : existing.id();
        long kept = existing == null ? 0 : versions.keptAfterReplace(existing);
        ByteLimit limit = new ByteLimit(settings.maxBytes(), () -> new TooLargeException(settings.maxBytes()))
            .tighter(quotas.uploadLimit(session.organizationId(), policy, replaced, kept));

        String key = keys.key();
        // A row, even an expired one, means an object at the key: write beside it until the row is ours.
        String target = row == null ? key : keys.stagingKey();
        String mimeType = MimeTypes.resolve(command.contentType(), path.fileName());
        // Bundles deflate this artifact: measure its deflated size on the way, so that they know their length
        // (small bodies only: deflating costs CPU, and the first bundle measures what was not measured here).
        boolean measure = !StoredFormats.isStored(mimeType, path.fileName())
            && command.contentLength() <= settings.measureDeflateMaxBytes();
        Deflation.Meter meter = measure ? Deflation.meter(body, settings.measureDeflateMaxBytes()) : null;
        if (command.contentLength() > limit.maxBytes()) {
            // Refused before any byte goes to S3 (413, or 507 over the quota): nothing to write, nothing to delete.
            throw limit.refusal().get();
        }
        keys.writing(target);
        try {
            StoredObject stored;
            java.util.OptionalLong deflatedSize = java.util.OptionalLong.empty();
            try {
                stored = storage.put(target, meter != null ? meter : body, command.contentLength(), mimeType, limit);
                if (meter != null) {
                    deflatedSize = meter.deflatedSize();
                }
            } finally {
                if (meter != null) {
                    meter.release();
                }
            }
            if (command.sha256() != null && !command.sha256().equals(stored.sha256())) {
                throw new BadInputException("Repr-Digest sha-256 does not match the received bytes; "
                    + "nothing was stored.");
            }
            quotas.checkAndHold(session.organizationId(), policy, replaced, stored.size() + kept);
            long previousSize = row == null ? 0 : row.size();
            long previousVersionsBytes = row == null ? 0 : row.versionsBytes();
            Artifact artifact = row != null ? row
                : new Artifact(UUID.randomUUID(), session.organizationId(), sessionId, path, key, now);
            java.util.List<String> discarded = java.util.List.of();
            if (row == null) {
                artifact.versioned(versions.firstNumber(sessionId, path.value()), caller.userId(), 0);
            } else if (existing == null) {
                artifact.restart(now);
                discarded = versions.restart(artifact);
            } else {
                discarded = retire(artifact, keys);
            }
            artifact.replaceContent(stored.size(), mimeType, stored.sha256(), stored.crc32(), command.conversationId(),
                metadata, now);
            artifact.retain(expiresAt, keep);
            deflatedSize.ifPresent(bytes -> artifact.measuredDeflatedSize(bytes, Deflation.profile()));
            if (row == null) {
                artifacts.persist(artifact);
            } else {
                artifacts.flush();
                keys.overwriting();
                storage.copy(target, key);
                storage.delete(target);
            }
            intents.release(keys.all());
            audit.recordInTransaction(AuditAction.UPLOAD, sessionId, path.value(), artifact.size());
            // Last, after the S3 steps and the audit event (which may wait for queued events): the organization's
            // counter row is shared by all its uploads, so it is held only from here to the commit.
            usage.add(new UsageRepository.ArtifactDelta(session.organizationId(), sessionId, row == null ? 1 : 0,
                artifact.size() - previousSize, artifact.versionsBytes() - previousVersionsBytes));
            return new Changed(ArtifactSnapshot.of(artifact), existing == null, discarded);
        } catch (RuntimeException e) {
            undo(keys, e);
            throw e;
        }
    }

    /**
     * Makes version {@code version} of the live artifact at {@code path} its new current version, under the path's
     * lock: the current content is copied to the version key and kept as a version (as by an upload), then the old
     * version's object is copied (server side) to the artifact's key. History only grows: the restored content gets
     * the next number. The expiry and keep flag stay as they are; the restored bytes count in the quota.
     *
     * @throws ServiceException 404 no live artifact at the path or no such version, 507 over the quota (nothing
     *                          changes)
     */
    @Transactional
    Changed restore(UUID sessionId, ArtifactPath path, int version, UploadKeys keys) {
        Session session = sessions.requireShared(sessionId);
        artifacts.lockPath(sessionId, path.value());
        OffsetDateTime now = SessionService.now();
        Artifact row = artifacts.findLiveForUpdate(sessionId, path.value(), now.toInstant())
            .orElseThrow(() -> new dev.artifactservice.failure.NotFoundException("No artifact at " + path.value()
                + " in this session."));
        ArtifactSnapshot source = versions.version(row, Optional.of(version));
        OrganizationPolicy policy = organizations.policy(session.organizationId());
        quotas.checkAndHold(session.organizationId(), policy, row.id(),
            source.size() + versions.keptAfterReplace(row));
        long previousSize = row.size();
        long previousVersionsBytes = row.versionsBytes();
        try {
            java.util.List<String> discarded = retire(row, keys);
            row.replaceContent(source.size(), source.mimeType(), source.sha256(), source.crc32(),
                source.conversationId(), row.metadata(), now);
            artifacts.flush();
            if (!source.storageKey().equals(keys.key())) {
                keys.overwriting();
                storage.copy(source.storageKey(), keys.key());
            }
            intents.release(keys.all());
            audit.recordInTransaction(AuditAction.RESTORE, sessionId, path.value(), row.size());
            // Last, as in store: the shared usage row is held only from here to the commit.
            usage.add(new UsageRepository.ArtifactDelta(session.organizationId(), sessionId, 0,
                row.size() - previousSize, row.versionsBytes() - previousVersionsBytes));
            return new Changed(ArtifactSnapshot.of(row), false, discarded);
        } catch (RuntimeException e) {
            undo(keys, e);
            throw e;
        }
    }

    /** Copies the live row's current bytes to the version key (when versions are kept), then retires its content. */
    private java.util.List<String> retire(Artifact row, UploadKeys keys) {
        if (versions.keeping()) {
            keys.writing(keys.versionKey());
            storage.copy(keys.key(), keys.versionKey());
        }
        return versions.retire(row, keys.versionKey());
    }

    /**
     * After a failed change: puts the replaced bytes back at the artifact's key if it was overwritten, and deletes the
     * objects the change wrote, noting in {@code keys} when that succeeded. While S3 is unavailable this would only
     * wait again: the reconciler removes them by their intents.
     */
    private void undo(UploadKeys keys, RuntimeException e) {
        if (e instanceof DependencyUnavailableException) {
            return;
        }
        try {
            if (keys.overwrote() && keys.written().contains(keys.versionKey())) {
                storage.copy(keys.versionKey(), keys.key());
            }
            for (String written : keys.written()) {
                storage.delete(written);
            }
            if (!keys.overwrote() || keys.written().contains(keys.versionKey())) {
                keys.removed();
            }
        } catch (RuntimeException suppressed) {
            e.addSuppressed(suppressed);
        }
    }

    /**
     * Sets or clears the keep flag of the live artifact at {@code path}, under the path's lock. A kept artifact
     * never expires; once cleared, the expiry fixed at its upload applies again (at once, if it has passed).
     *
     * @return the artifact as it is now, or empty when there is no live artifact at the path
     */
    @Transactional
    public Optional<ArtifactSnapshot> setKeep(UUID sessionId, ArtifactPath path, boolean keep) {
        artifacts.lockPath(sessionId, path.value());
        Optional<Artifact> artifact = artifacts.findLiveForUpdate(sessionId, path.value(), Instant.now());
        artifact.ifPresent(a -> {
            a.retain(a.expiresAt(), keep);
            artifacts.flush();
        });
        return artifact.map(ArtifactSnapshot::of);
    }

    /**
     * Deletes the row at {@code path} and then its object, under the path's lock, if the preconditions hold for
     * the artifact (RFC 9110 section 13.2.2, evaluated under the lock). The row is read locked ({@code FOR UPDATE})
     * and judged live afterwards, so a purge or a session delete that took it first is waited for and then seen
     * as its deletion, never subtracted from the usage counters a second time.
     *
     * @return false when there was no such artifact (deleted meanwhile)
     * @throws ServiceException 412 when a precondition does not hold; nothing is deleted
     */
    @Transactional
    public boolean remove(UUID sessionId, ArtifactPath path, Preconditions preconditions) {
        artifacts.lockPath(sessionId, path.value());
        Artifact artifact = artifacts.findLiveForUpdate(sessionId, path.value(), Instant.now()).orElse(null);
        if (artifact == null) {
            return false;
        }
        ArtifactSnapshot current = ArtifactSnapshot.of(artifact);
        preconditions.require("DELETE", current.etag(), current.updatedAt(), "If-Match, If-None-Match or "
            + "If-Unmodified-Since does not hold for the artifact's current ETag or Last-Modified; nothing was deleted.");
        java.util.List<String> versionKeys = versions.keys(artifact);
        artifacts.delete(artifact); // its versions' rows go with it (ON DELETE CASCADE)
        storage.delete(artifact.storagePath());
        versionKeys.forEach(storage::delete);
        usage.add(new UsageRepository.ArtifactDelta(artifact.organizationId(), sessionId, -1, -artifact.size(),
            -artifact.versionsBytes()));
        return true;
    }

    private static void checkPreconditions(Artifact existing, UploadCommand command) {
        ArtifactSnapshot current = existing == null ? null : ArtifactSnapshot.of(existing);
        command.preconditions().require("PUT", current == null ? null : current.etag(),
            current == null ? null : current.updatedAt(), "If-Match, If-None-Match or If-Unmodified-Since does not "
                + "hold for the artifact at this path (If-None-Match: * refuses an existing one); nothing was stored.");
    }
}
