package dev.artifactservice.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which database failures are outages (503), and which mean a dead pooled connection worth one more try. */
class DatabaseFailuresTest {

    private static SQLException sql(String state, Throwable cause) {
        return new SQLException("failed", state, cause);
    }

    @Test
    void aSessionEndedByARestartIsABrokenConnectionAndAnOutage() {
        // What PgJDBC throws on a pooled connection after a restart: FATAL 57P01 over the I/O error that found it.
        Throwable restart = new IllegalStateException("read failed",
            sql("57P01", sql("08006", new EOFException())));
        assertTrue(DatabaseFailures.isBrokenConnection(restart));
        assertTrue(DatabaseFailures.isDatabaseUnavailable(restart));
        assertTrue(DatabaseFailures.isBrokenConnection(sql("57P02", null)), "crash shutdown");
        assertTrue(DatabaseFailures.isDatabaseUnavailable(sql("57P03", null)), "cannot connect now");
        assertFalse(DatabaseFailures.isBrokenConnection(sql("57P03", null)), "a starting server is not a dead socket");
    }

    @Test
    void aResetOrClosedSocketUnderTheDriverIsABrokenConnection() {
        assertTrue(DatabaseFailures.isBrokenConnection(sql("08006", new SocketException("Connection reset"))));
        assertTrue(DatabaseFailures.isBrokenConnection(sql("08006", new EOFException())));
    }

    @Test
    void timeoutsAndRefusedConnectsAreOutagesButNotRetried() {
        Throwable timeout = sql("08006", new SocketTimeoutException("Read timed out"));
        assertFalse(DatabaseFailures.isBrokenConnection(timeout), "a retry would double the wait");
        assertTrue(DatabaseFailures.isDatabaseUnavailable(timeout));
        Throwable refused = sql("08001", new ConnectException("Connection refused"));
        assertFalse(DatabaseFailures.isBrokenConnection(refused));
        assertTrue(DatabaseFailures.isDatabaseUnavailable(refused));
        assertFalse(DatabaseFailures.isBrokenConnection(sql("57014", null)), "statement timeout");
    }

    @Test
    void aClientsBrokenBodyIsNotADatabaseFailure() {
        // An EOFException or reset from the request's own stream has no SQLException above it.
        assertFalse(DatabaseFailures.isBrokenConnection(new IllegalStateException(new EOFException())));
        assertFalse(DatabaseFailures.isDatabaseUnavailable(new java.io.UncheckedIOException(
            new SocketException("Connection reset"))));
        assertFalse(DatabaseFailures.isBrokenConnection(sql("23505", null)), "a unique violation");
    }

    @Test
    void aCallOnADeadConnectionRunsOnceMoreAndOnlyThen() throws SQLException {
        int[] runs = {0};
        assertEquals("served", DatabaseFailures.onceMoreIfBroken(() -> {
            if (runs[0]++ == 0) {
                throw sql("57P01", sql("08006", new EOFException()));
            }
            return "served";
        }));
        assertEquals(2, runs[0]);

        runs[0] = 0;
        SQLException timeout = assertThrows(SQLException.class, () -> DatabaseFailures.onceMoreIfBroken(() -> {
            runs[0]++;
            throw sql("08006", new SocketTimeoutException("Read timed out"));
        }));
        assertEquals(1, runs[0], "a timeout is not run again");
        assertEquals(0, timeout.getSuppressed().length);

        runs[0] = 0;
        SQLException second = assertThrows(SQLException.class, () -> DatabaseFailures.onceMoreIfBroken(() -> {
            runs[0]++;
            throw sql("08006", new SocketException("Connection reset"));
        }));
        assertEquals(2, runs[0], "at most twice");
        assertEquals(1, second.getSuppressed().length, "the first failure goes with the second");
    }
}
