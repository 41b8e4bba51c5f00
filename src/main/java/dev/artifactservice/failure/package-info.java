/**
 * The failures every layer reports: ProblemType (status, slug, title; RFC 9457) and the typed exceptions (bad input, not found, conflict, precondition failed, quota, dependency unavailable, ...).
 * Uses nothing of the service; everything may use it, and only the web boundary turns it into HTTP.
 */
package dev.artifactservice.failure;
