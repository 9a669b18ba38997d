package dev.brisk.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

/** A part that leaves its worker interrupted must not leave that worker spinning forever. */
class ParallelInterruptTest {

    @Test
    void interruptedWorkerParksAgain() throws Exception {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(2);
            Thread[] worker = new Thread[1];
            // The caller runs any part a worker has not claimed yet: repeat until a worker ran one.
            for (int attempt = 0; attempt < 1000 && worker[0] == null; attempt++) {
                Parallel.run(2, (part, parts) -> {
                    if (Thread.currentThread().getName().startsWith("brisk-kernel-")) {
                        worker[0] = Thread.currentThread();
                        Thread.currentThread().interrupt();
                    } else {
                        busy(200_000L); // leave the worker time to claim part 1
                    }
                });
            }
            assertNotNull(worker[0], "no part ran on a worker in 1000 regions");
            // past the worker's polling phase: an idle worker must be parked, not runnable
            Thread.State state = null;
            for (int i = 0; i < 100; i++) {
                Thread.sleep(20);
                state = worker[0].getState();
                if (state == Thread.State.WAITING) {
                    break;
                }
            }
            assertEquals(Thread.State.WAITING, state);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static void busy(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
