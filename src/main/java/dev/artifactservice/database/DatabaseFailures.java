package dev.artifactservice.database;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Recognises failures that mean the database cannot be reached, as opposed to a bug or bad input. */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /**
     * True when the cause chain shows a lost or refused database connection: SQLState class 08
     * (connection exception), a transient connection failure, or a refused socket.
     */
    public static boolean isDatabaseUnavailable(Throwable failure) {
        if (isStatementTimeout(failure)) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
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
}
