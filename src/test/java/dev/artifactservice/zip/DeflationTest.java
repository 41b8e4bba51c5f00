package dev.artifactservice.zip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
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
    void deflatedBytesInflateBackAndTheProfileIsStable() throws Exception {
        byte[] body = sample(100_000, 8);
        byte[] deflated = Deflation.deflate(body, 0, body.length);
        Inflater inflater = new Inflater(true);
        inflater.setInput(deflated);
        byte[] back = new byte[body.length];
        assertEquals(body.length, inflater.inflate(back));
        inflater.end();
        assertArrayEquals(body, back);
        assertEquals(Deflation.profile(), Deflation.profile());
        InputStream nothing = InputStream.nullInputStream();
        assertEquals(2, Deflation.meter(nothing, 10).deflatedSize().orElseThrow(), "an empty body deflates to 2 bytes");
    }
}
