package dev.artifactservice.security;

/** Group names of the token's {@code groups} claim, used as roles. */
public final class Roles {

    /** May call GET and HEAD. */
    public static final String READ = "artifacts.read";

    /** May call PUT, POST and DELETE, and read. */
    public static final String WRITE = "artifacts.write";

    /** May read the organization's audit trail. */
    public static final String ADMIN = "artifacts.admin";

    private Roles() {
    }
}
