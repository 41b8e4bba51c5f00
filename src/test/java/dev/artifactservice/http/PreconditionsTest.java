package dev.artifactservice.http;

import static dev.artifactservice.http.Preconditions.Outcome.FAILED;
import static dev.artifactservice.http.Preconditions.Outcome.NOT_MODIFIED;
import static dev.artifactservice.http.Preconditions.Outcome.PROCEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 section 13 rules of {@link Preconditions}, one per test. */
class PreconditionsTest {

    private static final String TAG = "\"abc\"";
    /** 1994-11-06T08:49:37.500Z: a modification time with milliseconds. */
    private static final Instant MODIFIED = Instant.parse("1994-11-06T08:49:37.500Z");
    private static final String SAME_SECOND = "Sun, 06 Nov 1994 08:49:37 GMT";
    private static final String SECOND_BEFORE = "Sun, 06 Nov 1994 08:49:36 GMT";
    private static final String FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT";

    private static Preconditions.Outcome get(String ifMatch, String ifNoneMatch, String ims, String ius) {
        return new Preconditions(ifMatch, ifNoneMatch, ims, ius).evaluate("GET", TAG, MODIFIED);
    }

    private static Preconditions.Outcome put(String ifMatch, String ifNoneMatch, String ims, String ius) {
        return new Preconditions(ifMatch, ifNoneMatch, ims, ius).evaluate("PUT", TAG, MODIFIED);
    }

    @Test
    void noConditionProceeds() {
        assertEquals(PROCEED, Preconditions.NONE.evaluate("GET", TAG, MODIFIED));
        assertFalse(Preconditions.NONE.any());
    }

    @Test
    void ifMatchIsStrong() {
        assertEquals(PROCEED, put(TAG, null, null, null));
        assertEquals(PROCEED, put("\"x\", " + TAG, null, null, null));
        assertEquals(FAILED, put("W/" + TAG, null, null, null));
        assertEquals(FAILED, put("\"x\"", null, null, null));
        assertEquals(PROCEED, put("*", null, null, null));
        // No current representation: nothing matches, not even *.
        assertEquals(FAILED, new Preconditions("*", null, null, null).evaluate("PUT", null, null));
        // A weak current tag never matches strongly.
        assertEquals(FAILED, new Preconditions("W/\"abc\"", null, null, null).evaluate("PUT", "W/\"abc\"", MODIFIED));
    }

    @Test
    void ifNoneMatchIsWeakAndGives304OnlyForGetAndHead() {
        assertEquals(NOT_MODIFIED, get(null, TAG, null, null));
        assertEquals(NOT_MODIFIED, get(null, "W/" + TAG, null, null));
        assertEquals(NOT_MODIFIED, new Preconditions(null, "*", null, null).evaluate("HEAD", TAG, MODIFIED));
        assertEquals(PROCEED, get(null, "\"x\"", null, null));
        assertEquals(FAILED, put(null, TAG, null, null));
        assertEquals(FAILED, put(null, "*", null, null));
        assertEquals(PROCEED, new Preconditions(null, "*", null, null).evaluate("PUT", null, null));
    }

    @Test
    void ifModifiedSinceComparesWholeSecondsAndOnlyForGetAndHead() {
        assertEquals(NOT_MODIFIED, get(null, null, SAME_SECOND, null));
        assertEquals(NOT_MODIFIED, get(null, null, FUTURE, null));
        assertEquals(PROCEED, get(null, null, SECOND_BEFORE, null));
        assertEquals(PROCEED, put(null, null, FUTURE, null));
        assertEquals(PROCEED, new Preconditions(null, null, FUTURE, null).evaluate("DELETE", TAG, MODIFIED));
    }

    @Test
    void ifModifiedSinceIsIgnoredWhenIfNoneMatchIsPresent() {
        assertEquals(PROCEED, get(null, "\"x\"", FUTURE, null));
        assertEquals(NOT_MODIFIED, get(null, TAG, SECOND_BEFORE, null));
    }

    @Test
    void ifUnmodifiedSinceComparesWholeSeconds() {
        assertEquals(PROCEED, put(null, null, null, SAME_SECOND));
        assertEquals(FAILED, put(null, null, null, SECOND_BEFORE));
        assertEquals(FAILED, get(null, null, null, SECOND_BEFORE));
    }

    @Test
    void ifUnmodifiedSinceIsIgnoredWhenIfMatchIsPresent() {
        assertEquals(PROCEED, put(TAG, null, null, SECOND_BEFORE));
        assertEquals(FAILED, put("\"x\"", null, null, FUTURE));
    }

    @Test
    void ifMatchIsEvaluatedBeforeIfNoneMatch() {
        // A failed If-Match is 412 even where If-None-Match alone would give 304.
        assertEquals(FAILED, get("\"x\"", TAG, null, null));
        assertEquals(NOT_MODIFIED, get(TAG, TAG, null, null));
        // A failed If-Unmodified-Since wins over a matching If-Modified-Since.
        assertEquals(FAILED, get(null, null, FUTURE, SECOND_BEFORE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2100-01-01T00:00:00Z", "Fri, 01 Jan 2100 00:00:00 GMT, Sat, 02 Jan 2100 "
        + "00:00:00 GMT", "Mon, 01 Jan 2100 00:00:00 GMT", ""})
    void invalidDatesAreIgnored(String date) {
        assertEquals(PROCEED, get(null, null, date, null));
        assertEquals(PROCEED, put(null, null, null, date));
    }

    @Test
    void datesWithoutAModificationTimeAreIgnored() {
        assertEquals(PROCEED, new Preconditions(null, null, FUTURE, null).evaluate("GET", TAG, null));
        assertEquals(PROCEED, new Preconditions(null, null, null, SECOND_BEFORE).evaluate("PUT", null, null));
    }

    @Test
    void httpDateAcceptsTheThreeForms() {
        Instant expected = Instant.parse("1994-11-06T08:49:37Z");
        assertEquals(expected, Preconditions.httpDate("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(expected, Preconditions.httpDate("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(expected, Preconditions.httpDate("Sun Nov  6 08:49:37 1994"));
        assertNull(Preconditions.httpDate("Sun, 06 Nov 1994 08:49:37 CET"));
    }

    @Test
    void entityTagListsAreParsedByQuotes() {
        assertEquals(List.of("\"a,b\"", "W/\"c\""), Preconditions.entityTags(" \"a,b\" ,W/\"c\", junk"));
        assertTrue(Preconditions.matches("\"a,b\"", "\"a,b\"", true));
        assertFalse(Preconditions.matches("\"a", "\"a\"", false));
    }
}
