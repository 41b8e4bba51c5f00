package dev.artifactservice.database;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Recognises failures that mean the database cannot be reached, as opposed to a bug or bad input. */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /**
     * True when the cause chain shows a lost or refused database connection: SQLState class 08
     * (connection exception), PostgreSQL ending the session (57P01 administrator shutdown, 57P02 crash shutdown,
     * 57P03 cannot connect now: a restart or a failover), a transient connection failure, or a refused socket.
     */
    public static boolean isDatabaseUnavailable(Throwable failure) {
        if (isStatementTimeout(failure) || isBrokenConnection(failure)) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && (sql.getSQLState().startsWith("08")
                || "57P03".equals(sql.getSQLState()))) {
                return true;
            }
            if (t.getClass().getName().equals("jakarta.resource.ResourceException")
                || t.getClass().getName().equals("javax.resource.ResourceException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether PostgreSQL cancelled a statement that ran past {@code statement_timeout}
     * ({@code ARTIFACTS_DB_STATEMENT_TIMEOUT_SECONDS}; SQLState 57014) or gave up a lock wait (55P03): the
     * database is too slow or a lock is held too long, and a retry may succeed.
     */
    public static boolean isStatementTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && ("57014".equals(sql.getSQLState())
                || "55P03".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the failure says the connection was already dead when it was used, so that a statement which
     * changes nothing may run again at once on another: PostgreSQL ended its session (57P01 administrator
     * shutdown, 57P02 crash shutdown: what every pooled connection meets after a database restart), or the socket
     * was found closed or reset (an {@link EOFException}, or a {@link SocketException} other than a refused
     * connect, under a {@link SQLException}: the driver's socket, never a client's request body). A timeout ({@link java.net.SocketTimeoutException} is not a {@code SocketException}) or a refused
     * connect is not: PostgreSQL is slow or down, and running again would only double the wait.
     */
    public static boolean isBrokenConnection(Throwable failure) {
        boolean fromDriver = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                if ("57P01".equals(sql.getSQLState()) || "57P02".equals(sql.getSQLState())) {
                    return true;
                }
                fromDriver = true;
            } else if (fromDriver
                && (t instanceof EOFException || (t instanceof SocketException && !(t instanceof ConnectException)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a commit failed after it reached the database, so that its outcome is unknown: the transaction manager
     * reports a {@link jakarta.transaction.HeuristicMixedException} when the one-phase commit of the (only) database
     * resource lost its connection (XAER_RMFAIL), e.g. to a restart between PostgreSQL's commit and its answer. The
     * change may have been made; a 503 must not say "nothing was changed".
     */
    public static boolean isCommitOutcomeUnknown(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof jakarta.transaction.HeuristicMixedException) {
                return true;
            }
        }
        return false;
    }

    /** A JDBC call: a statement or a few, on a connection it takes from the pool itself. */
    @FunctionalInterface
    public interface SqlCall<T> {
        /** Runs the call; {@code SQLException} as the driver or the pool threw it. */
        T call() throws SQLException;
    }

    /**
     * Runs {@code call}, and runs it once more when it failed on a connection that was already dead
     * ({@link #isBrokenConnection}: after a database restart, the pool's connections are found dead by their first
     * statement, and the pool then drops them all). Only for calls that change nothing, or that may run twice.
     *
     * @throws SQLException the failure of the last run (a broken connection's first failure suppressed in it)
     */
    public static <T> T onceMoreIfBroken(SqlCall<T> call) throws SQLException {
        try {
            return call.call();
        } catch (SQLException first) {
            if (!isBrokenConnection(first)) {
                throw first;
            }
            try {
                return call.call();
            } catch (SQLException second) {
                second.addSuppressed(first);
                throw second;
            }
        }
    }
}
