package dev.artifactservice.database;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/** Checks that a pooled connection to PostgreSQL answers, for readiness. */
@ApplicationScoped
public class DatabasePing {

    @Resource(lookup = "jdbc/artifacts")
    DataSource dataSource;

    /**
     * Takes a connection from the pool and runs {@code SELECT 1} on it, giving the statement at most
     * {@code timeout} (whole seconds, at least one); once more on a new connection when the first was already dead
     * (a database restart, {@link DatabaseFailures#onceMoreIfBroken}), so that readiness stays UP across it.
     *
     * @throws SQLException when no connection can be had or the statement fails or times out
     */
    public void ping(Duration timeout) throws SQLException {
        DatabaseFailures.onceMoreIfBroken(() -> {
            try (Connection connection = dataSource.getConnection();
                 Statement statement = connection.createStatement()) {
                statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
                return statement.execute("SELECT 1");
            }
        });
    }
}
