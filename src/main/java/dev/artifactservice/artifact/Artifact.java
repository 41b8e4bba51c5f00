package dev.artifactservice.artifact;

import dev.artifactservice.retention.Expiry;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One stored file of a session: its path in the bundle, where its bytes lie in S3 ({@code storage_path},
 * always built from this row's ids), size in bytes, media type, SHA-256 and CRC-32 of the bytes, and
 * free-form JSON metadata; when it expires ({@code expires_at}, fixed at upload, null = never) and whether it
 * is kept regardless ({@code keep}); the current content's {@code version} (older versions live in
 * {@code artifact_versions}, their bytes summed in {@code versions_bytes}).
 */
@Entity
@Table(name = "artifacts")
public class Artifact {

    @Id
    @Column(name = "artifact_id", columnDefinition = "uuid")
    private UUID id;

    @Column(name = "session_id", columnDefinition = "uuid", nullable = false)
    private UUID sessionId;

    @Convert(converter = UuidConverter.class)
    @Column(name = "conversation_id", columnDefinition = "uuid")
    private UUID conversationId;

    @Column(name = "organization_id", columnDefinition = "uuid", nullable = false)
    private UUID organizationId;

    @Column(name = "artifact_type", nullable = false)
    private String type;

    @Column(name = "artifact_name", nullable = false)
    private String name;

    @Column(name = "path", nullable = false)
    private String path;

    @Column(name = "storage_path", nullable = false)
    private String storagePath;

    @Column(name = "file_size", nullable = false)
    private long size;

    @Column(name = "mime_type")
    private String mimeType;

    @Column(name = "sha256", nullable = false)
    private String sha256;

    @Column(name = "crc32", nullable = false)
    private long crc32;

    @Convert(converter = JsonDocumentConverter.class)
    @Column(name = "metadata", columnDefinition = "jsonb")
    private String metadata;

    @Column(name = "deflated_size")
    private Long deflatedSize;

    @Column(name = "deflate_profile")
    private Integer deflateProfile;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Column(name = "expires_at")
    private OffsetDateTime expiresAt;

    @Column(name = "keep", nullable = false)
    private boolean keep;

    @Column(name = "version", nullable = false)
    private int version = 1;

    @Column(name = "uploaded_by")
    private String uploadedBy;

    @Column(name = "versions_bytes", nullable = false)
    private long versionsBytes;

    protected Artifact() {
    }

    /** A new artifact row; {@link #replaceContent} updates it when the same path is uploaded again. */
    public Artifact(UUID id, UUID organizationId, UUID sessionId, ArtifactPath path, String storagePath,
                    OffsetDateTime createdAt) {
        this.id = id;
        this.organizationId = organizationId;
        this.sessionId = sessionId;
        this.type = path.type().id();
        this.name = path.name();
        this.path = path.value();
        this.storagePath = storagePath;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    /** Records new content: size in bytes, media type, hashes, conversation, metadata JSON and time. */
    public void replaceContent(long size, String mimeType, String sha256, long crc32, UUID conversationId,
                               String metadata, OffsetDateTime updatedAt) {
        this.size = size;
        this.mimeType = mimeType;
        this.sha256 = sha256;
        this.crc32 = crc32;
        this.conversationId = conversationId;
        this.metadata = metadata;
        this.updatedAt = updatedAt;
        this.deflatedSize = null;
        this.deflateProfile = null;
    }

    /**
     * Makes the content recorded next (by {@link #replaceContent}) version {@code version} of the path, uploaded by
     * {@code uploadedBy} (the caller's user id, or null), with {@code versionsBytes} bytes held by the artifact's
     * non-current versions.
     */
    public void versioned(int version, String uploadedBy, long versionsBytes) {
        this.version = version;
        this.uploadedBy = uploadedBy;
        this.versionsBytes = versionsBytes;
    }

    /** The number of the current content's version, from 1 (the first upload) up. */
    public int version() {
        return version;
    }

    /** Who uploaded or restored the current version, or null (rows from before versions). */
    public String uploadedBy() {
        return uploadedBy;
    }

    /** Bytes held by the artifact's non-current versions. */
    public long versionsBytes() {
        return versionsBytes;
    }

    /**
     * Records the size in bytes the content takes as a deflated bundle entry, measured by a deflater with the
     * given {@link dev.artifactservice.zip.Deflation#profile()}.
     */
    public void measuredDeflatedSize(long bytes, int profile) {
        this.deflatedSize = bytes;
        this.deflateProfile = profile;
    }

    /** Deflated size in bytes as measured at upload, or null when not measured. */
    public Long deflatedSize() {
        return deflatedSize;
    }

    /** Fingerprint of the deflater that measured {@link #deflatedSize()}, or null. */
    public Integer deflateProfile() {
        return deflateProfile;
    }

    /**
     * Starts the artifact's life again: an upload to the path of an expired artifact that was not purged yet
     * makes a new artifact, created now.
     */
    public void restart(OffsetDateTime createdAt) {
        this.createdAt = createdAt;
    }

    /** Sets the expiry (null = never) and the keep flag. */
    public void retain(OffsetDateTime expiresAt, boolean keep) {
        this.expiresAt = expiresAt;
        this.keep = keep;
    }

    /** Whether the artifact is live at {@code now}: kept, without expiry, or not yet expired. */
    public boolean isLive(Instant now) {
        return Expiry.isLive(Expiry.effective(expiresAt, keep), now);
    }

    public UUID id() {
        return id;
    }

    public UUID sessionId() {
        return sessionId;
    }

    public UUID conversationId() {
        return conversationId;
    }

    public UUID organizationId() {
        return organizationId;
    }

    public ArtifactType type() {
        return ArtifactType.ofId(type);
    }

    public String name() {
        return name;
    }

    public String path() {
        return path;
    }

    public String storagePath() {
        return storagePath;
    }

    public long size() {
        return size;
    }

    public String mimeType() {
        return mimeType;
    }

    public String sha256() {
        return sha256;
    }

    public long crc32() {
        return crc32;
    }

    public String metadata() {
        return metadata;
    }

    public OffsetDateTime createdAt() {
        return createdAt;
    }

    public OffsetDateTime updatedAt() {
        return updatedAt;
    }

    public OffsetDateTime expiresAt() {
        return expiresAt;
    }

    public boolean keep() {
        return keep;
    }
}
