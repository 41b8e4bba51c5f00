package dev.artifactservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.http.RangeHeader.Partial;
import dev.artifactservice.http.RangeHeader.Result;
import dev.artifactservice.http.RangeHeader.Unsatisfiable;
import dev.artifactservice.http.RangeHeader.Whole;
import dev.artifactservice.storage.ByteRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RangeHeaderTest {

    private static final long SIZE = 1000;

    private static Result partial(long first, long last) {
        return new Partial(new ByteRange(first, last));
    }

    @Test
    void closedRangeIsPartial() {
        assertEquals(partial(0, 99), RangeHeader.resolve("bytes=0-99", SIZE));
    }

    @Test
    void openEndedRangeRunsToTheLastByte() {
        assertEquals(partial(500, 999), RangeHeader.resolve("bytes=500-", SIZE));
    }

    @Test
    void suffixRangeIsTheLastNBytes() {
        assertEquals(partial(900, 999), RangeHeader.resolve("bytes=-100", SIZE));
    }

    @Test
    void suffixLongerThanTheObjectIsTheWholeObjectAsPartial() {
        assertEquals(partial(0, 999), RangeHeader.resolve("bytes=-2000", SIZE));
    }

    @Test
    void lastPositionBeyondTheEndIsClampedToTheLastByte() {
        assertEquals(partial(0, 999), RangeHeader.resolve("bytes=0-5000", SIZE));
    }

    @Test
    void singleByteRanges() {
        assertEquals(partial(0, 0), RangeHeader.resolve("bytes=0-0", SIZE));
        assertEquals(partial(999, 999), RangeHeader.resolve("bytes=999-999", SIZE));
        assertEquals(partial(999, 999), RangeHeader.resolve("bytes=999-", SIZE));
        assertEquals(partial(999, 999), RangeHeader.resolve("bytes=-1", SIZE));
    }

    @Test
    void partialRangeLengthCountsBothEnds() {
        Partial p = (Partial) RangeHeader.resolve("bytes=0-99", SIZE);
        assertEquals(100, p.range().length());
        assertEquals("bytes=0-99", p.range().toHeader());
    }

    @Test
    void rangeUnitIsCaseInsensitive() {
        assertEquals(partial(0, 99), RangeHeader.resolve("Bytes=0-99", SIZE));
        assertEquals(partial(0, 99), RangeHeader.resolve("BYTES=0-99", SIZE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=1000-", "bytes=1000-2000", "bytes=5000-", "bytes=-0"})
    void rangeStartingAtOrBeyondTheEndOrEmptySuffixIsUnsatisfiable(String header) {
        assertEquals(new Unsatisfiable(), RangeHeader.resolve(header, SIZE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-", "bytes=0-0", "bytes=-1", "bytes=-0"})
    void anyRangeOfAnEmptyObjectIsUnsatisfiable(String header) {
        assertEquals(new Unsatisfiable(), RangeHeader.resolve(header, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-1,5-6", "bytes=0-1, 5-6", "bytes=-1,0-", "bytes=0-99,,5-6"})
    void severalRangesServeTheWholeObject(String header) {
        assertEquals(new Whole(), RangeHeader.resolve(header, SIZE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-99,", "bytes=,0-99", "bytes=0-99, ,", "bytes= , 0-99"})
    void emptyListElementsAroundOneRangeAreSkipped(String header) {
        // RFC 9110 section 5.6.1: a recipient ignores a reasonable number of empty list elements.
        assertEquals(partial(0, 99), RangeHeader.resolve(header, SIZE));
    }

    @Test
    void positionsOfAnyLengthAreTakenPastTheEndOfAnyRepresentation() {
        assertEquals(new Unsatisfiable(), RangeHeader.resolve("bytes=99999999999999999999-", SIZE));
        assertEquals(new Unsatisfiable(), RangeHeader.resolve("bytes=9223372036854775808-", SIZE));
        assertEquals(partial(0, 999), RangeHeader.resolve("bytes=0-99999999999999999999", SIZE));
        assertEquals(partial(0, 999), RangeHeader.resolve("bytes=-99999999999999999999", SIZE));
        assertEquals(partial(5, 9), RangeHeader.resolve("bytes=0000000000000000000000005-09", SIZE));
        assertEquals(new Whole(), RangeHeader.resolve("bytes=99999999999999999999-5", SIZE), "last before first");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "items=0-1", "bytes=5-1", "bytes=", "bytes=-", "bytes=a-b", "bytes=1-a",
        "bytes=--1", "bytes=0x10-", "bytes=1.5-2", "bytes 0-1", "bytes=+1-2", "=0-1", "", "bytes=,", "bytes=-1-3"})
    void unparsableRangeServesTheWholeObject(String header) {
        assertEquals(new Whole(), RangeHeader.resolve(header, SIZE));
    }

    @Test
    void absentRangeServesTheWholeObject() {
        assertEquals(new Whole(), RangeHeader.resolve(null, SIZE));
    }

    @ParameterizedTest
    @CsvSource({"bytes=0-99, 1, 0, 0", "bytes=-100, 1, 0, 0", "bytes=0-, 1, 0, 0", "bytes=10-19, 15, 10, 14"})
    void rangesAreClampedToSmallObjects(String header, long size, long first, long last) {
        assertEquals(partial(first, last), RangeHeader.resolve(header, size));
    }

    @Test
    void ifRangeHoldsOnlyForTheSameStrongEtagOrADateNotBeforeLastModified() {
        java.time.Instant modified = java.time.Instant.parse("2026-03-01T10:00:00.700Z");
        assertEquals(true, RangeHeader.ifRangeHolds(null, "\"abc\"", modified));
        assertEquals(true, RangeHeader.ifRangeHolds("\"abc\"", "\"abc\"", modified));
        assertEquals(false, RangeHeader.ifRangeHolds("\"abd\"", "\"abc\"", modified));
        assertEquals(false, RangeHeader.ifRangeHolds("W/\"abc\"", "\"abc\"", modified), "weak tags never match");
        assertEquals(true, RangeHeader.ifRangeHolds("Sun, 01 Mar 2026 10:00:00 GMT", "\"abc\"", modified));
        assertEquals(false, RangeHeader.ifRangeHolds("Sun, 01 Mar 2026 09:59:59 GMT", "\"abc\"", modified));
        assertEquals(false, RangeHeader.ifRangeHolds("Sun, 01 Mar 2026 10:00:00 GMT", "\"abc\"", null),
            "without Last-Modified a date never holds");
        assertEquals(false, RangeHeader.ifRangeHolds("yesterday", "\"abc\"", modified));
    }

    @Test
    void partIsTheRangeNullForTheWholeOrA416WithContentRange() {
        assertEquals(new ByteRange(10, 999), RangeHeader.part("bytes=10-", SIZE, "bundle"));
        assertEquals(null, RangeHeader.part("bytes=1-2,5-6", SIZE, "bundle"));
        assertEquals(null, RangeHeader.part(null, SIZE, "bundle"));
        ServiceException e = org.junit.jupiter.api.Assertions.assertThrows(ServiceException.class,
            () -> RangeHeader.part("bytes=1000-", SIZE, "bundle"));
        assertEquals(416, e.status());
        assertEquals("bytes */1000", e.headers().get("Content-Range"));
        assertEquals("bytes", e.headers().get("Accept-Ranges"));
        assertEquals("The range is outside the bundle's 1000 bytes.", e.getMessage());
        assertEquals("bytes 10-19/1000", RangeHeader.contentRange(new ByteRange(10, 19), SIZE));
    }
}
