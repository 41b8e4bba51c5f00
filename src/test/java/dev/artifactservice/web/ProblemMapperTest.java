package dev.artifactservice.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artifactservice.storage.ObjectRefusedException;
import org.junit.jupiter.api.Test;

/** Problems made from S3's refusals: what to change, and no Retry-After since a retry cannot help. */
class ProblemMapperTest {

    @Test
    void aRequestS3RefusedIsA400NamingS3sCode() {
        ApiException problem = ProblemMapper.toProblem(
            new RuntimeException("wrapped", new ObjectRefusedException(400, "KeyTooLongError", null)));
        assertEquals(400, problem.status());
        assertTrue(problem.getMessage().contains("KeyTooLongError"), problem.getMessage());
        assertEquals("bad-request", problem.type());
        assertNull(problem.headers().get("Retry-After"));
    }

    @Test
    void refusedCredentialsAreA500ForTheOperatorNotA503() {
        ApiException problem = ProblemMapper.toProblem(new ObjectRefusedException(403, "AccessDenied", null));
        assertEquals(500, problem.status());
        assertTrue(problem.getMessage().contains("AccessDenied"), problem.getMessage());
        assertNull(problem.headers().get("Retry-After"));
    }
}
