package dev.artifactservice.diff;

import dev.artifactservice.artifact.ArtifactPath;
import dev.artifactservice.artifact.ArtifactService;
import dev.artifactservice.artifact.ArtifactSnapshot;
import dev.artifactservice.failure.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the sides of a diff come from: the versions of an artifact of the caller's organization, read from the
 * database (no object is read here). Every look-up is scoped to the caller's organization: another organization's
 * session is 404, as everywhere.
 *
 * <p><b>Version seam.</b> Until artifacts keep their replaced versions (issue 16, "Versions"), a path has one
 * version, its current one, numbered {@link #CURRENT_UNTIL_VERSIONS}. {@link #version} and {@link #before} are the
 * two methods that change when versions arrive: {@code version} then reads a non-current version from
 * {@code artifact_versions}, {@code before} the newest version older than the given one; {@link #side} then takes
 * the number from the artifact row's {@code version}. Nothing else of the diff feature depends on how versions are
 * stored.
 */
@ApplicationScoped
public class DiffSources {

    /**
     * The number of the current version while a path has no other (VERSION SEAM: replaced by the row's
     * {@code version} after the versions merge).
     */
    static final int CURRENT_UNTIL_VERSIONS = 1;

    @Inject
    ArtifactService artifacts;

    /**
     * The current version at {@code path} in the caller's session {@code sessionId}, or empty when the session has
     * no artifact there (an expired one included).
     *
     * @throws dev.artifactservice.failure.ServiceException 404 when the session does not exist for the caller
     */
    public Optional<DiffSide> current(UUID sessionId, ArtifactPath path) {
        return artifacts.findIfPresent(sessionId, path).map(DiffSources::side);
    }

    /**
     * Version {@code number} of the artifact at {@code path} in the caller's session.
     *
     * @throws dev.artifactservice.failure.ServiceException 404 when the session, the artifact or that version does
     *                                                    not exist for the caller
     */
    public DiffSide version(UUID sessionId, ArtifactPath path, int number) {
        DiffSide current = current(sessionId, path)
            .orElseThrow(() -> new NotFoundException("No artifact at " + path.value() + " in this session."));
        if (current.version() == number) {
            return current;
        }
        // VERSION SEAM: after the versions merge, read version `number` of (sessionId, path) from the non-current
        // versions (artifact_versions) here, with its own size, SHA-256, media type and storage key.
        throw versionNotFound(path, number);
    }

    /**
     * The newest version of the artifact at {@code path} older than {@code side}, or empty when {@code side} is
     * its first version (or the older ones are no longer kept).
     */
    public Optional<DiffSide> before(DiffSide side) {
        // VERSION SEAM: after the versions merge, the newest kept version of (side.sessionId(), side.path()) whose
        // number is below side.version(). Until then a path has only its current version.
        return Optional.empty();
    }

    /** The 404 of a version number the artifact does not have (or no longer keeps). */
    static NotFoundException versionNotFound(ArtifactPath path, int number) {
        return new NotFoundException("Version " + number + " of " + path.value() + " was not found in this session.");
    }

    private static DiffSide side(ArtifactSnapshot file) {
        // VERSION SEAM: file.version() once artifact rows carry their version number.
        return new DiffSide(file.sessionId(), file.path(), CURRENT_UNTIL_VERSIONS, true, file.size(), file.sha256(),
            file.mimeType(), file.storageKey());
    }
}
