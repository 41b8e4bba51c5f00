package dev.artifactservice.reconcile;

import java.util.List;

/**
 * Answer of {@code POST /api/admin/reconcile/delete-unexplained}: the keys deleted (each one audited as
 * {@code delete-unexplained-object} in the organization its key names), and the keys kept with the reason (a
 * row, a write intent or a session's stored bundle explains it, no such object, or outside the key layout).
 */
public record UnexplainedDeletionReport(List<String> deleted, List<KeptObject> kept) {

    /** A key that was not deleted, and why. */
    public record KeptObject(String key, String reason) {
    }
}
