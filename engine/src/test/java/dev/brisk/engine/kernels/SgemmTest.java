package dev.brisk.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SIMD sgemm against its scalar twin: every transpose combination, awkward sizes on every
 * dimension (each blocking edge: partial vectors, partial row tiles, partial k blocks), offsets and
 * padded leading dimensions, and the three meanings of beta.
 */
class SgemmTest {

    private static final int[] AWKWARD = {1, 3, 15, 16, 17, 31, 33, 127, 784, 1000};
    private int savedThreads;

    @BeforeEach
    void requireVector() {
        assumeTrue(Kernels.vectorAvailable(), "jdk.incubator.vector is not loaded");
        savedThreads = Parallel.threads();
    }

    @AfterEach
    void restoreThreads() {
        if (savedThreads > 0) {
            Parallel.setThreads(savedThreads);
        }
    }

    /** (m, n, k) triples drawn from the awkward sizes, kept small enough to run in seconds. */
    static Stream<Arguments> shapes() {
        Stream.Builder<Arguments> out = Stream.builder();
        Random r = new Random(7);
        for (int size : AWKWARD) {
            // each awkward size on each dimension, the others awkward but modest
            out.add(Arguments.of(size, 1 + r.nextInt(40), 1 + r.nextInt(40)));
            out.add(Arguments.of(1 + r.nextInt(40), size, 1 + r.nextInt(40)));
            out.add(Arguments.of(1 + r.nextInt(40), 1 + r.nextInt(40), size));
        }
        // shapes big enough to take the packed path, with edges in every direction
        out.add(Arguments.of(127, 300, 300));
        out.add(Arguments.of(300, 257, 513));
        // the MLP's products
        out.add(Arguments.of(32, 128, 784));
        out.add(Arguments.of(32, 10, 128));
        out.add(Arguments.of(784, 128, 32));
        out.add(Arguments.of(256, 128, 784));
        // paths the random shapes above miss: narrowTransposed over several k blocks (k > KC),
        // with a partial last sliver of m
        out.add(Arguments.of(100, 10, 600));
        // one-vector-wide tiles on the main path (n <= L, m and k >= 64): n = L, and n just
        // above the narrowTransposed cut (MR) but below L, with packed and in-place A
        out.add(Arguments.of(70, 16, 70));
        out.add(Arguments.of(77, 14, 300));
        out.add(Arguments.of(65, 5, 65));
        // m not a multiple of MR with packed A (transA, or n >= 256), k > KC
        out.add(Arguments.of(77, 40, 300));
        out.add(Arguments.of(77, 260, 70));
        // NC column blocking: n > 1024 on the main path
        out.add(Arguments.of(70, 1100, 40));
        // narrowRows (row-major A, n < L): n below, at and above one 256-bit half, partial 8-row
        // tiles, k over several KC blocks
        out.add(Arguments.of(13, 9, 300));
        out.add(Arguments.of(21, 8, 40));
        out.add(Arguments.of(9, 15, 257));
        out.add(Arguments.of(1000, 7, 33));
        // narrowTransposed with 11 and 12 columns (the 12-row kernel), k over and under KC
        out.add(Arguments.of(100, 11, 300));
        out.add(Arguments.of(100, 12, 70));
        return out.build();
    }

    /** One sample through a layer gets the bits it gets inside a batch: predict(x)[i] == predict(x[i]). */
    @ParameterizedTest(name = "n={0} k={1}")
    @org.junit.jupiter.params.provider.CsvSource({"128,784", "10,128", "10,600", "8,128", "9,128", "12,128", "15,300", "70,300", "17,5", "64,513", "3,1"})
    void aSingleRowMatchesTheSameRowInsideABatch(int n, int k) {
        Random r = new Random(n * 31 + k);
        for (int m : new int[] {2, 9, 32, 100}) {
            float[] a = new float[m * k];
            float[] b = new float[k * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextFloat() - 0.5f;
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextFloat() - 0.5f;
            }
            float[] batch = new float[m * n];
            VectorSgemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, batch, 0, n);
            for (int row : new int[] {0, m - 1}) {
                float[] single = new float[n];
                VectorSgemm.sgemm(false, false, 1, n, k, a, row * k, k, b, 0, n, 0f, single, 0, n);
                float[] expected = java.util.Arrays.copyOfRange(batch, row * n, row * n + n);
                assertArrayEquals(expected, single, 0f, "row " + row + " of m=" + m);
            }
        }
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("shapes")
    void matchesScalarTwinInAllTransposeCombinations(int m, int n, int k) {
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0;
            boolean tb = (t & 2) != 0;
            for (float beta : new float[] {0f, 1f, 0.5f}) {
                check(ta, tb, m, n, k, beta, 1);
            }
        }
    }

    @Test
    void theThreadTestsBelowUseProductsThatSplit() {
        for (long flops : new long[] {2L * 40 * 2000 * 127, 2L * 1000 * 10 * 1700, 2L * 257 * 200 * 170,
                2L * 70 * 2100 * 60, 2L * 130 * 300 * 300, 2L * 3001 * 10 * 300, 2L * 40 * 42 * 5000}) {
            assertTrue(flops >= VectorSgemm.PARALLEL_FLOPS, flops + " flops would run on one thread");
        }
    }

    @Test
    void splittingAcrossThreadsGivesBitIdenticalResults() {
        // all above VectorSgemm.PARALLEL_FLOPS, so that they really split
        for (int[] s : new int[][] {{256, 128, 784}, {784, 128, 256}, {512, 512, 512}, {40, 2000, 127}}) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                float[] one = run(ta, tb, s[0], s[1], s[2], 1);
                float[] two = run(ta, tb, s[0], s[1], s[2], 2);
                float[] again = run(ta, tb, s[0], s[1], s[2], 2);
                assertArrayEquals(one, two, "1 vs 2 threads " + java.util.Arrays.toString(s) + " t=" + t);
                assertArrayEquals(two, again, "2 threads twice " + java.util.Arrays.toString(s));
            }
        }
    }

    /** Thread splits checked against the scalar twin (not only 1 vs 2 threads), with transposed operands. */
    @Test
    void twoThreadsMatchScalarTwinWithTransposedOperands() {
        // rows split over narrowTransposed; rows split on the main path with an MR edge;
        // columns split with NC blocking inside each part (n > 2 * NC); rows split over narrowRows.
        // Each is above VectorSgemm.PARALLEL_FLOPS, so that it really splits.
        // A column split whose last stripe is narrower than a vector, with ldc > n (narrowRows).
        for (int[] s : new int[][] {{1000, 10, 1700}, {257, 200, 170}, {70, 2100, 60}, {130, 300, 300}, {3001, 10, 300},
                {40, 42, 5000}}) {
            for (int t = 0; t < 4; t++) {
                for (float beta : new float[] {0f, 0.5f}) {
                    check((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], beta, 2);
                }
            }
        }
    }

    @Test
    void betaZeroOverwritesNaNAndKZeroScalesC() {
        float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        float[] a = {1, 2};
        float[] b = {3, 4};
        Kernels.vector().sgemm(false, false, 2, 2, 1, a, 0, 1, b, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {3, 4, 6, 8}, c);
        Kernels.vector().sgemm(false, false, 2, 2, 0, a, 0, 1, b, 0, 2, 0.5f, c, 0, 2);
        assertArrayEquals(new float[] {1.5f, 2, 3, 4}, c);
    }

    private static float[] run(boolean ta, boolean tb, int m, int n, int k, int threads) {
        Parallel.setThreads(threads);
        Random r = new Random(42);
        float[] a = random(r, m * k);
        float[] b = random(r, k * n);
        float[] c = new float[m * n];
        Kernels.vector().sgemm(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n);
        return c;
    }

    private static void check(boolean ta, boolean tb, int m, int n, int k, float beta, int threads) {
        Random r = new Random(31L * m + 17L * n + k);
        // offsets and leading dimensions wider than the matrices, as views of bigger arrays have
        int lda = (ta ? m : k) + 3;
        int ldb = (tb ? k : n) + 5;
        int ldc = n + 2;
        int aOff = 7, bOff = 11, cOff = 13;
        float[] a = random(r, aOff + (ta ? k : m) * lda);
        float[] b = random(r, bOff + (tb ? n : k) * ldb);
        float[] c0 = random(r, cOff + m * ldc + 4);
        if (beta == 0f) {
            // beta = 0 must overwrite C whatever it held: NaN would survive any path that adds
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c0, cOff + i * ldc, cOff + i * ldc + n, Float.NaN);
            }
        }
        float[] expected = c0.clone();
        float[] actual = c0.clone();
        Kernels.scalar().sgemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
        Parallel.setThreads(threads);
        Kernels.vector().sgemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, beta, actual, cOff, ldc);
        String where = "ta=" + ta + " tb=" + tb + " m=" + m + " n=" + n + " k=" + k + " beta=" + beta;
        for (int i = 0; i < actual.length; i++) {
            int row = (i - cOff) / ldc;
            int col = (i - cOff) % ldc;
            boolean inside = i >= cOff && row < m && col < n;
            if (!inside) {
                // nothing outside C's m × n window may be touched
                assertEquals(c0[i], actual[i], 0f, "wrote outside C at " + i + ", " + where);
                continue;
            }
            // float sums in a different order: error grows like sqrt(k) times the terms' size
            float tol = 1e-5f * (float) Math.sqrt(k) * 4f + 1e-5f * Math.abs(expected[i]);
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol,
                    "C[" + row + "][" + col + "] scalar " + expected[i] + " vector " + actual[i] + ", " + where);
        }
    }

    private static float[] random(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }
}
