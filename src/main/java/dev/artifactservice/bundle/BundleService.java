package dev.artifactservice.bundle;

import dev.artifactservice.artifact.ArtifactSnapshot;
import dev.artifactservice.artifact.ArtifactFilter;
import dev.artifactservice.artifact.ArtifactService;
import dev.artifactservice.artifact.DamagedArtifactException;
import dev.artifactservice.artifact.DamagedArtifacts;
import dev.artifactservice.download.ObjectStreamingOutput;
import dev.artifactservice.download.Redirects;
import dev.artifactservice.failure.DependencyUnavailableException;
import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.audit.AuditAction;
import dev.artifactservice.audit.AuditLog;
import dev.artifactservice.storage.ByteRange;
import dev.artifactservice.storage.ObjectContent;
import dev.artifactservice.storage.StorageKeys;
import dev.artifactservice.zip.Deflation;
import dev.artifactservice.zip.StoredFormats;
import dev.artifactservice.telemetry.ServiceMetrics;
import java.io.OutputStream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.LongFunction;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * Bundles of a session: selects the artifacts (in path order) and derives the bundle's ETag from their paths and
 * hashes ({@link #prepare}), then makes its body from the session's stored copy ({@link StoredBundles}) or from a
 * {@link BundleWriter} whose entry sizes {@link BundleEntrySizes} knows, reporting damaged artifacts.
 */
@ApplicationScoped
public class BundleService {

    @Inject
    ArtifactService artifacts;

    @Inject
    BundleEntrySizes sizes;

    @Inject
    StoredBundles storedBundles;

    @Inject
    AuditLog audit;

    @Inject
    DamagedArtifacts damaged;

    @Inject
    Redirects redirects;

    /**
     * Prepares the bundle of the caller's session: the selected artifacts and its ETag. Cheap: no object is
     * read, so a conditional request can be answered 304 before {@link BundleEntrySizes#writer} does any work.
     *
     * @param checksums whether to add a {@code SHA256SUMS} file at the root
     * @throws dev.artifactservice.failure.ServiceException 404 when the session does not exist for the caller
     */
    public Bundle prepare(UUID sessionId, ArtifactFilter filter, boolean checksums) {
        List<ArtifactSnapshot> files = new ArrayList<>();
        artifacts.forEach(sessionId, filter, files::addAll);
        long bytes = files.stream().mapToLong(ArtifactSnapshot::size).sum();
        Instant expiresAt = files.stream().map(ArtifactSnapshot::expiresAt).filter(Objects::nonNull)
            .min(Comparator.naturalOrder()).orElse(null);
        Instant lastModified = files.stream().map(ArtifactSnapshot::updatedAt)
            .reduce(artifacts.contentChangedAt(sessionId), (a, b) -> a.isAfter(b) ? a : b);
        return new Bundle(sessionId, etag(files, checksums), bytes, expiresAt, lastModified, files, checksums,
            ArtifactFilter.ALL.equals(filter) && !checksums);
    }

    /**
     * The body of a prepared bundle, with its exact length in bytes: sent from the session's stored copy when
     * that copy is current ({@link StoredBundles#openCopy}), else built from the artifacts by {@link BundleEntrySizes#writer} and, for a
     * whole-session bundle, kept as the new copy ({@link StoredBundles#keepingCopy}). {@code fromArtifacts} (the client
     * sent Cache-Control: no-cache) skips the copy both ways.
     *
     * @throws dev.artifactservice.failure.DependencyUnavailableException when S3 cannot be reached
     */
    public Body body(Bundle bundle, boolean fromArtifacts) {
        return whole(bundle, fromArtifacts, null);
    }

    /** {@link #body(Bundle, boolean)} with the bundle's writer when already made (else null). */
    private Body whole(Bundle bundle, boolean fromArtifacts, BundleWriter made) {
        Optional<ObjectContent> copy = fromArtifacts ? Optional.empty() : storedBundles.openCopy(bundle, null);
        if (copy.isPresent()) {
            return new Body(new ObjectStreamingOutput(copy.get()), copy.get().length(), ServiceMetrics.COPY);
        }
        BundleWriter writer = made != null ? made : sizes.writer(bundle);
        return new Body(reportingDamage(fromArtifacts ? writer : storedBundles.keepingCopy(bundle, writer)),
            writer.length().orElseThrow(), ServiceMetrics.RESPONSE);
    }

    /**
     * {@code body}, reporting ({@link DamagedArtifacts}) an artifact whose object the writer found missing or
     * altered; the failure still ends the bundle (a problem before the first byte, a cut connection after).
     */
    private StreamingOutput reportingDamage(StreamingOutput body) {
        return output -> {
            try {
                body.write(output);
            } catch (DamagedArtifactException e) {
                throw damaged.report(e);
            }
        };
    }

    /**
     * The byte range of a prepared bundle that {@code part} picks once the bundle's exact length (bytes) is
     * known, for a Range request (RFC 9110 section 14): {@code part} returns the inclusive range, or null for the
     * whole bundle (then as {@link #body(Bundle, boolean)}), or throws (e.g. a 416). The range is read from the
     * session's stored copy by one ranged S3 GET when that copy is current, else written by
     * {@link BundleWriter#write(OutputStream, ByteRange)}, which fetches only the artifacts whose data lies in the
     * range; a range is never kept as a copy.
     *
     * @throws dev.artifactservice.failure.DependencyUnavailableException when S3 cannot be reached
     */
    public Body body(Bundle bundle, boolean fromArtifacts, LongFunction<ByteRange> part) {
        BundleWriter writer = sizes.writer(bundle);
        long length = writer.length().orElseThrow();
        ByteRange range = part.apply(length);
        if (range == null) {
            return whole(bundle, fromArtifacts, writer);
        }
        Optional<ObjectContent> copy = fromArtifacts ? Optional.empty() : storedBundles.openCopy(bundle, range);
        if (copy.isPresent()) {
            return new Body(new ObjectStreamingOutput(copy.get()), range.length(), ServiceMetrics.COPY, range, length);
        }
        return new Body(reportingDamage(output -> writer.write(output, range)), range.length(),
            ServiceMetrics.RESPONSE, range, length);
    }

    /**
     * A bundle's body: its output, its length in bytes, how it is delivered ({@link ServiceMetrics#RESPONSE} or
     * COPY), and for a byte range of the bundle that range (null: the whole bundle) and the whole bundle's length.
     */
    public record Body(StreamingOutput output, long length, String delivery, ByteRange range, long bundleLength) {

        /** The whole bundle's body. */
        public Body(StreamingOutput output, long length, String delivery) {
            this(output, length, delivery, null, length);
        }
    }

    /**
     * For {@code ?redirect=true}: a freshly signed S3 URL of the session's stored copy of {@code bundle}
     * ({@link Redirects}, at most {@link Redirects#LIFETIME_SECONDS} s, never beyond the first artifact's expiry),
     * audited as a bundle download, when a current copy exists ({@link StoredBundles#currentCopyKey}); empty when
     * none does (the caller then streams the bundle as usual, which keeps a copy for the next time).
     *
     * @throws dev.artifactservice.failure.DependencyUnavailableException when S3 cannot be reached
     */
    public Optional<URI> redirect(Bundle bundle) {
        Optional<URI> url = signedCopy(bundle);
        url.ifPresent(u -> recordDownload(bundle));
        return url;
    }

    /**
     * {@link #redirect}'s signed URL of the current stored copy, without its audit event, for a caller that records
     * its own (a share link's download); empty when no current copy exists.
     *
     * @throws dev.artifactservice.failure.DependencyUnavailableException when S3 cannot be reached
     */
    public Optional<URI> signedCopy(Bundle bundle) {
        return storedBundles.currentCopyKey(bundle).map(key -> redirects.sign(key, bundle.expiresAt(),
            StorageKeys.STORED_BUNDLE_NAME, fileName(bundle.sessionId()), "application/zip"));
    }

    /** Records in the audit trail that the bundle was sent to the caller. */
    public void recordDownload(Bundle bundle) {
        audit.record(AuditAction.BUNDLE, bundle.sessionId(), null, bundle.contentBytes());
    }

    /** The file name a browser saves a session's bundle under. */
    public static String fileName(UUID sessionId) {
        return "artifacts-" + sessionId + ".zip";
    }

    /**
     * A prepared bundle: its strong ETag, the total size in bytes of the artifacts in it, the earliest expiry of
     * those artifacts (null when none expires), its Last-Modified (RFC 9110 section 8.8.2: the newest upload of
     * its artifacts, or the latest time one left the session, or the session's creation; it moves whenever the
     * ETag does, and sometimes when it does not), its artifacts in path order, whether it adds SHA256SUMS, and
     * whether it is the whole session without SHA256SUMS (the bundle a stored copy can stand for).
     */
    public record Bundle(UUID sessionId, String etag, long contentBytes, Instant expiresAt, Instant lastModified,
                         List<ArtifactSnapshot> files, boolean checksums, boolean wholeSession) {
    }

    /** {@code "<sha256 hex>"} over every entry's path and SHA-256 and the checksums option. */
    static String etag(List<ArtifactSnapshot> files, boolean checksums) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            // The deflater's profile: another zlib build may deflate the same bytes differently.
            digest.update((BundleWriter.FORMAT_VERSION + ";" + Deflation.profile() + (checksums ? ";checksums\n" : "\n"))
                .getBytes(StandardCharsets.UTF_8));
            for (ArtifactSnapshot file : files) {
                // Everything that shapes the entry's bytes: content, time, name, and stored or deflated.
                boolean stored = StoredFormats.isStored(file.mimeType(), file.fileName());
                digest.update((file.sha256() + " " + file.createdAt().toEpochMilli() + " " + (stored ? "S" : "D")
                    + " " + file.path() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return "\"" + HexFormat.of().formatHex(digest.digest()) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
