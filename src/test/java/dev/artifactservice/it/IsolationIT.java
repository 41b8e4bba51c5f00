package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artifactservice.local.TokenMinter;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation under attack: another organization's token gets exactly what a random id gets, and the
 * service makes no S3 request for it; forged and incomplete tokens never get in.
 */
class IsolationIT extends ItBase {

    private static final UUID OWNER = UUID.randomUUID();
    private static final UUID INTRUDER = UUID.randomUUID();

    /** Every endpoint that takes a session, as (name, request for a session id). */
    private static Map<String, Function<UUID, HttpResponse<byte[]>>> endpoints(String token) {
        Map<String, Function<UUID, HttpResponse<byte[]>>> calls = new LinkedHashMap<>();
        calls.put("get session", s -> get("/api/sessions/" + s, token));
        calls.put("delete session", s -> send("DELETE", "/api/sessions/" + s, token, null));
        calls.put("conversation", s -> send("POST", "/api/sessions/" + s + "/conversations", token,
            "{}".getBytes(), "Content-Type", "application/json"));
        calls.put("upload", s -> put(uploadUrl(s, "README.md"), token, "overwritten".getBytes()));
        calls.put("list", s -> get("/api/artifacts/list/" + s, token));
        calls.put("download", s -> get(downloadUrl(s, "README.md"), token));
        calls.put("head", s -> send("HEAD", downloadUrl(s, "README.md"), token, null));
        calls.put("bundle", s -> get("/api/artifacts/bundle/" + s, token));
        calls.put("presign", s -> get("/api/artifacts/download-url/" + s + "/README.md", token));
        calls.put("presign bundle", s -> get("/api/artifacts/download-url/" + s + "/bundle.zip", token));
        calls.put("delete artifact", s -> send("DELETE", "/api/artifacts/" + s + "/README.md", token, null));
        return calls;
    }

    @Test
    void anotherOrganizationGetsTheSame404AsARandomIdAndNoS3RequestIsMade() {
        UUID session = createSession(OWNER, "owned");
        byte[] readme = "# mine\n".getBytes();
        assertEquals(201, put(uploadUrl(session, "README.md"), writer(OWNER), readme).statusCode());
        UUID random = UUID.randomUUID();
        String intruder = writer(INTRUDER);

        long before = s3Requests();
        for (Map.Entry<String, Function<UUID, HttpResponse<byte[]>>> call : endpoints(intruder).entrySet()) {
            HttpResponse<byte[]> theirs = call.getValue().apply(session);
            HttpResponse<byte[]> unknown = call.getValue().apply(random);
            assertEquals(404, theirs.statusCode(), call.getKey());
            assertEquals(unknown.statusCode(), theirs.statusCode(), call.getKey());
            String body = new String(theirs.body(), StandardCharsets.UTF_8);
            assertEquals(new String(unknown.body(), StandardCharsets.UTF_8).replace(random.toString(), "ID"),
                body.replace(session.toString(), "ID"), call.getKey() + ": indistinguishable from a random id");
            assertFalse(body.contains(OWNER.toString()) || body.contains("organizations/"), call.getKey());
        }
        assertEquals(before, s3Requests(), "no S3 request was made for another organization's session");

        HttpResponse<byte[]> owner = get(downloadUrl(session, "README.md"), writer(OWNER));
        assertEquals(200, owner.statusCode());
        assertEquals("# mine\n", new String(owner.body()));
        assertTrue(s3Requests() > before, "the owner's download did reach S3 (the counter works)");
    }

    @Test
    void readOnlyTokensCannotChangeAnything() {
        UUID session = createSession(OWNER, "read only");
        assertEquals(201, put(uploadUrl(session, "README.md"), writer(OWNER), "v1".getBytes()).statusCode());
        String reader = token(OWNER, "reader", READ);
        assertEquals(403, put(uploadUrl(session, "README.md"), reader, "v2".getBytes()).statusCode());
        assertEquals(403, send("DELETE", "/api/artifacts/" + session + "/README.md", reader, null).statusCode());
        assertEquals(403, send("DELETE", "/api/sessions/" + session, reader, null).statusCode());
        assertEquals(403, send("POST", "/api/sessions/" + session + "/conversations", reader, "{}".getBytes(),
            "Content-Type", "application/json").statusCode());
        assertEquals("v1", new String(get(downloadUrl(session, "README.md"), reader).body()));
        String writerOnly = token(OWNER, "bot", WRITE);
        assertEquals(200, get(downloadUrl(session, "README.md"), writerOnly).statusCode(), "a writer may read");
        assertEquals(403, get("/api/audit", writer(OWNER)).statusCode(), "the audit trail needs artifacts.admin");
    }

    @Test
    void tokensWithoutUpnOrWithANulInTheirSubjectWork() {
        UUID session = createSession(OWNER, "claims");
        Map<String, Object> noUpn = claims(OWNER, "bob", READ, WRITE);
        noUpn.remove("upn");
        String withoutUpn = TokenMinter.mint(key(), TokenMinter.standardHeader(), noUpn);
        assertEquals(200, get("/api/artifacts/list/" + session, withoutUpn).statusCode(),
            "identity providers that send no upn: the name comes from sub");
        Map<String, Object> nul = claims(OWNER, "a\u0000b", READ, WRITE);
        String nulSubject = TokenMinter.mint(key(), TokenMinter.standardHeader(), nul);
        HttpResponse<byte[]> upload = put(uploadUrl(session, "terraform/nul-sub.tf"), nulSubject, "x".getBytes());
        assertEquals(201, upload.statusCode(), new String(upload.body()));
        assertEquals(204, send("DELETE", "/api/artifacts/" + session + "/terraform/nul-sub.tf", nulSubject, null)
            .statusCode());
    }

    @Test
    void forgedAndBrokenTokensAreRefused() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> refused = new LinkedHashMap<>();

        Map<String, Object> future = claims(OWNER);
        future.put("iat", now + 3600);
        future.put("nbf", now + 3600);
        future.put("exp", now + 7200);
        refused.put("not yet valid", TokenMinter.mint(key(), TokenMinter.standardHeader(), future));

        Map<String, Object> expired = claims(OWNER);
        expired.put("iat", now - 7200);
        expired.put("exp", now - 3600);
        refused.put("expired", TokenMinter.mint(key(), TokenMinter.standardHeader(), expired));

        // Past the 60 s clock-skew leeway (ARTIFACTS_JWT_CLOCK_SKEW_SECONDS), well within Liberty's own default of 5 minutes.
        Map<String, Object> justExpired = claims(OWNER);
        justExpired.put("iat", now - 600);
        justExpired.put("exp", now - 90);
        refused.put("expired 90 s ago", TokenMinter.mint(key(), TokenMinter.standardHeader(), justExpired));

        Map<String, Object> issuer = claims(OWNER);
        issuer.put("iss", "https://attacker.example");
        refused.put("wrong issuer", TokenMinter.mint(key(), TokenMinter.standardHeader(), issuer));

        String good = writer(OWNER);
        String[] parts = good.split("\\.");
        refused.put("bad signature", parts[0] + "." + parts[1] + "." + parts[2].substring(0, 20)
            + (parts[2].charAt(20) == 'A' ? 'B' : 'A') + parts[2].substring(21));
        refused.put("alg none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");

        // HS256 with the server's public key as the HMAC secret (the classic algorithm confusion attack).
        RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) key();
        byte[] publicKey = KeyFactory.getInstance("RSA").generatePublic(
            new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent())).getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
            .encodeToString(publicKey) + "\n-----END PUBLIC KEY-----\n";
        String unsigned = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + parts[1];
        for (byte[] secret : List.of(pem.getBytes(), publicKey, Files.readAllBytes(dataDir().resolve("jwt/public.pem")))) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            refused.put("HS256 with public key " + secret.length, unsigned + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(unsigned.getBytes())));
        }
        refused.put("not a JWT", "abc.def");
        Map<String, Object> otherAudience = claims(OWNER);
        otherAudience.put("aud", "some-other-service");
        refused.put("wrong audience", TokenMinter.mint(key(), TokenMinter.standardHeader(), otherAudience));
        Map<String, Object> noAudience = claims(OWNER);
        noAudience.remove("aud");
        refused.put("no audience", TokenMinter.mint(key(), TokenMinter.standardHeader(), noAudience));
        for (Map.Entry<String, String> token : refused.entrySet()) {
            HttpResponse<byte[]> response = get("/api/sessions", token.getValue());
            assertEquals(401, response.statusCode(), token.getKey());
            assertTrue(header(response, "WWW-Authenticate").startsWith("Bearer"), token.getKey());
            assertTrue(header(response, "Content-Type").startsWith("application/problem+json"), token.getKey());
        }

        Map<String, Object> noOrg = claims(OWNER);
        noOrg.remove("org_id");
        Map<String, Object> numericOrg = claims(OWNER);
        numericOrg.put("org_id", 42);
        Map<String, Object> noGroups = claims(OWNER);
        noGroups.remove("groups");
        Map<String, Object> otherGroups = claims(OWNER);
        otherGroups.put("groups", List.of("admins", "artifacts.readers"));
        for (Map<String, Object> claims : List.of(noOrg, numericOrg, noGroups, otherGroups)) {
            HttpResponse<byte[]> response = get("/api/sessions", TokenMinter.mint(key(), TokenMinter.standardHeader(),
                claims));
            assertEquals(403, response.statusCode(), claims.toString());
            JsonObject problem = json(response);
            assertEquals(403, problem.getInt("status"));
        }
    }

    private static Map<String, Object> claims(UUID org) {
        return claims(org, "alice", READ, WRITE);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
