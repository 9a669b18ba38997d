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
            Parallel.run(2, (part, parts) -> {
                if (part == 1) {
                    worker[0] = Thread.currentThread();
                    Thread.currentThread().interrupt();
                }
            });
            assertNotNull(worker[0]);
            // past the worker's spin phase: an idle worker must be parked, not runnable
            Thread.State state = null;
            for (int i = 0; i < 50; i++) {
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
}
