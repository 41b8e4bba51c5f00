package dev.artifactservice.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RefusedTokensTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static String token(String header, String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return "Bearer " + b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
            + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    private static String reason(String authorization) {
        return RefusedTokens.reason(authorization, "issuer-a", Set.of("aud-a"), NOW);
    }

    @Test
    void namesWhatIsWrongWithoutTheToken() {
        String rs = "{\"alg\":\"RS256\"}";
        long later = NOW.getEpochSecond() + 60;
        assertEquals("no token (no Authorization header)", reason(null));
        assertEquals("not a bearer token (Authorization scheme 'Basic')", reason("Basic dXNlcjpwdw=="));
        assertEquals("malformed token (not a signed JWT of three parts)", reason("Bearer abc"));
        assertEquals("malformed token (header or claims are not base64url JSON)", reason("Bearer a.b.c"));
        assertEquals("algorithm 'none' not accepted (RS256 only)", reason(token("{\"alg\":\"none\"}", "{}")));
        assertEquals("expired at 2025-12-31T23:59:00Z", reason(token(rs, "{\"exp\":" + (NOW.getEpochSecond() - 60)
            + "}")));
        assertEquals("issuer 'other' not accepted", reason(token(rs, "{\"exp\":" + later + ",\"iss\":\"other\"}")));
        assertEquals("audience 'aud-b' not accepted", reason(token(rs, "{\"exp\":" + later
            + ",\"iss\":\"issuer-a\",\"aud\":[\"aud-b\"]}")));
        String signature = reason(token(rs, "{\"exp\":" + later + ",\"iss\":\"issuer-a\",\"aud\":\"aud-a\"}"));
        assertEquals("signature not valid for the configured key (or signed by an unknown key)", signature);
    }

    @Test
    void valuesFromTheRequestCannotBreakTheLine() {
        String reason = reason(token("{\"alg\":\"RS\\n256\"}", "{}"));
        assertFalse(reason.contains("\n"), reason);
    }
}
