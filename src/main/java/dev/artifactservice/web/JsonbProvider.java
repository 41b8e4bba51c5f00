package dev.artifactservice.web;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * JSON-B settings of the API: snake_case property names and explicit nulls, as the contract shows, and request
 * bodies with a property the call does not know (a camelCase {@code retentionDays}, a typo) refused with 400
 * instead of silently ignored ({@link ProblemMapper} names the property), and values taken only as their JSON
 * types ({@link StrictJsonTypes}: no {@code 1.5} truncated to a whole number, no {@code "600"} as a number).
 */
@Provider
public class JsonbProvider implements ContextResolver<Jsonb> {

    /** Yasson's (JSON-B 3) switch that fails deserialization on a property the target type does not have. */
    static final String FAIL_ON_UNKNOWN_PROPERTIES = "jsonb.fail-on-unknown-properties";

    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
        .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
        .withNullValues(true)
        .setProperty(FAIL_ON_UNKNOWN_PROPERTIES, true)
        .withDeserializers(StrictJsonTypes.all()));

    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }
}
