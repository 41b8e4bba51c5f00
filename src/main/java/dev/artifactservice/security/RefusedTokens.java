package dev.artifactservice.security;

import dev.artifactservice.http.RequestEcho;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one log line of a refused bearer token (a 401): a WARNING naming the reason and the client's address,
 * without a stack trace, at most one per client address per {@code artifacts.log.refused-token-interval-seconds}
 * (default 60; the next line counts the refusals left out in between), so a client retrying a bad token cannot
 * flood the log and an alert can count the lines. Liberty's own ERROR messages for the same refusals (CWWKS5522E,
 * CWWKS5523E) are hidden by {@code server.xml}'s {@code <logging hideMessage>}. The reason is worked out again from
 * the token's unverified header and claims: Liberty does not hand the application its own.
 */
@ApplicationScoped
public class RefusedTokens {

    private static final Logger LOG = Logger.getLogger(RefusedTokens.class.getName());
    /** Client addresses remembered at most; beyond, windows that ended are forgotten. */
    private static final int MAX_CLIENTS = 10_000;

    @Inject
    @ConfigProperty(name = "artifacts.log.refused-token-interval-seconds", defaultValue = "60")
    long intervalSeconds;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.audiences")
    Optional<java.util.List<String>> audiences;

    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    /** A client's current window: when it began and how many refusals it left out of the log. */
    private static final class Window {
        final long startNanos;
        int suppressed;

        Window(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    /**
     * Logs a refused token unless this client address already had its line in the current interval.
     *
     * @param authorization the request's {@code Authorization} header, or null
     * @param clientAddress the address the request came from
     */
    public void refused(String authorization, String clientAddress) {
        long now = System.nanoTime();
        long interval = intervalSeconds * 1_000_000_000L;
        int[] leftOut = {-1};
        windows.compute(clientAddress, (address, window) -> {
            if (window != null && interval > 0 && now - window.startNanos < interval) {
                window.suppressed++;
                return window;
            }
            leftOut[0] = window == null ? 0 : window.suppressed;
            return new Window(now);
        });
        if (leftOut[0] < 0) {
            return;
        }
        if (windows.size() > MAX_CLIENTS) {
            windows.values().removeIf(w -> now - w.startNanos >= interval);
        }
        LOG.warning("Refused bearer token from " + clientAddress + ": "
            + reason(authorization, issuer.orElse(null), audiences.map(Set::copyOf).orElse(Set.of()), Instant.now())
            + (leftOut[0] > 0 ? " (" + leftOut[0] + " more refusals from this address since the last line)" : ""));
    }

    /**
     * Why a token was refused, from its unverified header and claims: missing, not a JWT, not RS256, expired, of
     * another issuer or audience; else its signature (or the key) did not verify. Never the token itself.
     */
    static String reason(String authorization, String issuer, Set<String> audiences, Instant now) {
        if (authorization == null || authorization.isBlank()) {
            return "no token (no Authorization header)";
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "not a bearer token (Authorization scheme " + scheme(authorization) + ")";
        }
        String[] parts = authorization.substring(7).strip().split("\\.", -1);
        if (parts.length != 3) {
            return "malformed token (not a signed JWT of three parts)";
        }
        JsonObject header = json(parts[0]);
        JsonObject claims = json(parts[1]);
        if (header == null || claims == null) {
            return "malformed token (header or claims are not base64url JSON)";
        }
        String algorithm = header.getString("alg", "none");
        if (!"RS256".equals(algorithm)) {
            return "algorithm " + printable(algorithm) + " not accepted (RS256 only)";
        }
        JsonValue expiry = claims.get("exp");
        if (!(expiry instanceof jakarta.json.JsonNumber exp)) {
            return "no exp claim";
        }
        if (Instant.ofEpochSecond(exp.longValue()).isBefore(now)) {
            return "expired at " + Instant.ofEpochSecond(exp.longValue());
        }
        String tokenIssuer = claims.getString("iss", null);
        if (issuer != null && !issuer.equals(tokenIssuer)) {
            return "issuer " + printable(String.valueOf(tokenIssuer)) + " not accepted";
        }
        if (!audiences.isEmpty() && audience(claims).stream().noneMatch(audiences::contains)) {
            return "audience " + printable(String.join(",", audience(claims))) + " not accepted";
        }
        return "signature not valid for the configured key (or signed by an unknown key)";
    }

    private static Set<String> audience(JsonObject claims) {
        JsonValue aud = claims.get("aud");
        if (aud instanceof jakarta.json.JsonString one) {
            return Set.of(one.getString());
        }
        if (aud instanceof JsonArray many) {
            return many.stream().filter(v -> v instanceof jakarta.json.JsonString)
                .map(v -> ((jakarta.json.JsonString) v).getString()).collect(Collectors.toSet());
        }
        return Set.of();
    }

    private static JsonObject json(String base64url) {
        try (JsonReader reader = Json.createReader(new StringReader(
            new String(Base64.getUrlDecoder().decode(base64url), StandardCharsets.UTF_8)))) {
            return reader.readObject();
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static String scheme(String authorization) {
        int space = authorization.indexOf(' ');
        return space < 0 ? "none" : printable(authorization.substring(0, Math.min(space, 20)));
    }

    /** A value from the request, cut short and without control characters, safe for one log line. */
    private static String printable(String value) {
        return "'" + RequestEcho.of(value, 60) + "'";
    }
}
