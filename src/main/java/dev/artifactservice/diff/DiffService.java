package dev.artifactservice.diff;

import dev.artifactservice.artifact.ArtifactPath;
import dev.artifactservice.artifact.DamagedArtifactException;
import dev.artifactservice.artifact.DamagedArtifacts;
import dev.artifactservice.audit.AuditAction;
import dev.artifactservice.audit.AuditLog;
import dev.artifactservice.failure.NotFoundException;
import dev.artifactservice.io.ContentMismatchException;
import dev.artifactservice.storage.ContentCache;
import dev.artifactservice.storage.ObjectNotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Diffs of an artifact's text: between two of its versions, or between the same path in two sessions of the
 * caller's organization, as a unified diff ({@link UnifiedDiff}) whose {@code ---}/{@code +++} lines name the sides:
 * {@code --- a/terraform/main.tf<TAB>(version 1)}. Both sides are read whole into memory, each checked against its
 * SHA-256, so each is bounded by {@code artifacts.diff.max-bytes}; sides with the same SHA-256 are equal without
 * a read. Every diff sent is audited ({@code diff}).
 */
@ApplicationScoped
public class DiffService {

    /**
     * Most inserted plus deleted lines a diff computes (Myers' algorithm takes time in the product of this and
     * the texts' length); beyond it the answer is 422 {@code too_many_changes}.
     */
    static final int MAX_CHANGED_LINES = 10_000;

    @Inject
    DiffSources sources;

    @Inject
    ContentCache content;

    @Inject
    DamagedArtifacts damaged;

    @Inject
    AuditLog audit;

    @Inject
    @ConfigProperty(name = "artifacts.diff.max-bytes", defaultValue = "1048576")
    long maxBytes;

    /**
     * The diff from version {@code from} to version {@code to} of the artifact at {@code path} in the caller's
     * session, as UTF-8 bytes (empty when they are equal). Without {@code to} it is the current version; without
     * {@code from}, the version before {@code to} (or {@code to} itself when there is none, an empty diff).
     *
     * @throws dev.artifactservice.failure.ServiceException 404 when the session, the artifact or a version does not
     *     exist for the caller; 422 ({@link NotDiffableException}) when a side is binary or larger than
     *     {@code artifacts.diff.max-bytes}, or too many lines changed; 500 when a side's stored bytes are damaged
     */
    public byte[] versions(UUID sessionId, ArtifactPath path, Integer from, Integer to) {
        DiffSide toSide = to != null ? sources.version(sessionId, path, to) : sources.current(sessionId, path)
            .orElseThrow(() -> new NotFoundException("No artifact at " + path.value() + " in this session."));
        DiffSide fromSide = from != null ? sources.version(sessionId, path, from) : sources.before(toSide)
            .orElse(toSide);
        return diff(fromSide, toSide, "(version " + fromSide.version() + ")", "(version " + toSide.version() + ")");
    }

    /**
     * The diff from the current artifact at {@code path} in the caller's session {@code otherSessionId} (the
     * {@code ---} side) to the current one at the same path in {@code sessionId} (the {@code +++} side): what
     * changed from the other session to this one.
     *
     * @throws dev.artifactservice.failure.ServiceException 404 when either session does not exist for the caller or
     *     either has no artifact at the path (the detail names which); 422 and 500 as {@link #versions}
     */
    public byte[] againstSession(UUID sessionId, UUID otherSessionId, ArtifactPath path) {
        DiffSide toSide = sources.current(sessionId, path).orElseThrow(() -> new NotFoundException("No artifact at "
            + path.value() + " in session " + sessionId + " (the +++ side)."));
        DiffSide fromSide = sources.current(otherSessionId, path).orElseThrow(() -> new NotFoundException(
            "No artifact at " + path.value() + " in session " + otherSessionId + " (against_session, the --- side)."));
        return diff(fromSide, toSide, "(session " + otherSessionId + ", version " + fromSide.version() + ")",
            "(session " + sessionId + ", version " + toSide.version() + ")");
    }

    private byte[] diff(DiffSide from, DiffSide to, String fromLabel, String toLabel) {
        byte[] body;
        if (from.sameVersionAs(to) || (from.sha256().equals(to.sha256()) && from.size() == to.size())) {
            body = new byte[0];
        } else {
            body = render(from, to, fromLabel, toLabel);
        }
        audit.record(AuditAction.DIFF, to.sessionId(), to.path(), (long) body.length);
        return body;
    }

    /** Checks that the sides can be diffed, reads them and renders their diff. */
    private byte[] render(DiffSide from, DiffSide to, String fromLabel, String toLabel) {
        if (!DiffableText.isTextType(from.mimeType()) || !DiffableText.isTextType(to.mimeType())) {
            throw new NotDiffableException(NotDiffableException.Reason.BINARY, "Binary content cannot be shown as a "
                + "line diff (" + from.mimeType() + " and " + to.mimeType() + "); compare the SHA-256s.", from, to);
        }
        if (from.size() > maxBytes || to.size() > maxBytes) {
            throw new NotDiffableException(NotDiffableException.Reason.TOO_LARGE, "A side is larger than the "
                + maxBytes + " bytes a diff reads (artifacts.diff.max-bytes): " + from.size() + " and " + to.size()
                + " bytes; compare the SHA-256s or download both.", from, to);
        }
        String fromText = DiffableText.decode(read(from)).orElseThrow(() -> notText(from, to, from));
        String toText = DiffableText.decode(read(to)).orElseThrow(() -> notText(from, to, to));
        String header = "/" + from.path() + "\t";
        try {
            return UnifiedDiff.of("a" + header + fromLabel, "b" + header + toLabel, fromText, toText,
                MAX_CHANGED_LINES).getBytes(StandardCharsets.UTF_8);
        } catch (UnifiedDiff.TooManyChangesException e) {
            throw new NotDiffableException(NotDiffableException.Reason.TOO_MANY_CHANGES, "More than "
                + MAX_CHANGED_LINES + " lines were inserted or deleted, too many to show as a diff; compare the "
                + "SHA-256s or download both.", from, to);
        }
    }

    private static NotDiffableException notText(DiffSide from, DiffSide to, DiffSide binary) {
        return new NotDiffableException(NotDiffableException.Reason.BINARY, "The content of " + binary.path()
            + " (version " + binary.version() + ") is not UTF-8 text without NUL bytes, so it cannot be shown as a "
            + "line diff; compare the SHA-256s.", from, to);
    }

    /** A side's bytes, read whole and checked against its size and SHA-256. */
    private byte[] read(DiffSide side) {
        try {
            return content.read(side.sha256(), side.size(), side.storageKey());
        } catch (ObjectNotFoundException e) {
            throw damaged.report(new DamagedArtifactException(side.sessionId(), side.path(),
                DamagedArtifactException.Kind.MISSING, e));
        } catch (ContentMismatchException e) {
            throw damaged.report(new DamagedArtifactException(side.sessionId(), side.path(),
                DamagedArtifactException.Kind.ALTERED, e));
        }
    }
}
