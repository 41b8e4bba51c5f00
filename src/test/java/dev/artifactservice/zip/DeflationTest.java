package dev.artifactservice.zip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class DeflationTest {

    private static byte[] sample(int size, long seed) {
        StringBuilder text = new StringBuilder();
        Random random = new Random(seed);
        while (text.length() < size) {
            text.append("module \"m").append(random.nextInt(500)).append("\" { source = \"./modules/")
                .append(Long.toString(random.nextLong(), 36)).append("\" }\n");
        }
        return text.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the meter in pieces of random sizes, as request bodies arrive. */
    private static long measure(byte[] body, long maxBytes, long seed) throws IOException {
        Deflation.Meter meter = Deflation.meter(new ByteArrayInputStream(body), maxBytes);
        byte[] buffer = new byte[70_000];
        Random random = new Random(seed);
        int n;
        while ((n = meter.read(buffer, 0, 1 + random.nextInt(buffer.length))) >= 0) {
            assertTrue(n > 0);
        }
        return meter.deflatedSize().orElse(-1);
    }

    @Test
    void meteredSizeEqualsTheSizeOfDeflatingAtOnceWhateverTheReadSizes() throws IOException {
        for (int size : new int[] {0, 1, 1000, 65_536, 300_000, 2_000_001}) {
            byte[] body = sample(size, size);
            long whole = Deflation.deflate(body, 0, body.length).length;
            for (long seed = 1; seed <= 3; seed++) {
                assertEquals(whole, measure(body, Long.MAX_VALUE, seed), "size " + size + ", split " + seed);
            }
        }
    }

    @Test
    void incompressibleBytesAreMeasuredToo() throws IOException {
        byte[] random = new byte[500_000];
        new Random(9).nextBytes(random);
        assertEquals(Deflation.deflate(random, 0, random.length).length, measure(random, Long.MAX_VALUE, 4));
    }

    @Test
    void bodiesOverTheLimitAreNotMeasuredButStillPassThrough() throws IOException {
        byte[] body = sample(10_000, 5);
        Deflation.Meter meter = Deflation.meter(new ByteArrayInputStream(body), 9_999);
        assertArrayEquals(body, meter.readAllBytes());
        assertTrue(meter.deflatedSize().isEmpty());
        assertTrue(measure(body, 10_000, 6) > 0, "a body of exactly the limit is measured");
    }

    @Test
    void closingTheStreamDoesNotEndTheMeasurement() throws IOException {
        byte[] body = sample(5000, 7);
        Deflation.Meter meter = Deflation.meter(new ByteArrayInputStream(body), Long.MAX_VALUE);
        meter.readAllBytes();
        meter.close();
        assertEquals(Deflation.deflate(body, 0, body.length).length, meter.deflatedSize().orElseThrow());
    }

    @Test
    void deflatedBytesInflateBackAndAnEmptyBodyIsTwoBytes() throws Exception {
        byte[] body = sample(100_000, 8);
        byte[] deflated = Deflation.deflate(body, 0, body.length);
        Inflater inflater = new Inflater(true);
        inflater.setInput(deflated);
        byte[] back = new byte[body.length];
        assertEquals(body.length, inflater.inflate(back));
        inflater.end();
        assertArrayEquals(body, back);
        InputStream nothing = InputStream.nullInputStream();
        assertEquals(2, Deflation.meter(nothing, 10).deflatedSize().orElseThrow(), "an empty body deflates to 2 bytes");
    }

    /**
     * The profile computed again from its definition, without Deflation's code: the fixed sample (two 1 MiB blocks
     * and 4 KiB more of generated Terraform), cut into 1 MiB blocks, each deflated raw by a plain {@link Deflater}
     * at {@code level} with the 32 KiB before it as preset dictionary and ended by a sync flush, the last one
     * finished; then the CRC-32 of the output followed by its length (as {@code CRC32.update(int)}: the low byte).
     */
    private static int profileAt(int level) {
        StringBuilder text = new StringBuilder();
        Random random = new Random(20261203L);
        int block = 1024 * 1024;
        while (text.length() < block * 2 + 4096) {
            text.append("resource \"aws_s3_bucket\" \"b").append(random.nextInt(1 << 20)).append("\" {\n")
                .append("  bucket = \"").append(Long.toString(random.nextLong(), 36)).append("\"\n}\n");
        }
        byte[] sample = text.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        Deflater deflater = new Deflater(level, true);
        try {
            for (int start = 0; start < sample.length; start += block) {
                int end = Math.min(sample.length, start + block);
                deflater.reset();
                if (start > 0) {
                    deflater.setDictionary(sample, start - 32 * 1024, 32 * 1024);
                }
                deflater.setInput(sample, start, end - start);
                if (end == sample.length) {
                    deflater.finish();
                    while (!deflater.finished()) {
                        out.write(buffer, 0, deflater.deflate(buffer));
                    }
                } else {
                    int n;
                    do {
                        n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                        out.write(buffer, 0, n);
                    } while (n == buffer.length);
                }
            }
        } finally {
            deflater.end();
        }
        CRC32 crc = new CRC32();
        crc.update(out.toByteArray());
        crc.update(out.size());
        return (int) crc.getValue();
    }

    @Test
    void theProfileIsTheSchemesFingerprintAtZlibLevelSix() {
        assertEquals(profileAt(6), Deflation.profile(), "the profile is the sample deflated block by block at level 6");
        // A fingerprint that tells deflaters apart: another level gives another profile.
        assertNotEquals(profileAt(6), profileAt(1));
        assertNotEquals(profileAt(6), profileAt(9));
    }

    private static byte[] inflate(byte[] deflated, int size) throws Exception {
        Inflater inflater = new Inflater(true);
        inflater.setInput(deflated);
        byte[] back = new byte[size + 1];
        int n = 0;
        while (!inflater.finished() && n < back.length) {
            int k = inflater.inflate(back, n, back.length - n);
            n += k;
            if (k == 0 && inflater.needsInput()) {
                break;
            }
        }
        assertTrue(inflater.finished(), "one complete DEFLATE stream");
        inflater.end();
        return java.util.Arrays.copyOf(back, n);
    }

    @Test
    void blocksMakeOneValidStreamAndParallelDeflatingGivesTheSameBytes() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try (Deflation.Workspace one = new Deflation.Workspace(1); Deflation.Workspace four = new Deflation.Workspace(4)) {
            int block = Deflation.BLOCK_BYTES;
            for (int size : new int[] {0, 1, block - 1, block, block + 1, 3 * block, 3 * block + 12345}) {
                byte[] body = sample(size, size + 11L);
                byte[] whole = Deflation.deflate(body, 0, body.length);
                assertArrayEquals(body, inflate(whole, size), "round trip of " + size);
                assertEquals(whole.length, measure(body, Long.MAX_VALUE, 3), "meter of " + size);
                // The same workspaces serve entry after entry, as in a bundle.
                for (Deflation.Workspace workspace : new Deflation.Workspace[] {one, four}) {
                    try (InputStream parallel = Deflation.parallel(new ByteArrayInputStream(body), pool, workspace)) {
                        assertArrayEquals(whole, parallel.readAllBytes(), "parallel " + size);
                    }
                }
                try (InputStream inline = Deflation.parallel(new ByteArrayInputStream(body), Runnable::run, four)) {
                    assertArrayEquals(whole, readInOddPieces(inline), "inline " + size);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] readInOddPieces(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[7919];
        Random random = new Random(3);
        int n;
        while ((n = in.read(buffer, 0, 1 + random.nextInt(buffer.length))) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    @Test
    void incompressibleBlocksFitTheirSlots() throws Exception {
        byte[] random = new byte[2 * Deflation.BLOCK_BYTES + 5];
        new Random(13).nextBytes(random);
        byte[] whole = Deflation.deflate(random, 0, random.length);
        assertTrue(whole.length > random.length, "stored blocks cost a few bytes more");
        try (Deflation.Workspace workspace = new Deflation.Workspace(2);
             InputStream parallel = Deflation.parallel(new ByteArrayInputStream(random), Runnable::run, workspace)) {
            assertArrayEquals(whole, parallel.readAllBytes());
        }
        assertEquals(whole.length, measure(random, Long.MAX_VALUE, 5));
    }

    @Test
    void aFailingSourceFailsTheReadAndGivesTheSlotsBack() throws Exception {
        byte[] body = sample(3 * Deflation.BLOCK_BYTES, 14);
        try (Deflation.Workspace workspace = new Deflation.Workspace(2)) {
            InputStream failing = new java.io.FilterInputStream(new ByteArrayInputStream(body)) {
                private long read;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (read > 2 * Deflation.BLOCK_BYTES) {
                        throw new IOException("connection reset");
                    }
                    int n = super.read(b, off, Math.min(len, 65536));
                    read += Math.max(0, n);
                    return n;
                }
            };
            InputStream parallel = Deflation.parallel(failing, Runnable::run, workspace);
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, parallel::readAllBytes);
            assertEquals("connection reset", e.getMessage());
            parallel.close();
            // Both slots are free again: the next entry deflates normally.
            try (InputStream next = Deflation.parallel(new ByteArrayInputStream(body), Runnable::run, workspace)) {
                assertArrayEquals(Deflation.deflate(body, 0, body.length), next.readAllBytes());
            }
        }
    }

    @Test
    void oneBlockIsPlainZlibOutput() {
        byte[] body = sample(200_000, 12);
        // zlib's default level is 6: a plain raw deflater at 6, not Deflation's own, is the reference.
        Deflater deflater = new Deflater(6, true);
        deflater.setInput(body);
        deflater.finish();
        byte[] out = new byte[body.length + 1024];
        int n = 0;
        while (!deflater.finished()) {
            n += deflater.deflate(out, n, out.length - n);
        }
        deflater.end();
        assertArrayEquals(java.util.Arrays.copyOf(out, n), Deflation.deflate(body, 0, body.length));
    }
}
