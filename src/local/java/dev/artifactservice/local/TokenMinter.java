package dev.artifactservice.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Mints RS256 JWTs for local mode and tests, from the PKCS#8 private key that local mode generates.
 *
 * <p>Uses nothing but the JDK, so that it also runs as a single-file program:
 * {@code java src/local/java/dev/artifactservice/local/TokenMinter.java --org <uuid> --sub alice}.
 */
public final class TokenMinter {

    /** Organization id (UUID string) of local mode's demo data and the default {@code org_id} claim. */
    public static final String DEMO_ORGANIZATION_ID = "00000000-0000-4000-8000-000000000001";

    /** Issuer ({@code iss}) that local mode configures the service to accept. */
    public static final String DEFAULT_ISSUER = "artifact-service-local";

    /** Subject ({@code sub}, {@code upn}) used when none is given. */
    public static final String DEFAULT_SUBJECT = "demo-user";

    /** Groups granting read and write access, the default {@code groups} claim. */
    public static final List<String> DEFAULT_GROUPS = List.of("artifacts.read", "artifacts.write");

    /** Default token lifetime in seconds (one hour). */
    public static final long DEFAULT_EXPIRES_IN_SECONDS = 3600;

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java src/local/java/dev/artifactservice/local/TokenMinter.java [options]",
            "Prints one RS256 JWT for the artifact service's local mode on stdout.",
            "  --org <uuid>           org_id claim (default " + DEMO_ORGANIZATION_ID + ")",
            "  --sub <user>           sub and upn claims (default " + DEFAULT_SUBJECT + ")",
            "  --groups <a,b>         groups claim, comma-separated, may be empty (default "
                    + String.join(",", DEFAULT_GROUPS) + ")",
            "  --expires-in <seconds> lifetime; negative gives an already expired token (default "
                    + DEFAULT_EXPIRES_IN_SECONDS + ")",
            "  --issuer <iss>         iss claim (default " + DEFAULT_ISSUER + ")",
            "  --audience <aud>       aud claim (default: none)",
            "  --key <file>           PKCS#8 PEM private key (default $ARTIFACTS_LOCAL_DIR/jwt/private.pem,",
            "                         else ./.local-data/jwt/private.pem)");

    private TokenMinter() {
    }

    /**
     * Returns a signed token with the claims the service reads ({@code iss, sub, upn, groups, org_id, iat, exp,
     * jti}), valid from now for {@code expiresInSeconds} seconds.
     */
    public static String mint(PrivateKey key, String issuer, String subject, String organizationId,
                              List<String> groups, long expiresInSeconds) {
        return mint(key, standardHeader(), standardClaims(issuer, subject, organizationId, groups, expiresInSeconds));
    }

    /**
     * Returns {@code base64url(header).base64url(claims).signature}, signed with SHA256withRSA whatever the header
     * says, so tests can forge odd tokens; map values may be String, Number, Boolean, null, a List or a Map of these.
     */
    public static String mint(PrivateKey key, Map<String, Object> header, Map<String, Object> claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(toJson(header).getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(toJson(claims).getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(signature.sign());
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not an RSA private key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RS256 signing is not available in this JDK", e);
        }
    }

    /** Returns a new mutable header map {@code {"alg":"RS256","typ":"JWT"}}. */
    public static Map<String, Object> standardHeader() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        return header;
    }

    /**
     * Returns a new mutable, ordered claims map as {@link #mint(PrivateKey, String, String, String, List, long)}
     * signs it ({@code iat}/{@code exp} in epoch seconds), for tests that change or remove a claim before minting.
     */
    public static Map<String, Object> standardClaims(String issuer, String subject, String organizationId,
                                                     List<String> groups, long expiresInSeconds) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        // MicroProfile JWT takes the caller principal's name from upn before sub.
        claims.put("upn", subject);
        claims.put("groups", new ArrayList<>(groups));
        claims.put("org_id", organizationId);
        claims.put("iat", now);
        claims.put("exp", now + expiresInSeconds);
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    /**
     * Reads an RSA private key from a PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----});
     * throws UncheckedIOException when unreadable and IllegalArgumentException when not such a key.
     */
    public static PrivateKey readPrivateKey(Path pkcs8Pem) {
        String pem;
        try {
            pem = Files.readString(pkcs8Pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read private key " + pkcs8Pem + ": " + e, e);
        }
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException(pkcs8Pem + " is not an unencrypted PKCS#8 key; convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in " + pkcs8Pem + "'");
        }
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end, Math.max(from, 0));
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException(pkcs8Pem + " holds no '" + begin + "' block");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | InvalidKeySpecException e) {
            throw new IllegalArgumentException(pkcs8Pem + " holds no RSA private key: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available in this JDK", e);
        }
    }

    /**
     * Prints one token on stdout for the command-line options ({@code --help} lists them); exits 2 on bad arguments
     * and 1 when the key cannot be used.
     */
    public static void main(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> known = Arrays.asList("--org", "--sub", "--groups", "--expires-in", "--issuer", "--audience",
                "--key");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(USAGE);
                return;
            }
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                value = null;
            }
            if (!known.contains(name)) {
                usageError("unknown argument '" + arg + "'");
            }
            if (value == null) {
                usageError(name + " needs a value");
            }
            if (options.put(name, value) != null) {
                usageError(name + " given twice");
            }
        }

        String org = options.getOrDefault("--org", DEMO_ORGANIZATION_ID);
        if (!CANONICAL_UUID.matcher(org).matches()) {
            usageError("--org must be a UUID such as " + DEMO_ORGANIZATION_ID + ", not '" + org + "'");
        }
        String subject = options.getOrDefault("--sub", DEFAULT_SUBJECT);
        if (subject.isBlank()) {
            usageError("--sub must not be empty");
        }
        List<String> groups = new ArrayList<>();
        for (String group : options.getOrDefault("--groups", String.join(",", DEFAULT_GROUPS)).split(",")) {
            if (!group.isBlank()) {
                groups.add(group.strip());
            }
        }
        long expiresIn = DEFAULT_EXPIRES_IN_SECONDS;
        if (options.containsKey("--expires-in")) {
            try {
                expiresIn = Long.parseLong(options.get("--expires-in").strip());
            } catch (NumberFormatException e) {
                usageError("--expires-in must be a whole number of seconds, not '" + options.get("--expires-in") + "'");
            }
        }
        String issuer = options.getOrDefault("--issuer", DEFAULT_ISSUER);
        Path keyFile = options.containsKey("--key") ? Path.of(options.get("--key")) : defaultKeyFile();

        PrivateKey key;
        try {
            key = readPrivateKey(keyFile);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            System.err.println("TokenMinter: " + e.getMessage());
            System.err.println("The key is created when local mode starts; pass --key or set ARTIFACTS_LOCAL_DIR "
                    + "to use another data directory.");
            System.exit(1);
            return;
        }
        Map<String, Object> claims = standardClaims(issuer, subject, org, groups, expiresIn);
        if (options.containsKey("--audience")) {
            claims.put("aud", options.get("--audience"));
        }
        System.out.println(mint(key, standardHeader(), claims));
    }

    private static Path defaultKeyFile() {
        String dir = System.getenv("ARTIFACTS_LOCAL_DIR");
        Path base = dir == null || dir.isBlank() ? Path.of(".local-data") : Path.of(dir);
        return base.resolve("jwt").resolve("private.pem");
    }

    private static void usageError(String message) {
        System.err.println("TokenMinter: " + message);
        System.err.println(USAGE);
        System.exit(2);
    }

    static String toJson(Object value) {
        StringBuilder out = new StringBuilder();
        appendJson(out, value);
        return out.toString();
    }

    private static void appendJson(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence || value instanceof Character || value instanceof UUID) {
            appendString(out, value.toString());
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            // Whole numbers as 1700000000, not 1.7E9, which some JWT libraries refuse for NumericDate.
            out.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
        } else if (value instanceof Number) {
            out.append(value);
        } else if (value instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                appendString(out, String.valueOf(entry.getKey()));
                out.append(':');
                appendJson(out, entry.getValue());
            }
            out.append('}');
        } else if (value instanceof Collection || value instanceof Object[]) {
            Collection<?> items = value instanceof Object[] ? Arrays.asList((Object[]) value) : (Collection<?>) value;
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                appendJson(out, item);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    boolean loneSurrogate = Character.isSurrogate(c)
                            && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                                    && Character.isLowSurrogate(s.charAt(i + 1)))
                            && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
                    // A lone surrogate has no UTF-8 form; escaping keeps it in the token instead of a '?'.
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || loneSurrogate) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
