package dev.brisk.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool's contract: every part exactly once, failures rethrown, nesting inline, no waiting on a busy worker. */
class ParallelTest {

    private int saved;

    @BeforeEach
    void twoThreads() {
        saved = Parallel.threads();
        Parallel.setThreads(2);
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    /**
     * helpersAwake: false on one thread; right after a region whose second part the helper ran, it
     * is polling; false again once idle long enough to park. The helper polls for only 50 µs, so
     * the check right after a region is tried for up to five seconds: until this loop is compiled
     * (interpreted, returning from the region and checking took longer than that), and whatever
     * the scheduler does with either thread meanwhile.
     */
    @Test
    void helpersAreAwakeRightAfterARegionAndParkWhenIdle() throws InterruptedException {
        Parallel.setThreads(1);
        assertFalse(Parallel.helpersAwake(), "one thread has no helpers");
        Parallel.setThreads(2);
        Thread caller = Thread.currentThread();
        AtomicInteger byHelper = new AtomicInteger();
        Parallel.Part waitForHelper = (part, n) -> {
            if (part == 1 && Thread.currentThread() != caller) {
                byHelper.set(1);
            } else if (part == 0) {                   // give a parked helper time to wake and take part 1
                long end = System.nanoTime() + 10_000_000L;
                while (byHelper.get() == 0 && System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            }
        };
        boolean seenAwake = false;
        for (long end = System.nanoTime() + 5_000_000_000L; !seenAwake && System.nanoTime() < end; ) {
            byHelper.set(0);
            Parallel.run(2, waitForHelper);
            seenAwake = Parallel.helpersAwake() && byHelper.get() == 1;
        }
        assertTrue(seenAwake, "helper never seen polling right after a region it took part in");
        boolean seenParked = false;
        for (int wait = 0; wait < 200 && !seenParked; wait++) {
            Thread.sleep(5);                     // the helpers poll for 50 µs, then park
            seenParked = !Parallel.helpersAwake();
        }
        assertTrue(seenParked, "helper still polling after a second idle");
    }

    @Test
    void everyPartRunsExactlyOnceWhateverTheCount() {
        for (int parts : new int[] {2, 3, 5, 17}) {
            for (int round = 0; round < 200; round++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(parts);
                Parallel.run(parts, (part, n) -> {
                    assertEquals(parts, n);
                    runs.incrementAndGet(part);
                });
                for (int p = 0; p < parts; p++) {
                    assertEquals(1, runs.get(p), "part " + p + " of " + parts + ", round " + round);
                }
            }
        }
    }

    @Test
    void backToBackRegionsOfChangingSizesEachRunEveryPartOnceWithTheirOwnBody() {
        // More threads than cores, and part counts that change from region to region: a worker
        // that wakes late must never claim a part of one region with another region's body.
        Parallel.setThreads(4);
        int[] sizes = {2, 4, 17, 3};
        for (int round = 0; round < 20_000; round++) {
            int parts = sizes[round % sizes.length];
            int id = round;
            AtomicIntegerArray runs = new AtomicIntegerArray(parts);
            AtomicInteger wrong = new AtomicInteger();
            Parallel.run(parts, (part, n) -> {
                if (n != parts || part < 0 || part >= parts) {
                    wrong.incrementAndGet();
                    return;
                }
                runs.incrementAndGet(part);
                if (id != currentRound[0]) {
                    wrong.incrementAndGet();
                }
            });
            currentRound[0] = round + 1;
            assertEquals(0, wrong.get(), "round " + round);
            for (int p = 0; p < parts; p++) {
                assertEquals(1, runs.get(p), "part " + p + " of " + parts + ", round " + round);
            }
        }
    }

    /** The round whose region is open, for the test above. */
    private final int[] currentRound = {0};

    @Test
    void theCallerRunsThePartsABusyWorkerCannotTake() {
        int parts = 4;
        AtomicInteger byCaller = new AtomicInteger();
        Thread caller = Thread.currentThread();
        Parallel.run(parts, (part, n) -> {
            if (Thread.currentThread() == caller) {
                byCaller.incrementAndGet();
            } else {
                sleep(200); // a worker stuck in its first part must not hold the others up
            }
        });
        // The worker takes at most one part (it is asleep in it meanwhile): the caller runs the rest.
        assertTrue(byCaller.get() >= parts - 1, "the caller ran " + byCaller.get() + " of " + parts + " parts");
    }

    @Test
    void aFailingPartIsRethrownOnTheCaller() {
        IllegalStateException boom = new IllegalStateException("boom");
        for (int failing = 0; failing < 3; failing++) {
            int f = failing;
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> Parallel.run(3, (part, n) -> {
                        if (part == f) {
                            throw boom;
                        }
                    }));
            assertSame(boom, thrown);
        }
        // and the pool still works afterwards
        AtomicInteger count = new AtomicInteger();
        Parallel.run(2, (part, n) -> count.incrementAndGet());
        assertEquals(2, count.get());
    }

    @Test
    void aRegionInsideAPartRunsInlineOnThatThread() {
        AtomicInteger wrongThread = new AtomicInteger();
        AtomicInteger inner = new AtomicInteger();
        Parallel.run(2, (part, n) -> {
            Thread outer = Thread.currentThread();
            Parallel.run(3, (p, m) -> {
                inner.incrementAndGet();
                if (Thread.currentThread() != outer) {
                    wrongThread.incrementAndGet();
                }
            });
        });
        assertEquals(6, inner.get());
        assertEquals(0, wrongThread.get());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
