package dev.artifactservice.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class ExpiryTest {

    private static final OffsetDateTime UPLOADED = OffsetDateTime.parse("2026-01-10T12:00:00Z");
    private static final OffsetDateTime SESSION_END = OffsetDateTime.parse("2026-02-01T00:00:00Z");

    @Test
    void sessionEndDateWinsOverEveryRetention() {
        assertEquals(SESSION_END, Expiry.expiresAt(UPLOADED, SESSION_END, 3, 5, 7));
    }

    @Test
    void sessionRetentionWinsOverOrganizationAndDefault() {
        assertEquals(UPLOADED.plusDays(3), Expiry.expiresAt(UPLOADED, null, 3, 5, 7));
    }

    @Test
    void organizationRetentionWinsOverDefault() {
        assertEquals(UPLOADED.plusDays(5), Expiry.expiresAt(UPLOADED, null, null, 5, 7));
    }

    @Test
    void defaultRetentionAppliesWhenNothingElseIsSet() {
        assertEquals(UPLOADED.plusDays(7), Expiry.expiresAt(UPLOADED, null, null, null, 7));
    }

    @Test
    void zeroDaysAtAnyLevelMeansForeverAndOverridesTheLevelsBelow() {
        assertNull(Expiry.expiresAt(UPLOADED, null, null, null, 0));
        assertNull(Expiry.expiresAt(UPLOADED, null, null, 0, 7), "organization keeps forever despite a default");
        assertNull(Expiry.expiresAt(UPLOADED, null, 0, 5, 7), "session keeps forever despite its organization");
        assertEquals(UPLOADED.plusDays(2), Expiry.expiresAt(UPLOADED, null, 2, 0, 0), "and the other way round");
    }

    @Test
    void keptArtifactsHaveNoEffectiveExpiry() {
        assertNull(Expiry.effective(SESSION_END, true));
        assertNull(Expiry.effective(null, false));
        assertEquals(SESSION_END.toInstant(), Expiry.effective(SESSION_END, false));
    }

    @Test
    void anArtifactIsLiveStrictlyBeforeItsExpiry() {
        Instant end = Instant.parse("2026-01-10T12:00:00Z");
        assertTrue(Expiry.isLive(end, end.minusMillis(1)));
        assertFalse(Expiry.isLive(end, end));
        assertTrue(Expiry.isLive(null, end), "no expiry: always live");
    }

    @Test
    void linkLifetimeIsTheRequestWhenTheArtifactNeverExpires() {
        assertEquals(604_800, Expiry.linkLifetime(604_800, null, Instant.now()));
    }

    @Test
    void linkLifetimeIsTheRequestWhenTheArtifactOutlivesIt() {
        Instant now = Instant.parse("2026-01-10T12:00:00.250Z");
        assertEquals(3600, Expiry.linkLifetime(3600, now.plusSeconds(86_400), now));
    }

    @Test
    void linkLifetimeIsCappedSoTheLinkEndsNoLaterThanTheArtifact() {
        Instant now = Instant.parse("2026-01-10T12:00:00.250Z");
        Instant expiry = Instant.parse("2026-01-10T12:10:00Z");
        long lifetime = Expiry.linkLifetime(3600, expiry, now);
        assertEquals(599, lifetime);
        // The signer's clock may already show the next second: the link's end is at most one second later.
        Instant latestEnd = now.plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(lifetime);
        assertFalse(latestEnd.isAfter(expiry), latestEnd + " after " + expiry);
    }

    @Test
    void noLinkForAnArtifactThatExpiresWithinASecondOrHasExpired() {
        Instant now = Instant.parse("2026-01-10T12:00:00.250Z");
        assertEquals(0, Expiry.linkLifetime(3600, now.plusMillis(900), now));
        assertEquals(0, Expiry.linkLifetime(3600, now.minusSeconds(10), now));
    }
}
