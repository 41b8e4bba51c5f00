package dev.artifactservice.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShareTokensTest {

    @Test
    void tokensAre256RandomBitsInBase64urlWithoutPadding() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = ShareTokens.newToken();
            assertEquals(ShareTokens.LENGTH, token.length(), token);
            assertTrue(ShareTokens.wellFormed(token), token);
            assertEquals(32, Base64.getUrlDecoder().decode(token).length);
            assertTrue(seen.add(token), "a repeated token");
        }
    }

    @Test
    void anythingElseIsNotAToken() {
        assertFalse(ShareTokens.wellFormed(null));
        assertFalse(ShareTokens.wellFormed(""));
        assertFalse(ShareTokens.wellFormed("A".repeat(42)));
        assertFalse(ShareTokens.wellFormed("A".repeat(44)));
        assertFalse(ShareTokens.wellFormed("A".repeat(42) + "="));
        assertFalse(ShareTokens.wellFormed("A".repeat(42) + "+"));
        assertFalse(ShareTokens.wellFormed("A".repeat(42) + "/"));
        assertTrue(ShareTokens.wellFormed("A".repeat(41) + "-_"));
    }

    @Test
    void theHashIsTheHexSha256OfTheTokensText() {
        // sha256("abc"), FIPS 180-2 appendix B.1
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ShareTokens.hash("abc"));
    }
}
