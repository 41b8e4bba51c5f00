package dev.artifactservice.quota;

import dev.artifactservice.database.AdvisoryLocks;
import dev.artifactservice.database.Transactions;
import dev.artifactservice.quota.UsageRepository.Counts;
import dev.artifactservice.quota.UsageRepository.SessionCounts;
import dev.artifactservice.quota.UsageRepository.StoredCounters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Recounts the usage counters ({@code organization_usage}, {@code session_usage}) from the rows they count, for
 * rows written or changed outside the service (a restore, a hand-made fix, SQL seeding): the service itself keeps
 * them exact in the transaction of each change. One organization at a time, each in a transaction of its own that
 * holds its counter rows, taken in the order every change takes them (sessions, then the organization), while it
 * sums the rows: changes to that organization wait meanwhile (each wait bounded by the database's statement
 * timeout) and add their deltas to the recounted values when it commits, so the counters stay exact under
 * concurrent uploads and deletes on any instance. {@code versions_bytes}, each artifact's sum of its non-current
 * versions' bytes, is taken as the rows hold it. A PostgreSQL advisory lock lets one instance at a time recount.
 */
@ApplicationScoped
public class UsageRecounter {

    private static final Logger LOG = Logger.getLogger(UsageRecounter.class.getName());

    /** Advisory lock key of the recount, shared by all instances. */
    private static final String LOCK_KEY = "usage-recount";

    /** At most this many corrections are named in the report. */
    static final int REPORTED_CORRECTIONS = 100;

    @Inject
    UsageRepository usage;

    @Inject
    AdvisoryLocks locks;

    @Inject
    Transactions transactions;

    /**
     * Recounts the counters of {@code organizationId}, or of every organization when it is null, now, unless another
     * instance is recounting (an organization that does not exist is not checked).
     *
     * @throws IllegalStateException when the database cannot be used
     * @throws RuntimeException the database's error when a wait for a counter row passed the statement timeout (the
     *     organizations recounted before it keep their corrections)
     */
    public UsageRecountReport recount(UUID organizationId) {
        return locks.tryHolding(LOCK_KEY, () -> {
            List<UUID> organizations = transactions.inNew(() -> usage.organizations(organizationId));
            return recountAll(organizations);
        }).orElseGet(UsageRecountReport::skipped);
    }

    private UsageRecountReport recountAll(List<UUID> organizations) {
        List<UsageCorrection> corrections = new ArrayList<>();
        long sessions = 0;
        long corrected = 0;
        for (UUID organization : organizations) {
            Recounted recounted = transactions.inNew(() -> recountOne(organization));
            sessions += recounted.sessions();
            corrected += recounted.corrections().size();
            for (UsageCorrection correction : recounted.corrections()) {
                LOG.warning("Usage counter corrected from the rows: organization " + correction.organizationId()
                    + (correction.sessionId() == null ? "" : " session " + correction.sessionId()) + " "
                    + correction.counter() + " " + correction.was() + " -> " + correction.now());
                if (corrections.size() < REPORTED_CORRECTIONS) {
                    corrections.add(correction);
                }
            }
        }
        return new UsageRecountReport(true, organizations.size(), sessions, corrected, List.copyOf(corrections));
    }

    /** One organization's recount: the sessions it looked at, and the counters it set. */
    private record Recounted(long sessions, List<UsageCorrection> corrections) {
    }

    /** Recounts one organization in the caller's (new) transaction. */
    private Recounted recountOne(UUID organization) {
        StoredCounters stored = usage.lockCounters(organization);
        StoredCounters rows = usage.sumRows(organization);
        List<UsageCorrection> corrections = new ArrayList<>();
        TreeSet<UUID> sessions = new TreeSet<>(stored.sessions().keySet());
        sessions.addAll(rows.sessions().keySet());
        for (UUID session : sessions) {
            SessionCounts was = stored.sessions().get(session);
            SessionCounts now = rows.sessions().getOrDefault(session, SessionCounts.NONE);
            if (now.equals(was)) {
                continue;
            }
            usage.setSession(session, now);
            compare(corrections, organization, session, "artifact_count",
                was == null ? null : was.artifacts(), now.artifacts());
            compare(corrections, organization, session, "artifact_bytes",
                was == null ? null : was.bytes(), now.bytes());
        }
        Counts was = stored.organization();
        Counts now = rows.organization();
        if (!now.equals(was)) {
            usage.setOrganization(organization, now);
            compare(corrections, organization, null, "artifact_count", was.artifacts(), now.artifacts());
            compare(corrections, organization, null, "artifact_bytes", was.bytes(), now.bytes());
            compare(corrections, organization, null, "session_count", was.sessions(), now.sessions());
        }
        return new Recounted(sessions.size(), corrections);
    }

    /** Adds a correction when the counter held another value than its rows (or had no row). */
    private static void compare(List<UsageCorrection> corrections, UUID organization, UUID session, String counter,
                                Long was, long now) {
        if (was == null || was != now) {
            corrections.add(new UsageCorrection(organization, session, counter, was, now));
        }
    }
}
