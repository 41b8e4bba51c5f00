package dev.artifactservice.reconcile;

import java.util.List;

/**
 * The outcome of one reconciliation of S3 with the database. {@code ran} is false when another instance held the
 * reconciler's lock. {@code objectsChecked}: objects listed under {@code organizations/}. {@code orphansDeleted}:
 * objects a write of this service left behind (an intent older than the grace period and no row, or a staging key
 * older than it). {@code missingObjects}: rows whose object is gone (their keys go to the log, rows are never
 * deleted: a person decides). {@code unexplainedObjects}/{@code unexplainedBytes}: objects that no row and no
 * intent explain (another database on the bucket, uploads after the backup a database was restored from), left
 * alone; {@code unexplainedKeys} names the first {@value Reconciler#REPORTED_KEYS} of them (the log up to
 * {@value Reconciler#MAX_REPORTED}); an operator deletes them with {@code POST /api/admin/reconcile/delete-unexplained}.
 * {@code unfinishedUploadsAborted}: multipart uploads under {@code organizations/} that a failed upload left
 * unfinished (its own abort did not get through), aborted, which frees their parts.
 */
public record ReconcileReport(boolean ran, long objectsChecked, long orphansDeleted, long missingObjects,
                              long unexplainedObjects, long unexplainedBytes, List<String> unexplainedKeys,
                              long unfinishedUploadsAborted) {

    /** The report of a run that did not happen because another instance was reconciling. */
    static ReconcileReport skipped() {
        return new ReconcileReport(false, 0, 0, 0, 0, 0, List.of(), 0);
    }
}
