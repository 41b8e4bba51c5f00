package dev.artifactservice.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artifactservice.failure.DependencyUnavailableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UploadSlotsTest {

    @Test
    void anUploadPastTheBoundIsRefusedWith503AndRetryAfterWhileTheOthersHoldTheirSlots() {
        UploadSlots slots = new UploadSlots(2, 0);
        UploadSlots.Slot first = slots.take();
        UploadSlots.Slot second = slots.take();
        assertEquals(2, slots.inUse());

        DependencyUnavailableException refused = assertThrows(DependencyUnavailableException.class, slots::take);
        assertEquals(503, refused.status());
        assertEquals("5", refused.headers().get("Retry-After"));
        assertTrue(refused.getMessage().contains("artifacts.upload.max-concurrent"), refused.getMessage());
        assertEquals(2, slots.inUse(), "a refusal takes no slot");

        first.close();
        first.close();
        assertEquals(1, slots.inUse(), "closing a slot twice gives it back once");
        slots.take().close();
        second.close();
        assertEquals(0, slots.inUse());
    }

    /** A write of one slot waits (up to {@code waitSeconds}) while the only slot is held, and gets it once freed. */
    @Test
    void aWaitingWriteGetsTheSlotThatComesFreeAndNoMoreWaitThanMayRun() throws Exception {
        UploadSlots slots = new UploadSlots(1, 60);
        UploadSlots.Slot held = slots.take();
        CompletableFuture<UploadSlots.Slot> waiting = CompletableFuture.supplyAsync(slots::take);
        Thread.sleep(200);
        assertTrue(!waiting.isDone(), "the second write waits while the only slot is held");
        DependencyUnavailableException refused = assertThrows(DependencyUnavailableException.class, slots::take,
            "a third write is refused without waiting the 60 s: one waits already, as many as may run");
        assertTrue(refused.getMessage().contains("as many are waiting"), refused.getMessage());
        held.close();
        waiting.get(10, TimeUnit.SECONDS).close();
        assertEquals(0, slots.inUse());
        slots.take().close();
    }

    @Test
    void aBoundBelowOneIsRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new UploadSlots(0, 5));
        assertThrows(IllegalArgumentException.class, () -> new UploadSlots(4, -1));
    }
}
