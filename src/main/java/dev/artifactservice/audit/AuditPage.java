package dev.artifactservice.audit;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of audit events, oldest first; {@code next_cursor} is null on the last page. */
public record AuditPage(List<AuditEvent> events, @Schema(nullable = true) String nextCursor) {
}
