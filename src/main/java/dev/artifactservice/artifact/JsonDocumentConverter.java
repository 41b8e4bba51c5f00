package dev.artifactservice.artifact;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Maps a JSON document kept as text in the entity to a PostgreSQL {@code jsonb} column. The driver
 * returns {@code PGobject} for jsonb, so the database side is read as {@code Object} and turned into text
 * with {@code toString()} (a {@code String}-typed converter fails with ClassCastException on rows
 * EclipseLink has not cached). Writing relies on the datasource's {@code stringType=unspecified}.
 */
@Converter
public class JsonDocumentConverter implements AttributeConverter<String, Object> {

    @Override
    public Object convertToDatabaseColumn(String json) {
        return json;
    }

    @Override
    public String convertToEntityAttribute(Object dbData) {
        return dbData == null ? null : dbData.toString();
    }
}
