package dev.artifactservice.database;

import java.time.Instant;
import java.time.OffsetDateTime;

/** Conversions of the values a native query returns, whichever JDBC type the driver chose for them. */
public final class NativeValues {

    private NativeValues() {
    }

    /**
     * The instant of a {@code timestamptz} value ({@link OffsetDateTime}, {@link java.sql.Timestamp} or its ISO-8601
     * text), or null for SQL NULL.
     */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        return OffsetDateTime.parse(value.toString()).toInstant();
    }
}
