package dev.artifactservice.diff;

import dev.artifactservice.artifact.ArtifactPath;
import dev.artifactservice.artifact.ArtifactService;
import dev.artifactservice.artifact.ArtifactSnapshot;
import dev.artifactservice.artifact.ArtifactVersions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the sides of a diff come from: the versions of an artifact of the caller's organization, read from the
 * database through {@link ArtifactVersions} (no object is read here). Every look-up is scoped to the caller's
 * organization: another organization's session is 404, as everywhere.
 */
@ApplicationScoped
public class DiffSources {

    @Inject
    ArtifactService artifacts;

    @Inject
    ArtifactVersions versions;

    /**
     * The current version at {@code path} in the caller's session {@code sessionId}, or empty when the session has
     * no artifact there (an expired one included).
     *
     * @throws dev.artifactservice.failure.ServiceException 404 when the session does not exist for the caller
     */
    public Optional<DiffSide> current(UUID sessionId, ArtifactPath path) {
        return artifacts.findIfPresent(sessionId, path).map(file -> side(file, true));
    }

    /**
     * Version {@code number} of the artifact at {@code path} in the caller's session, current or kept.
     *
     * @throws dev.artifactservice.failure.ServiceException 404 when the session, the artifact or that version does
     *                                                    not exist for the caller (purged versions included)
     */
    public DiffSide version(UUID sessionId, ArtifactPath path, int number) {
        ArtifactSnapshot current = versions.find(sessionId, path, Optional.empty());
        if (current.version() == number) {
            return side(current, true);
        }
        return side(versions.find(sessionId, path, Optional.of(number)), false);
    }

    /**
     * The newest kept version of the artifact at {@code path} older than {@code side}, or empty when {@code side} is
     * its first version (or the older ones are no longer kept).
     */
    public Optional<DiffSide> before(DiffSide side) {
        ArtifactPath path = ArtifactPath.of(side.path());
        return versions.history(side.sessionId(), path).versions().stream()
            .filter(v -> v.version() < side.version())
            .findFirst() // newest first
            .map(v -> side(versions.find(side.sessionId(), path, Optional.of(v.version())), false));
    }

    private static DiffSide side(ArtifactSnapshot file, boolean current) {
        return new DiffSide(file.sessionId(), file.path(), file.version(), current, file.size(), file.sha256(),
            file.mimeType(), file.storageKey());
    }
}
