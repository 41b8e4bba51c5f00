package dev.artifactservice.security;

/** Group names of the token's {@code groups} claim, used as roles. */
public final class Roles {

    /** May call GET and HEAD. */
    public static final String READ = "artifacts.read";

    /** May call PUT, POST and DELETE, and read. */
    public static final String WRITE = "artifacts.write";

    /**
     * Administers its own organization: its audit trail, its default retention and the purge of its expired
     * artifacts. Never acts on another organization.
     */
    public static final String ADMIN = "artifacts.admin";

    /**
     * Operates the service across every organization: the S3/database reconciliation and the purge of all
     * organizations' expired artifacts. A separate group from {@link #ADMIN}, which a customer's administrator
     * holds; an operator token needs no {@code org_id}.
     */
    public static final String OPERATOR = "artifacts.operator";

    private Roles() {
    }
}
