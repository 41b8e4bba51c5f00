package dev.artifactservice.web;

import dev.artifactservice.failure.BadInputException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses request paths with an empty segment ({@code //} or a trailing {@code /}) before JAX-RS matching,
 * which would otherwise quietly drop it: {@code terraform/main.tf/} is not {@code terraform/main.tf}.
 */
@Provider
@PreMatching
public class StrictPathFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String raw = request.getUriInfo().getRequestUri().getRawPath();
        if (raw.contains("//") || (raw.endsWith("/") && raw.length() > "/api/".length())) {
            request.abortWith(Problem.response(new BadInputException("The request path has an empty segment (a "
                + "double or trailing slash)."), null));
        }
    }
}
