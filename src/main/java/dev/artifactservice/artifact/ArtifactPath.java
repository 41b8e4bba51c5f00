package dev.artifactservice.artifact;

import dev.artifactservice.storage.StorageKeys;
import dev.artifactservice.http.UriSegments;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A validated artifact path (API.md, "Paths"): UTF-8, normalised to NFC, {@code /}-separated, no empty,
 * {@code .} or {@code ..} segment, no backslash, control character (C0, DEL, C1) or bidirectional text control
 * (Unicode Standard Annex #9), name at most 255 bytes and S3 key at most 1024 bytes; its first folder gives the
 * {@link ArtifactType}.
 *
 * @param value the normalised path, e.g. {@code terraform/modules/vpc/main.tf}
 * @param type  the type its first folder gives
 * @param name  the path without its first folder (the whole path for a README)
 */
public record ArtifactPath(String value, ArtifactType type, String name) {

    /** One or two dots, each written '.' or percent-encoded ('%2e', '%2E'); plain ones are refused before. */
    private static final Pattern ENCODED_DOT_SEGMENT = Pattern.compile("(?i)(?:\\.|%2e){1,2}");

    /** Longest {@link #name()} in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 255;

    /** Longest path in UTF-8 bytes, so that the whole S3 key stays within 1024 bytes. */
    public static final int MAX_PATH_BYTES = StorageKeys.MAX_KEY_BYTES - StorageKeys.ARTIFACT_KEY_PREFIX_BYTES;

    /**
     * Parses the still percent-encoded path of a request URL (API.md, "Paths"). Since no segment may contain
     * {@code /}, a path has one meaning however it is spelled: an encoded slash ({@code %2F} or {@code %2f}) is a
     * separator like a literal one, which is how the OpenAPI explorer and generated clients send a path
     * parameter ({@code terraform%2Fmain.tf} is {@code terraform/main.tf}). The decoded path is then checked by
     * {@link #of(String)}, so empty, {@code .} and {@code ..} segments are refused however they were spelled
     * ({@code a%2F%2Fb}, {@code %2E%2E%2Fx}, {@code a%2F..%2Fb}), and so is an encoded backslash ({@code %5C}).
     *
     * @param encoded the path as it appears in the URL, percent-encoded as UTF-8 (RFC 3986 section 2.1)
     * @throws InvalidPathException with a message fit for a 400 answer (also for a malformed escape or bytes that
     *                              are not UTF-8)
     */
    public static ArtifactPath fromEncoded(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            throw new InvalidPathException("The artifact path is empty.");
        }
        String decoded;
        try {
            decoded = UriSegments.decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new InvalidPathException("The artifact path has an invalid percent-escape: " + e.getMessage() + ".");
        }
        return of(decoded);
    }

    /**
     * Validates a decoded path.
     *
     * @throws InvalidPathException with a message fit for a 400 answer
     */
    public static ArtifactPath of(String path) {
        if (path == null || path.isEmpty()) {
            throw new InvalidPathException("The artifact path is empty.");
        }
        String normalized = Normalizer.normalize(path, Normalizer.Form.NFC);
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            if (Character.getType(c) == Character.CONTROL) {
                // C0 (U+0000-U+001F), DEL and C1 (U+0080-U+009F, among them U+009B, a terminal's escape).
                throw new InvalidPathException("The artifact path contains a control character (U+"
                    + String.format("%04X", (int) c) + ").");
            }
            if (isBidiControl(c)) {
                throw new InvalidPathException("The artifact path contains a bidirectional text control character (U+"
                    + String.format("%04X", (int) c) + "), which makes a name display other than it is spelled.");
            }
            if (c == '\\') {
                throw new InvalidPathException("The artifact path contains a backslash; use / between folders.");
            }
        }
        List<String> segments = List.of(normalized.split("/", -1));
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw new InvalidPathException("The artifact path has an empty segment (a leading, trailing or "
                    + "double slash).");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidPathException("The artifact path may not contain '.' or '..' segments.");
            }
            // A segment that is a dot segment once decoded again (%2e, %2E%2e, .%2e) is refused too, so that
            // no proxy or tool that decodes twice can turn it into a traversal.
            if (segment.length() <= 6 && ENCODED_DOT_SEGMENT.matcher(segment).matches()) {
                throw new InvalidPathException("The artifact path may not contain encoded '.' or '..' segments.");
            }
        }
        if (normalized.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new InvalidPathException("The artifact path is longer than " + MAX_PATH_BYTES
                + " bytes (S3 keys are limited to 1024 bytes).");
        }
        ArtifactType type;
        String name;
        if (segments.size() == 1) {
            if (!normalized.toLowerCase(Locale.ROOT).endsWith(".md")) {
                throw new InvalidPathException("A file at the root must be a Markdown file (*.md); other files go "
                    + "in one of the folders " + ArtifactType.allowedFolders() + ".");
            }
            type = ArtifactType.README;
            name = normalized;
        } else {
            type = ArtifactType.ofFolder(segments.get(0)).orElseThrow(() -> new InvalidPathException(
                "Unknown first folder '" + segments.get(0) + "'; allowed folders are "
                    + ArtifactType.allowedFolders() + ", or a *.md file at the root."));
            name = normalized.substring(segments.get(0).length() + 1);
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new InvalidPathException("The artifact name (the path without its first folder) is longer than "
                + MAX_NAME_BYTES + " bytes.");
        }
        return new ArtifactPath(normalized, type, name);
    }

    /** The last segment: the file name a browser should save. */
    public String fileName() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    /** The path with each segment percent-encoded, for URLs. */
    public String encoded() {
        return UriSegments.encodePath(value);
    }

    /** Thrown for a path the contract refuses; its message explains why. */
    public static class InvalidPathException extends IllegalArgumentException {

        /** Creates the exception with a message fit for the caller. */
        public InvalidPathException(String message) {
            super(message);
        }
    }

    /**
     * The Unicode bidirectional formatting characters (Unicode Standard Annex #9: ALM, LRM, RLM, the embeddings,
     * overrides and isolates), with which a name spelled "report", U+202E, "fdp.exe" displays as "reportexe.pdf"
     * (CVE-2021-42574, "Trojan Source").
     */
    private static boolean isBidiControl(char c) {
        return c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E')
            || (c >= '\u2066' && c <= '\u2069');
    }
}
