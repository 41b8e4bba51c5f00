package dev.artifactservice.http;

import dev.artifactservice.failure.BadInputException;
import dev.artifactservice.failure.ServiceException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/** Parsing of path and query parameters; every malformed value becomes a 400 problem naming the parameter. */
public final class Params {

    private Params() {
    }

    /**
     * A UUID parameter in canonical 8-4-4-4-12 form, or null when absent and not required.
     *
     * @throws ServiceException 400 when malformed, or absent and required
     */
    public static UUID uuid(String name, String value, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                throw new BadInputException(name + " is required.");
            }
            return null;
        }
        try {
            UUID id = UUID.fromString(value);
            if (!id.toString().equalsIgnoreCase(value)) {
                throw new IllegalArgumentException(value);
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw new BadInputException(name + " must be a UUID (8-4-4-4-12 hex digits).");
        }
    }

    /**
     * An integer parameter within {@code [min, max]}, or {@code defaultValue} when absent.
     *
     * @throws ServiceException 400 when not a plain integer (no sign tricks, exponents or decimals) or out of range
     */
    public static int intInRange(String name, String value, int defaultValue, int min, int max) {
        if (value == null) {
            return defaultValue;
        }
        if (!value.matches("-?[0-9]{1,10}")) {
            throw new BadInputException(name + " must be an integer from " + min + " to " + max + ".");
        }
        long parsed = Long.parseLong(value);
        if (parsed < min || parsed > max) {
            throw new BadInputException(name + " must be an integer from " + min + " to " + max + ".");
        }
        return (int) parsed;
    }

    /**
     * An ISO-8601 instant: a date-time with offset ({@code 2024-01-15T10:30:00Z}) or a date
     * ({@code 2024-01-15}, taken as midnight UTC); null when absent.
     *
     * @throws ServiceException 400 when it is neither
     */
    public static OffsetDateTime instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        OffsetDateTime parsed;
        try {
            parsed = OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            try {
                parsed = LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new BadInputException(name + " must be an ISO-8601 date-time with offset, e.g. "
                    + "2024-01-15T10:30:00Z, or a date, e.g. 2024-01-15.");
            }
        }
        int year = parsed.withOffsetSameInstant(ZoneOffset.UTC).getYear();
        if (year < 1 || year > 9999) {
            throw new BadInputException(name + " must lie between the years 1 and 9999.");
        }
        return parsed;
    }

    /**
     * A boolean parameter: {@code true} or {@code false}, or null when absent.
     *
     * @throws ServiceException 400 for any other value
     */
    public static Boolean bool(String name, String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new BadInputException(name + " must be true or false.");
        };
    }

    /** Encodes an opaque pagination cursor (base64url of UTF-8 text). */
    public static String encodeCursor(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes a cursor made by {@link #encodeCursor}; null when absent.
     *
     * @throws ServiceException 400 when it is not one
     */
    public static String decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor);
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            // No cursor this service issues holds U+0000, which PostgreSQL text cannot hold either.
            if (text.indexOf('\u0000') >= 0) {
                throw invalidCursor();
            }
            return text;
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            throw invalidCursor();
        }
    }

    /** The 400 for a cursor that was not issued by this service. */
    public static ServiceException invalidCursor() {
        return new BadInputException("cursor is not valid; pass the next_cursor of a previous page.");
    }
}
