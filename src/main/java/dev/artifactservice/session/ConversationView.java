package dev.artifactservice.session;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A conversation as the API shows it. */
public record ConversationView(UUID conversationId, UUID sessionId, @Schema(nullable = true) String title,
                               String createdBy,
                               Instant createdAt) {

    static ConversationView of(Conversation c) {
        return new ConversationView(c.id(), c.sessionId(), c.title(), c.createdBy(), c.createdAt().toInstant());
    }
}
