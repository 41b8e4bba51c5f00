package dev.artifactservice.session;

import java.util.List;

/** One page of sessions, newest first; {@code next_cursor} is null on the last page. */
public record SessionPage(List<SessionView> sessions, String nextCursor) {
}
