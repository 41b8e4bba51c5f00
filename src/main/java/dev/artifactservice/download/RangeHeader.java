package dev.artifactservice.download;

import dev.artifactservice.storage.ByteRange;
import java.util.Optional;

/**
 * A single byte range request (RFC 9110 section 14.2): {@code bytes=a-b}, {@code bytes=a-} or
 * {@code bytes=-n}, resolved against an object's size. Several ranges, or an unparsable header, are
 * ignored (the whole body is served with 200), as the RFC allows.
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
        String spec = value.substring(6).trim();
        if (spec.contains(",")) {
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

    /** {@code {first, last}}: first -1 for a suffix range (last is then its length), last -1 for open end. */
    private static Optional<long[]> parse(String spec) {
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                return b.matches("[0-9]{1,18}") ? Optional.of(new long[] {-1, Long.parseLong(b)}) : Optional.empty();
            }
            if (!a.matches("[0-9]{1,18}") || !(b.isEmpty() || b.matches("[0-9]{1,18}"))) {
                return Optional.empty();
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? -1 : Long.parseLong(b);
            if (last >= 0 && last < first) {
                return Optional.empty();
            }
            return Optional.of(new long[] {first, last});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
