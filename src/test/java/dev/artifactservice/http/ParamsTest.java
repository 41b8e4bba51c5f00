package dev.artifactservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artifactservice.failure.ServiceException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.function.Executable;

class ParamsTest {

    private static final int MAX_EXPIRY = 604800;

    private static ServiceException assertBadRequest(Executable call, String parameterName) {
        ServiceException e = assertThrows(ServiceException.class, call);
        assertEquals(400, e.status());
        assertEquals("bad-request", e.type().slug());
        assertTrue(e.getMessage().contains(parameterName), "detail names the parameter: " + e.getMessage());
        return e;
    }

    // --- uuid ----------------------------------------------------------------------------------

    @Test
    void canonicalUuidIsAccepted() {
        assertEquals(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
            Params.uuid("session_id", "123e4567-e89b-12d3-a456-426614174000", true));
    }

    @Test
    void upperCaseUuidIsAccepted() {
        assertEquals(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
            Params.uuid("session_id", "123E4567-E89B-12D3-A456-426614174000", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1-2-3-4-5",                                  // UUID.fromString accepts it, the contract does not
        "123e4567-e89b-12d3-a456-42661417400",        // one digit short
        "123e4567-e89b-12d3-a456-4266141740000",      // one digit long
        "0123e4567-e89b-12d3-a456-42661417400",       // digits moved between groups
        "123e4567e89b12d3a456426614174000",           // no dashes
        "{123e4567-e89b-12d3-a456-426614174000}",
        " 123e4567-e89b-12d3-a456-426614174000",
        "123e4567-e89b-12d3-a456-42661417400g",
        "not-a-uuid",
        "null",
    })
    void nonCanonicalOrGarbageUuidIsRefusedWith400(String value) {
        assertBadRequest(() -> Params.uuid("session_id", value, false), "session_id");
    }

    @Test
    void absentRequiredUuidIsRefusedWith400() {
        assertBadRequest(() -> Params.uuid("session_id", null, true), "session_id");
        assertBadRequest(() -> Params.uuid("session_id", "", true), "session_id");
    }

    @Test
    void absentOptionalUuidIsNull() {
        assertNull(Params.uuid("conversation_id", null, false));
        assertNull(Params.uuid("conversation_id", "", false));
    }

    // --- intInRange ----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "604801", "abc", "1e3", "", " 5", "5 ", "+5", "3.0", "0x10",
        "2147483648", "99999999999", "-2147483649", "\uff15"})
    void valueOutsideRangeOrNotAPlainIntegerIsRefused(String value) {
        assertBadRequest(() -> Params.intInRange("expires_in", value, 3600, 1, MAX_EXPIRY), "expires_in");
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "3600, 3600", "604800, 604800", "007, 7"})
    void plainIntegerInRangeIsAccepted(String value, int expected) {
        assertEquals(expected, Params.intInRange("expires_in", value, 3600, 1, MAX_EXPIRY));
    }

    @Test
    void absentIntegerGivesTheDefault() {
        assertEquals(3600, Params.intInRange("expires_in", null, 3600, 1, MAX_EXPIRY));
        assertEquals(1000, Params.intInRange("limit", null, 1000, 1, 1000));
    }

    // --- instant -------------------------------------------------------------------------------

    @Test
    void utcDateTimeIsAccepted() {
        OffsetDateTime t = Params.instant("created_after", "2024-01-15T10:30:00Z");
        assertEquals(Instant.parse("2024-01-15T10:30:00Z"), t.toInstant());
    }

    @Test
    void dateTimeWithOffsetIsTheSameInstant() {
        OffsetDateTime t = Params.instant("created_after", "2024-01-15T10:30:00+02:00");
        assertEquals(Instant.parse("2024-01-15T08:30:00Z"), t.toInstant());
    }

    @Test
    void fractionalSecondsAreKept() {
        assertEquals(Instant.parse("2024-01-15T10:30:00.123456Z"),
            Params.instant("created_after", "2024-01-15T10:30:00.123456Z").toInstant());
    }

    @Test
    void dateIsMidnightUtc() {
        OffsetDateTime t = Params.instant("created_before", "2024-01-15");
        assertEquals(Instant.parse("2024-01-15T00:00:00Z"), t.toInstant());
        assertEquals(ZoneOffset.UTC, t.getOffset());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2024-13-01", "2024-02-30", "2024-01-15T25:00:00Z", "15/01/2024",
        "1705314600", "2024-01-15T10:30:00", "2024-01-15 10:30:00Z"})
    void malformedInstantIsRefused(String value) {
        assertBadRequest(() -> Params.instant("created_after", value), "created_after");
    }

    @Test
    void absentInstantIsNull() {
        assertNull(Params.instant("created_after", null));
        assertNull(Params.instant("created_after", ""));
    }

    // --- cursor --------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"terraform/main.tf", "2024-01-15T10:30:00Z|123e4567-e89b-12d3-a456-426614174000",
        "\u5831\u544a/\ud83d\ude80", "a", "?&=/+"})
    void cursorRoundTrips(String text) {
        String cursor = Params.encodeCursor(text);
        assertTrue(cursor.matches("[A-Za-z0-9_-]+"), "URL-safe without padding: " + cursor);
        assertEquals(text, Params.decodeCursor(cursor));
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!", "not a cursor", "a", "abc=def", "_w", "_-8", "%41"})
    void garbageCursorIsRefused(String cursor) {
        assertBadRequest(() -> Params.decodeCursor(cursor), "cursor");
    }

    @Test
    void absentCursorIsNull() {
        assertNull(Params.decodeCursor(null));
        assertNull(Params.decodeCursor(""));
    }

    @Test
    void invalidCursorIs400() {
        assertEquals(400, Params.invalidCursor().status());
    }

    // --- bool ----------------------------------------------------------------------------------

    @Test
    void boolIsTrueFalseOrAbsent() {
        assertEquals(Boolean.TRUE, Params.bool("keep", "true"));
        assertEquals(Boolean.FALSE, Params.bool("keep", "false"));
        assertNull(Params.bool("keep", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "yes", "TRUE", "True", " true"})
    void boolRefusesAnythingElse(String value) {
        assertBadRequest(() -> Params.bool("keep", value), "keep");
    }
}
