package dev.artifactservice.bundle;

import dev.artifactservice.artifact.ArtifactSnapshot;
import dev.artifactservice.artifact.DamagedArtifactException;
import dev.artifactservice.io.ContentMismatchException;
import dev.artifactservice.storage.ByteRange;
import dev.artifactservice.storage.ContentCache;
import dev.artifactservice.storage.ObjectContent;
import dev.artifactservice.storage.ObjectNotFoundException;
import dev.artifactservice.storage.ObjectStorage;
import dev.artifactservice.zip.Deflation;
import dev.artifactservice.zip.StoredFormats;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Streams a session's bundle as a ZIP (PKWARE APPNOTE, ZIP64 when needed, written by Commons Compress) while
 * reading each artifact from S3: one entry per artifact at its path in the given (path) order, entry time
 * {@code created_at} as UTC wall time, UTF-8 names, already-compressed formats stored and the rest deflated
 * ({@link Deflation}), so the same artifacts always give the same bytes. Every entry is marked as made on Unix
 * ("version made by" host 3) as a regular file of mode 0644: Info-ZIP's {@code unzip} takes the names of
 * entries made on MS-DOS for code page 437 even when their UTF-8 flag is set, and mangles non-ASCII names.
 *
 * <p>Entries are written from bytes deflated ahead of time: up to {@code window} small objects (at most
 * {@link #SMALL_OBJECT_BYTES} each) are fetched and deflated in parallel on the executor while earlier
 * entries are written, and a large object's 1 MiB blocks are deflated on the executor a few at a time (in
 * buffers allocated once per bundle) while earlier blocks are written, so neither round trips nor compression
 * run one after another. Every entry's sizes
 * and CRC-32 are in its local header (no data descriptors), which is what makes {@link #length()} exact
 * before the first byte when every deflated artifact's deflated size was measured at upload, and lets
 * {@link #write(OutputStream, ByteRange)} produce any byte range of the bundle while fetching only the
 * artifacts whose data lies in it.
 *
 * <p>Every object's bytes are checked against the row's size and CRC-32 while they are copied. If an
 * artifact cannot be read, or differs from its row, after the first byte was sent, the failure is logged
 * with the session and path and thrown without finishing the archive: with a Content-Length the container
 * then cuts the connection short, so the client sees an incomplete transfer. If the client goes away, the
 * open S3 streams are aborted and no further objects are read.
 */
public final class BundleWriter implements StreamingOutput {

    /** Changes when the bundle layout changes, so old ETags stop matching. */
    static final String FORMAT_VERSION = "bundle-v4";

    /** External attributes' Unix mode of every entry: a regular file, rw-r--r-- (octal 100644). */
    static final int REGULAR_FILE_MODE = 0100644;

    /** Name of the optional checksum file at the root, in {@code sha256sum} format. */
    public static final String CHECKSUMS_ENTRY = "SHA256SUMS";

    private static final Logger LOG = Logger.getLogger(BundleWriter.class.getName());
    private static final int BUFFER_BYTES = 64 * 1024;

    /** Objects up to this size (bytes) are read whole and deflated while earlier entries are written. */
    static final int SMALL_OBJECT_BYTES = 256 * 1024;

    /**
     * Blocks ({@link Deflation#BLOCK_BYTES} each) of a large object being read or deflated at once on the
     * executor; each slot holds about 2.1 MiB, allocated once per bundle.
     */
    static final int DEFLATE_BLOCKS_IN_FLIGHT = 4;
    private static final Instant DOS_EPOCH = Instant.parse("1980-01-01T00:00:02Z");

    private final UUID sessionId;
    private final List<Entry> entries;
    private final boolean checksums;
    private final ObjectStorage storage;
    private final ContentCache cache;
    private final Executor executor;
    private final int window;
    private Optional<Layout> layout;
    private Deflation.Workspace workspace;

    /**
     * A writer that keeps up to {@code window} objects in flight on {@code executor} while it writes
     * (memory: at most {@code window} small objects of {@link #SMALL_OBJECT_BYTES}, plus their deflated bytes),
     * taking the objects {@code cache} {@link ContentCache#holds} through it (by SHA-256, filled only with verified
     * bytes) and the rest from {@code storage}.
     */
    BundleWriter(UUID sessionId, List<ArtifactSnapshot> files, boolean checksums, ObjectStorage storage,
                 ContentCache cache, Executor executor, int window) {
        this.sessionId = sessionId;
        this.entries = files.stream().map(Entry::of).toList();
        this.checksums = checksums;
        this.storage = storage;
        this.cache = cache;
        this.executor = executor;
        this.window = Math.max(1, window);
    }

    /**
     * The exact number of bytes {@link #write} produces, when it is known before writing: every deflated
     * artifact's deflated size was measured at upload by a deflater of this JVM's profile. Empty otherwise.
     */
    public OptionalLong length() {
        return layout().map(l -> OptionalLong.of(l.length())).orElse(OptionalLong.empty());
    }

    private Optional<Layout> layout() {
        if (layout == null) {
            layout = entries.stream().allMatch(e -> e.compressedSize >= 0) ? Optional.of(dryRun()) : Optional.empty();
        }
        return layout;
    }

    /**
     * Whether this artifact is deflated in bundles but its deflated size is not known to this JVM (not measured,
     * or measured by a deflater of another profile), so that a bundle holding it has no length in advance.
     */
    static boolean needsMeasuring(ArtifactSnapshot file) {
        return Entry.of(file).compressedSize < 0;
    }

    @Override
    public void write(OutputStream output) throws IOException {
        write(output, null);
    }

    /**
     * Writes bytes {@code range.first()} to {@code range.last()} (inclusive, offsets in the bundle) of what
     * {@link #write(OutputStream)} writes, or all of them when {@code range} is null. Only the artifacts whose
     * entry data overlaps the range are fetched; the headers, the central directory and the entries outside the
     * range are laid out from the rows alone, so a resumed download costs the S3 reads of what it still needs.
     *
     * @param range inclusive byte range within {@link #length()}, or null for the whole bundle
     * @throws IllegalStateException when a range is given but the length is not known in advance
     * @throws IOException           as {@link #write(OutputStream)}
     */
    public void write(OutputStream output, ByteRange range) throws IOException {
        long total = length().orElse(-1);
        if (range != null && (total < 0 || range.first() < 0 || range.last() >= total || range.length() <= 0)) {
            throw new IllegalStateException("range " + range.toHeader() + " of a bundle of length " + total);
        }
        OutputStream client = new BufferedOutputStream(output, BUFFER_BYTES);
        GuardedOutputStream guarded = new GuardedOutputStream(range == null ? client
            : new RangeOutputStream(client, range), total);
        ZipArchiveOutputStream zip = newZip(guarded);
        Deque<CompletableFuture<Prepared>> ahead = new ArrayDeque<>();
        Prepared prepared = null;
        String current = null;
        int started = 0;
        boolean finished = false;
        try {
            for (Entry entry : entries) {
                current = entry.file.path();
                // Keep the next objects in flight while this entry is written, so that a bundle of many
                // small files is not a chain of round trips; the window bounds memory and open streams.
                while (started < entries.size() && ahead.size() < window) {
                    int index = started++;
                    Entry next = entries.get(index);
                    if (range != null && !layout().orElseThrow().dataOverlaps(index, next, range)) {
                        ahead.add(CompletableFuture.completedFuture(new Skipped()));
                    } else {
                        ByteRange part = range == null ? null : layout().orElseThrow().storedPart(index, next, range);
                        ahead.add(CompletableFuture.supplyAsync(() -> part == null ? prepare(next)
                            : new Partial(storage.open(next.file.storageKey(), part), part), executor));
                    }
                }
                prepared = join(ahead.poll());
                writeEntry(zip, entry, prepared);
                prepared = null;
            }
            current = CHECKSUMS_ENTRY;
            if (checksums) {
                zip.addRawArchiveEntry(checksumsEntry(), new ByteArrayInputStream(checksumsBytes().compressed()));
            }
            zip.finish();
            guarded.finish();
            finished = true;
        } catch (IOException | RuntimeException e) {
            if (prepared != null) {
                prepared.release();
            }
            // Objects still being fetched are released as soon as their fetch ends; no new ones start.
            for (CompletableFuture<Prepared> pending : ahead) {
                pending.whenComplete((open, failure) -> {
                    if (open != null) {
                        open.release();
                    }
                });
            }
            DamagedArtifactException.Kind damage = damage(e);
            if (damage != null && current != null && !current.equals(CHECKSUMS_ENTRY)) {
                // Reported (one line, counted, audited) by whoever sends the bundle.
                throw new DamagedArtifactException(sessionId, current, damage, e);
            }
            if (guarded.clientFailed()) {
                // The client went away (or its connection broke): an everyday event, one line without a trace.
                LOG.warning("Bundle of session " + sessionId + " aborted at " + current + " after "
                    + guarded.count() + " bytes: the client connection ended (" + e + ")");
            } else {
                LOG.log(Level.WARNING, "Bundle of session " + sessionId + " aborted at " + current + ": " + e, e);
            }
            throw e instanceof IOException io ? io : new IOException("bundle aborted at " + current, e);
        } finally {
            if (!finished) {
                // Nothing more reaches the client: closing the archive below must not end it as if complete.
                guarded.poison();
            }
            if (workspace != null) {
                workspace.close();
                workspace = null;
            }
            try {
                zip.close();
            } catch (IOException ignored) {
                // Only the poisoned stream refusing the central directory of an aborted bundle.
            }
        }
    }

    private static ZipArchiveOutputStream newZip(OutputStream out) {
        ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out);
        zip.setEncoding(StandardCharsets.UTF_8.name());
        zip.setUseLanguageEncodingFlag(true);
        zip.setCreateUnicodeExtraFields(ZipArchiveOutputStream.UnicodeExtraFieldPolicy.NEVER);
        zip.setUseZip64(Zip64Mode.AsNeeded);
        zip.setLevel(Deflation.LEVEL);
        return zip;
    }

    /**
     * Writes the whole layout with placeholder bytes of the right lengths into a counter, noting where each
     * entry's data ends (raw entries of known sizes have no data descriptor: the data is the end of each entry).
     */
    private Layout dryRun() {
        GuardedOutputStream counter = new GuardedOutputStream(OutputStream.nullOutputStream(), -1);
        long[] dataEnds = new long[entries.size()];
        try (ZipArchiveOutputStream zip = newZip(counter)) {
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = entries.get(i);
                ZipArchiveEntry zipEntry = entry.zipEntry();
                zipEntry.setCompressedSize(entry.compressedSize);
                zip.addRawArchiveEntry(zipEntry, new PlaceholderInputStream(entry.compressedSize));
                dataEnds[i] = counter.count();
            }
            if (checksums) {
                zip.addRawArchiveEntry(checksumsEntry(), new PlaceholderInputStream(checksumsBytes().compressed().length));
            }
            zip.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("counting a bundle's length cannot fail", e);
        }
        return new Layout(counter.count(), dataEnds);
    }

    /** Where things lie in the bundle: its length and the offset just past each entry's data (bytes). */
    private record Layout(long length, long[] dataEnds) {

        /** Whether any byte of entry {@code index}'s data lies in {@code range}. */
        boolean dataOverlaps(int index, Entry entry, ByteRange range) {
            long end = dataEnds[index];
            long start = end - entry.compressedSize;
            return start <= range.last() && end > range.first();
        }

        /**
         * For a stored entry whose data {@code range} covers only in part, the part of its object (offsets in the
         * object) that lies in the range: a stored entry's data is the object itself. Null otherwise.
         */
        ByteRange storedPart(int index, Entry entry, ByteRange range) {
            long end = dataEnds[index];
            long start = end - entry.compressedSize;
            if (!entry.stored || range.first() <= start && range.last() >= end - 1) {
                return null;
            }
            return new ByteRange(Math.max(range.first(), start) - start, Math.min(range.last(), end - 1) - start);
        }
    }

    /**
     * Fetches an artifact's object; a small one is read whole (and deflated, unless stored) right away, so its
     * round trip and compression overlap the writing of earlier entries.
     */
    private Prepared prepare(Entry entry) {
        if (cache.holds(entry.file.size())) {
            // Small enough for the in-memory cache: its bytes were checked against the row's SHA-256 when they
            // entered it (a miss reads, checks and keeps them now), so they need no CRC-32 check here.
            byte[] bytes;
            try {
                bytes = cache.get(entry.file.sha256(), entry.file.size(), entry.file.storageKey());
            } catch (ContentMismatchException e) {
                throw new UncheckedIOException(new ContentMismatchException(entry.file.path() + ": " + e.getMessage()));
            }
            return InMemory.of(entry, bytes);
        }
        ObjectContent content = storage.open(entry.file.storageKey(), null);
        if (entry.file.size() > SMALL_OBJECT_BYTES) {
            return new Streamed(content);
        }
        boolean read = false;
        try {
            byte[] bytes = new VerifyingInputStream(content.stream(), entry.file.size(), entry.file.crc32(),
                entry.file.path()).readAllBytes();
            content.close();
            read = true;
            return InMemory.of(entry, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!read) {
                content.abort();
            }
        }
    }

    private static Prepared join(CompletableFuture<Prepared> future) throws IOException {
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

    private void writeEntry(ZipArchiveOutputStream zip, Entry entry, Prepared prepared) throws IOException {
        ArtifactSnapshot file = entry.file;
        if (prepared instanceof Skipped) {
            // Outside the range being written: the same header, and data nobody receives.
            ZipArchiveEntry zipEntry = entry.zipEntry();
            zipEntry.setCompressedSize(entry.compressedSize);
            zip.addRawArchiveEntry(zipEntry, new PlaceholderInputStream(entry.compressedSize));
            return;
        }
        if (prepared instanceof Partial partial) {
            // A stored entry the range covers in part: only that part of the object is read (its length is
            // checked; its CRC-32 cannot be), the rest of the data is placeholders nobody receives.
            ByteRange part = partial.part;
            boolean complete = false;
            try {
                ZipArchiveEntry zipEntry = entry.zipEntry();
                zipEntry.setCompressedSize(file.size());
                zip.addRawArchiveEntry(zipEntry, new java.io.SequenceInputStream(java.util.Collections.enumeration(
                    List.of(new PlaceholderInputStream(part.first()),
                        new VerifyingInputStream(partial.content.stream(), part.length(), -1, file.path() + " (part)"),
                        new PlaceholderInputStream(file.size() - part.last() - 1)))));
                complete = true;
            } finally {
                if (complete) {
                    partial.content.close();
                } else {
                    partial.content.abort();
                }
            }
            return;
        }
        if (prepared instanceof InMemory memory) {
            if (entry.compressedSize >= 0 && memory.bytes.length != entry.compressedSize) {
                throw new IOException(file.path() + " deflated to " + memory.bytes.length + " bytes, not the "
                    + entry.compressedSize + " measured at upload");
            }
            ZipArchiveEntry zipEntry = entry.zipEntry();
            zipEntry.setCompressedSize(memory.bytes.length);
            zip.addRawArchiveEntry(zipEntry, new ByteArrayInputStream(memory.bytes));
            return;
        }
        ObjectContent content = ((Streamed) prepared).content;
        boolean complete = false;
        try {
            InputStream plain = new VerifyingInputStream(content.stream(), file.size(), file.crc32(), file.path());
            if (entry.stored) {
                ZipArchiveEntry zipEntry = entry.zipEntry();
                zipEntry.setCompressedSize(file.size());
                zip.addRawArchiveEntry(zipEntry, plain);
            } else if (entry.compressedSize >= 0) {
                // Blocks of the object are deflated on the executor while earlier ones are written.
                if (workspace == null) {
                    workspace = new Deflation.Workspace(DEFLATE_BLOCKS_IN_FLIGHT);
                }
                ZipArchiveEntry zipEntry = entry.zipEntry();
                zipEntry.setCompressedSize(entry.compressedSize);
                try (InputStream deflated = Deflation.parallel(plain, executor, workspace)) {
                    zip.addRawArchiveEntry(zipEntry, new VerifyingInputStream(deflated, entry.compressedSize, -1,
                        file.path() + " (deflated)"));
                }
            } else {
                // Deflated size unknown: Commons Compress deflates it and follows it with a data descriptor.
                zip.putArchiveEntry(entry.zipEntry());
                plain.transferTo(zip);
                zip.closeArchiveEntry();
            }
            complete = true;
        } finally {
            if (complete) {
                content.close();
            } else {
                content.abort();
            }
        }
    }

    private ZipArchiveEntry checksumsEntry() {
        Checksums sums = checksumsBytes();
        ZipArchiveEntry entry = new ZipArchiveEntry(CHECKSUMS_ENTRY);
        entry.setMethod(ZipArchiveEntry.DEFLATED);
        entry.setUnixMode(REGULAR_FILE_MODE);
        // The newest entry's time, never before 1980-01-01 (DOS time's start), where an extended timestamp
        // computed in the JVM's time zone would be added and the bytes would depend on it.
        entry.setTime(dosMillis(entries.stream().map(e -> e.file.createdAt()).max(java.util.Comparator.naturalOrder())
            .filter(t -> t.isAfter(DOS_EPOCH)).orElse(DOS_EPOCH)));
        entry.setSize(sums.plain().length);
        entry.setCrc(sums.crc());
        entry.setCompressedSize(sums.compressed().length);
        return entry;
    }

    private Checksums checksumsCache;

    private Checksums checksumsBytes() {
        if (checksumsCache == null) {
            StringBuilder text = new StringBuilder();
            for (Entry entry : entries) {
                text.append(entry.file.sha256()).append("  ").append(entry.file.path()).append('\n');
            }
            byte[] plain = text.toString().getBytes(StandardCharsets.UTF_8);
            CRC32 crc = new CRC32();
            crc.update(plain);
            checksumsCache = new Checksums(plain, Deflation.deflate(plain, 0, plain.length), crc.getValue());
        }
        return checksumsCache;
    }

    private record Checksums(byte[] plain, byte[] compressed, long crc) {
    }

    /**
     * The JVM-zone epoch milliseconds whose local date-time is {@code instant}'s UTC date-time: ZIP times
     * are zone-less wall times, and the archive library converts them in the JVM's zone.
     */
    static long dosMillis(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDateTime().atZone(ZoneId.systemDefault()).toInstant()
            .toEpochMilli();
    }

    /** One artifact's entry: its row, whether it is stored, and its compressed size when known (else -1). */
    private record Entry(ArtifactSnapshot file, boolean stored, long compressedSize) {

        static Entry of(ArtifactSnapshot file) {
            boolean stored = StoredFormats.isStored(file.mimeType(), file.fileName());
            long compressed = stored ? file.size()
                : file.deflatedSize() != null && file.deflateProfile() != null
                    && file.deflateProfile() == Deflation.profile() ? file.deflatedSize() : -1;
            return new Entry(file, stored, compressed);
        }

        ZipArchiveEntry zipEntry() {
            ZipArchiveEntry entry = new ZipArchiveEntry(file.path());
            entry.setMethod(stored ? ZipArchiveEntry.STORED : ZipArchiveEntry.DEFLATED);
            entry.setUnixMode(REGULAR_FILE_MODE);
            entry.setTime(dosMillis(file.createdAt()));
            entry.setSize(file.size());
            entry.setCrc(file.crc32());
            return entry;
        }
    }

    /**
     * An object made ready for its entry: held in memory (small), open for streaming, or when writing a range,
     * not fetched (data outside the range) or open for the part of a stored entry in the range.
     */
    private sealed interface Prepared permits InMemory, Streamed, Skipped, Partial {
        void release();
    }

    /** A small object read whole: its stored bytes, or its deflated bytes. */
    private record InMemory(byte[] bytes) implements Prepared {

        /** The entry's bytes as written: {@code plain} itself for a stored entry, else deflated. */
        static InMemory of(Entry entry, byte[] plain) {
            return new InMemory(entry.stored ? plain : Deflation.deflate(plain, 0, plain.length));
        }

        @Override
        public void release() {
        }
    }

    /** An object whose data lies outside the range being written: never fetched. */
    private record Skipped() implements Prepared {
        @Override
        public void release() {
        }
    }

    /** The part (offsets in the object) of a stored entry's object that a range covers, open. */
    private record Partial(ObjectContent content, ByteRange part) implements Prepared {
        @Override
        public void release() {
            content.abort();
        }
    }

    /** A large object, open. */
    private record Streamed(ObjectContent content) implements Prepared {
        @Override
        public void release() {
            content.abort();
        }
    }

    /** Reads as many placeholder bytes as an entry's data takes, without filling the buffer. */
    private static final class PlaceholderInputStream extends InputStream {
        private long left;

        PlaceholderInputStream(long length) {
            this.left = length;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            left -= n;
            return n;
        }
    }

    /**
     * What a failure says about the stored bytes: {@code MISSING} when S3 has no object, {@code ALTERED} when
     * its bytes differ from the row's length or CRC-32, null for any other failure (S3 or the client failing).
     */
    static DamagedArtifactException.Kind damage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ObjectNotFoundException) {
                return DamagedArtifactException.Kind.MISSING;
            }
            if (t instanceof ContentMismatchException) {
                return DamagedArtifactException.Kind.ALTERED;
            }
        }
        return null;
    }
}
