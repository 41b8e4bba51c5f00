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

    /**
     * Stores the body at {@code path} of the caller's session, held shared (against its deletion) until the
     * transaction ends, and records the upload in the audit trail in the same transaction: a new path lands straight at its S3
     * key; a replacement lands at a staging key first and is copied over only once its digest is checked.
     * The artifact expires at the upload time plus the effective retention (see {@link Expiry#expiresAt}),
     * unless kept. The body may not pass {@code artifacts.upload.max-bytes} nor the organization's remaining
     * quota (a replacement counts only what it adds); the quota is checked again under the organization's
     * row lock before the row is written. On any failure the object written here is removed and the
     * transaction rolls back. An expired row at the path that the purge has not yet removed counts as absent.
     * Both {@code keys} carry write intents recorded by the caller; they are released with the row, and
     * {@code keys} notes what a failure left in S3 (nothing is deleted while S3 itself is unavailable).
     *
     * @throws ServiceException 400 digest mismatch, short body, a conversation of another session or bad metadata,
     *                      404 unknown session, 409 the session's fixed end has
     *                      passed (unless {@code keep}), 412 failed precondition, 413 too large, 507 over quota
     */
    @Transactional
    ArtifactService.Upload store(UUID sessionId, ArtifactPath path, UploadCommand command, InputStream body,
                                 UploadKeys keys) {
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
        ByteLimit limit = new ByteLimit(settings.maxBytes(), () -> new TooLargeException(settings.maxBytes()))
            .tighter(quotas.uploadLimit(session.organizationId(), policy, replaced));

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
            quotas.checkAndHold(session.organizationId(), policy, replaced, stored.size());
            long previousSize = row == null ? 0 : row.size();
            Artifact artifact = row != null ? row
                : new Artifact(UUID.randomUUID(), session.organizationId(), sessionId, path, key, now);
            if (row != null && existing == null) {
                artifact.restart(now);
            }
            artifact.replaceContent(stored.size(), mimeType, stored.sha256(), stored.crc32(), command.conversationId(),
                metadata, now);
            artifact.retain(expiresAt, keep);
            deflatedSize.ifPresent(bytes -> artifact.measuredDeflatedSize(bytes, Deflation.profile()));
            if (row == null) {
                artifacts.persist(artifact);
            } else {
                artifacts.flush();
                storage.copy(target, key);
                storage.delete(target);
            }
            intents.release(keys.all());
            audit.recordInTransaction(AuditAction.UPLOAD, sessionId, path.value(), artifact.size());
            // Last, after the S3 steps and the audit event (which may wait for queued events): the organization's
            // counter row is shared by all its uploads, so it is held only from here to the commit.
            usage.add(session.organizationId(),
                new UsageRepository.Delta(row == null ? 1 : 0, artifact.size() - previousSize, 0));
            return new ArtifactService.Upload(ArtifactSnapshot.of(artifact), existing == null);
        } catch (RuntimeException e) {
            // While S3 is unavailable a delete would only wait again; the reconciler removes it by its intent.
            if (!(e instanceof DependencyUnavailableException)) {
                try {
                    storage.delete(target);
                    keys.removed();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
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
        Optional<Artifact> artifact = artifacts.findForUpdate(sessionId, path.value())
            .filter(a -> a.isLive(Instant.now()));
        artifact.ifPresent(a -> {
            a.retain(a.expiresAt(), keep);
            artifacts.flush();
        });
        return artifact.map(ArtifactSnapshot::of);
    }

    /**
     * Deletes the row at {@code path} and then its object, under the path's lock, if the preconditions hold for
     * the artifact (RFC 9110 section 13.2.2, evaluated under the lock).
     *
     * @return false when there was no such artifact (deleted meanwhile)
     * @throws ServiceException 412 when a precondition does not hold; nothing is deleted
     */
    @Transactional
    public boolean remove(UUID sessionId, ArtifactPath path, Preconditions preconditions) {
        artifacts.lockPath(sessionId, path.value());
        Artifact artifact = artifacts.find(sessionId, path.value()).orElse(null);
        if (artifact == null) {
            return false;
        }
        ArtifactSnapshot current = ArtifactSnapshot.of(artifact);
        preconditions.require("DELETE", current.etag(), current.updatedAt(), "If-Match, If-None-Match or "
            + "If-Unmodified-Since does not hold for the artifact's current ETag or Last-Modified; nothing was deleted.");
        artifacts.delete(artifact);
        storage.delete(artifact.storagePath());
        usage.add(artifact.organizationId(), new UsageRepository.Delta(-1, -artifact.size(), 0));
        return true;
    }

    private static void checkPreconditions(Artifact existing, UploadCommand command) {
        ArtifactSnapshot current = existing == null ? null : ArtifactSnapshot.of(existing);
        command.preconditions().require("PUT", current == null ? null : current.etag(),
            current == null ? null : current.updatedAt(), "If-Match, If-None-Match or If-Unmodified-Since does not "
                + "hold for the artifact at this path (If-None-Match: * refuses an existing one); nothing was stored.");
    }
}
