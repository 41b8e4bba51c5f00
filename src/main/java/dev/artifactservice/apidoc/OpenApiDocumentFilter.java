package dev.artifactservice.apidoc;

import dev.artifactservice.artifact.ArtifactType;
import dev.artifactservice.presign.PresignSettings;
import dev.artifactservice.web.Problem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Completes the OpenAPI document with the error format: every 4xx and 5xx response of every operation is
 * {@code application/problem+json} (RFC 9457, schema {@code Problem}), and every operation documents the
 * 401, 403, 500 and 503 any {@code /api} call can give (an operation's own 503 description, which names a further
 * cause, is kept). Registered with {@code mp.openapi.filter}, so resource
 * annotations only name their status codes and descriptions (HEAD answers, which carry no body, get no content).
 * It also fills in what only the running code
 * knows: the {@code ArtifactType} enum from {@link ArtifactType} (the API's lower-case ids, not the Java
 * constant names) and {@code expires_in}'s bounds and default from {@code artifacts.presign.*}. Last, it adds the
 * share links' own URLs, which no JAX-RS resource serves ({@link ShareLinkPaths}).
 */
public class OpenApiDocumentFilter implements OASFilter {

    private static final String SCHEMA = "Problem";

    /** Name of the component schema of artifact types; resources reference it through {@link ArtifactType}. */
    static final String ARTIFACT_TYPE = ArtifactType.SCHEMA;

    private static final String EXPIRES_IN = "expires_in";

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
        responses.addAPIResponse("500", problem("Unexpected failure, logged under the answer's correlation_id (also "
            + "X-Correlation-Id)"));
        if (!responses.hasAPIResponse("503")) {
            responses.addAPIResponse("503", problem("Database or S3 unreachable, or (a write of an artifact) "
                + "artifacts.upload.max-concurrent writes in progress; nothing changed; retry after Retry-After "
                + "seconds"));
        }
        for (Map.Entry<String, APIResponse> response : responses.getAPIResponses().entrySet()) {
            if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                response.getValue().setContent(problemContent());
            }
        }
        return operation;
    }

    @Override
    public Parameter filterParameter(Parameter parameter) {
        if (EXPIRES_IN.equals(parameter.getName()) && parameter.getIn() == Parameter.In.QUERY
            && parameter.getSchema() != null) {
            // The configuration of this class's own class loader: the application's in Liberty, and at build time
            // (SmallRye's Maven plugin, which loads the project's classes) the same microprofile-config.properties.
            PresignSettings settings = PresignSettings.of(
                ConfigProvider.getConfig(OpenApiDocumentFilter.class.getClassLoader()));
            parameter.getSchema().maximum(BigDecimal.valueOf(settings.maxExpiry()))
                .defaultValue(settings.defaultExpiry());
        }
        return parameter;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        // A HEAD answer has no body (RFC 9110 section 9.3.2), its problems included: they are documented without one.
        if (openAPI.getPaths() != null) {
            openAPI.getPaths().getPathItems().values().stream().map(item -> item.getHEAD())
                .filter(java.util.Objects::nonNull).filter(head -> head.getResponses() != null)
                .flatMap(head -> head.getResponses().getAPIResponses().values().stream())
                .forEach(response -> response.setContent(null));
        }
        ShareLinkPaths.add(openAPI);
        // Replaces the schema SmallRye derived from the enum's constant names (CLOUDFORMATION, ...).
        components.addSchema(ARTIFACT_TYPE, OASFactory.createSchema()
            .type(List.of(Schema.SchemaType.STRING))
            .description("Derived from the path's first folder: cloudformation/, terraform/, lambda/, diagrams/ "
                + "(diagram), pricing/, or a *.md file at the root (readme)")
            .enumeration(new ArrayList<>(ArtifactType.ids())));
        components.addSchema(SCHEMA, OASFactory.createSchema()
            .type(java.util.List.of(Schema.SchemaType.OBJECT))
            .description("Problem details (RFC 9457)")
            .required(List.of("type", "title", "status", "detail"))
            .addProperty("type", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING))
                .description("URI naming the problem type, urn:artifact-service:problem:<slug>"))
            .addProperty("title", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)))
            .addProperty("status", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.INTEGER)))
            .addProperty("detail", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)))
            .addProperty("correlation_id", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING))
                .description("Server errors only: the id of the failure's log line (also X-Correlation-Id)"))
            // The extension members of a refused diff (diff.NotDiffableException).
            .addProperty("reason", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                .enumeration(List.of("binary", "too_large", "too_many_changes"))
                .description("422 of a diff only: why the sides cannot be shown as a line diff"))
            .addProperty("from_size", diffMember(Schema.SchemaType.INTEGER, "bytes of the --- side").format("int64"))
            .addProperty("to_size", diffMember(Schema.SchemaType.INTEGER, "bytes of the +++ side").format("int64"))
            .addProperty("from_sha256", diffMember(Schema.SchemaType.STRING, "SHA-256 of the --- side, lower-case hex")
                .pattern("^[0-9a-f]{64}$"))
            .addProperty("to_sha256", diffMember(Schema.SchemaType.STRING, "SHA-256 of the +++ side, lower-case hex")
                .pattern("^[0-9a-f]{64}$")));
    }

    private static Schema diffMember(Schema.SchemaType type, String description) {
        return OASFactory.createSchema().type(List.of(type)).description("422 of a diff only: " + description);
    }

    /** A response of problem+json (RFC 9457) with the given description. */
    static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description).content(problemContent());
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
            OASFactory.createMediaType().schema(OASFactory.createSchema().ref(SCHEMA)));
    }
}
