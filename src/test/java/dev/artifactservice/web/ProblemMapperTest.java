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

    /** What a failed one-phase commit looks like: PostgreSQL's session ended between its commit and its answer. */
    private static Throwable lostCommit() {
        jakarta.transaction.HeuristicMixedException mixed = new jakarta.transaction.HeuristicMixedException();
        mixed.initCause(new java.sql.SQLException("Error during one-phase commit", "08006",
            new java.sql.SQLException("FATAL: terminating connection due to administrator command", "57P01")));
        return new jakarta.transaction.TransactionalException("commit failed", mixed);
    }

    @Test
    void aCommitWhoseAnswerWasLostIsA503ThatDoesNotClaimNothingChanged() {
        ServiceException problem = ProblemMapper.toProblem(lostCommit());
        assertEquals(503, problem.status());
        assertTrue(problem.getMessage().contains("may or may not have been made"), problem.getMessage());
        assertTrue(!problem.getMessage().contains("nothing was changed"), problem.getMessage());
        assertEquals("5", problem.headers().get("Retry-After"));
        ServiceException unreachable = ProblemMapper.toProblem(new IllegalStateException(
            new java.sql.SQLException("Connection refused", "08001")));
        assertTrue(unreachable.getMessage().contains("nothing was changed"), unreachable.getMessage());
    }

    @Test
    void a503IsLoggedAsOneLineNamingItsCausesOther500sWithTheirStackTrace() {
        java.util.List<java.util.logging.LogRecord> records = new java.util.ArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(ProblemMapper.class.getName());
        log.addHandler(handler);
        try {
            Throwable lost = lostCommit();
            String id = ProblemMapper.logIfServerError(ProblemMapper.toProblem(lost), lost);
            IllegalStateException bug = new IllegalStateException("a bug");
            ProblemMapper.logIfServerError(ProblemMapper.toProblem(bug), bug);
            assertEquals(2, records.size());
            assertNull(records.get(0).getThrown(), "no stack trace for a 503");
            assertTrue(records.get(0).getMessage().contains(id), records.get(0).getMessage());
            assertTrue(records.get(0).getMessage().contains("Causes: TransactionalException: commit failed < "
                + "HeuristicMixedException < SQLException: Error during one-phase commit < SQLException: FATAL: "
                + "terminating connection due to administrator command"), records.get(0).getMessage());
            assertEquals(bug, records.get(1).getThrown(), "a 500 keeps its stack trace");
            dev.artifactservice.failure.DependencyUnavailableException busy =
                new dev.artifactservice.failure.DependencyUnavailableException("24 uploads are in progress", 5, null);
            ProblemMapper.logIfServerError(ProblemMapper.toProblem(busy), busy);
            assertEquals(3, records.size());
            assertTrue(records.get(2).getMessage().endsWith(": 24 uploads are in progress"),
                "a 503 without a cause is its detail alone: " + records.get(2).getMessage());
        } finally {
            log.removeHandler(handler);
        }
    }

    @Test
    void causesAreOneLineCutToTheirLimit() {
        assertEquals("none", ProblemMapper.causes(null, 50));
        assertEquals("IllegalStateException: first line < EOFException",
            ProblemMapper.causes(new IllegalStateException("first line\nsecond", new java.io.EOFException()), 100));
        String cut = ProblemMapper.causes(new IllegalStateException("x".repeat(200)), 40);
        assertEquals(43, cut.length(), cut);
        assertTrue(cut.endsWith("..."), cut);
        // A long outer message (EclipseLink's) is cut on its own, so the root cause still fits.
        String root = ProblemMapper.causes(new IllegalStateException("y".repeat(500),
            new java.sql.SQLException("Connection refused")), ProblemMapper.MAX_CAUSES_CHARS);
        assertTrue(root.endsWith("... < SQLException: Connection refused"), root);
    }
}
