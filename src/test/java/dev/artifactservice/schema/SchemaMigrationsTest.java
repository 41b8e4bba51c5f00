package dev.artifactservice.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

class SchemaMigrationsTest {

    @Test
    void reasonNamesTheDatabasesMessageAndStateNotTheWrapper() {
        SQLException denied = new SQLException("ERROR: permission denied for schema public\n  Position: 14", "42501");
        FlywayException wrapped = new FlywayException("Migration V1__init.sql failed\n-----\nSQL State : 42501", denied);
        assertEquals("schema migration failed: ERROR: permission denied for schema public (SQL state 42501)",
            SchemaMigrations.reason(wrapped));
    }

    @Test
    void withoutAnSqlErrorTheReasonIsTheFailuresFirstLine() {
        assertEquals("schema migration failed: FlywayException: Validate failed: checksum mismatch",
            SchemaMigrations.reason(new FlywayException("Validate failed: checksum mismatch\nmore details")));
    }
}
