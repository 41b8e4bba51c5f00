package dev.artifactservice.session;

import dev.artifactservice.security.Roles;
import dev.artifactservice.http.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/sessions}: create, list, read and delete sessions, and create conversations in them. */
@ApplicationScoped
@Path("sessions")
@Tag(name = "sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    @Inject
    SessionService sessions;

    @Context
    UriInfo uriInfo;

    /** {@code POST /api/sessions}: 201 with the new session, 200 when the given id already exists here. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.WRITE)
    @Operation(operationId = "createSession", summary = "Create a session",
        description = "Creates a session in the caller's organization. A session_id that already exists in it "
            + "returns that session with 200; one that exists in another organization is 409. Optional retention of "
            + "the artifacts uploaded into it: retention_days (0 = forever, up to 36500) after each upload, or "
            + "expires_at (ISO-8601, in the future) for all of them, not both; without either the organization's "
            + "retention applies.")
    @APIResponse(responseCode = "201", description = "Created",
        content = @Content(schema = @Schema(implementation = SessionView.class)))
    @APIResponse(responseCode = "200", description = "The session already existed",
        content = @Content(schema = @Schema(implementation = SessionView.class)))
    @APIResponse(responseCode = "400", description = "Malformed body, session_id, retention_days or expires_at")
    @APIResponse(responseCode = "409", description = "session_id belongs to another organization")
    public Response create(CreateSessionRequest request) {
        Created<SessionView> created = sessions.create(request);
        if (!created.isNew()) {
            return Response.ok(created.value()).build();
        }
        return Response.created(uriInfo.getBaseUriBuilder().path("sessions").path(created.value().sessionId()
            .toString()).build()).entity(created.value()).build();
    }

    /** {@code GET /api/sessions}: the organization's sessions, newest first. */
    @GET
    @RolesAllowed({Roles.READ, Roles.WRITE})
    @Operation(operationId = "listSessions",
        summary = "List sessions", description = "The caller's organization's sessions, newest first, each "
        + "with artifact_count and total_size (bytes); next_cursor is set when more pages follow.")
    @APIResponse(responseCode = "200", description = "A page of sessions",
        content = @Content(schema = @Schema(implementation = SessionPage.class)))
    @APIResponse(responseCode = "400", description = "limit out of 1..1000 or a bad cursor")
    public SessionPage list(
        @Parameter(description = "Page size, 1 to 1000 (default 100)", schema = @Schema(type = SchemaType.INTEGER,
            minimum = "1", maximum = "1000", defaultValue = "100")) @QueryParam("limit") String limit,
        @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor") String cursor) {
        return sessions.list(cursor, Params.intInRange("limit", limit, 100, 1, 1000));
    }

    /** {@code GET /api/sessions/{session_id}}. */
    @GET
    @Path("{session_id}")
    @RolesAllowed({Roles.READ, Roles.WRITE})
    @Operation(operationId = "getSession", summary = "Get a session")
    @APIResponse(responseCode = "200", description = "The session",
        content = @Content(schema = @Schema(implementation = SessionView.class)))
    @APIResponse(responseCode = "404", description = "No such session in the caller's organization")
    public SessionView get(
        @Parameter(description = "The session's UUID", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @PathParam("session_id") String sessionId) {
        return sessions.get(Params.uuid("session_id", sessionId, true));
    }

    /** {@code DELETE /api/sessions/{session_id}}: 204; its objects and rows are gone. */
    @DELETE
    @Path("{session_id}")
    @RolesAllowed(Roles.WRITE)
    @Operation(operationId = "deleteSession",
        summary = "Delete a session", description = "Removes every artifact of the session from S3 and "
        + "the database. A failure part-way can be retried to completion.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such session in the caller's organization")
    public Response delete(
        @Parameter(description = "The session's UUID", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @PathParam("session_id") String sessionId) {
        sessions.delete(Params.uuid("session_id", sessionId, true));
        return Response.noContent().build();
    }

    /** {@code POST /api/sessions/{session_id}/conversations}: 201, or 200 when the id already exists here. */
    @POST
    @Path("{session_id}/conversations")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.WRITE)
    @Operation(operationId = "createConversation", summary = "Create a conversation in a session")
    @APIResponse(responseCode = "201", description = "Created",
        content = @Content(schema = @Schema(implementation = ConversationView.class)))
    @APIResponse(responseCode = "200", description = "The conversation already existed in this session",
        content = @Content(schema = @Schema(implementation = ConversationView.class)))
    @APIResponse(responseCode = "404", description = "No such session in the caller's organization")
    @APIResponse(responseCode = "409", description = "conversation_id belongs to another session")
    public Response createConversation(
        @Parameter(description = "The session's UUID", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @PathParam("session_id") String sessionId,
                                       CreateConversationRequest request) {
        Created<ConversationView> created = sessions.createConversation(
            Params.uuid("session_id", sessionId, true), request);
        return Response.status(created.isNew() ? 201 : 200).entity(created.value()).build();
    }
}
