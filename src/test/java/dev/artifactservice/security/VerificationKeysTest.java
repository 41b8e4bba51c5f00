package dev.artifactservice.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerificationKeysTest {

    @TempDir
    Path dir;

    private static String pem(String algorithm, int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(bits);
        return "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(generator.generateKeyPair().getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    }

    private static VerificationKeys keys(String inline, String location) {
        VerificationKeys keys = new VerificationKeys();
        keys.inlineKey = Optional.ofNullable(inline);
        keys.keyLocation = Optional.ofNullable(location);
        return keys;
    }

    @Test
    void aPemFileOfRsaOrEcIsAKey() throws Exception {
        Path rsa = Files.writeString(dir.resolve("rsa.pem"), pem("RSA", 2048));
        Path ec = Files.writeString(dir.resolve("ec.pem"), pem("EC", 256));
        assertEquals("1 key (PEM, RSA)", keys(null, rsa.toString()).check(Duration.ofSeconds(1)));
        assertEquals("1 key (PEM, EC)", keys(null, ec.toUri().toString()).check(Duration.ofSeconds(1)));
        assertEquals("1 key (PEM, RSA)", keys(pem("RSA", 2048), null).check(Duration.ofSeconds(1)));
    }

    @Test
    void aJwksWithKeysIsKeysAndAnEmptyOneIsNot() throws Exception {
        Path jwks = Files.writeString(dir.resolve("jwks.json"),
            "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"},{\"kty\":\"EC\"}]}");
        assertEquals("2 keys (JWKS)", keys(null, jwks.toString()).check(Duration.ofSeconds(1)));
        Path empty = Files.writeString(dir.resolve("empty.json"), "{\"keys\":[]}");
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> keys(null, empty.toString()).check(Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("no key"), e.getMessage());
    }

    @Test
    void nothingConfiguredAMissingFileAndGarbageAreNamedFailures() throws Exception {
        assertTrue(assertThrows(IllegalStateException.class, () -> keys(null, null).check(Duration.ofSeconds(1)))
            .getMessage().contains("no verification key configured"));
        String missing = dir.resolve("missing.pem").toString();
        IllegalStateException unreadable = assertThrows(IllegalStateException.class,
            () -> keys(null, missing).check(Duration.ofSeconds(1)));
        assertTrue(unreadable.getMessage().contains("cannot be read"), unreadable.getMessage());
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        assertTrue(assertThrows(IllegalStateException.class,
            () -> keys(null, garbage.toString()).check(Duration.ofSeconds(1))).getMessage().contains("no RSA or EC"));
    }
}
