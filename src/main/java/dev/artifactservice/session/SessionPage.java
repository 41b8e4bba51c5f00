package dev.artifactservice.session;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of sessions, newest first; {@code next_cursor} is null on the last page. */
public record SessionPage(List<SessionView> sessions, @Schema(nullable = true) String nextCursor) {
}
