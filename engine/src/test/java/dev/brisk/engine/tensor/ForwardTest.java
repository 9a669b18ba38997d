package dev.brisk.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brisk.engine.kernels.DropoutMask;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Forward values against plain double-precision loops written out index by index. */
class ForwardTest {

    static void assertClose(double[] expected, Tensor actual, double tol) {
        float[] a = actual.toArray();
        assertEquals(expected.length, a.length, "element count");
        for (int i = 0; i < a.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - a[i]) <= tol * scale,
                    "element " + i + ": expected " + expected[i] + " but got " + a[i]);
        }
    }

    /** C[i][j] = Σ_p A[i][p] B[p][j], in double, reading A and B through get(i, p): any view works. */
    static double[] referenceMatmul(Tensor a, Tensor b) {
        int m = a.dim(0);
        int k = a.dim(1);
        int n = b.dim(1);
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a.get(i, p) * b.get(p, j);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    @Test
    void matmulMatchesADoubleLoopOnAwkwardSizesAndTransposedViews() {
        Random rnd = new Random(1);
        for (int trial = 0; trial < 6; trial++) {
            int m = 1 + rnd.nextInt(37);
            int k = 1 + rnd.nextInt(41);
            int n = 1 + rnd.nextInt(23);
            Tensor a = Tensor.randn(trial, m, k);
            Tensor b = Tensor.randn(trial + 100, k, n);
            Tensor aT = Tensor.randn(trial + 200, k, m).T();
            Tensor bT = Tensor.randn(trial + 300, n, k).T();
            assertClose(referenceMatmul(a, b), a.matmul(b), 1e-4);
            assertClose(referenceMatmul(aT, b), aT.matmul(b), 1e-4);
            assertClose(referenceMatmul(a, bT), a.matmul(bT), 1e-4);
            assertClose(referenceMatmul(aT, bT), aT.matmul(bT), 1e-4);
            Tensor strided = Tensor.randn(trial + 400, m, 2 * k).slice(1, 0, 2 * k, 2);
            assertClose(referenceMatmul(strided, b), strided.matmul(b), 1e-4);
        }
    }

    @Test
    void batchedMatmulMultipliesEachBatchElement() {
        Tensor a = Tensor.randn(1, 3, 5, 7);
        Tensor b = Tensor.randn(2, 3, 7, 4);
        Tensor w = Tensor.randn(3, 7, 4);
        Tensor c = a.matmul(b);
        Tensor d = a.matmul(w);
        Tensor e = a.transpose(1, 2).contiguous().transpose(1, 2).matmul(w);   // strided batch, same values
        assertArrayEquals(new int[]{3, 5, 4}, c.shape());
        for (int i = 0; i < 3; i++) {
            Tensor ai = a.narrow(0, i, 1).squeeze(0);
            assertClose(referenceMatmul(ai, b.narrow(0, i, 1).squeeze(0)), c.narrow(0, i, 1), 1e-4);
            assertClose(referenceMatmul(ai, w), d.narrow(0, i, 1), 1e-4);
            assertClose(referenceMatmul(ai, w), e.narrow(0, i, 1), 1e-4);
        }
    }

    @Test
    void broadcastingMatchesExplicitIndexArithmetic() {
        Tensor a = Tensor.randn(1, 2, 3, 4);
        Tensor b = Tensor.randn(2, 3, 1);
        Tensor sum = a.add(b);
        double[] expectSum = new double[24];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    expectSum[(i * 3 + j) * 4 + k] = a.get(i, j, k) + b.get(j, 0);
                }
            }
        }
        assertClose(expectSum, sum, 1e-6);
        assertArrayEquals(new int[]{2, 3, 4}, sum.shape());

        Tensor col = Tensor.of(new float[]{1, 2, 3}, 3, 1);
        Tensor row = Tensor.of(new float[]{10, 20}, 2);
        assertArrayEquals(new float[]{11, 21, 12, 22, 13, 23}, col.add(row).toArray());
        assertArrayEquals(new float[]{-9, -19, -8, -18, -7, -17}, col.sub(row).toArray());
        assertArrayEquals(new float[]{10, 20, 20, 40, 30, 60}, col.mul(row).toArray());
        assertArrayEquals(new float[]{4, 6}, Tensor.scalar(2f).mul(Tensor.of(new float[]{2, 3})).toArray());
        assertArrayEquals(new float[]{1, 8, 9}, Tensor.of(new float[]{1, 2, 3}).pow(Tensor.of(new float[]{5, 3, 2})).toArray());
    }

    @Test
    void wideBiasRowsTakeTheKernelPathWithTheSameResult() {
        Tensor x = Tensor.randn(3, 5, 33);
        Tensor bias = Tensor.randn(4, 33);
        Tensor y = x.add(bias);
        Tensor z = x.T().add(bias.unsqueeze(1)).T();   // same sum through the strided loop
        assertArrayEquals(z.toArray(), y.toArray());
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 33; j++) {
                assertEquals(x.get(i, j) / bias.get(j), x.div(bias).get(i, j), 1e-6f);
            }
        }
    }

    @Test
    void unaryOpsMatchJavaMath() {
        float[] v = {-2f, -0.5f, 0f, 0.25f, 3f};
        Tensor x = Tensor.of(v);
        for (int i = 0; i < v.length; i++) {
            assertEquals(Math.exp(v[i]), x.exp().get(i), 1e-5 * Math.exp(v[i]));
            assertEquals(Math.tanh(v[i]), x.tanh().get(i), 1e-6);
            assertEquals(1 / (1 + Math.exp(-v[i])), x.sigmoid().get(i), 1e-6);
            assertEquals(Math.max(v[i], 0), x.relu().get(i));
            assertEquals(Math.abs(v[i]), x.abs().get(i));
            assertEquals(Math.min(Math.max(v[i], -1), 1), x.clamp(-1, 1).get(i));
            assertEquals(v[i] * v[i], x.pow(2).get(i), 1e-6);
            assertEquals(-v[i], x.neg().get(i), 0f);
            assertEquals(v[i] * 3 + 1, x.mul(3).add(1).get(i), 1e-6);
        }
        Tensor p = Tensor.of(new float[]{0.5f, 1f, 4f});
        assertArrayEquals(new float[]{(float) Math.log(0.5), 0f, (float) Math.log(4)}, p.log().toArray(), 1e-6f);
        assertArrayEquals(new float[]{(float) Math.sqrt(0.5), 1f, 2f}, p.sqrt().toArray(), 1e-6f);
    }

    @Test
    void comparisonsAndWhere() {
        Tensor a = Tensor.of(new float[]{1, 2, 3});
        Tensor b = Tensor.of(new float[]{3, 2, 1});
        assertArrayEquals(new float[]{0, 0, 1}, a.gt(b).toArray());
        assertArrayEquals(new float[]{0, 1, 1}, a.ge(b).toArray());
        assertArrayEquals(new float[]{1, 0, 0}, a.lt(b).toArray());
        assertArrayEquals(new float[]{1, 1, 0}, a.le(b).toArray());
        assertArrayEquals(new float[]{0, 1, 0}, a.eq(b).toArray());
        assertArrayEquals(new float[]{0, 1, 1}, a.gt(1.5f).toArray());
        assertArrayEquals(new float[]{3, 2, 3}, Tensor.where(a.gt(b), a, b).toArray());
        assertArrayEquals(new float[]{1, 2, 9, 9}, Tensor.where(Tensor.of(new float[]{1, 0}, 2, 1),
                Tensor.of(new float[]{1, 2}), Tensor.scalar(9)).toArray());
    }

    @Test
    void reductionsMatchLoops() {
        Tensor x = Tensor.randn(5, 3, 4, 5);
        assertEquals(sumAll(x), x.sum().item(), 1e-4);
        assertEquals(sumAll(x) / 60, x.mean().item(), 1e-5);
        for (int axis = 0; axis < 3; axis++) {
            int[] shape = x.shape();
            int n = shape[axis];
            Tensor s = x.sum(axis);
            Tensor m = x.max(axis, true);
            Tensor am = x.argmax(axis);
            Tensor lse = x.logsumexp(axis);
            int[] idx = new int[3];
            for (idx[0] = 0; idx[0] < shape[0]; idx[0]++) {
                for (idx[1] = 0; idx[1] < shape[1]; idx[1]++) {
                    for (idx[2] = 0; idx[2] < shape[2]; idx[2]++) {
                        if (idx[axis] != 0) {
                            continue;
                        }
                        double sum = 0;
                        double max = Double.NEGATIVE_INFINITY;
                        int arg = -1;
                        double expSum = 0;
                        for (int j = 0; j < n; j++) {
                            int[] e = idx.clone();
                            e[axis] = j;
                            double v = x.get(e);
                            sum += v;
                            expSum += Math.exp(v);
                            if (v > max) {
                                max = v;
                                arg = j;
                            }
                        }
                        int[] r = removeAxis(idx, axis);
                        assertEquals(sum, s.get(r), 1e-5);
                        assertEquals(max, m.get(idx), 0);
                        assertEquals(arg, am.get(r), 0);
                        assertEquals(Math.log(expSum), lse.get(r), 1e-5);
                    }
                }
            }
        }
        assertEquals(x.argmax(), argmaxAll(x));
        assertArrayEquals(new int[]{3, 1, 5}, x.sum(1, true).shape());
        assertArrayEquals(new int[]{3, 5}, x.mean(-2).shape());
    }

    private static int[] removeAxis(int[] idx, int axis) {
        int[] r = new int[idx.length - 1];
        for (int i = 0, j = 0; i < idx.length; i++) {
            if (i != axis) {
                r[j++] = idx[i];
            }
        }
        return r;
    }

    private static double sumAll(Tensor x) {
        double s = 0;
        for (float v : x.toArray()) {
            s += v;
        }
        return s;
    }

    private static int argmaxAll(Tensor x) {
        float[] v = x.toArray();
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void logsumexpIsStableForLargeInputs() {
        Tensor x = Tensor.of(new float[]{1000f, 1000f});
        assertEquals(1000 + Math.log(2), x.logsumexp(0).item(), 1e-3);
    }

    @Test
    void softmaxRowsSumToOneOnEveryAxis() {
        Tensor x = Tensor.randn(6, 2, 3, 4);
        for (int axis = 0; axis < 3; axis++) {
            Tensor s = x.softmax(axis).sum(axis);
            for (float v : s.toArray()) {
                assertEquals(1f, v, 1e-5f);
            }
            Tensor viaLog = x.logSoftmax(axis).exp();
            assertArrayEquals(x.softmax(axis).toArray(), viaLog.toArray(), 1e-5f);
            // the reference composition: x - logsumexp(x)
            assertArrayEquals(x.sub(x.logsumexp(axis, true)).toArray(), x.logSoftmax(axis).toArray(), 1e-5f);
        }
    }

    @Test
    void fusedCrossEntropyMatchesTheComposedReference() {
        Tensor logits = Tensor.randn(7, 5, 6).requiresGrad(true);
        int[] labels = {0, 5, 2, 2, 3};
        Tensor fused = logits.sparseCrossEntropy(labels);
        fused.backward();
        float[] fusedGrad = logits.grad().toArray();
        logits.zeroGrad();

        // Composed: mean over rows of -logSoftmax picked at the label (picked with a one-hot mask).
        float[] onehot = new float[30];
        for (int r = 0; r < 5; r++) {
            onehot[r * 6 + labels[r]] = 1f;
        }
        Tensor composed = logits.logSoftmax(-1).mul(Tensor.of(onehot, 5, 6)).sum().mul(-1f / 5);
        composed.backward();
        assertEquals(composed.item(), fused.item(), 1e-5f);
        assertArrayEquals(logits.grad().toArray(), fusedGrad, 1e-6f);
    }

    @Test
    void dropoutFollowsTheCounterBasedMask() {
        Tensor x = Tensor.uniform(8, 1f, 2f, 10, 20);
        float p = 0.3f;
        Tensor y = x.dropout(p, 42L);
        float[] xv = x.toArray();
        float[] yv = y.toArray();
        int kept = 0;
        for (int i = 0; i < xv.length; i++) {
            boolean keep = DropoutMask.keep(42L, i, p);
            assertEquals(keep ? xv[i] / (1 - p) : 0f, yv[i], 1e-6f);
            kept += keep ? 1 : 0;
        }
        assertTrue(kept > 100 && kept < 180, "about 70% kept, got " + kept);
        assertArrayEquals(yv, x.dropout(p, 42L).toArray());
    }

    @Test
    void gatherConcatAndStack() {
        Tensor table = Tensor.arange(12).reshape(4, 3);
        assertArrayEquals(new float[]{9, 10, 11, 0, 1, 2, 9, 10, 11}, table.gatherRows(new int[]{3, 0, 3}).toArray());
        Tensor a = Tensor.of(new float[][]{{1, 2}, {3, 4}});
        Tensor b = Tensor.of(new float[][]{{5}, {6}});
        assertArrayEquals(new float[]{1, 2, 5, 3, 4, 6}, Tensor.concat(1, a, b).toArray());
        assertArrayEquals(new float[]{1, 2, 3, 4, 1, 3, 2, 4}, Tensor.concat(0, a, a.T()).toArray());
        Tensor s = Tensor.stack(1, a, a.mul(10));
        assertArrayEquals(new int[]{2, 2, 2}, s.shape());
        assertArrayEquals(new float[]{1, 2, 10, 20, 3, 4, 30, 40}, s.toArray());
    }

    @Test
    void creation() {
        assertArrayEquals(new float[]{0, 1, 2, 3}, Tensor.arange(4).toArray());
        assertArrayEquals(new float[]{1f, 1.5f, 2f, 2.5f}, Tensor.arange(1f, 3f, 0.5f).toArray());
        assertArrayEquals(new float[]{7, 7, 7, 7, 7, 7}, Tensor.full(7f, 2, 3).toArray());
        assertArrayEquals(new float[]{1, 1}, Tensor.ones(2).toArray());
        assertEquals(0, Tensor.zeros().rank());
        assertEquals(3f, Tensor.scalar(3f).item());
        Tensor r = Tensor.randn(9, 100, 100);
        assertArrayEquals(r.toArray(), Tensor.randn(9, 100, 100).toArray(), "same seed, same numbers");
        double mean = r.mean().item();
        double var = r.sub((float) mean).pow(2).mean().item();
        assertEquals(0, mean, 0.03);
        assertEquals(1, var, 0.05);
        Tensor u = Tensor.uniform(10, -2f, 3f, 1000);
        assertTrue(u.max().item() < 3f && u.mul(-1f).max().item() <= 2f);
        float[] src = {1, 2, 3, 4};
        Tensor copy = Tensor.of(src, 2, 2);
        src[0] = 99;
        assertEquals(1f, copy.get(0, 0), "of() copies its input");
    }

    @Test
    void linearEqualsMatmulPlusBias() {
        Tensor x = Tensor.randn(1, 33, 17);
        Tensor w = Tensor.randn(2, 17, 21);
        Tensor b = Tensor.randn(3, 21);
        float[] fused = x.linear(w, b).toArray();
        float[] composed = x.matmul(w).add(b).toArray();
        for (int i = 0; i < fused.length; i++) {
            // the same products and one addition each, in another order: equal to float rounding
            org.junit.jupiter.api.Assertions.assertEquals(composed[i], fused[i], 1e-5f * (1 + Math.abs(composed[i])), "element " + i);
        }
    }
}
