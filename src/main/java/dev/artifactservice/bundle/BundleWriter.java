package dev.artifactservice.bundle;

import dev.artifactservice.artifact.ArtifactFile;
import dev.artifactservice.artifact.MimeTypes;
import dev.artifactservice.storage.ObjectContent;
import dev.artifactservice.storage.ObjectStorage;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Streams a session's bundle as a ZIP (the JDK's writer, ZIP64 when needed) while reading each artifact
 * from S3: one entry per artifact at its path in path order, entry time {@code created_at} (UTC), UTF-8
 * names, already-compressed formats stored and the rest deflated, so the same artifacts always give the
 * same bytes. Memory stays flat: only one copy buffer and the next object's open stream are held.
 *
 * <p>If an artifact cannot be read after the first byte was sent, the failure is logged with the session
 * and path and rethrown, so the container cuts the connection and the client never sees a clean end of a
 * corrupt ZIP. If the client goes away, the open S3 streams are aborted and no further objects are read.
 */
public final class BundleWriter implements StreamingOutput {

    /** Changes when the bundle layout changes, so old ETags stop matching. */
    static final String FORMAT_VERSION = "bundle-v2";

    /** Name of the optional checksum file at the root, in {@code sha256sum} format. */
    public static final String CHECKSUMS_ENTRY = "SHA256SUMS";

    private static final Logger LOG = Logger.getLogger(BundleWriter.class.getName());
    private static final int BUFFER_BYTES = 64 * 1024;

    /** Objects up to this size (bytes) are read whole while earlier entries are written. */
    static final int SMALL_OBJECT_BYTES = 256 * 1024;
    private static final java.time.Instant DOS_EPOCH = java.time.Instant.parse("1980-01-01T00:00:02Z");

    private final UUID sessionId;
    private final List<ArtifactFile> files;
    private final boolean checksums;
    private final ObjectStorage storage;
    private final Executor executor;
    private final int window;

    /** A writer that opens one object ahead, on the writing thread. */
    BundleWriter(UUID sessionId, List<ArtifactFile> files, boolean checksums, ObjectStorage storage) {
        this(sessionId, files, checksums, storage, Runnable::run, 2);
    }

    /**
     * A writer that keeps up to {@code window} objects in flight on {@code executor} while it writes
     * (memory: at most {@code window} small objects of {@link #SMALL_OBJECT_BYTES}).
     */
    BundleWriter(UUID sessionId, List<ArtifactFile> files, boolean checksums, ObjectStorage storage,
                 Executor executor, int window) {
        this.sessionId = sessionId;
        this.files = files;
        this.checksums = checksums;
        this.storage = storage;
        this.executor = executor;
        this.window = Math.max(1, window);
    }

    @Override
    public void write(OutputStream output) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(output, BUFFER_BYTES),
            StandardCharsets.UTF_8);
        byte[] buffer = new byte[BUFFER_BYTES];
        Deque<CompletableFuture<ObjectContent>> ahead = new ArrayDeque<>();
        ObjectContent content = null;
        String current = null;
        int opened = 0;
        try {
            for (ArtifactFile file : files) {
                current = file.path();
                // Keep the next objects in flight while this entry is written, so that a bundle of many
                // small files is not a chain of round trips; the window bounds memory and open streams.
                while (opened < files.size() && ahead.size() < window) {
                    ArtifactFile next = files.get(opened++);
                    ahead.add(CompletableFuture.supplyAsync(() -> fetch(next), executor));
                }
                content = join(ahead.poll());
                ObjectContent writing = content;
                content = null;
                writeEntry(zip, file, writing, buffer);
            }
            current = CHECKSUMS_ENTRY;
            if (checksums) {
                writeChecksums(zip);
            }
            zip.finish();
            zip.flush();
        } catch (IOException | RuntimeException e) {
            if (content != null) {
                content.abort();
            }
            // Objects still being fetched are released as soon as their fetch ends; no new ones start.
            for (CompletableFuture<ObjectContent> pending : ahead) {
                pending.whenComplete((open, failure) -> {
                    if (open != null) {
                        open.abort();
                    }
                });
            }
            LOG.log(Level.WARNING, "Bundle of session " + sessionId + " aborted at " + current + ": " + e, e);
            throw e instanceof IOException io ? io : new IOException("bundle aborted at " + current, e);
        }
    }

    /**
     * Opens an artifact's object; a small one (at most {@link #SMALL_OBJECT_BYTES}) is read whole right
     * away, so its round trip overlaps the writing of earlier entries.
     */
    private ObjectContent fetch(ArtifactFile file) {
        ObjectContent content = storage.open(file.storageKey(), null);
        if (file.size() > SMALL_OBJECT_BYTES) {
            return content;
        }
        boolean read = false;
        try {
            byte[] bytes = content.stream().readAllBytes();
            content.close();
            read = true;
            return new BufferedContent(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!read) {
                content.abort();
            }
        }
    }

    private static ObjectContent join(CompletableFuture<ObjectContent> future) throws IOException {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    /** A small object already read into memory. */
    private record BufferedContent(byte[] bytes) implements ObjectContent {

        @Override
        public InputStream stream() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public void abort() {
        }

        @Override
        public void close() {
        }
    }

    private static void writeEntry(ZipOutputStream zip, ArtifactFile file, ObjectContent content, byte[] buffer)
        throws IOException {
        ZipEntry entry = new ZipEntry(file.path());
        entry.setTimeLocal(LocalDateTime.ofInstant(file.createdAt(), ZoneOffset.UTC));
        if (MimeTypes.isCompressed(file.mimeType(), file.fileName())) {
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(file.size());
            entry.setCompressedSize(file.size());
            entry.setCrc(file.crc32());
        } else {
            entry.setMethod(ZipEntry.DEFLATED);
        }
        boolean complete = false;
        try {
            zip.putNextEntry(entry);
            InputStream in = content.stream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                zip.write(buffer, 0, n);
            }
            zip.closeEntry();
            complete = true;
        } finally {
            if (complete) {
                content.close();
            } else {
                content.abort();
            }
        }
    }

    private void writeChecksums(ZipOutputStream zip) throws IOException {
        ZipEntry entry = new ZipEntry(CHECKSUMS_ENTRY);
        // The newest entry's time, never at or before 1980-01-01T00:00 (DOS time's start), where the JDK adds an
        // extended timestamp computed in the JVM's time zone and the bytes would depend on it.
        entry.setTimeLocal(LocalDateTime.ofInstant(files.stream().map(ArtifactFile::createdAt)
            .max(java.util.Comparator.naturalOrder()).filter(t -> t.isAfter(DOS_EPOCH)).orElse(DOS_EPOCH),
            ZoneOffset.UTC));
        zip.putNextEntry(entry);
        for (ArtifactFile file : files) {
            zip.write((file.sha256() + "  " + file.path() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        zip.closeEntry();
    }
}
