package dev.artifactservice.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one opt-out from validating requests against the served OpenAPI document (see {@link OpenApiExchanges}): on a
 * test method that sends requests the document calls invalid on purpose (no token, a malformed id or path, parameters
 * or bodies out of the contract), so that it can check how the service refuses them. Its responses are still
 * validated, problem+json included; the rest of the class is not affected. For one call in an otherwise valid test,
 * use {@link ItBase#allowingInvalidRequest} instead.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface InvalidRequests {

    /** What is invalid about the requests, e.g. "no bearer token". */
    String value();
}
