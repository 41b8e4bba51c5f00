/**
 * The failures every layer reports: ProblemType (status, slug, title; RFC 9457) and the typed exceptions (bad input, not found, conflict, precondition failed, quota, dependency unavailable, ...).
 * Also carries a caller's error across @Transactional boundaries without an FFDC incident (ClientErrorCatcher,
 * ClientErrorRethrower, bound to every @Transactional method by TransactionalClientErrorsExtension).
 * Uses nothing of the service; everything may use it, and only the web boundary turns it into HTTP.
 */
package dev.artifactservice.failure;
