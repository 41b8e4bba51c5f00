package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How test requests are matched to the OpenAPI document's path templates before they are validated. */
class OpenApiExchangesTest {

    private static final List<String> TEMPLATES = List.of(
        "/api/sessions/{session_id}",
        "/api/artifacts/{session_id}/{path}",
        "/api/artifacts/upload/{session_id}/{path}",
        "/api/artifacts/keep/{session_id}/{path}",
        "/api/artifacts/download-url/{session_id}/bundle.zip",
        "/api/artifacts/download-url/{session_id}/{path}");

    @Test
    void theTemplateWithMostLiteralSegmentsWins() {
        assertEquals("/api/artifacts/upload/{session_id}/{path}",
            OpenApiExchanges.template(TEMPLATES, "/api/artifacts/upload/s/terraform/main.tf"));
        assertEquals("/api/artifacts/keep/{session_id}/{path}",
            OpenApiExchanges.template(TEMPLATES, "/api/artifacts/keep/s/README.md"));
        assertEquals("/api/artifacts/{session_id}/{path}",
            OpenApiExchanges.template(TEMPLATES, "/api/artifacts/s/lambda/a/b.py"));
        assertEquals("/api/artifacts/download-url/{session_id}/bundle.zip",
            OpenApiExchanges.template(TEMPLATES, "/api/artifacts/download-url/s/bundle.zip"));
        assertEquals("/api/sessions/{session_id}", OpenApiExchanges.template(TEMPLATES, "/api/sessions/s"));
        assertNull(OpenApiExchanges.template(TEMPLATES, "/api/sessions/s/x"));
        assertNull(OpenApiExchanges.template(TEMPLATES, "/api/nothing"));
    }

    @Test
    void anArtifactPathIsSentAsOneParameter() {
        assertEquals("/api/artifacts/upload/s/terraform%2Fmodules%2Fmain.tf", OpenApiExchanges.pathFor(
            "/api/artifacts/upload/{session_id}/{path}", "/api/artifacts/upload/s/terraform/modules/main.tf"));
        assertEquals("/api/artifacts/upload/s/README.md", OpenApiExchanges.pathFor(
            "/api/artifacts/upload/{session_id}/{path}", "/api/artifacts/upload/s/README.md"));
    }

    @Test
    void queryParametersAreDecodedAndRepeatsKept() {
        assertEquals(Map.of("type", List.of("terraform", "lambda"), "created_after", List.of("2024-01-01T00:00:00+01:00"),
            "flag", List.of("")), OpenApiExchanges.queryParameters(
                "type=terraform&created_after=2024-01-01T00%3A00%3A00%2B01%3A00&type=lambda&flag"));
        assertEquals(Map.of(), OpenApiExchanges.queryParameters(null));
    }
}
