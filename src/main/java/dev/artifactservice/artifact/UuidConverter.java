package dev.artifactservice.artifact;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.UUID;

/**
 * Maps a nullable UUID attribute to a PostgreSQL {@code uuid} column. EclipseLink 4.0's built-in UUID
 * conversion fails with NullPointerException on a NULL column, so nullable UUID columns use this instead;
 * the text it binds is cast to {@code uuid} by the datasource's {@code stringType=unspecified}.
 */
@Converter
public class UuidConverter implements AttributeConverter<UUID, Object> {

    @Override
    public Object convertToDatabaseColumn(UUID value) {
        return value == null ? null : value.toString();
    }

    @Override
    public UUID convertToEntityAttribute(Object dbData) {
        return dbData == null ? null : dbData instanceof UUID uuid ? uuid : UUID.fromString(dbData.toString());
    }
}
