package dev.artifactservice.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether bearer tokens can be verified at all: the MicroProfile JWT verification key ({@code mp.jwt.verify.publickey},
 * or the PEM file, URL or JWKS document at {@code mp.jwt.verify.publickey.location}) is configured, can be read
 * within a deadline, and holds at least one RSA or EC public key (PEM SubjectPublicKeyInfo, RFC 7468; or a JSON Web
 * Key Set, RFC 7517). {@code /health/ready} reports DOWN while it cannot, since every token would be refused.
 */
@ApplicationScoped
public class VerificationKeys {

    private static final int MAX_KEY_BYTES = 1024 * 1024;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> inlineKey;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> keyLocation;

    /**
     * Reads and parses the configured verification key.
     *
     * @param timeout bound on reading a key location that is a URL (connect and read, each)
     * @return a short description of what was found, e.g. {@code "1 key (PEM)"} or {@code "2 keys (JWKS)"}
     * @throws IllegalStateException naming what is wrong (nothing configured, unreadable, no key in it); never the
     *     key itself
     */
    public String check(Duration timeout) {
        if (inlineKey.filter(k -> !k.isBlank()).isPresent()) {
            return parse(inlineKey.get(), "mp.jwt.verify.publickey");
        }
        String location = keyLocation.filter(l -> !l.isBlank())
            .orElseThrow(() -> new IllegalStateException("no verification key configured "
                + "(mp.jwt.verify.publickey.location or mp.jwt.verify.publickey)"));
        String text;
        try {
            text = read(location.trim(), timeout);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("verification key location " + location + " cannot be read: "
                + e.getClass().getSimpleName(), e);
        }
        return parse(text, location);
    }

    private static String read(String location, Duration timeout) throws IOException {
        URI uri = location.contains(":/") ? URI.create(location) : null;
        if (uri == null || "file".equals(uri.getScheme())) {
            Path path = uri == null ? Path.of(location) : Path.of(uri);
            if (Files.size(path) > MAX_KEY_BYTES) {
                throw new IOException("larger than " + MAX_KEY_BYTES + " bytes");
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        }
        URL url = uri.toURL();
        URLConnection connection = url.openConnection();
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        connection.setConnectTimeout(millis);
        connection.setReadTimeout(millis);
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readNBytes(MAX_KEY_BYTES), StandardCharsets.UTF_8);
        }
    }

    /** Parses PEM or JWKS text; package-private for tests. */
    static String parse(String text, String source) {
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            JsonObject document;
            try (JsonReader reader = Json.createReader(new StringReader(trimmed))) {
                document = reader.readObject();
            } catch (RuntimeException e) {
                throw new IllegalStateException(source + " is neither a PEM public key nor a JSON Web Key Set");
            }
            int keys = document.containsKey("keys") && document.get("keys").getValueType() == JsonValue.ValueType.ARRAY
                ? document.getJsonArray("keys").size()
                : (document.containsKey("kty") ? 1 : 0);
            if (keys == 0) {
                throw new IllegalStateException(source + " holds no key (an empty JSON Web Key Set)");
            }
            return keys + (keys == 1 ? " key" : " keys") + " (JWKS)";
        }
        String base64 = trimmed.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is neither a PEM public key nor a JSON Web Key Set");
        }
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                return "1 key (PEM, " + algorithm + ")";
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalStateException(source + " holds no RSA or EC public key");
    }
}
