package dev.artifactservice.bundle;

import dev.artifactservice.artifact.ArtifactFile;
import dev.artifactservice.artifact.ArtifactFilter;
import dev.artifactservice.artifact.ArtifactService;
import dev.artifactservice.artifact.MimeTypes;
import dev.artifactservice.storage.ObjectStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Bundles of a session: selects the artifacts (in path order), derives the bundle's ETag from their paths
 * and hashes, and hands a {@link BundleWriter} that streams the ZIP.
 */
@ApplicationScoped
public class BundleService {

    @Inject
    ArtifactService artifacts;

    @Inject
    ObjectStorage storage;

    /**
     * Prepares the bundle of the caller's session: the selected artifacts, its ETag and its writer.
     *
     * @param checksums whether to add a {@code SHA256SUMS} file at the root
     * @throws dev.artifactservice.web.ApiException 404 when the session does not exist for the caller
     */
    public Bundle prepare(UUID sessionId, ArtifactFilter filter, boolean checksums) {
        List<ArtifactFile> files = new ArrayList<>();
        artifacts.forEach(sessionId, filter, files::addAll);
        return new Bundle(sessionId, etag(files, checksums), new BundleWriter(sessionId, files, checksums, storage));
    }

    /** A prepared bundle: its strong ETag and the writer that streams it. */
    public record Bundle(UUID sessionId, String etag, BundleWriter writer) {
    }

    /** {@code "<sha256 hex>"} over every entry's path and SHA-256 and the checksums option. */
    static String etag(List<ArtifactFile> files, boolean checksums) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((BundleWriter.FORMAT_VERSION + (checksums ? ";checksums\n" : "\n"))
                .getBytes(StandardCharsets.UTF_8));
            for (ArtifactFile file : files) {
                // Everything that shapes the entry's bytes: content, time, name and stored-or-deflated.
                boolean stored = MimeTypes.isCompressed(file.mimeType(), file.fileName());
                digest.update((file.sha256() + " " + file.createdAt().toEpochMilli() + " " + (stored ? "S" : "D")
                    + " " + file.path() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return "\"" + HexFormat.of().formatHex(digest.digest()) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
