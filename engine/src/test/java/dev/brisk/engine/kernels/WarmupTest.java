package dev.brisk.engine.kernels;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Warming up touches nothing of the caller's, so results do not depend on it. */
class WarmupTest {

    private static float[] product(KernelProvider k) {
        int m = 33, n = 17, kk = 300;
        float[] a = new float[m * kk];
        float[] b = new float[kk * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7 - 3) / 8f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (i % 5 - 2) / 4f;
        }
        float[] c = new float[m * n];
        k.sgemm(false, false, m, n, kk, a, 0, kk, b, 0, n, 0f, c, 0, n);
        return c;
    }

    @Test
    void runsEveryKernelOfBothProvidersWithoutTouchingCallerData() {
        float[] before = product(Kernels.get());
        Warmup.run(Kernels.scalar(), 3);
        Warmup.run(Kernels.get(), 3);
        assertArrayEquals(before, product(Kernels.get()), 0f);
    }

    @Test
    void startIsIdempotentAndAwaitWaitsForTheWarmUp() {
        Warmup.start();
        Warmup.start();
        Warmup.await();
        Warmup.await();
        long running = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("brisk-kernel-warmup") && t.isAlive())
                .count();
        assertEquals(0, running, "await returned while a warm-up thread was still running");
    }
}
