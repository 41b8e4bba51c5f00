package dev.artifactservice.artifact;

import dev.artifactservice.session.Session;
import dev.artifactservice.session.SessionService;
import dev.artifactservice.storage.ObjectStorage;
import dev.artifactservice.storage.StorageKeys;
import dev.artifactservice.storage.StoredObject;
import dev.artifactservice.zip.Deflation;
import dev.artifactservice.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.InputStream;
import java.util.UUID;

/**
 * The transactional half of artifact writes: holds a per-path database lock while the bytes go to S3 and
 * the row is written, so concurrent writers of one path are serialised and the row and the object always
 * describe the same bytes.
 */
@ApplicationScoped
public class ArtifactWriter {

    @Inject
    ArtifactRepository artifacts;

    @Inject
    ObjectStorage storage;

    @Inject
    UploadSettings settings;

    @Inject
    dev.artifactservice.session.SessionRepository sessions;

    /**
     * Stores the body at {@code path} of an already authorised session: a new path lands straight at its S3
     * key; a replacement lands at a staging key first and is copied over only once its digest is checked.
     * On any failure the object written here is removed and the transaction rolls back.
     *
     * @param metadata validated JSON object text, or null
     * @throws ApiException 400 digest mismatch or short body, 412 failed precondition, 413 too large
     */
    @Transactional
    public ArtifactService.Upload store(Session session, ArtifactPath path, UploadCommand command, String metadata,
                                        InputStream body) {
        UUID sessionId = session.id();
        if (!sessions.lockShared(sessionId)) {
            throw ApiException.notFound("Session " + sessionId + " was not found.");
        }
        artifacts.lockPath(sessionId, path.value());
        Artifact existing = artifacts.find(sessionId, path.value()).orElse(null);
        checkPreconditions(existing, command);

        String key = StorageKeys.artifactKey(session.organizationId(), sessionId, path.value());
        String target = existing == null ? key : StorageKeys.stagingKey(session.organizationId(), sessionId);
        String mimeType = MimeTypes.resolve(command.contentType(), path.fileName());
        // Bundles deflate this artifact: measure its deflated size on the way, so that they know their length.
        Deflation.Meter meter = MimeTypes.isCompressed(mimeType, path.fileName()) ? null
            : Deflation.meter(body, settings.measureDeflateMaxBytes());
        StoredObject stored;
        java.util.OptionalLong deflatedSize = java.util.OptionalLong.empty();
        try {
            stored = storage.put(target, meter != null ? meter : body, command.contentLength(), mimeType,
                settings.maxBytes());
            if (meter != null) {
                deflatedSize = meter.deflatedSize();
            }
        } finally {
            if (meter != null) {
                meter.release();
            }
        }
        try {
            if (command.sha256() != null && !command.sha256().equals(stored.sha256())) {
                throw ApiException.badRequest("Repr-Digest sha-256 does not match the received bytes; "
                    + "nothing was stored.");
            }
            Artifact artifact = existing != null ? existing
                : new Artifact(UUID.randomUUID(), session.organizationId(), sessionId, path, key, SessionService.now());
            artifact.replaceContent(stored.size(), mimeType, stored.sha256(), stored.crc32(), command.conversationId(),
                metadata, SessionService.now());
            deflatedSize.ifPresent(bytes -> artifact.measuredDeflatedSize(bytes, Deflation.profile()));
            if (existing == null) {
                artifacts.persist(artifact);
            } else {
                artifacts.flush();
                storage.copy(target, key);
                storage.delete(target);
            }
            return new ArtifactService.Upload(ArtifactFile.of(artifact), existing == null);
        } catch (RuntimeException e) {
            try {
                storage.delete(target);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Deletes the row at {@code path} and then its object, under the path's lock.
     *
     * @return false when there was no such artifact (deleted meanwhile)
     */
    @Transactional
    public boolean remove(UUID sessionId, ArtifactPath path) {
        artifacts.lockPath(sessionId, path.value());
        Artifact artifact = artifacts.find(sessionId, path.value()).orElse(null);
        if (artifact == null) {
            return false;
        }
        artifacts.delete(artifact);
        storage.delete(artifact.storagePath());
        return true;
    }

    private static void checkPreconditions(Artifact existing, UploadCommand command) {
        if (command.ifNoneMatch() != null) {
            String value = command.ifNoneMatch().trim();
            if (value.equals("*") ? existing != null
                : existing != null && ArtifactService.etagListContains(value, existing.sha256())) {
                throw ApiException.preconditionFailed("An artifact already exists at this path (If-None-Match).");
            }
        }
        if (command.ifMatch() != null) {
            String value = command.ifMatch().trim();
            boolean matches = existing != null
                && (value.equals("*") || ArtifactService.etagListContains(value, existing.sha256()));
            if (!matches) {
                throw ApiException.preconditionFailed("The artifact's current ETag does not match If-Match.");
            }
        }
    }
}
