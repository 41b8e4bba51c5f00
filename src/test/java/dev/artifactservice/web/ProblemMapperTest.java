package dev.artifactservice.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import org.junit.jupiter.api.Test;

/** Unknown request body properties become a 400 that names them (JsonbProvider fails on them). */
class ProblemMapperTest {

    /** Yasson's message for an unknown property (message key unknownJsonProperty). */
    private static JsonbException unknown(String name) {
        return new JsonbException("Json property " + name + " can not be mapped to a class class "
            + "dev.artifactservice.session.CreateSessionRequest.");
    }

    @Test
    void anUnknownPropertyIsNamedWithoutTheJavaClass() {
        ApiException problem = ProblemMapper.toProblem(new ProcessingException("wrapped", unknown("retentionDays")));
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
}
