package dev.artifactservice.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The diff text is what GNU {@code diff -u} writes for the same two files (each expectation below is its output,
 * with our header lines), so {@code patch} and {@code git apply} read it as they read GNU's.
 */
class UnifiedDiffTest {

    private static final String HEADERS = "--- a/x.tf\t(version 1)\n+++ b/x.tf\t(version 2)\n";

    private static String diff(String from, String to) {
        return UnifiedDiff.of("a/x.tf\t(version 1)", "b/x.tf\t(version 2)", from, to, 1000);
    }

    @Test
    void identicalTextsGiveAnEmptyDiff() {
        assertEquals("", diff("a\nb\n", "a\nb\n"));
        assertEquals("", diff("", ""));
        assertEquals("", diff("no newline", "no newline"));
    }

    @Test
    void aChangedLineHasThreeLinesOfContextAndFarChangesTwoHunks() {
        String from = IntStream.rangeClosed(1, 12).mapToObj(i -> i + "\n").collect(Collectors.joining());
        String to = from.replace("\n2\n", "\ntwo\n").replace("\n11\n", "\neleven\n");
        assertEquals(HEADERS + "@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n"
            + "@@ -8,5 +8,5 @@\n 8\n 9\n 10\n-11\n+eleven\n 12\n", diff(from, to));
    }

    @Test
    void aLastLineWithoutNewlineIsMarkedOnEachSide() {
        assertEquals(HEADERS + "@@ -1,3 +1,3 @@\n a\n b\n-c\n\\ No newline at end of file\n+C\n"
            + "\\ No newline at end of file\n", diff("a\nb\nc", "a\nb\nC"));
        // Adding the final newline is a change of the last line.
        assertEquals(HEADERS + "@@ -1,3 +1,3 @@\n a\n b\n-c\n\\ No newline at end of file\n+c\n",
            diff("a\nb\nc", "a\nb\nc\n"));
        // An unchanged last line without newline is context, marked too.
        assertEquals(HEADERS + "@@ -1,2 +1,2 @@\n-a\n+A\n b\n\\ No newline at end of file\n", diff("a\nb", "A\nb"));
    }

    @Test
    void crlfLinesKeepTheirCarriageReturns() {
        assertEquals(HEADERS + "@@ -1,3 +1,3 @@\n one\r\n-two\r\n+2\r\n three\r\n",
            diff("one\r\ntwo\r\nthree\r\n", "one\r\n2\r\nthree\r\n"));
        // A change of line ends only is a change of every line.
        assertEquals(HEADERS + "@@ -1,2 +1,2 @@\n-a\n-b\n+a\r\n+b\r\n", diff("a\nb\n", "a\r\nb\r\n"));
    }

    @Test
    void anEmptySideStartsAtLineZero() {
        assertEquals(HEADERS + "@@ -0,0 +1,2 @@\n+x\n+y\n", diff("", "x\ny\n"));
        assertEquals(HEADERS + "@@ -1,2 +0,0 @@\n-x\n-y\n", diff("x\ny\n", ""));
        // GNU writes "+1" for one line, java-diff-utils "+1,1": the same range to patch and git apply.
        assertEquals(HEADERS + "@@ -0,0 +1,1 @@\n+x\n\\ No newline at end of file\n", diff("", "x"));
    }

    @Test
    void linesAreSplitAfterEachLineFeed() {
        assertEquals(List.of(), UnifiedDiff.lines(""));
        assertEquals(List.of("a\r\n", "\n", "b"), UnifiedDiff.lines("a\r\n\nb"));
        assertEquals(List.of("a\n"), UnifiedDiff.lines("a\n"));
    }

    @Test
    void moreChangedLinesThanTheLimitAreRefused() {
        String from = IntStream.range(0, 50).mapToObj(i -> "old " + i + "\n").collect(Collectors.joining());
        String to = IntStream.range(0, 50).mapToObj(i -> "new " + i + "\n").collect(Collectors.joining());
        UnifiedDiff.TooManyChangesException refused = assertThrows(UnifiedDiff.TooManyChangesException.class,
            () -> UnifiedDiff.of("a/x", "b/x", from, to, 99));
        assertEquals(99, refused.limit());
        // 100 changed lines are within a limit of 100.
        assertEquals(103, UnifiedDiff.of("a/x", "b/x", from, to, 100).lines().count());
    }
}
