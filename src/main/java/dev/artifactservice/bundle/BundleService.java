package dev.artifactservice.bundle;

import dev.artifactservice.artifact.ArtifactFile;
import dev.artifactservice.artifact.ArtifactFilter;
import dev.artifactservice.artifact.ArtifactService;
import dev.artifactservice.artifact.DamagedArtifactException;
import dev.artifactservice.artifact.DamagedArtifacts;
import dev.artifactservice.download.ObjectStreamingOutput;
import dev.artifactservice.io.ContentMismatchException;
import dev.artifactservice.audit.AuditAction;
import dev.artifactservice.audit.AuditLog;
import dev.artifactservice.session.Session;
import dev.artifactservice.session.SessionService;
import dev.artifactservice.security.Caller;
import dev.artifactservice.storage.ByteRange;
import dev.artifactservice.storage.ObjectContent;
import dev.artifactservice.storage.ObjectNotFoundException;
import dev.artifactservice.storage.ObjectStorage;
import dev.artifactservice.storage.ObjectUpload;
import dev.artifactservice.storage.RangeNotSatisfiableException;
import dev.artifactservice.storage.StorageKeys;
import dev.artifactservice.zip.Deflation;
import dev.artifactservice.zip.StoredFormats;
import dev.artifactservice.telemetry.ServiceMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.function.LongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bundles of a session: selects the artifacts (in path order), derives the bundle's ETag from their paths
 * and hashes, and hands a {@link BundleWriter} that streams the ZIP.
 */
@ApplicationScoped
public class BundleService {

    /** S3 user metadata key holding the stored bundle's ETag. */
    static final String ETAG_METADATA = "bundle-etag";

    @Inject
    SessionService sessions;

    @Inject
    AuditLog audit;

    /** Objects a bundle keeps in flight while it writes (fetched on the managed executor). */
    static final int PREFETCH_WINDOW = 8;

    @jakarta.annotation.Resource
    jakarta.enterprise.concurrent.ManagedExecutorService executor;

    @Inject
    ArtifactService artifacts;

    @Inject
    ObjectStorage storage;

    @Inject
    ServiceMetrics metrics;

    @Inject
    StoredBundleLock storedBundleLock;

    @Inject
    Caller caller;

    @Inject
    DamagedArtifacts damaged;

    /**
     * Whether a whole-session bundle sent to a client is also kept as the session's stored copy, and later
     * whole-session bundles of the same ETag are sent from that copy (one S3 GET instead of one per artifact).
     */
    @Inject
    @ConfigProperty(name = "artifacts.bundle.keep-copy", defaultValue = "true")
    boolean keepCopy;

    private static final Logger LOG = Logger.getLogger(BundleService.class.getName());

    /**
     * Prepares the bundle of the caller's session: the selected artifacts and its ETag. Cheap: no object is
     * read, so a conditional request can be answered 304 before {@link #writer} does any work.
     *
     * @param checksums whether to add a {@code SHA256SUMS} file at the root
     * @throws dev.artifactservice.web.ApiException 404 when the session does not exist for the caller
     */
    public Bundle prepare(UUID sessionId, ArtifactFilter filter, boolean checksums) {
        List<ArtifactFile> files = new ArrayList<>();
        artifacts.forEach(sessionId, filter, files::addAll);
        long bytes = files.stream().mapToLong(ArtifactFile::size).sum();
        Instant expiresAt = files.stream().map(ArtifactFile::expiresAt).filter(Objects::nonNull)
            .min(Comparator.naturalOrder()).orElse(null);
        Instant lastModified = files.stream().map(ArtifactFile::updatedAt)
            .reduce(artifacts.contentChangedAt(sessionId), (a, b) -> a.isAfter(b) ? a : b);
        return new Bundle(sessionId, etag(files, checksums), bytes, expiresAt, lastModified, files, checksums,
            ArtifactFilter.ALL.equals(filter) && !checksums);
    }

    /**
     * The writer of a prepared bundle, whose exact length is known ({@link BundleWriter#length()}): a deflated
     * artifact whose deflated size was not measured at upload (a body over
     * {@code artifacts.upload.measure-deflate-max-bytes}, a row from before sizes were measured, or one measured
     * by another zlib build) is read and deflated once here, before the first byte is sent, and its size is
     * recorded so that later bundles need not do it again.
     *
     * @throws dev.artifactservice.web.ApiException 503 when S3 is unavailable; the object's own failures
     *                                              propagate (nothing has been sent yet)
     */
    public BundleWriter writer(Bundle bundle) {
        // Measured in parallel on the managed executor (deflating is CPU bound), at most PREFETCH_WINDOW at once.
        Semaphore slots = new Semaphore(PREFETCH_WINDOW);
        List<CompletableFuture<ArtifactFile>> measuring = new ArrayList<>();
        for (ArtifactFile file : bundle.files()) {
            if (!BundleWriter.needsMeasuring(file)) {
                measuring.add(CompletableFuture.completedFuture(file));
                continue;
            }
            slots.acquireUninterruptibly();
            measuring.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return measured(file);
                } finally {
                    slots.release();
                }
            }, executor));
        }
        try {
            CompletableFuture.allOf(measuring.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
        return new BundleWriter(bundle.sessionId(), measuring.stream().map(CompletableFuture::join).toList(),
            bundle.checksums(), storage, executor, PREFETCH_WINDOW);
    }

    /** {@code file} with its deflated size measured now and recorded for later bundles. */
    private ArtifactFile measured(ArtifactFile file) {
        long deflated = measureDeflatedSize(file);
        artifacts.recordDeflatedSize(file, deflated, Deflation.profile());
        return file.withDeflatedSize(deflated, Deflation.profile());
    }

    private long measureDeflatedSize(ArtifactFile file) {
        ObjectContent content;
        try {
            content = storage.open(file.storageKey(), null);
        } catch (ObjectNotFoundException e) {
            throw damaged.report(new DamagedArtifactException(file.sessionId(), file.path(),
                DamagedArtifactException.Kind.MISSING, e));
        }
        boolean complete = false;
        Deflation.Meter meter = null;
        try {
            // Checked like the entry itself will be, so a short or changed object is never measured and recorded.
            meter = Deflation.meter(new VerifyingInputStream(content.stream(), file.size(), file.crc32(),
                file.path()), Long.MAX_VALUE);
            meter.transferTo(OutputStream.nullOutputStream());
            long deflated = meter.deflatedSize().orElseThrow();
            content.close();
            complete = true;
            return deflated;
        } catch (ContentMismatchException e) {
            throw damaged.report(new DamagedArtifactException(file.sessionId(), file.path(),
                DamagedArtifactException.Kind.ALTERED, e));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file.path() + " to measure it", e);
        } finally {
            if (meter != null) {
                meter.release();
            }
            if (!complete) {
                content.abort();
            }
        }
    }

    /**
     * The body of a prepared bundle, with its exact length in bytes: sent from the session's stored copy when
     * that copy is current ({@link #openCopy}), else built from the artifacts by {@link #writer} and, for a
     * whole-session bundle, kept as the new copy ({@link #keepingCopy}). {@code fromArtifacts} (the client
     * sent Cache-Control: no-cache) skips the copy both ways.
     *
     * @throws dev.artifactservice.web.ServiceUnavailableException when S3 cannot be reached
     */
    public Body body(Bundle bundle, boolean fromArtifacts) {
        return whole(bundle, fromArtifacts, null);
    }

    /** {@link #body(Bundle, boolean)} with the bundle's writer when already made (else null). */
    private Body whole(Bundle bundle, boolean fromArtifacts, BundleWriter made) {
        Optional<ObjectContent> copy = fromArtifacts ? Optional.empty() : openCopy(bundle, null);
        if (copy.isPresent()) {
            return new Body(new ObjectStreamingOutput(copy.get()), copy.get().length(), ServiceMetrics.COPY);
        }
        BundleWriter writer = made != null ? made : writer(bundle);
        return new Body(reportingDamage(fromArtifacts ? writer : keepingCopy(bundle, writer)),
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
     * @throws dev.artifactservice.web.ServiceUnavailableException when S3 cannot be reached
     */
    public Body body(Bundle bundle, boolean fromArtifacts, LongFunction<ByteRange> part) {
        BundleWriter writer = writer(bundle);
        long length = writer.length().orElseThrow();
        ByteRange range = part.apply(length);
        if (range == null) {
            return whole(bundle, fromArtifacts, writer);
        }
        Optional<ObjectContent> copy = fromArtifacts ? Optional.empty() : openCopy(bundle, range);
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
     * The session's stored copy of {@code bundle} ({@code .../artifacts/bundle.zip}, kept by {@link #keepingCopy}
     * or by the pre-signed bundle link), open for sending, when it can stand for the bundle: only a whole-session
     * bundle without SHA256SUMS, and only when the copy's ETag metadata, read from the GET's own answer, is this
     * bundle's ETag, so a copy replaced in between is never sent under the wrong ETag. The stored bytes are those
     * the writer would produce (bundles are deterministic; the ETag covers {@link BundleWriter#FORMAT_VERSION}).
     * Empty otherwise, or when copies are turned off.
     *
     * @param range the inclusive byte range to read (a ranged GET), or null for the whole copy
     * @throws dev.artifactservice.web.ServiceUnavailableException when S3 cannot be reached
     */
    Optional<ObjectContent> openCopy(Bundle bundle, ByteRange range) {
        if (!keepCopy || !bundle.wholeSession()) {
            return Optional.empty();
        }
        ObjectContent content;
        try {
            content = storage.open(storedKey(bundle.sessionId()), range);
        } catch (ObjectNotFoundException | RangeNotSatisfiableException e) {
            // No copy, or a stale one shorter than this bundle.
            return Optional.empty();
        }
        if (!unquoted(bundle.etag()).equals(content.metadata().get(ETAG_METADATA)) || content.length() < 0
            || range != null && content.length() != range.length()) {
            // Stale (the session changed since): dropped without reading it.
            content.abort();
            return Optional.empty();
        }
        return Optional.of(content);
    }

    /**
     * {@code writer}, which also keeps what it writes as the session's stored copy when {@code bundle} is the
     * whole session without SHA256SUMS: the copy goes to S3 in parts (one 8 MiB part buffer) while the client
     * receives the same bytes, and is completed only when the whole ZIP was written; an aborted bundle leaves
     * no copy. A failing copy (S3 refusing a part) is logged and dropped; the client's bundle goes on.
     */
    StreamingOutput keepingCopy(Bundle bundle, BundleWriter writer) {
        if (!keepCopy || !bundle.wholeSession()) {
            return writer;
        }
        String key = storedKey(bundle.sessionId());
        Map<String, String> metadata = Map.of(ETAG_METADATA, unquoted(bundle.etag()));
        return output -> {
            try (ObjectUpload upload = storage.openUpload(key, "application/zip", metadata)) {
                CopyingOutputStream copying = new CopyingOutputStream(output, upload.stream());
                writer.write(copying);
                if (copying.failure() == null) {
                    try {
                        upload.complete();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Keeping the bundle of session " + bundle.sessionId() + " failed: " + e);
                    }
                } else {
                    LOG.log(Level.WARNING, "Keeping the bundle of session " + bundle.sessionId() + " failed: "
                        + copying.failure());
                }
            }
        };
    }

    private String storedKey(UUID sessionId) {
        return StorageKeys.storedBundleKey(caller.organizationId(), sessionId);
    }

    private static String unquoted(String etag) {
        return etag.replace("\"", "");
    }

    /** Records in the audit trail that the bundle was sent to the caller. */
    public void recordDownload(Bundle bundle) {
        audit.record(AuditAction.BUNDLE, bundle.sessionId(), null, bundle.contentBytes());
    }

    /**
     * Makes sure the session's whole bundle lies in S3 at {@code .../artifacts/bundle.zip} (the design's
     * "generated on-demand" bundle) and returns its key: reused while the session's artifacts are unchanged
     * (the object carries the bundle's ETag as metadata), rebuilt by streaming the ZIP into a multipart
     * upload after any upload or delete in the session, or once one of its artifacts expired. One instance at a
     * time checks and rebuilds a session's bundle ({@link StoredBundleLock}), so concurrent callers wait for one
     * rebuild rather than each writing one.
     *
     * @return the key, and the earliest expiry of the artifacts in it (null when none expires)
     * @throws dev.artifactservice.web.ApiException 404 when the session does not exist for the caller
     */
    public StoredBundle ensureStored(UUID sessionId) {
        Session session = sessions.require(sessionId);
        return storedBundleLock.holding(sessionId, () -> storeIfChanged(session));
    }

    private StoredBundle storeIfChanged(Session session) {
        UUID sessionId = session.id();
        Bundle bundle = prepare(sessionId, ArtifactFilter.ALL, false);
        String key = StorageKeys.storedBundleKey(session.organizationId(), sessionId);
        String etag = unquoted(bundle.etag());
        boolean current = storage.metadata(key).map(m -> etag.equals(m.get(ETAG_METADATA))).orElse(false);
        if (!current) {
            try (ObjectUpload upload = storage.openUpload(key, "application/zip", Map.of(ETAG_METADATA, etag))) {
                metrics.bundle(writer(bundle), ServiceMetrics.STORED).write(upload.stream());
                upload.complete();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new StoredBundle(key, bundle.expiresAt());
    }

    /** The key of a session's stored bundle and the earliest expiry of its artifacts (null: none expires). */
    public record StoredBundle(String key, Instant expiresAt) {
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
                         List<ArtifactFile> files, boolean checksums, boolean wholeSession) {
    }

    /** {@code "<sha256 hex>"} over every entry's path and SHA-256 and the checksums option. */
    static String etag(List<ArtifactFile> files, boolean checksums) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            // The deflater's profile: another zlib build may deflate the same bytes differently.
            digest.update((BundleWriter.FORMAT_VERSION + ";" + Deflation.profile() + (checksums ? ";checksums\n" : "\n"))
                .getBytes(StandardCharsets.UTF_8));
            for (ArtifactFile file : files) {
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
