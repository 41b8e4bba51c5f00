package dev.artifactservice.web;

import dev.artifactservice.failure.BadInputException;
import dev.artifactservice.http.RequestEcho;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import java.lang.reflect.Type;

/**
 * JSON-B deserializers that take a request body's values only as their JSON types (RFC 8259): a number property
 * only from a JSON number whose value is whole (as JSON Schema's "integer": {@code 7}, {@code 7.0} and {@code 7e0}
 * alike) and within the Java type's range; a string property only
 * from a JSON string; a boolean only from {@code true} or {@code false}. Yasson on its own truncates {@code 1.5}
 * to 1, reads {@code "600"} as 600 and {@code 5} as "5". A mismatch is a 400 problem naming the value.
 */
final class StrictJsonTypes {

    private StrictJsonTypes() {
    }

    /** The deserializers to register with {@code JsonbConfig.withDeserializers}. */
    static JsonbDeserializer<?>[] all() {
        return new JsonbDeserializer<?>[] {new Integers(), new Longs(), new Strings(), new Booleans()};
    }

    /** {@code int} and {@code Integer}: a JSON integer from -2^31 to 2^31-1. */
    static final class Integers implements JsonbDeserializer<Integer> {
        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext context, Type type) {
            Long number = integerOrNull(parser.getValue());
            if (number == null) {
                return null;
            }
            if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
                throw new BadInputException("The request body has the number " + number + " where a whole number "
                    + "from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + " is expected.");
            }
            return number.intValue();
        }
    }

    /** {@code long} and {@code Long}: a JSON integer from -2^63 to 2^63-1. */
    static final class Longs implements JsonbDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser parser, DeserializationContext context, Type type) {
            return integerOrNull(parser.getValue());
        }
    }

    /** {@code String}: a JSON string. */
    static final class Strings implements JsonbDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonValue value = parser.getValue();
            return switch (value.getValueType()) {
                case NULL -> null;
                case STRING -> ((JsonString) value).getString();
                default -> throw mismatch(value, "a string (in double quotes)");
            };
        }
    }

    /** {@code boolean} and {@code Boolean}: {@code true} or {@code false}. */
    static final class Booleans implements JsonbDeserializer<Boolean> {
        @Override
        public Boolean deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonValue value = parser.getValue();
            return switch (value.getValueType()) {
                case NULL -> null;
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                default -> throw mismatch(value, "true or false");
            };
        }
    }

    /**
     * A JSON number's whole value, null for JSON null; any other value, or a fraction, is a 400. (Each deserializer
     * reads {@code parser.getValue()}: Yasson's parser handed to a deserializer has no {@code currentEvent()}.)
     */
    private static Long integerOrNull(JsonValue value) {
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.NUMBER) {
            throw mismatch(value, "a whole number");
        }
        try {
            return ((JsonNumber) value).bigDecimalValue().longValueExact();
        } catch (ArithmeticException e) {
            throw new BadInputException("The request body has the number " + RequestEcho.of(value.toString(), 40)
                + " where a whole number (no fraction, within 64 bits) is expected.");
        }
    }

    private static BadInputException mismatch(JsonValue value, String expected) {
        String found = switch (value.getValueType()) {
            case STRING -> "the string " + RequestEcho.of(value.toString(), 40);
            case NUMBER -> "the number " + RequestEcho.of(value.toString(), 40);
            case TRUE -> "true";
            case FALSE -> "false";
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case NULL -> "null";
        };
        return new BadInputException("The request body has " + found + " where " + expected + " is expected.");
    }
}
