package dev.artifactservice.bundle;

import dev.artifactservice.artifact.ArtifactFile;
import dev.artifactservice.artifact.MimeTypes;
import dev.artifactservice.storage.ObjectContent;
import dev.artifactservice.storage.ObjectStorage;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
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
    private static final java.time.Instant DOS_EPOCH = java.time.Instant.parse("1980-01-01T00:00:02Z");

    private final UUID sessionId;
    private final List<ArtifactFile> files;
    private final boolean checksums;
    private final ObjectStorage storage;

    BundleWriter(UUID sessionId, List<ArtifactFile> files, boolean checksums, ObjectStorage storage) {
        this.sessionId = sessionId;
        this.files = files;
        this.checksums = checksums;
        this.storage = storage;
    }

    @Override
    public void write(OutputStream output) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(output, BUFFER_BYTES),
            StandardCharsets.UTF_8);
        byte[] buffer = new byte[BUFFER_BYTES];
        ObjectContent next = null;
        ObjectContent content = null;
        String current = null;
        try {
            next = files.isEmpty() ? null : storage.open(files.get(0).storageKey(), null);
            for (int i = 0; i < files.size(); i++) {
                ArtifactFile file = files.get(i);
                current = file.path();
                content = next;
                next = null;
                // Open the next object before copying this one, so its first bytes are on the way while
                // this entry is written: many small files are not a chain of round trips.
                if (i + 1 < files.size()) {
                    next = storage.open(files.get(i + 1).storageKey(), null);
                }
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
            for (ObjectContent open : new ObjectContent[] {content, next}) {
                if (open != null) {
                    open.abort();
                }
            }
            LOG.log(Level.WARNING, "Bundle of session " + sessionId + " aborted at " + current + ": " + e, e);
            throw e instanceof IOException io ? io : new IOException("bundle aborted at " + current, e);
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
