package dev.artifactservice.reconcile;

/**
 * The outcome of one reconciliation of S3 with the database: objects checked, orphaned objects (no row,
 * older than the grace period) deleted, and rows whose object is missing (counted here; their keys go to
 * the log only, since the run spans every organization; rows are never deleted, a person decides).
 * {@code ran} is false when another instance held the reconciler's lock.
 */
public record ReconcileReport(boolean ran, long objectsChecked, long orphansDeleted, long missingObjects) {
}
