package dev.artifactservice.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The retention rules as pure functions: when an artifact expires, whether it is live, and how long a
 * pre-signed link to it may last. An artifact's expiry is fixed when it is uploaded: the session's end date
 * when the session has one, else the upload time plus the first retention in days that is set of the
 * session's, the organization's and the configured default; 0 days means "kept forever" (no expiry). An
 * artifact with {@code keep} never expires.
 */
public final class Expiry {

    /** Longest retention in days that can be set (100 years). */
    public static final int MAX_DAYS = 36_500;

    /**
     * JPQL condition that an artifact aliased {@code a} is live (kept, without expiry, or not yet expired);
     * expired rows are invisible everywhere before the purge deletes them.
     */
    public static final String LIVE_JPQL =
        "(a.keep = TRUE OR a.expiresAt IS NULL OR a.expiresAt > CURRENT_TIMESTAMP)";

    /** The same condition in SQL on the {@code artifacts} table. */
    public static final String LIVE_SQL = "(keep OR expires_at IS NULL OR expires_at > now())";

    /**
     * Its negation in SQL, for rows that have expired but are not purged yet; written so that it implies the
     * predicate of the partial indexes on expiring rows ({@code expires_at IS NOT NULL AND NOT keep}).
     */
    public static final String EXPIRED_SQL = "(expires_at IS NOT NULL AND NOT keep AND expires_at <= now())";

    private Expiry() {
    }

    /**
     * When an artifact uploaded at {@code uploadedAt} expires, or null when it is kept forever.
     *
     * @param sessionExpiresAt the session's fixed end date, or null
     * @param sessionDays      the session's retention in days (0 = forever), or null when not set
     * @param organizationDays the organization's retention in days (0 = forever), or null when not set
     * @param defaultDays      the configured default in days ({@code artifacts.retention.default-days}; 0 or
     *                         less = forever)
     */
    public static OffsetDateTime expiresAt(OffsetDateTime uploadedAt, OffsetDateTime sessionExpiresAt,
                                           Integer sessionDays, Integer organizationDays, int defaultDays) {
        if (sessionExpiresAt != null) {
            return sessionExpiresAt;
        }
        int days = sessionDays != null ? sessionDays : organizationDays != null ? organizationDays : defaultDays;
        return days <= 0 ? null : uploadedAt.plusDays(days);
    }

    /** The expiry an artifact really has: none when it is kept, else its stored expiry (null = forever). */
    public static Instant effective(OffsetDateTime expiresAt, boolean keep) {
        return keep || expiresAt == null ? null : expiresAt.toInstant();
    }

    /** Whether an artifact with this effective expiry (null = never) is still live at {@code now}. */
    public static boolean isLive(Instant effectiveExpiry, Instant now) {
        return effectiveExpiry == null || effectiveExpiry.isAfter(now);
    }

    /**
     * The lifetime in whole seconds of a pre-signed link signed at {@code now}: the requested one, capped so
     * that the link ends no later than the artifact's expiry. SigV4 counts from the signing time in whole
     * seconds, and the signer's clock may already be in the next second, so one second is held back.
     *
     * @param requestedSeconds the lifetime asked for, in seconds (at least 1)
     * @param effectiveExpiry  the artifact's effective expiry, or null when it never expires
     * @return at least 0; 0 means no link can be issued (the artifact expires within a second)
     */
    public static long linkLifetime(long requestedSeconds, Instant effectiveExpiry, Instant now) {
        if (effectiveExpiry == null) {
            return requestedSeconds;
        }
        long left = Duration.between(now.truncatedTo(ChronoUnit.SECONDS), effectiveExpiry).toSeconds() - 1;
        return Math.max(0, Math.min(requestedSeconds, left));
    }
}
