package dev.artifactservice.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.storage.ObjectRefusedException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import org.junit.jupiter.api.Test;

/**
 * Problems made from exceptions: unknown request body properties become a 400 that names them (JsonbProvider fails
 * on them); S3's refusals say what to change, with no Retry-After since a retry cannot help.
 */
class ProblemMapperTest {

    /** Yasson's message for an unknown property (message key unknownJsonProperty). */
    private static JsonbException unknown(String name) {
        return new JsonbException("Json property " + name + " can not be mapped to a class class "
            + "dev.artifactservice.session.CreateSessionRequest.");
    }

    @Test
    void anUnknownPropertyIsNamedWithoutTheJavaClass() {
        ServiceException problem = ProblemMapper.toProblem(new ProcessingException("wrapped", unknown("retentionDays")));
        assertEquals(400, problem.status());
        assertTrue(problem.getMessage().contains("'retentionDays'"), problem.getMessage());
        assertTrue(!problem.getMessage().contains("dev.artifactservice"), problem.getMessage());
    }

    /** A problem's extension members (RFC 9457 section 3.2) follow the standard ones, numbers as numbers. */
    @Test
    void extensionMembersAreWrittenWithTheirJsonTypes() {
        ServiceException refused = new ServiceException(dev.artifactservice.failure.ProblemType.UNPROCESSABLE_CONTENT,
            "Binary.", java.util.Map.of(), null, java.util.Map.of("from_size", 5_000_000_000L, "to_sha256", "ab",
                "binary", true));
        jakarta.json.JsonObject json = Problem.of(refused, null).toJson();
        assertEquals("urn:artifact-service:problem:unprocessable-content", json.getString("type"));
        assertEquals(422, json.getInt("status"));
        assertEquals(5_000_000_000L, json.getJsonNumber("from_size").longValueExact());
        assertEquals("ab", json.getString("to_sha256"));
        assertTrue(json.getBoolean("binary"));
        assertEquals(java.util.List.of("type", "title", "status", "detail", "binary", "from_size", "to_sha256"),
            java.util.List.copyOf(json.keySet()));
    }

    @Test
    void otherJsonErrorsStayGeneric() {
        assertNull(ProblemMapper.unknownProperty(new JsonbException("Unexpected char 110 at (line no=1, column no=2)")));
        assertEquals("The request body is not valid JSON for this call.",
            ProblemMapper.toProblem(new JsonbException("Unexpected char")).getMessage());
    }

    @Test
    void aRequestS3RefusedIsA400NamingS3sCode() {
        ServiceException problem = ProblemMapper.toProblem(
            new RuntimeException("wrapped", new ObjectRefusedException(400, "KeyTooLongError", null)));
        assertEquals(400, problem.status());
        assertTrue(problem.getMessage().contains("KeyTooLongError"), problem.getMessage());
        assertEquals("bad-request", problem.type().slug());
        assertNull(problem.headers().get("Retry-After"));
    }

    @Test
    void refusedCredentialsAreA500ForTheOperatorNotA503() {
        ServiceException problem = ProblemMapper.toProblem(new ObjectRefusedException(403, "AccessDenied", null));
        assertEquals(500, problem.status());
        assertTrue(problem.getMessage().contains("AccessDenied"), problem.getMessage());
        assertNull(problem.headers().get("Retry-After"));
    }
}
