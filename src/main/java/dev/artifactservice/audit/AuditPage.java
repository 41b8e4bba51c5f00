package dev.artifactservice.audit;

import java.util.List;

/** A page of audit events, oldest first; {@code next_cursor} is null on the last page. */
public record AuditPage(List<AuditEvent> events, String nextCursor) {
}
