package dev.artifactservice.web;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Adds to every operation of the OpenAPI document the problem+json (RFC 9457) responses any {@code /api}
 * call can give: 401, 403 and 503. Registered with {@code mp.openapi.filter}.
 */
public class ProblemResponsesFilter implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        add(responses, "401", "No or invalid bearer token (WWW-Authenticate: Bearer)");
        add(responses, "403", "Valid token without org_id or without the group this call needs");
        add(responses, "503", "Database or S3 unreachable; nothing changed; retry after Retry-After seconds");
        return operation;
    }

    private static void add(APIResponses responses, String code, String description) {
        if (responses.hasAPIResponse(code)) {
            return;
        }
        Content content = OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
            OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem")));
        responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description).content(content));
    }
}
