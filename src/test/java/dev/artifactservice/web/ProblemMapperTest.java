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
