package dev.artifactservice.bundle;

import static dev.artifactservice.bundle.BundleFixtures.T0;
import static dev.artifactservice.bundle.BundleFixtures.crc32;
import static dev.artifactservice.bundle.BundleFixtures.file;
import static dev.artifactservice.bundle.BundleFixtures.random;
import static dev.artifactservice.bundle.BundleFixtures.sha256Hex;
import static dev.artifactservice.bundle.BundleFixtures.text;
import static dev.artifactservice.bundle.BundleFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artifactservice.artifact.ArtifactSnapshot;
import dev.artifactservice.artifact.DamagedArtifactException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TimeZone;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleWriterTest {

    /** The end-of-central-directory signature: present only in a ZIP that was finished. */
    private static final byte[] END_OF_CENTRAL_DIRECTORY = {'P', 'K', 5, 6};
    private static final byte[] ZIP64_END_OF_CENTRAL_DIRECTORY = {'P', 'K', 6, 6};

    @TempDir
    Path tmp;

    private final InMemoryObjectStorage storage = new InMemoryObjectStorage();

    private ArtifactSnapshot stored(ArtifactSnapshot file, byte[] bytes) {
        storage.add(file.storageKey(), bytes);
        return file;
    }

    private ArtifactSnapshot add(String path, byte[] bytes) {
        return stored(file(path, bytes, T0), bytes);
    }

    private ArtifactSnapshot add(String path, byte[] bytes, Instant createdAt) {
        return stored(file(path, bytes, createdAt), bytes);
    }

    /** Entry name to bytes, in ZIP order, read as a streaming client would. */
    private static Map<String, byte[]> readStreaming(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                assertNull(entries.put(e.getName(), in.readAllBytes()), "duplicate entry " + e.getName());
            }
        }
        return entries;
    }

    private Path toFile(byte[] zip) throws IOException {
        Path file = Files.createTempFile(tmp, "bundle", ".zip");
        Files.write(file, zip);
        return file;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void entriesAreWrittenInTheGivenOrderWithExactNamesAndBytes() throws IOException {
        byte[] readme = text("# Demo\n");
        byte[] yaml = text("AWSTemplateFormatVersion: '2010-09-09'\n");
        byte[] png = random(3000, 1);
        byte[] tf = text("module \"vpc\" {}\n");
        byte[] cjk = text("# \u5831\u544a\n");
        byte[] spaced = text("a,b\n1,2\n");
        List<ArtifactSnapshot> files = List.of(
            add("README.md", readme),
            add("cloudformation/main.yaml", yaml),
            add("diagrams/architecture.png", png),
            add("terraform/modules/vpc/main.tf", tf),
            add("terraform/\u5831\u544a.md", cjk),
            add("pricing/my estimate+v2 (final).csv", spaced));

        Map<String, byte[]> entries = readStreaming(write(files, false, storage));

        assertEquals(List.of("README.md", "cloudformation/main.yaml", "diagrams/architecture.png",
            "terraform/modules/vpc/main.tf", "terraform/\u5831\u544a.md", "pricing/my estimate+v2 (final).csv"),
            new ArrayList<>(entries.keySet()));
        assertArrayEquals(readme, entries.get("README.md"));
        assertArrayEquals(yaml, entries.get("cloudformation/main.yaml"));
        assertArrayEquals(png, entries.get("diagrams/architecture.png"));
        assertArrayEquals(tf, entries.get("terraform/modules/vpc/main.tf"));
        assertArrayEquals(cjk, entries.get("terraform/\u5831\u544a.md"));
        assertArrayEquals(spaced, entries.get("pricing/my estimate+v2 (final).csv"));
    }

    @Test
    void givenOrderIsKeptEvenWhenNotSorted() throws IOException {
        List<ArtifactSnapshot> files = List.of(add("terraform/z.tf", text("z")), add("README.md", text("r")),
            add("cloudformation/a.yaml", text("a")));
        assertEquals(List.of("terraform/z.tf", "README.md", "cloudformation/a.yaml"),
            new ArrayList<>(readStreaming(write(files, false, storage)).keySet()));
    }

    @Test
    void entryNamesAreFlaggedUtf8() throws IOException {
        byte[] zip = write(List.of(add("terraform/\u5831\u544a.tf", text("x"))), false, storage);
        // Local file header: signature, version (2 bytes), then general purpose flags; bit 11 is "UTF-8 names".
        assertEquals(0, indexOf(zip, new byte[] {'P', 'K', 3, 4}));
        int flags = (zip[6] & 0xff) | (zip[7] & 0xff) << 8;
        assertTrue((flags & 0x800) != 0, "EFS flag set, flags=" + Integer.toHexString(flags));
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            assertEquals("terraform/\u5831\u544a.tf", in.getNextEntry().getName());
        }
    }

    @Test
    void pngAndPdfAreStoredWithTheirCrc() throws IOException {
        byte[] png = random(70_000, 2);
        byte[] pdf = random(10_000, 3);
        byte[] jpg = random(5_000, 4);
        List<ArtifactSnapshot> files = List.of(add("diagrams/x.png", png), add("pricing/summary.pdf", pdf),
            add("diagrams/photo.jpg", jpg));

        try (ZipFile zip = new ZipFile(toFile(write(files, false, storage)).toFile())) {
            for (Object[] expected : new Object[][] {{"diagrams/x.png", png}, {"pricing/summary.pdf", pdf},
                {"diagrams/photo.jpg", jpg}}) {
                String name = (String) expected[0];
                byte[] bytes = (byte[]) expected[1];
                ZipEntry e = zip.getEntry(name);
                assertNotNull(e, name);
                assertEquals(ZipEntry.STORED, e.getMethod(), name);
                assertEquals(crc32(bytes), e.getCrc(), name);
                assertEquals(bytes.length, e.getSize(), name);
                assertEquals(bytes.length, e.getCompressedSize(), name);
                try (InputStream in = zip.getInputStream(e)) {
                    assertArrayEquals(bytes, in.readAllBytes(), name);
                }
            }
        }
    }

    @Test
    void textFormatsAreDeflated() throws IOException {
        byte[] tf = text("resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n".repeat(200));
        byte[] svg = text("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>\n".repeat(100));
        List<ArtifactSnapshot> files = List.of(add("terraform/main.tf", tf), add("diagrams/deployment.svg", svg),
            add("README.md", text("# readme\n".repeat(50))));

        try (ZipFile zip = new ZipFile(toFile(write(files, false, storage)).toFile())) {
            for (String name : List.of("terraform/main.tf", "diagrams/deployment.svg", "README.md")) {
                ZipEntry e = zip.getEntry(name);
                assertEquals(ZipEntry.DEFLATED, e.getMethod(), name);
                assertTrue(e.getCompressedSize() < e.getSize(), name + " is smaller deflated");
            }
            ZipEntry main = zip.getEntry("terraform/main.tf");
            assertEquals(crc32(tf), main.getCrc());
            try (InputStream in = zip.getInputStream(main)) {
                assertArrayEquals(tf, in.readAllBytes());
            }
        }
    }

    @Test
    void entryTimesAreCreatedAtInUtcWhateverTheServerTimeZone() throws IOException {
        Instant t1 = Instant.parse("2024-01-15T10:30:00Z");
        Instant t2 = Instant.parse("2023-06-30T23:59:58Z");
        Instant t3 = Instant.parse("2025-12-31T00:00:02Z");
        List<ArtifactSnapshot> files = List.of(add("README.md", text("r"), t1), add("diagrams/x.png", random(10, 5), t2),
            add("terraform/main.tf", text("t"), t3));
        TimeZone saved = TimeZone.getDefault();
        byte[] zip;
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
            zip = write(files, true, storage);
        } finally {
            TimeZone.setDefault(saved);
        }
        Map<String, LocalDateTime> times = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                times.put(e.getName(), e.getTimeLocal());
            }
        }
        assertEquals(LocalDateTime.ofInstant(t1, ZoneOffset.UTC), times.get("README.md"));
        assertEquals(LocalDateTime.ofInstant(t2, ZoneOffset.UTC), times.get("diagrams/x.png"));
        assertEquals(LocalDateTime.ofInstant(t3, ZoneOffset.UTC), times.get("terraform/main.tf"));
        assertEquals(LocalDateTime.ofInstant(t3, ZoneOffset.UTC), times.get(BundleWriter.CHECKSUMS_ENTRY),
            "SHA256SUMS carries the newest created_at");
    }

    @Test
    void twoWritesProduceIdenticalBytes() throws IOException {
        List<ArtifactSnapshot> files = List.of(add("README.md", text("# x\n")), add("diagrams/x.png", random(5000, 6)),
            add("terraform/main.tf", text("terraform {}\n".repeat(100))), add("pricing/summary.pdf", random(100, 7)));
        byte[] first = write(files, false, storage);
        byte[] second = write(files, false, storage);
        assertTrue(first.length > 5000);
        assertArrayEquals(first, second);
        assertArrayEquals(write(files, true, storage), write(files, true, storage));
    }

    @Test
    void sameWriterWrittenTwiceGivesIdenticalBytes() throws IOException {
        List<ArtifactSnapshot> files = List.of(add("terraform/main.tf", text("a")), add("diagrams/x.png", random(9, 8)));
        BundleWriter writer = BundleFixtures.writer(files, true, storage);
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        writer.write(a);
        writer.write(b);
        assertArrayEquals(a.toByteArray(), b.toByteArray());
    }

    @Test
    void checksumsAddSha256SumsInSha256sumFormat() throws IOException {
        byte[] readme = text("# r\n");
        byte[] png = random(100, 9);
        byte[] tf = text("x = 1\n");
        List<ArtifactSnapshot> files = List.of(add("README.md", readme), add("diagrams/a b.png", png),
            add("terraform/modules/vpc/main.tf", tf));

        Map<String, byte[]> entries = readStreaming(write(files, true, storage));

        assertEquals(List.of("README.md", "diagrams/a b.png", "terraform/modules/vpc/main.tf", "SHA256SUMS"),
            new ArrayList<>(entries.keySet()));
        String sums = new String(entries.get("SHA256SUMS"), StandardCharsets.UTF_8);
        assertEquals(sha256Hex(readme) + "  README.md\n"
            + sha256Hex(png) + "  diagrams/a b.png\n"
            + sha256Hex(tf) + "  terraform/modules/vpc/main.tf\n", sums);
        // As sha256sum -c would: every line's hash is that of the entry it names.
        for (String line : sums.split("\n")) {
            assertTrue(line.matches("[0-9a-f]{64}  .+"), line);
            String path = line.substring(66);
            assertEquals(line.substring(0, 64), sha256Hex(entries.get(path)), path);
        }
    }

    @Test
    void withoutChecksumsThereIsNoSha256Sums() throws IOException {
        Map<String, byte[]> entries = readStreaming(write(List.of(add("README.md", text("r"))), false, storage));
        assertEquals(List.of("README.md"), new ArrayList<>(entries.keySet()));
    }

    @Test
    void emptySelectionGivesAValidEmptyZip() throws IOException {
        byte[] zip = write(List.of(), false, storage);
        assertEquals(22, zip.length, "just the end-of-central-directory record");
        assertEquals(0, indexOf(zip, END_OF_CENTRAL_DIRECTORY));
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            assertNull(in.getNextEntry());
        }
        try (ZipFile file = new ZipFile(toFile(zip).toFile())) {
            assertEquals(0, file.size());
        }
        assertTrue(storage.openedKeys.isEmpty());
    }

    @Test
    void emptySelectionWithChecksumsHasAnEmptySha256Sums() throws IOException {
        Map<String, byte[]> entries = readStreaming(write(List.of(), true, storage));
        assertEquals(List.of("SHA256SUMS"), new ArrayList<>(entries.keySet()));
        assertEquals(0, entries.get("SHA256SUMS").length);
    }

    /** The bundle's strong ETag does not depend on the JVM's time zone, so neither may its bytes. */
    @Test
    void emptySelectionWithChecksumsIsTheSameBytesInEveryTimeZone() throws IOException {
        TimeZone saved = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            byte[] utc = write(List.of(), true, storage);
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
            byte[] kolkata = write(List.of(), true, storage);
            assertArrayEquals(utc, kolkata);
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void lengthIsKnownAndExactWhenEveryDeflatedSizeWasMeasured() throws IOException {
        List<ArtifactSnapshot> files = List.of(add("README.md", text("# readme\n".repeat(300))),
            add("diagrams/a.png", random(70_000, 1)), add("terraform/big.tf", text("variable \"x\" {}\n".repeat(40_000))),
            add("pricing/cost.csv", text("a,b\n1,2\n")));
        for (boolean checksums : new boolean[] {false, true}) {
            BundleWriter writer = BundleFixtures.writer(files, checksums, storage);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writer.write(out);
            assertTrue(writer.length().isPresent(), "every deflated entry was measured");
            assertEquals(out.size(), writer.length().getAsLong(), "declared length = bytes written");
            assertEquals(checksums ? 5 : 4, readStreaming(out.toByteArray()).size());
        }
    }

    @Test
    void anUnmeasuredDeflatedArtifactLeavesTheLengthUnknownAndTheZipValid() throws IOException {
        byte[] big = text("output \"y\" { value = 1 }\n".repeat(20_000));
        ArtifactSnapshot unmeasured = stored(BundleFixtures.unmeasured(file("terraform/big.tf", big, T0)), big);
        List<ArtifactSnapshot> files = List.of(add("README.md", text("r")), unmeasured, add("diagrams/a.png", random(500, 2)));
        BundleWriter writer = BundleFixtures.writer(files, true, storage);
        assertTrue(writer.length().isEmpty());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out);
        Map<String, byte[]> entries = readStreaming(out.toByteArray());
        assertArrayEquals(big, entries.get("terraform/big.tf"));
        try (ZipFile zip = new ZipFile(toFile(out.toByteArray()).toFile())) {
            assertEquals(4, zip.size());
            assertEquals(ZipEntry.DEFLATED, zip.getEntry("terraform/big.tf").getMethod());
        }
    }

    @Test
    void aDeflatedSizeOtherThanTheMeasuredOneAbortsAndNeverFinishesTheZip() {
        byte[] body = text("locals { a = 1 }\n".repeat(1000));
        ArtifactSnapshot measured = file("terraform/main.tf", body, T0);
        ArtifactSnapshot wrong = new ArtifactSnapshot(measured.artifactId(), measured.sessionId(), measured.type(),
            measured.name(), measured.path(), measured.size(), measured.mimeType(), measured.sha256(),
            measured.crc32(), null, null, T0, T0, measured.storageKey(), null, false, measured.deflatedSize() + 1,
            measured.deflateProfile(), 1);
        stored(wrong, body);
        BundleWriter writer = BundleFixtures.writer(List.of(add("README.md", text("r")), wrong),
            false, storage);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(IOException.class, () -> writer.write(out));
        assertEquals(-1, indexOf(out.toByteArray(), END_OF_CENTRAL_DIRECTORY), "no end of central directory");
    }

    @Test
    void anObjectThatDiffersFromItsRowAbortsTheBundle() {
        byte[] recorded = random(400_000, 3);
        byte[] changed = recorded.clone();
        changed[123_456] ^= 1;
        // Same length, other bytes: only the CRC-32 shows it (a stored entry's raw copy would carry them).
        ArtifactSnapshot file = stored(file("diagrams/big.png", recorded, T0), changed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DamagedArtifactException e = assertThrows(DamagedArtifactException.class,
            () -> BundleFixtures.writer(List.of(file), false, storage).write(out));
        assertEquals(DamagedArtifactException.Kind.ALTERED, e.kind());
        assertEquals("diagrams/big.png", e.path());
        assertTrue(causes(e).contains("CRC-32"), causes(e));
        assertEquals(-1, indexOf(out.toByteArray(), END_OF_CENTRAL_DIRECTORY));
        assertEquals(Collections.emptyList(), BundleFixtures.leakedAfterRelease(storage), "opened objects left open");
    }

    @Test
    void aShortSmallObjectAbortsTheBundle() {
        byte[] recorded = text("resource \"x\" \"y\" {}\n".repeat(50));
        ArtifactSnapshot file = stored(file("terraform/x.tf", recorded, T0), Arrays.copyOf(recorded, recorded.length - 1));
        DamagedArtifactException e = assertThrows(DamagedArtifactException.class, () -> BundleFixtures.writer(List.of(file), false, storage).write(new ByteArrayOutputStream()));
        assertEquals(DamagedArtifactException.Kind.ALTERED, e.kind());
        assertTrue(causes(e).contains("were expected"), causes(e));
    }

    @Test
    void moreThan65535EntriesAreWrittenAsZip64() throws IOException {
        int count = 70_000;
        InMemoryObjectStorage empty = new InMemoryObjectStorage(true);
        byte[] nothing = new byte[0];
        List<ArtifactSnapshot> files = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // Alternate deflated and stored entries; every body is empty so the test stays fast.
            files.add(file(String.format(i % 2 == 0 ? "terraform/f%05d.tf" : "diagrams/f%05d.png", i), nothing, T0));
        }
        Path target = tmp.resolve("huge.zip");
        BundleWriter writer = BundleFixtures.writer(files, false, empty);
        try (OutputStream out = Files.newOutputStream(target)) {
            writer.write(out);
        }
        assertEquals(Files.size(target), writer.length().orElseThrow(), "ZIP64 records are counted in the length");

        byte[] tail;
        try (InputStream in = Files.newInputStream(target)) {
            byte[] all = in.readAllBytes();
            tail = Arrays.copyOfRange(all, Math.max(0, all.length - 200), all.length);
        }
        assertTrue(indexOf(tail, ZIP64_END_OF_CENTRAL_DIRECTORY) >= 0, "ZIP64 end of central directory");

        try (ZipFile zip = new ZipFile(target.toFile())) {
            assertEquals(count, zip.size());
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertEquals(count, names.size());
            assertEquals("terraform/f00000.tf", names.get(0));
            assertEquals("diagrams/f69999.png", names.get(count - 1));
            for (int i = 0; i < count; i += 9_973) {
                assertEquals(files.get(i).path(), names.get(i));
            }
            ZipEntry last = zip.getEntry("diagrams/f69999.png");
            assertEquals(ZipEntry.STORED, last.getMethod());
            assertEquals(0, last.getSize());
        }
        assertEquals(count, empty.openedKeys.size());
    }

    @Test
    void storageFailureMidwayMakesWriteThrowAndNeverFinishesTheZip() throws IOException {
        List<ArtifactSnapshot> files = List.of(add("README.md", text("r")),
            add("diagrams/big.png", random(200_000, 10)), add("terraform/main.tf", text("t")));
        storage.failAfter(files.get(1).storageKey(), 100_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThrows(IOException.class,
            () -> BundleFixtures.writer(files, false, storage).write(out));

        assertEquals(-1, indexOf(out.toByteArray(), END_OF_CENTRAL_DIRECTORY), "no end of central directory");
        assertEquals(Collections.emptyList(), BundleFixtures.leakedAfterRelease(storage), "opened objects left open");
        InMemoryObjectStorage.Content failed = storage.contents.stream()
            .filter(c -> c.key.equals(files.get(1).storageKey())).findFirst().orElseThrow();
        assertTrue(failed.aborted, "the failing object is aborted, not drained");
    }

    @Test
    void storageFailureOnTheFirstByteMakesWriteThrow() {
        List<ArtifactSnapshot> files = List.of(add("terraform/main.tf", text("t".repeat(1000))));
        storage.failAfter(files.get(0).storageKey(), 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(IOException.class,
            () -> BundleFixtures.writer(files, false, storage).write(out));
        assertEquals(-1, indexOf(out.toByteArray(), END_OF_CENTRAL_DIRECTORY));
    }

    @Test
    void objectMissingMidwayMakesWriteThrow() {
        List<ArtifactSnapshot> files = List.of(add("README.md", text("r")), add("terraform/a.tf", text("a")),
            add("terraform/b.tf", text("b")));
        storage.remove(files.get(2).storageKey());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DamagedArtifactException e = assertThrows(DamagedArtifactException.class,
            () -> BundleFixtures.writer(files, false, storage).write(out));
        assertEquals(DamagedArtifactException.Kind.MISSING, e.kind());
        assertEquals("terraform/b.tf", e.path());
        assertEquals(-1, indexOf(out.toByteArray(), END_OF_CENTRAL_DIRECTORY));
    }

    /** When opening the next object fails, the one being copied must still be released (no leaked connection). */
    @Test
    void everyOpenedObjectIsReleasedWhenOpeningTheNextFails() {
        List<ArtifactSnapshot> files = List.of(add("README.md", text("r")), add("terraform/a.tf", text("a")),
            add("terraform/b.tf", text("b")));
        storage.remove(files.get(2).storageKey());
        assertThrows(DamagedArtifactException.class,
            () -> BundleFixtures.writer(files, false, storage).write(new ByteArrayOutputStream()));
        // Fetched ahead in parallel: which objects were opened is fixed, the order is not.
        assertEquals(Set.of(files.get(0).storageKey(), files.get(1).storageKey()), Set.copyOf(storage.openedKeys));
        assertEquals(Collections.emptyList(), BundleFixtures.leakedAfterRelease(storage), "opened objects left open");
    }

    @Test
    void clientGoingAwayStopsReadingFromStorage() {
        List<ArtifactSnapshot> files = new ArrayList<>();
        for (int i = 0; i < 3 * BundleEntrySizes.PREFETCH_WINDOW; i++) {
            files.add(add("diagrams/p" + i + ".png", random(300_000, 20 + i)));
        }
        OutputStream client = new OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 500_000) {
                    throw new IOException("Broken pipe");
                }
            }
        };
        assertThrows(IOException.class,
            () -> BundleFixtures.writer(files, false, storage).write(client));
        // At most the two entries written plus the window fetched ahead of them, far fewer than the bundle holds.
        assertTrue(storage.openedKeys.size() <= 2 + BundleEntrySizes.PREFETCH_WINDOW,
            "stopped opening objects: " + storage.openedKeys.size());
        assertEquals(Collections.emptyList(), BundleFixtures.leakedAfterRelease(storage), "opened objects left open");
        assertTrue(storage.contents.stream().anyMatch(c -> c.aborted), "the object being copied is aborted");
        assertFalse(storage.contents.get(storage.contents.size() - 1).closed,
            "the last opened object was not drained to its end");
    }

    /** The messages along a failure's cause chain, joined. */
    private static String causes(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append(" / ");
        }
        return messages.toString();
    }
}
