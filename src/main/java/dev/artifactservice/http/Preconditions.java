package dev.artifactservice.http;

import dev.artifactservice.failure.PreconditionFailedException;
import dev.artifactservice.failure.ServiceException;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The conditional request headers of one request ({@code If-Match}, {@code If-None-Match},
 * {@code If-Modified-Since}, {@code If-Unmodified-Since}) and their evaluation in the order of RFC 9110
 * section 13.2.2, shared by every resource that has an ETag or a modification date.
 *
 * <p>Written here rather than taken from Jakarta REST's {@code Request.evaluatePreconditions}, whose RESTEasy
 * implementation in Liberty compares {@code If-None-Match} strongly (a weak tag never gives 304), evaluates
 * {@code If-Modified-Since} even when {@code If-None-Match} is present and on PUT/DELETE (304 to a PUT), lets
 * a date result override a failed {@code If-Match}, and throws on an invalid date instead of ignoring it.
 *
 * @param ifMatch           the {@code If-Match} field value (repeated lines joined by commas), or null
 * @param ifNoneMatch       the {@code If-None-Match} field value, or null
 * @param ifModifiedSince   the {@code If-Modified-Since} field value, or null
 * @param ifUnmodifiedSince the {@code If-Unmodified-Since} field value, or null
 */
public record Preconditions(String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince) {

    /** No conditional header at all. */
    public static final Preconditions NONE = new Preconditions(null, null, null, null);

    /** What the request method should do after the preconditions are evaluated. */
    public enum Outcome {
        /** Every present condition holds: perform the method. */
        PROCEED,
        /** 304 Not Modified (GET or HEAD only). */
        NOT_MODIFIED,
        /** 412 Precondition Failed; nothing is changed. */
        FAILED
    }

    private static final DateTimeFormatter IMF_FIXDATE =
        DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);
    /** RFC 850 dates without their weekday; a two-digit year lies within 50 years from now (section 5.6.7). */
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
        .appendPattern("dd-MMM-")
        .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDate.now(ZoneOffset.UTC).minusYears(49))
        .appendPattern(" HH:mm:ss 'GMT'")
        .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter ASCTIME =
        DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    /** The four headers of a Jakarta REST request; repeated field lines are joined with commas. */
    public static Preconditions of(HttpHeaders headers) {
        return new Preconditions(joined(headers, HttpHeaders.IF_MATCH), joined(headers, HttpHeaders.IF_NONE_MATCH),
            joined(headers, HttpHeaders.IF_MODIFIED_SINCE), joined(headers, "If-Unmodified-Since"));
    }

    private static String joined(HttpHeaders headers, String name) {
        List<String> values = headers.getRequestHeader(name);
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }

    /** Whether any of the four headers is present. */
    public boolean any() {
        return ifMatch != null || ifNoneMatch != null || ifModifiedSince != null || ifUnmodifiedSince != null;
    }

    /**
     * Evaluates the conditions against the selected representation, in the order of RFC 9110 section 13.2.2:
     * {@code If-Match} (strong comparison, section 13.1.1), else {@code If-Unmodified-Since} (13.1.4); then
     * {@code If-None-Match} (weak comparison, 13.1.2: 304 for GET and HEAD, 412 for other methods), else, for
     * GET and HEAD only, {@code If-Modified-Since} (13.1.3). Dates compare at one-second resolution; an invalid
     * date is ignored, as is a date condition when the resource has no modification date.
     *
     * @param method       the request method, e.g. {@code GET}
     * @param etag         the current representation's entity tag, quoted (e.g. {@code "abc"} or
     *                     {@code W/"abc"}), or null when there is no current representation
     * @param lastModified the representation's modification time, or null when it has none
     * @return the outcome; never null
     */
    public Outcome evaluate(String method, String etag, Instant lastModified) {
        boolean safe = "GET".equals(method) || "HEAD".equals(method);
        Instant modified = lastModified == null ? null : lastModified.truncatedTo(ChronoUnit.SECONDS);
        if (ifMatch != null) {
            if (!matches(ifMatch, etag, true)) {
                return Outcome.FAILED;
            }
        } else if (ifUnmodifiedSince != null && modified != null) {
            Instant date = httpDate(ifUnmodifiedSince);
            if (date != null && modified.isAfter(date)) {
                return Outcome.FAILED;
            }
        }
        if (ifNoneMatch != null) {
            if (matches(ifNoneMatch, etag, false)) {
                return safe ? Outcome.NOT_MODIFIED : Outcome.FAILED;
            }
        } else if (safe && ifModifiedSince != null && modified != null) {
            Instant date = httpDate(ifModifiedSince);
            if (date != null && !modified.isAfter(date)) {
                return Outcome.NOT_MODIFIED;
            }
        }
        return Outcome.PROCEED;
    }

    /**
     * {@link #evaluate} for a GET or HEAD: whether to answer 304 Not Modified.
     *
     * @throws ServiceException 412 when {@code If-Match} or {@code If-Unmodified-Since} does not hold
     */
    public boolean notModified(String method, String etag, Instant lastModified) {
        Outcome outcome = evaluate(method, etag, lastModified);
        if (outcome == Outcome.FAILED) {
            throw new PreconditionFailedException("If-Match or If-Unmodified-Since does not hold for the current "
                + "ETag or Last-Modified.");
        }
        return outcome == Outcome.NOT_MODIFIED;
    }

    /**
     * Like {@link #evaluate} for a method that changes state (PUT, DELETE): throws instead of returning a
     * failure.
     *
     * @throws ServiceException 412 when a precondition fails
     */
    public void require(String method, String etag, Instant lastModified, String detail) {
        if (evaluate(method, etag, lastModified) != Outcome.PROCEED) {
            throw new PreconditionFailedException(detail);
        }
    }

    /**
     * Whether an {@code If-Match} or {@code If-None-Match} value ({@code *} or a list of entity tags) matches the
     * current entity tag: {@code *} matches any current representation; {@code strong} requires both tags to be
     * strong and equal (RFC 9110 section 8.8.3.2), otherwise weak tags compare by their opaque part.
     */
    static boolean matches(String field, String etag, boolean strong) {
        if (etag == null) {
            return false;
        }
        if (field.trim().equals("*")) {
            return true;
        }
        boolean currentWeak = etag.startsWith("W/");
        String current = currentWeak ? etag.substring(2) : etag;
        for (String tag : entityTags(field)) {
            boolean weak = tag.startsWith("W/");
            String opaque = weak ? tag.substring(2) : tag;
            if (opaque.equals(current) && (!strong || (!weak && !currentWeak))) {
                return true;
            }
        }
        return false;
    }

    /** The entity tags of a list ({@code W/"a", "b"}); members that are not entity tags are skipped. */
    static List<String> entityTags(String field) {
        List<String> tags = new ArrayList<>();
        int i = 0;
        int n = field.length();
        while (i < n) {
            char c = field.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            int start = i;
            if (field.startsWith("W/", i)) {
                i += 2;
            }
            int close = i < n && field.charAt(i) == '"' ? field.indexOf('"', i + 1) : -1;
            if (close < 0) {
                // Not an entity tag: skip to the next member.
                int comma = field.indexOf(',', i);
                i = comma < 0 ? n : comma + 1;
                continue;
            }
            tags.add(field.substring(start, close + 1));
            i = close + 1;
        }
        return tags;
    }

    /**
     * An HTTP-date (RFC 9110 section 5.6.7: IMF-fixdate, or the obsolete RFC 850 and asctime forms), or null when
     * the value is not one.
     */
    static Instant httpDate(String value) {
        String v = value.trim();
        int comma = v.indexOf(", ");
        String rfc850 = comma > 3 ? v.substring(comma + 2) : "";
        try {
            return LocalDateTime.parse(v, IMF_FIXDATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            // Not an IMF-fixdate.
        }
        try {
            return LocalDateTime.parse(rfc850, RFC_850).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            // Not an RFC 850 date.
        }
        try {
            return LocalDateTime.parse(v, ASCTIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
