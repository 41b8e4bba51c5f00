package dev.artifactservice.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One generation run that produced artifacts; belongs to exactly one organization, and every lookup is
 * by organization and id together so another tenant's session is indistinguishable from a missing one.
 * It may fix how long the artifacts uploaded into it are kept: {@code retention_days} after each upload
 * (0 = forever) or until {@code expires_at}; both null means the organization's retention applies.
 */
@Entity
@Table(name = "sessions")
public class Session {

    @Id
    @Column(name = "session_id", columnDefinition = "uuid")
    private UUID id;

    @Column(name = "organization_id", columnDefinition = "uuid", nullable = false)
    private UUID organizationId;

    @Column(name = "title")
    private String title;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "retention_days")
    private Integer retentionDays;

    @Column(name = "expires_at")
    private OffsetDateTime expiresAt;

    protected Session() {
    }

    /** A new session with the given id in the given organization. */
    public Session(UUID id, UUID organizationId, String title, String createdBy, OffsetDateTime createdAt) {
        this.id = id;
        this.organizationId = organizationId;
        this.title = title;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    /** Sets the session's retention: days after each upload (0 = forever), or a fixed end; at most one. */
    public void retain(Integer retentionDays, OffsetDateTime expiresAt) {
        this.retentionDays = retentionDays;
        this.expiresAt = expiresAt;
    }

    public UUID id() {
        return id;
    }

    public UUID organizationId() {
        return organizationId;
    }

    public String title() {
        return title;
    }

    public String createdBy() {
        return createdBy;
    }

    public OffsetDateTime createdAt() {
        return createdAt;
    }

    public Integer retentionDays() {
        return retentionDays;
    }

    public OffsetDateTime expiresAt() {
        return expiresAt;
    }
}
