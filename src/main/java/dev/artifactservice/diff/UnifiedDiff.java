package dev.artifactservice.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.algorithm.DiffAlgorithmListener;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The unified diff of two texts, in the format of GNU {@code diff -u} that {@code patch -p1} and {@code git apply}
 * read, computed with java-diff-utils (Myers' algorithm, {@link DiffUtils#diff} and
 * {@link UnifiedDiffUtils#generateUnifiedDiff}). Applying it to the older text gives the newer one byte for byte:
 * lines are compared with their line ends, so a CRLF file keeps its {@code \r} on every line and a change of line
 * ends is a change; a last line without a line feed is followed by {@code \ No newline at end of file} (which
 * java-diff-utils does not write); a side with no line is {@code -0,0} / {@code +0,0} as GNU diff writes it.
 */
public final class UnifiedDiff {

    /** Lines of context around each change, as {@code diff -u}. */
    public static final int CONTEXT = 3;

    /** The marker GNU diff writes after a line that has no line feed (the file's last line). */
    static final String NO_NEWLINE = "\\ No newline at end of file";

    private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+),(\\d+) \\+(\\d+),(\\d+) @@$");

    private UnifiedDiff() {
    }

    /**
     * Thrown when the two texts differ by more line insertions and deletions than the diff may compute: Myers'
     * algorithm takes time in the product of the texts' length and that number.
     */
    public static final class TooManyChangesException extends RuntimeException {

        private final int limit;

        TooManyChangesException(int limit) {
            super("more than " + limit + " lines inserted or deleted", null, false, false);
            this.limit = limit;
        }

        /** The limit that was passed: inserted plus deleted lines. */
        public int limit() {
            return limit;
        }
    }

    /**
     * The unified diff turning {@code from} into {@code to} with {@link #CONTEXT} lines of context, or an empty
     * string when they are equal.
     *
     * @param fromHeader the text after {@code --- } (e.g. {@code a/main.tf}, then a tab and a label)
     * @param toHeader   the text after {@code +++ }
     * @param maxChanges most inserted plus deleted lines computed
     * @throws TooManyChangesException when more lines than {@code maxChanges} are inserted or deleted
     */
    public static String of(String fromHeader, String toHeader, String from, String to, int maxChanges) {
        if (from.equals(to)) {
            return "";
        }
        List<String> fromLines = lines(from);
        List<String> toLines = lines(to);
        Patch<String> patch = DiffUtils.diff(fromLines, toLines, new DiffAlgorithmListener() {
            @Override
            public void diffStart() {
                // nothing to prepare
            }

            @Override
            public void diffStep(int value, int max) {
                // value is the edit distance the algorithm has reached: stop before the work grows past the bound.
                if (value > maxChanges) {
                    throw new TooManyChangesException(maxChanges);
                }
            }

            @Override
            public void diffEnd() {
                // nothing to release
            }
        });
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(fromHeader, toHeader, fromLines, patch, CONTEXT);
        StringBuilder out = new StringBuilder(from.length() / 4 + to.length() / 4 + 256);
        for (int i = 0; i < unified.size(); i++) {
            String line = unified.get(i);
            if (i < 2) {
                out.append(line).append('\n');
            } else if (line.startsWith("@@")) {
                out.append(hunkHeader(line)).append('\n');
            } else {
                // A line of content keeps its own line end; only a file's last line can lack one.
                out.append(line);
                if (!line.endsWith("\n")) {
                    out.append('\n').append(NO_NEWLINE).append('\n');
                }
            }
        }
        return out.toString();
    }

    /**
     * The lines of {@code text}, each with its line feed (and a {@code \r} before it, if any), the last one without
     * when the text does not end with a line feed; none for an empty text.
     */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
            lines.add(text.substring(start, end + 1));
            start = end + 1;
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** A hunk header as GNU diff writes it: a side with no line starts at the line before ({@code -0,0}). */
    private static String hunkHeader(String header) {
        Matcher m = HUNK.matcher(header);
        if (!m.matches()) {
            return header;
        }
        return "@@ -" + range(m.group(1), m.group(2)) + " +" + range(m.group(3), m.group(4)) + " @@";
    }

    private static String range(String start, String count) {
        int first = Integer.parseInt(start);
        return count.equals("0") ? Math.max(0, first - 1) + ",0" : first + "," + count;
    }
}
