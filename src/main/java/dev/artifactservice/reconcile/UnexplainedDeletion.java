package dev.artifactservice.reconcile;

import java.util.List;

/**
 * Body of {@code POST /api/admin/reconcile/delete-unexplained}: the S3 keys (1 to
 * {@value Reconciler#MAX_DELETIONS}) of unexplained objects, as a reconciliation report or its log named them.
 */
public record UnexplainedDeletion(List<String> keys) {
}
