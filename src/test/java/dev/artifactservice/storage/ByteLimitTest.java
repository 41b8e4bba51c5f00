package dev.artifactservice.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ByteLimitTest {

    private static final ByteLimit SIZE = new ByteLimit(100, () -> new IllegalStateException("413"));
    private static final ByteLimit QUOTA = new ByteLimit(40, () -> new IllegalStateException("507"));

    @Test
    void theTighterLimitWinsWithItsOwnRefusal() {
        assertSame(QUOTA, SIZE.tighter(QUOTA));
        assertSame(QUOTA, QUOTA.tighter(SIZE));
        assertEquals("507", SIZE.tighter(QUOTA).refusal().get().getMessage());
    }

    @Test
    void onATieTheFirstLimitsRefusalIsKept() {
        ByteLimit sameQuota = new ByteLimit(100, () -> new IllegalStateException("507"));
        assertSame(SIZE, SIZE.tighter(sameQuota));
    }

    @Test
    void aDigestingStreamStopsAtTheLimitBeforeTakingTheByteOverIt() throws IOException {
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(new byte[41]), 40);
        byte[] buffer = new byte[40];
        assertEquals(40, in.readNBytes(buffer, 0, 40));
        assertThrows(DigestingInputStream.LimitExceededException.class, in::read);
        assertEquals(true, in.limitExceeded());
    }

    @Test
    void aNegativeLimitRefusesTheFirstByteButAcceptsAnEmptyBody() throws IOException {
        DigestingInputStream empty = new DigestingInputStream(new ByteArrayInputStream(new byte[0]), -5);
        assertEquals(-1, empty.read());
        DigestingInputStream one = new DigestingInputStream(new ByteArrayInputStream(new byte[1]), -5);
        assertThrows(DigestingInputStream.LimitExceededException.class, one::read);
    }
}
