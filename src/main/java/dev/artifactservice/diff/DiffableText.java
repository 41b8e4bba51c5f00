package dev.artifactservice.diff;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which artifacts a diff shows as text: those of a textual media type (by the type stored with the artifact) whose
 * bytes are UTF-8 without a NUL byte. Everything else (images, ZIP, PDF, spreadsheets, any bytes that are not
 * UTF-8 text) is binary, which a line diff cannot show.
 */
final class DiffableText {

    /** Media types outside {@code text/*} whose content is text (besides the {@code +json}/{@code +xml} suffixes). */
    private static final Set<String> TEXT_APPLICATION_TYPES = Set.of(
        "application/json", "application/x-ndjson", "application/yaml", "application/x-yaml",
        "application/xml", "application/javascript", "application/x-javascript", "application/ecmascript",
        "application/x-sh", "application/x-shellscript", "application/toml", "application/x-toml",
        "application/hcl", "application/x-hcl", "application/x-terraform", "application/sql",
        "application/x-python", "application/graphql", "application/x-tex", "application/x-httpd-php");

    private DiffableText() {
    }

    /**
     * Whether the media type (parameters ignored, any case) is textual: {@code text/*}, a {@code +json},
     * {@code +yaml} or {@code +xml} type (SVG included), or one of the textual {@code application/} types
     * (JSON, YAML, XML, JavaScript, shell, TOML, HCL/Terraform, SQL, ...). Null is not.
     */
    static boolean isTextType(String mimeType) {
        if (mimeType == null) {
            return false;
        }
        String essence = mimeType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return essence.startsWith("text/") || essence.endsWith("+json") || essence.endsWith("+xml")
            || essence.endsWith("+yaml") || TEXT_APPLICATION_TYPES.contains(essence);
    }

    /**
     * The bytes as text, or empty when they are not well-formed UTF-8 (RFC 3629) or contain a NUL byte (binary,
     * as git and GNU diff judge it). Well-formed UTF-8 encodes back to exactly these bytes.
     */
    static Optional<String> decode(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
