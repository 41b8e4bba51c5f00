package dev.artifactservice.bundle;

import static dev.artifactservice.bundle.BundleFixtures.SESSION;
import static dev.artifactservice.bundle.BundleFixtures.T0;
import static dev.artifactservice.bundle.BundleFixtures.file;
import static dev.artifactservice.bundle.BundleFixtures.random;
import static dev.artifactservice.bundle.BundleFixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artifactservice.artifact.ArtifactSnapshot;
import dev.artifactservice.storage.ByteRange;
import dev.artifactservice.storage.ContentCache;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Byte ranges of a bundle: every range is the same bytes as that slice of the whole bundle, and only the
 * artifacts whose entry data overlaps the range are read from storage.
 */
class BundleWriterRangeTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final InMemoryObjectStorage storage = new InMemoryObjectStorage();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private ArtifactSnapshot add(String path, byte[] bytes) {
        ArtifactSnapshot file = file(path, bytes, T0);
        storage.add(file.storageKey(), bytes);
        return file;
    }

    /**
     * Deflated and stored entries, small (read whole) and large (streamed), one deflated in several 1 MiB blocks,
     * and names outside ASCII, in path order.
     */
    private List<ArtifactSnapshot> files() {
        List<ArtifactSnapshot> files = new ArrayList<>(List.of(
            add("README.md", text("# Demo\n".repeat(40))),
            add("diagrams/architecture.png", random(5_000, 1)),
            add("diagrams/big.png", random(BundleWriter.SMALL_OBJECT_BYTES + 30_000, 2)),
            add("terraform/large.tf", text("variable \"v\" { default = \"x\" }\n".repeat(90_000))),
            add("terraform/main.tf", text("module \"network\" {}\n".repeat(30))),
            add("terraform/\u6e2c\u8a66.tf", text("# \u6e2c\u8a66\n")),
            add("pricing/empty.csv", new byte[0])));
        files.sort((a, b) -> a.path().compareTo(b.path()));
        assertTrue(files.stream().anyMatch(f -> f.size() > 2L * 1024 * 1024), "one entry of several deflate blocks");
        return files;
    }

    private BundleWriter writer(List<ArtifactSnapshot> files, boolean checksums) {
        return new BundleWriter(SESSION, files, checksums, storage, ContentCache.off(), executor, 8);
    }

    private byte[] whole(List<ArtifactSnapshot> files, boolean checksums) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer(files, checksums).write(out);
        return out.toByteArray();
    }

    private byte[] range(List<ArtifactSnapshot> files, boolean checksums, long first, long last) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleWriter writer = writer(files, checksums);
        writer.write(out, new ByteRange(first, last));
        return out.toByteArray();
    }

    /** Offsets where things start or end in the bundle: headers, data, the central directory and the end. */
    private static TreeSet<Long> boundaries(byte[] zip) throws IOException {
        TreeSet<Long> offsets = new TreeSet<>(List.of(0L, 1L, (long) zip.length - 22, (long) zip.length - 1));
        try (ZipFile file = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
            for (ZipArchiveEntry entry : Collections.list(file.getEntries())) {
                long header = entry.getLocalHeaderOffset();
                long data = entry.getDataOffset();
                long end = data + entry.getCompressedSize();
                for (long offset : new long[] {header, header + 1, header + 20, data - 1, data, data + 1,
                    data + entry.getCompressedSize() / 2, end - 1, end}) {
                    if (offset >= 0 && offset < zip.length) {
                        offsets.add(offset);
                    }
                }
            }
        }
        return offsets;
    }

    @Test
    void everyRangeIsThatSliceOfTheWholeBundle() throws IOException {
        List<ArtifactSnapshot> files = files();
        for (boolean checksums : new boolean[] {false, true}) {
            byte[] zip = whole(files, checksums);
            List<Long> offsets = new ArrayList<>(boundaries(zip));
            Random random = new Random(42);
            for (int i = 0; i < 20; i++) {
                offsets.add((long) random.nextInt(zip.length));
            }
            for (long first : offsets) {
                // To the end (as a resumed download asks), a short span, and one that crosses into what follows.
                for (long last : new long[] {zip.length - 1, Math.min(zip.length - 1, first + 9),
                    Math.min(zip.length - 1, first + 70_000)}) {
                    assertArrayEquals(Arrays.copyOfRange(zip, (int) first, (int) last + 1),
                        range(files, checksums, first, last), "bytes " + first + "-" + last + " of " + zip.length
                            + (checksums ? " with SHA256SUMS" : ""));
                }
            }
            assertArrayEquals(zip, range(files, checksums, 0, zip.length - 1));
        }
        assertEquals(List.of(), storage.leaked(), "every opened object was closed");
    }

    @Test
    void onlyTheArtifactsWhoseDataOverlapsTheRangeAreRead() throws IOException {
        List<ArtifactSnapshot> files = files();
        byte[] zip = whole(files, false);
        try (ZipFile file = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
            List<ZipArchiveEntry> entries = Collections.list(file.getEntriesInPhysicalOrder());
            long centralDirectory = entries.get(entries.size() - 1).getDataOffset()
                + entries.get(entries.size() - 1).getCompressedSize();
            for (int i = 0; i < entries.size(); i++) {
                ZipArchiveEntry entry = entries.get(i);
                String key = files.get(i).storageKey();
                assertEquals(files.get(i).path(), entry.getName());
                long data = entry.getDataOffset();
                long end = data + entry.getCompressedSize();
                if (entry.getCompressedSize() > 0) {
                    // From the middle of this entry's data to the end: this entry and the ones after it.
                    List<String> fromHere = new ArrayList<>();
                    for (int j = i; j < entries.size(); j++) {
                        if (entries.get(j).getCompressedSize() > 0) {
                            fromHere.add(files.get(j).storageKey());
                        }
                    }
                    assertReads(files, data + entry.getCompressedSize() / 2, zip.length - 1, fromHere);
                    // The last byte of the data only: this entry alone, though it is built from its start.
                    assertReads(files, end - 1, end - 1, List.of(key));
                }
                // Only the header (from its middle): nothing is read.
                assertReads(files, entry.getLocalHeaderOffset() + 3, data - 1, List.of());
            }
            assertReads(files, centralDirectory, zip.length - 1, List.of());
            assertReads(files, zip.length - 1, zip.length - 1, List.of());
        }
    }

    private void assertReads(List<ArtifactSnapshot> files, long first, long last, List<String> keys) throws IOException {
        storage.openedKeys.clear();
        range(files, false, first, last);
        // Fetched in parallel: in any order.
        assertEquals(new TreeSet<>(keys), new TreeSet<>(storage.openedKeys), "objects read for bytes " + first + "-" + last);
        assertEquals(keys.size(), storage.openedKeys.size(), "each object read once");
    }

    @Test
    void aStoredEntryTheRangeCoversInPartIsReadWithARangedGetOfThatPartOnly() throws IOException {
        List<ArtifactSnapshot> files = files();
        byte[] zip = whole(files, false);
        try (ZipFile file = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
            ZipArchiveEntry big = file.getEntry("diagrams/big.png");
            assertEquals(ZipArchiveEntry.STORED, big.getMethod());
            long data = big.getDataOffset();
            String key = files.stream().filter(f -> f.path().equals("diagrams/big.png")).findFirst().orElseThrow()
                .storageKey();
            storage.openedRanges.clear();
            assertArrayEquals(Arrays.copyOfRange(zip, (int) data + 1000, (int) data + 5000),
                range(files, false, data + 1000, data + 4999));
            assertEquals(List.of(key + " bytes=1000-4999"), storage.openedRanges);
            storage.openedRanges.clear();
            assertArrayEquals(Arrays.copyOfRange(zip, (int) data - 10, (int) data + 7),
                range(files, false, data - 10, data + 6));
            assertEquals(List.of(key + " bytes=0-6"), storage.openedRanges, "from the header into the data");
            storage.openedRanges.clear();
            range(files, false, data + 100_000, zip.length - 1);
            assertEquals(List.of(key + " bytes=100000-" + (big.getSize() - 1)), storage.openedRanges,
                "only the stored entry is read in part; the ones after it whole");
        }
        assertEquals(List.of(), storage.leaked(), "every opened object was closed");
    }

    @Test
    void aRangeNeedsTheLengthAndMustLieWithinIt() {
        List<ArtifactSnapshot> files = files();
        BundleWriter unknown = writer(List.of(BundleFixtures.unmeasured(files.get(files.size() - 1))), false);
        assertThrows(IllegalStateException.class, () -> unknown.write(new ByteArrayOutputStream(), new ByteRange(0, 0)));
        BundleWriter known = writer(files, false);
        long length = known.length().orElseThrow();
        assertThrows(IllegalStateException.class,
            () -> known.write(new ByteArrayOutputStream(), new ByteRange(0, length)));
        assertTrue(storage.openedKeys.isEmpty());
    }
}
