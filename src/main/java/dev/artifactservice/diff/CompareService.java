package dev.artifactservice.diff;

import dev.artifactservice.security.Caller;
import dev.artifactservice.session.SessionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Compares two sessions of the caller's organization by their live artifacts' paths and SHA-256s: one query, no
 * object read.
 */
@ApplicationScoped
public class CompareService {

    @Inject
    SessionService sessions;

    @Inject
    ComparisonRepository comparisons;

    @Inject
    Caller caller;

    /**
     * How session {@code to} differs from session {@code from} (see {@link Comparison}).
     *
     * @throws dev.artifactservice.failure.ServiceException 404 when either session does not exist for the caller
     *     (another organization's included)
     */
    @Transactional
    public Comparison compare(UUID from, UUID to) {
        sessions.require(from);
        sessions.require(to);
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<Comparison.ChangedArtifact> changed = new ArrayList<>();
        long unchanged = 0;
        for (ComparisonRepository.PathPair pair : comparisons.paths(caller.organizationId(), from, to)) {
            if (pair.fromSha256() == null) {
                added.add(pair.path());
            } else if (pair.toSha256() == null) {
                removed.add(pair.path());
            } else if (pair.fromSha256().equals(pair.toSha256()) && pair.fromSize().equals(pair.toSize())) {
                unchanged++;
            } else {
                changed.add(new Comparison.ChangedArtifact(pair.path(), pair.fromSha256(), pair.toSha256(),
                    pair.fromSize(), pair.toSize()));
            }
        }
        return new Comparison(added, removed, changed, unchanged);
    }
}
