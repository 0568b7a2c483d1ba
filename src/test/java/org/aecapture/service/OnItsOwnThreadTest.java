package org.aecapture.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OnItsOwnThreadTest {

    @Test
    void everyItemReachesTheConsumerOnItsThreadInTheOrderGiven() {
        List<Integer> consumed = new ArrayList<>();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        try (OnItsOwnThread<Integer> handoff = new OnItsOwnThread<>("test-consumer", i -> {
            threads.add(Thread.currentThread());
            consumed.add(i);
        })) {
            IntStream.range(0, 10_001).forEach(handoff::accept); // two whole batches and a part of one
            handoff.finish();
        }
        assertEquals(IntStream.range(0, 10_001).boxed().toList(), consumed);
        assertEquals(1, threads.size());
        assertNotEquals(Thread.currentThread(), threads.iterator().next());
    }

    @Test
    void whatTheConsumerThrowsIsThrownByFinishAndNothingAfterItIsConsumed() {
        List<Integer> consumed = new ArrayList<>();
        try (OnItsOwnThread<Integer> handoff = new OnItsOwnThread<>("test-consumer", i -> {
            if (i == 5_000) {
                throw new IllegalStateException("AE 5000 has no subject");
            }
            consumed.add(i);
        })) {
            IntStream.range(0, 12_000).forEach(handoff::accept);
            IllegalStateException e = assertThrows(IllegalStateException.class, handoff::finish);
            assertEquals("AE 5000 has no subject", e.getMessage());
        }
        assertEquals(IntStream.range(0, 5_000).boxed().toList(), consumed);
    }
}
