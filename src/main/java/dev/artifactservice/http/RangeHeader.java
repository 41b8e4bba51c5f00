package dev.artifactservice.http;

import dev.artifactservice.failure.ProblemType;
import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.storage.ByteRange;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * A single byte range request (RFC 9110 section 14.2): {@code bytes=a-b}, {@code bytes=a-} or
 * {@code bytes=-n}, resolved against a representation's size, and its {@code If-Range} condition (section
 * 13.1.5). Positions of any length are taken (one past {@code Long.MAX_VALUE} is past any end), and empty list
 * elements are skipped. Several ranges, or an unparsable header, are ignored (the whole body is served with 200),
 * as the RFC allows. Shared by artifact downloads and bundles.
 */
public final class RangeHeader {

    private RangeHeader() {
    }

    /** The outcome of resolving a Range header against a size. */
    public sealed interface Result permits Whole, Partial, Unsatisfiable {
    }

    /** Serve the whole representation (no Range, several ranges, or a header we ignore). */
    public record Whole() implements Result {
    }

    /** Serve 206 with this inclusive range. */
    public record Partial(ByteRange range) implements Result {
    }

    /** Serve 416 with {@code Content-Range: bytes *}{@code /size}. */
    public record Unsatisfiable() implements Result {
    }

    /** Resolves {@code header} against an object of {@code size} bytes. */
    public static Result resolve(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return new Whole();
        }
        // A range-set is a list (RFC 9110 section 5.6.1): empty elements ("bytes=0-3,") are ignored; several ranges
        // get the whole body.
        String spec = null;
        for (String element : value.substring(6).split(",", -1)) {
            if (element.isBlank()) {
                continue;
            }
            if (spec != null) {
                return new Whole();
            }
            spec = element.trim();
        }
        if (spec == null) {
            return new Whole();
        }
        Optional<long[]> bounds = parse(spec);
        if (bounds.isEmpty()) {
            return new Whole();
        }
        long first = bounds.get()[0];
        long last = bounds.get()[1];
        if (first < 0) {
            // Suffix range: the last n bytes.
            long n = last;
            if (n == 0 || size == 0) {
                return new Unsatisfiable();
            }
            return new Partial(new ByteRange(Math.max(0, size - n), size - 1));
        }
        if (first >= size) {
            return new Unsatisfiable();
        }
        return new Partial(new ByteRange(first, last < 0 || last >= size ? size - 1 : last));
    }

    /**
     * The part of a representation of {@code size} bytes that a Range header asks for: the inclusive range,
     * or null for the whole representation (no header, or one that is ignored).
     *
     * @param what names the representation in the 416 detail, e.g. {@code "bundle"}
     * @throws ServiceException 416 ({@link #unsatisfiable}) when the range lies outside the {@code size} bytes
     */
    public static ByteRange part(String header, long size, String what) {
        Result result = resolve(header, size);
        if (result instanceof Unsatisfiable) {
            throw unsatisfiable(size, "The range is outside the " + what + "'s " + size + " bytes.");
        }
        return result instanceof Partial partial ? partial.range() : null;
    }

    /**
     * The 416 answer for a representation of {@code size} bytes (RFC 9110 sections 14.4 and 15.5.17): a
     * problem+json with {@code Content-Range: bytes *}{@code /size} and {@code Accept-Ranges: bytes}.
     */
    public static ServiceException unsatisfiable(long size, String detail) {
        return new ServiceException(ProblemType.RANGE_NOT_SATISFIABLE, detail,
            Map.of("Content-Range", "bytes */" + size, "Accept-Ranges", "bytes"), null);
    }

    /** The {@code Content-Range} value of a 206 answer: {@code bytes first-last/size} (RFC 9110 section 14.4). */
    public static String contentRange(ByteRange range, long size) {
        return "bytes " + range.first() + "-" + range.last() + "/" + size;
    }

    /**
     * Whether a Range header is to be honoured given {@code If-Range} (RFC 9110 section 13.1.5): yes when it is
     * absent; for an entity tag, only when it equals the strong {@code etag} (a weak tag never matches); for an
     * HTTP-date, only when the representation has a {@code lastModified} (null: it has none) and the date is not
     * before it, to the second. Otherwise the whole representation is sent.
     */
    public static boolean ifRangeHolds(String ifRange, String etag, Instant lastModified) {
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return value.equals(etag);
        }
        if (lastModified == null) {
            return false;
        }
        try {
            ZonedDateTime date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            return !date.toInstant().isBefore(lastModified.atZone(ZoneOffset.UTC).withNano(0).toInstant());
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** {@code {first, last}}: first -1 for a suffix range (last is then its length), last -1 for open end. */
    private static Optional<long[]> parse(String spec) {
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        if (a.isEmpty()) {
            return DIGITS.matcher(b).matches() ? Optional.of(new long[] {-1, position(b)}) : Optional.empty();
        }
        if (!DIGITS.matcher(a).matches() || !(b.isEmpty() || DIGITS.matcher(b).matches())) {
            return Optional.empty();
        }
        long first = position(a);
        long last = b.isEmpty() ? -1 : position(b);
        if (last >= 0 && last < first) {
            return Optional.empty();
        }
        return Optional.of(new long[] {first, last});
    }

    private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("[0-9]+");

    /**
     * A byte position or suffix length of any number of digits (RFC 9110 section 14.1.1 sets no limit): one beyond
     * {@code Long.MAX_VALUE} counts as that, which is past the end of any representation.
     */
    private static long position(String digits) {
        String significant = digits.replaceFirst("^0+(?=.)", "");
        return significant.length() > 18 ? Long.MAX_VALUE : Long.parseLong(significant);
    }
}
