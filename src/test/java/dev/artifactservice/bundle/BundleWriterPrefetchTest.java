package dev.artifactservice.bundle;

import static dev.artifactservice.bundle.BundleFixtures.SESSION;
import static dev.artifactservice.bundle.BundleFixtures.file;
import static dev.artifactservice.bundle.BundleFixtures.keyOf;
import static dev.artifactservice.bundle.BundleFixtures.random;
import static dev.artifactservice.bundle.BundleFixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artifactservice.artifact.DamagedArtifactException;
import dev.artifactservice.artifact.ArtifactSnapshot;
import dev.artifactservice.storage.ContentCache;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bundle writer with several objects in flight on an executor, as the service runs it. */
class BundleWriterPrefetchTest {

    private static final Instant T0 = Instant.parse("2024-01-15T10:30:00Z");

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final InMemoryObjectStorage storage = new InMemoryObjectStorage();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static List<ArtifactSnapshot> files(int count, InMemoryObjectStorage storage, int missing) {
        List<ArtifactSnapshot> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // Small text, small images and objects above the in-memory limit, interleaved.
            String path = String.format(i % 3 == 0 ? "terraform/m%03d.tf" : i % 3 == 1 ? "diagrams/d%03d.png"
                : "lambda/l%03d.zip", i);
            byte[] bytes = i % 3 == 0 ? text("resource \"x\" \"y%d\" {}\n".formatted(i).repeat(50 + i))
                : random(i % 3 == 1 ? 20_000 + i : BundleWriter.SMALL_OBJECT_BYTES + 1000 + i, i);
            if (i != missing) {
                storage.add(keyOf(path), bytes);
            }
            files.add(file(path, bytes, T0));
        }
        Collections.sort(files, (a, b) -> a.path().compareTo(b.path()));
        return files;
    }

    @Test
    void parallelFetchGivesTheSameBytesAsOneAhead() throws IOException {
        List<ArtifactSnapshot> files = files(60, storage, -1);
        ByteArrayOutputStream sequential = new ByteArrayOutputStream();
        // the sequential reference
        new BundleWriter(SESSION, files, true, storage, ContentCache.off(), Runnable::run, 1).write(sequential);
        ByteArrayOutputStream parallel = new ByteArrayOutputStream();
        new BundleWriter(SESSION, files, true, storage, ContentCache.off(), executor, 8).write(parallel);
        assertArrayEquals(sequential.toByteArray(), parallel.toByteArray());
        assertEquals(List.of(), storage.leaked(), "every opened object was closed");
    }

    @Test
    void largeTextDeflatedBlockByBlockInParallelGivesTheSameBytesAndUnzips() throws IOException {
        // Text files of several 1 MiB blocks, between stored images: blocks are deflated on the executor, in
        // slots reused from entry to entry; the bytes must equal the one-thread writer's and unzip to the input.
        List<ArtifactSnapshot> files = new ArrayList<>();
        java.util.Map<String, byte[]> contents = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            String path = i % 3 == 2 ? String.format("diagrams/d%02d.png", i) : String.format("terraform/big%02d.tf", i);
            byte[] bytes = i % 3 == 2 ? random(1_500_000 + i, i)
                : text(("resource \"aws_subnet\" \"s%d\" { cidr_block = \"10.%d.0.0/24\" }\n").formatted(i, i)
                    .repeat(60_000 + 1000 * i));
            storage.add(keyOf(path), bytes);
            files.add(file(path, bytes, T0));
            contents.put(path, bytes);
        }
        assertTrue(contents.get("terraform/big00.tf").length > 2 * dev.artifactservice.zip.Deflation.BLOCK_BYTES);
        ByteArrayOutputStream sequential = new ByteArrayOutputStream();
        // the sequential reference
        new BundleWriter(SESSION, files, false, storage, ContentCache.off(), Runnable::run, 1).write(sequential);
        for (int run = 0; run < 2; run++) {
            BundleWriter writer = new BundleWriter(SESSION, files, false, storage, ContentCache.off(), executor, 8);
            ByteArrayOutputStream parallel = new ByteArrayOutputStream();
            writer.write(parallel);
            assertArrayEquals(sequential.toByteArray(), parallel.toByteArray(), "run " + run);
            assertEquals(parallel.size(), writer.length().orElseThrow());
        }
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(
                new java.io.ByteArrayInputStream(sequential.toByteArray()))) {
            int entries = 0;
            for (java.util.zip.ZipEntry e; (e = zip.getNextEntry()) != null; entries++) {
                assertArrayEquals(contents.get(e.getName()), zip.readAllBytes(), e.getName());
            }
            assertEquals(contents.size(), entries);
        }
        assertEquals(List.of(), storage.leaked(), "every opened object was closed");
    }

    @Test
    void aFailureReleasesEveryObjectInFlightAndOpensNoMore() throws Exception {
        // Object 21 of 60 is gone: the failure comes while later objects are in flight.
        InMemoryObjectStorage broken = new InMemoryObjectStorage();
        List<ArtifactSnapshot> files = files(60, broken, 21);
        DamagedArtifactException missing = assertThrows(DamagedArtifactException.class,
            () -> new BundleWriter(SESSION, files, false, broken, ContentCache.off(), executor, 8).write(new ByteArrayOutputStream()));
        assertEquals("terraform/m021.tf", missing.path());
        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(List.of(), broken.leaked(), "objects fetched ahead are released");
        int position = 0;
        while (!files.get(position).path().equals("terraform/m021.tf")) {
            position++;
        }
        assertTrue(broken.openedKeys.size() <= position + 8, "no objects opened beyond the window: "
            + broken.openedKeys.size() + " opened, the missing one is entry " + position);
        assertTrue(broken.openedKeys.size() < files.size(), "the rest of the bundle was never fetched");
    }
}
