package dev.brisk.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brisk.engine.kernels.KernelProvider;
import dev.brisk.engine.kernels.Kernels;
import dev.brisk.engine.kernels.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * For a fixed thread count, training is bit-identical from run to run: the kernels split work by
 * size and thread count only, and every part writes its own outputs, so no sum depends on which
 * thread finished first.
 */
class DeterminismTest {

    /** A 2-layer ReLU MLP with dropout trained by 20 fused Adam steps; returns every weight, flattened. */
    private static float[] train(int threads) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            int batch = 256;
            int in = 96;
            int hidden = 256;
            int classes = 10;
            Tensor x = Tensor.randn(1, batch, in);
            int[] labels = new SplittableRandom(2).ints(batch, 0, classes).toArray();
            Tensor w1 = Tensor.normal(3, 0f, 0.1f, in, hidden).requiresGrad(true);
            Tensor b1 = Tensor.zeros(hidden).requiresGrad(true);
            Tensor w2 = Tensor.normal(4, 0f, 0.1f, classes, hidden).requiresGrad(true); // [out, in], used as w2.T()
            Tensor b2 = Tensor.zeros(classes).requiresGrad(true);
            Tensor[] params = {w1, b1, w2, b2};
            float[][] m = new float[params.length][];
            float[][] v = new float[params.length][];
            for (int i = 0; i < params.length; i++) {
                m[i] = new float[params[i].size()];
                v[i] = new float[params[i].size()];
            }
            KernelProvider k = Kernels.get();
            for (int step = 1; step <= 20; step++) {
                for (Tensor p : params) {
                    p.zeroGrad();
                }
                Tensor h = x.matmul(w1).add(b1).relu().dropout(0.2f, 1000 + step);
                Tensor loss = h.matmul(w2.T()).add(b2).sparseCrossEntropy(labels);
                loss.backward();
                for (int i = 0; i < params.length; i++) {
                    Tensor p = params[i];
                    k.adam(p.data(), p.offset(), p.grad, 0, m[i], 0, v[i], 0, p.size(),
                            1e-3f, 0.9f, 0.999f, 1e-8f, i % 2 == 0 ? 0.01f : 0f, step);
                }
            }
            float[] all = new float[w1.size() + b1.size() + w2.size() + b2.size()];
            int o = 0;
            for (Tensor p : params) {
                System.arraycopy(p.toArray(), 0, all, o, p.size());
                o += p.size();
            }
            return all;
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static void assertBitIdentical(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + ": weight " + i + " differs: " + expected[i] + " vs " + actual[i]);
            }
        }
    }

    @Test
    void aSmallTrainingLoopIsBitIdenticalRunToRunForAFixedThreadCount() {
        for (int threads : new int[]{1, 2}) {
            float[] first = train(threads);
            float[] second = train(threads);
            assertBitIdentical(first, second, threads + " thread(s)");
        }
    }

    @Test
    void theTrainingLoopActuallyMovesTheWeights() {
        float[] trained = train(1);
        float[] initial = Tensor.normal(3, 0f, 0.1f, 96, 256).toArray();
        int moved = 0;
        for (int i = 0; i < initial.length; i++) {
            moved += trained[i] != initial[i] ? 1 : 0;
        }
        assertTrue(moved > initial.length / 2, "only " + moved + " of " + initial.length + " weights changed");
    }
}
