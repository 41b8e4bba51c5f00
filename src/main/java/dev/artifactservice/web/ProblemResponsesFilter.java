package dev.artifactservice.web;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Completes the OpenAPI document with the error format: every 4xx and 5xx response of every operation is
 * {@code application/problem+json} (RFC 9457, schema {@code Problem}), and every operation documents the
 * 401, 403 and 503 any {@code /api} call can give. Registered with {@code mp.openapi.filter}, so resource
 * annotations only name their status codes and descriptions.
 */
public class ProblemResponsesFilter implements OASFilter {

    private static final String SCHEMA = "Problem";

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        boolean takesParameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        if (takesParameters && !responses.hasAPIResponse("400")) {
            responses.addAPIResponse("400", problem("A malformed id, path or parameter; nothing was changed"));
        }
        responses.addAPIResponse("401", problem("No or invalid bearer token (WWW-Authenticate: Bearer)"));
        responses.addAPIResponse("403", problem("Valid token without org_id or without the group this call needs"));
        responses.addAPIResponse("503", problem("Database or S3 unreachable; nothing changed; retry after "
            + "Retry-After seconds"));
        for (Map.Entry<String, APIResponse> response : responses.getAPIResponses().entrySet()) {
            if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                response.getValue().setContent(problemContent());
            }
        }
        return operation;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        components.addSchema(SCHEMA, OASFactory.createSchema()
            .type(java.util.List.of(Schema.SchemaType.OBJECT))
            .description("Problem details (RFC 9457)")
            .addProperty("type", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING))
                .description("URI naming the problem type, urn:artifact-service:problem:<slug>"))
            .addProperty("title", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)))
            .addProperty("status", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.INTEGER)))
            .addProperty("detail", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)))
            .addProperty("correlation_id", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING))
                .description("Server errors only: the id of the failure's log line (also X-Correlation-Id)")));
    }

    private static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description).content(problemContent());
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
            OASFactory.createMediaType().schema(OASFactory.createSchema().ref(SCHEMA)));
    }
}
