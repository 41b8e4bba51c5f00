package dev.artifactservice.diff;

import dev.artifactservice.failure.ProblemType;
import dev.artifactservice.failure.ServiceException;
import java.util.Map;

/**
 * 422: the two sides cannot be shown as a line diff (binary, larger than {@code artifacts.diff.max-bytes}, or too
 * many changed lines). The problem document (RFC 9457) carries, as extension members, {@code reason}
 * ({@code binary}, {@code too_large} or {@code too_many_changes}) and both sides' {@code from_size} and
 * {@code to_size} (bytes) and {@code from_sha256} and {@code to_sha256}, so a client can still tell whether and how
 * they differ.
 */
public class NotDiffableException extends ServiceException {

    /** Why the sides cannot be diffed; {@link #id()} is the problem's {@code reason}. */
    public enum Reason {
        BINARY, TOO_LARGE, TOO_MANY_CHANGES;

        /** The reason as the problem shows it, e.g. {@code too_large}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A refusal of the diff from {@code from} to {@code to}, explained by {@code detail}. */
    public NotDiffableException(Reason reason, String detail, DiffSide from, DiffSide to) {
        super(ProblemType.UNPROCESSABLE_CONTENT, detail, Map.of(), null, Map.of("reason", reason.id(),
            "from_size", from.size(), "to_size", to.size(), "from_sha256", from.sha256(), "to_sha256", to.sha256()));
    }
}
