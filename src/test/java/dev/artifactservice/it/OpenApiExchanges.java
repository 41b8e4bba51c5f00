package dev.artifactservice.it;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Validates the integration tests' HTTP exchanges against the OpenAPI document the server under test serves at
 * {@code /openapi} (fetched once per run), with Atlassian's swagger-request-validator: the request (path, query and
 * header parameters, body against its schema, content type, bearer token) and the response (status documented for
 * the operation, content type, body against its schema; object schemas without {@code additionalProperties} accept
 * no property they do not name). Its 2.x line (the one for Java 17) reads the OpenAPI 3.1 document but skips 3.1's
 * type lists ({@code ["string", "null"]}) and repeated query parameters, so JSON bodies and array query parameters are
 * also validated by networknt's JSON Schema validator in the OpenAPI 3.1 dialect (draft 2020-12, formats asserted).
 * Only calls to the server's {@code /api/} are checked: the page, health, metrics and pre-signed S3 links are outside
 * the document.
 */
final class OpenApiExchanges {

    private static final ThreadLocal<Boolean> REQUEST_MAY_BE_INVALID = ThreadLocal.withInitial(() -> false);

    private static Document document;

    private OpenApiExchanges() {
    }

    /** Base URI under which the served document is registered for {@code $ref} resolution. */
    private static final String DOCUMENT_URI = "https://openapi.invalid/openapi.json";

    /** The served document, parsed, and the validators built from it. */
    private record Document(String json, JsonObject parsed, OpenApiInteractionValidator validator,
                            SchemaRegistry schemas) {
    }

    /** The served document as JSON text (fetched once per run). */
    static synchronized String servedDocument(String base) {
        return document(base).json();
    }

    private static synchronized Document document(String base) {
        if (document == null) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/openapi?format=JSON"))
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/json").build();
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (response.statusCode() != 200) {
                    throw new AssertionError("GET /openapi: " + response.statusCode() + " " + response.body());
                }
                String json = response.body();
                OpenApiInteractionValidator validator = OpenApiInteractionValidator
                    .createForInlineApiSpecification(json)
                    // 2.x misreads a repeated 3.1 array parameter as "not an array"; checkArrayQueryParameters checks it.
                    .withLevelResolver(LevelResolver.create().withLevel(
                        "validation.request.parameter.collection.invalid", ValidationReport.Level.IGNORE).build())
                    .build();
                SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), builder -> builder
                    .schemas(Map.of(DOCUMENT_URI, json))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
                document = new Document(json, Json.createReader(new StringReader(json)).readObject(), validator,
                    schemas);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return document;
    }

    /** Turns request validation off ({@code true}) or on for the calls this thread makes from now on. */
    static void requestsMayBeInvalid(boolean invalid) {
        REQUEST_MAY_BE_INVALID.set(invalid);
    }

    /**
     * Runs {@code exchange} with request validation off on this thread: for tests that send a request the document
     * calls invalid on purpose (no or a bad token, a malformed id, path or parameter, a body the call refuses).
     * The response is still validated, problem+json included.
     */
    static <T> T allowingInvalidRequest(Supplier<T> exchange) {
        boolean before = REQUEST_MAY_BE_INVALID.get();
        REQUEST_MAY_BE_INVALID.set(true);
        try {
            return exchange.get();
        } finally {
            REQUEST_MAY_BE_INVALID.set(before);
        }
    }

    /**
     * Validates one exchange of the server at {@code base}; does nothing for other hosts and paths outside
     * {@code /api/}.
     *
     * @throws AssertionError naming every mismatch between the exchange and the document
     */
    static void validate(String base, HttpRequest request, byte[] requestBody, HttpResponse<byte[]> response) {
        URI uri = request.uri();
        String rawPath = uri.getRawPath();
        if (!uri.toString().startsWith(base + "/") || rawPath == null || !rawPath.startsWith("/api/")) {
            return;
        }
        Document doc = document(base);
        JsonObject paths = doc.parsed().getJsonObject("paths");
        String template = template(paths.keySet(), rawPath);
        boolean documented = template != null && paths.getJsonObject(template)
            .containsKey(request.method().toLowerCase(java.util.Locale.ROOT));
        if (!documented && REQUEST_MAY_BE_INVALID.get()) {
            // An invalid request on purpose to a URL or method the document does not have: no answer to check.
            return;
        }
        SimpleRequest.Builder req = new SimpleRequest.Builder(request.method(),
            template == null ? rawPath : pathFor(template, rawPath));
        request.headers().map().forEach(req::withHeader);
        Map<String, List<String>> query = queryParameters(uri.getRawQuery());
        query.forEach(req::withQueryParam);
        if (requestBody != null && requestBody.length > 0) {
            req.withBody(requestBody);
        }
        SimpleResponse.Builder res = new SimpleResponse.Builder(response.statusCode());
        response.headers().map().forEach(res::withHeader);
        if (response.body() != null && response.body().length > 0) {
            res.withBody(response.body());
        }
        SimpleRequest validated = req.build();
        boolean checkRequest = !REQUEST_MAY_BE_INVALID.get();
        ValidationReport report = checkRequest
            ? doc.validator().validate(validated, res.build())
            : doc.validator().validateResponse(validated.getPath(), validated.getMethod(), res.build());
        String operation = template == null ? null : "/paths/" + pointer(template) + "/"
            + request.method().toLowerCase(java.util.Locale.ROOT);
        // 2.x calls an empty body "missing" whatever its schema; for a text documented as a plain string (a diff of
        // equal files) an empty body is the empty string, which that schema allows.
        boolean emptyTextAllowed = operation != null && (response.body() == null || response.body().length == 0)
            && allowsEmptyString(doc, operation + "/responses/" + response.statusCode() + "/content/",
                response.headers().firstValue("Content-Type").orElse(null));
        // 2.x misreads a 3.1 array query parameter (type=terraform) as JSON; checkArrayQueryParameters checks those.
        report = ValidationReport.from(report.getMessages().stream()
            .filter(message -> !(emptyTextAllowed && message.getKey().equals("validation.response.body.missing")))
            .filter(message -> !(message.getKey()
                .endsWith("invalidJson") && message.getContext().flatMap(ValidationReport.MessageContext::getParameter)
                .map(parameter -> "query".equals(parameter.getIn()) && parameter.getSchema() != null
                    && ("array".equals(parameter.getSchema().getType()) || (parameter.getSchema().getTypes() != null
                        && parameter.getSchema().getTypes().contains("array"))))
                .orElse(false)))
            .toList());
        List<String> errors = new ArrayList<>();
        if (report.hasErrors()) {
            errors.add(SimpleValidationReportFormat.getInstance().apply(report));
        }
        if (operation != null && exists(doc.parsed(), operation)) {
            if (checkRequest) {
                checkArrayQueryParameters(doc, operation, query, errors);
                checkJson(doc, operation + "/requestBody/content/", request.headers().firstValue("Content-Type")
                    .orElse(null), requestBody, "request body", errors);
            }
            checkJson(doc, operation + "/responses/" + response.statusCode() + "/content/",
                response.headers().firstValue("Content-Type").orElse(null), response.body(), "response body", errors);
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("The exchange does not match the served OpenAPI document: " + request.method()
                + " " + uri + " -> " + response.statusCode() + " "
                + new String(response.body() == null ? new byte[0] : response.body(), StandardCharsets.UTF_8)
                .lines().findFirst().orElse("") + "\n" + String.join("\n", errors));
        }
    }

    /** JSON Pointer escaping of one reference token (RFC 6901). */
    private static String pointer(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /**
     * Validates a JSON body against the schema the document gives for its media type under {@code contentPointer}
     * (does nothing for other media types, or when the document has no such content: Atlassian reports that).
     */
    private static void checkJson(Document doc, String contentPointer, String contentType, byte[] body, String what,
                                  List<String> errors) {
        if (contentType == null || body == null || body.length == 0) {
            return;
        }
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            return;
        }
        String schemaPointer = contentPointer + pointer(mediaType) + "/schema";
        if (!exists(doc.parsed(), schemaPointer)) {
            return;
        }
        var found = doc.schemas().getSchema(SchemaLocation.of(DOCUMENT_URI + "#" + schemaPointer))
            .validate(new String(body, StandardCharsets.UTF_8), InputFormat.JSON);
        found.forEach(error -> errors.add("[" + what + "] " + error));
    }

    /**
     * Whether the schema the document gives under {@code contentPointer} for a textual (not JSON) media type is a
     * plain string with no {@code minLength}, which the empty string satisfies.
     */
    private static boolean allowsEmptyString(Document doc, String contentPointer, String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        String schemaPointer = contentPointer + pointer(mediaType) + "/schema";
        if (!mediaType.startsWith("text/") || !exists(doc.parsed(), schemaPointer)) {
            return false;
        }
        JsonObject schema = doc.parsed().getValue(schemaPointer).asJsonObject();
        return "string".equals(schema.getString("type", null)) && !schema.containsKey("minLength")
            && !schema.containsKey("format");
    }

    /** Validates each repeated query parameter whose schema is an array against that schema. */
    private static void checkArrayQueryParameters(Document doc, String operation, Map<String, List<String>> query,
                                                  List<String> errors) {
        JsonValue parameters = doc.parsed().getValue(operation).asJsonObject().get("parameters");
        if (parameters == null) {
            return;
        }
        for (int i = 0; i < parameters.asJsonArray().size(); i++) {
            JsonObject parameter = parameters.asJsonArray().getJsonObject(i);
            JsonObject schema = parameter.getJsonObject("schema");
            List<String> values = query.get(parameter.getString("name"));
            if (!"query".equals(parameter.getString("in")) || schema == null || values == null
                || !"array".equals(schema.getString("type", null))) {
                continue;
            }
            JsonArrayBuilder array = Json.createArrayBuilder();
            values.forEach(array::add);
            doc.schemas().getSchema(SchemaLocation.of(DOCUMENT_URI + "#" + operation + "/parameters/" + i + "/schema"))
                .validate(array.build().toString(), InputFormat.JSON)
                .forEach(error -> errors.add("[query parameter " + parameter.getString("name") + "] " + error));
        }
    }

    private static boolean exists(JsonObject document, String pointer) {
        try {
            document.getValue(pointer);
            return true;
        } catch (jakarta.json.JsonException e) {
            return false;
        }
    }

    /**
     * The document's path template a request path falls under, or null: the one with the most literal segments, as
     * in JAX-RS. A {@code {path}} parameter at the end (an artifact path) takes the rest of the path, slashes
     * included.
     */
    static String template(java.util.Collection<String> templates, String rawPath) {
        String[] segments = rawPath.split("/", -1);
        String best = null;
        int bestLiterals = -1;
        for (String candidate : templates) {
            String[] template = candidate.split("/", -1);
            boolean tail = template[template.length - 1].equals("{path}");
            if (segments.length < template.length || (!tail && segments.length != template.length)) {
                continue;
            }
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < template.length && matches; i++) {
                if (!template[i].startsWith("{")) {
                    matches = template[i].equals(segments[i]);
                    literals++;
                }
            }
            if (matches && literals > bestLiterals) {
                bestLiterals = literals;
                best = candidate;
            }
        }
        return best;
    }

    /**
     * The request path as the template sees it: OpenAPI path parameters cannot hold {@code /}, so the slashes of the
     * part a trailing {@code {path}} takes are sent as {@code %2F}, as the explorer and generated clients send them
     * (the service reads both the same).
     */
    static String pathFor(String template, String rawPath) {
        int last = template.split("/", -1).length - 1;
        String[] segments = rawPath.split("/", -1);
        if (segments.length == last + 1) {
            return rawPath;
        }
        return String.join("/", Arrays.copyOf(segments, last)) + "/"
            + String.join("%2F", Arrays.copyOfRange(segments, last, segments.length));
    }

    /** The query's parameters, names and values percent-decoded, repeated names kept in order. */
    static Map<String, List<String>> queryParameters(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }
}
