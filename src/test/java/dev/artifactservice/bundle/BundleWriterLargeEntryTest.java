package dev.artifactservice.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.artifactservice.artifact.ArtifactSnapshot;
import dev.artifactservice.artifact.ArtifactPath;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An entry over 4 GiB is written as ZIP64, shown with a generated stream instead of stored bytes. */
class BundleWriterLargeEntryTest {

    private static final long FOUR_GIB_AND_ONE = 4L * 1024 * 1024 * 1024 + 1;

    @TempDir
    Path tmp;

    @Test
    void entryLargerThan4GibIsWrittenWithZip64Sizes() throws IOException {
        InMemoryObjectStorage storage = new InMemoryObjectStorage();
        String path = "lambda/huge.bin";
        storage.addGenerated(BundleFixtures.keyOf(path), FOUR_GIB_AND_ONE);
        CRC32 crc = new CRC32();
        byte[] zeros = new byte[1 << 20];
        for (long left = FOUR_GIB_AND_ONE; left > 0; left -= zeros.length) {
            crc.update(zeros, 0, (int) Math.min(zeros.length, left));
        }
        ArtifactPath p = ArtifactPath.of(path);
        ArtifactSnapshot file = new ArtifactSnapshot(UUID.randomUUID(), BundleFixtures.SESSION, p.type(), p.name(), path,
            FOUR_GIB_AND_ONE, "application/octet-stream", "0".repeat(64), crc.getValue(), null, null,
            Instant.parse("2024-01-15T10:30:00Z"), Instant.parse("2024-01-15T10:30:00Z"),
            BundleFixtures.keyOf(path), null, false, null, null, 1);
        Path zip = tmp.resolve("huge.zip");
        try (OutputStream out = Files.newOutputStream(zip)) {
            BundleFixtures.writer(List.of(file), false, storage).write(out);
        }
        try (ZipFile read = new ZipFile(zip.toFile())) {
            ZipEntry entry = read.getEntry(path);
            assertEquals(FOUR_GIB_AND_ONE, entry.getSize(), "uncompressed size needs ZIP64 fields");
            assertEquals(crc.getValue(), entry.getCrc());
            assertEquals(ZipEntry.DEFLATED, entry.getMethod());
        }
    }
}
