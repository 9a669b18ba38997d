package dev.brisk.engine.kernels;

import static dev.brisk.engine.kernels.VectorKernelsTest.assertClose;
import static dev.brisk.engine.kernels.VectorKernelsTest.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the reference kernels themselves to values computed by hand or in double precision.
 *
 * <p>{@link VectorKernelsTest} only proves that the SIMD kernels agree with these; this test proves
 * that these are right, so that agreement means something.
 */
class ScalarKernelsTest {

    private static final ScalarKernels K = ScalarKernels.INSTANCE;

    // ---------------------------------------------------------------- softmax family

    @Test
    void softmaxOfOneTwoThreeMatchesTheTextbookValues() {
        float[] x = {1, 2, 3};
        float[] p = new float[3];
        K.softmaxRows(x, 0, 1, 3, p, 0);
        // e^k / (e + e² + e³), worked out in double
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertClose("p0", Math.exp(1) / z, p[0], 1e-6, 0); // 0.09003057
        assertClose("p1", Math.exp(2) / z, p[1], 1e-6, 0); // 0.24472847
        assertClose("p2", Math.exp(3) / z, p[2], 1e-6, 0); // 0.66524096
    }

    @Test
    void softmaxIgnoresAConstantShiftEvenWhereExpWouldOverflow() {
        // exp(1003) overflows even a double; subtracting the row maximum makes it harmless.
        float[] x = {1001, 1002, 1003, 1, 2, 3};
        float[] p = new float[6];
        K.softmaxRows(x, 0, 2, 3, p, 0);
        for (int j = 0; j < 3; j++) {
            assertTrue(Float.isFinite(p[j]), "finite");
            assertClose("shifted row equals unshifted", p[3 + j], p[j], 1e-6, 0);
        }
    }

    @Test
    void logSoftmaxMatchesADoubleComputationAndDoesNotUnderflowToMinusInfinity() {
        float[] x = {-80f, 0f, 3.5f, 80f};
        float[] out = new float[4];
        K.logSoftmaxRows(x, 0, 1, 4, out, 0);
        double max = 80;
        double lse = max + Math.log(Math.exp(-160) + Math.exp(-80) + Math.exp(3.5 - 80) + 1);
        for (int j = 0; j < 4; j++) {
            assertClose("logSoftmax[" + j + "]", x[j] - lse, out[j], 1e-6, 1e-6);
        }
        // softmax(-80) = e^-160 is 0 in float, but its log is a perfectly finite -160
        assertClose("log of a probability below float's range", -160, out[0], 1e-6, 0);
    }

    @Test
    void softmaxCrossEntropyLossAndGradientMatchDoublePrecision() {
        Random rnd = new Random(7);
        int rows = 4;
        int cols = 5;
        float[] logits = uniform(rnd, rows * cols, -3, 3);
        int[] labels = {0, 4, 2, 2};
        float gradScale = 2f;
        float[] grad = new float[rows * cols];
        Arrays.fill(grad, Float.NaN); // overwritten, never read
        float loss = K.softmaxCrossEntropy(logits, 0, rows, cols, labels, 0, grad, 0, gradScale);

        double expectedLoss = 0;
        for (int r = 0; r < rows; r++) {
            double z = 0;
            for (int j = 0; j < cols; j++) {
                z += Math.exp(logits[r * cols + j]);
            }
            expectedLoss += Math.log(z) - logits[r * cols + labels[r]];
            for (int j = 0; j < cols; j++) {
                double p = Math.exp(logits[r * cols + j]) / z;
                double expected = (p - (j == labels[r] ? 1 : 0)) * gradScale / rows;
                assertClose("grad[" + r + "][" + j + "]", expected, grad[r * cols + j], 1e-5, 1e-7);
            }
        }
        assertClose("loss", expectedLoss / rows, loss, 1e-6, 0);
    }

    @Test
    void softmaxCrossEntropyOfAConfidentCorrectPredictionIsNearZero() {
        float[] logits = {100f, 0f, 0f};
        float loss = K.softmaxCrossEntropy(logits, 0, 1, 3, new int[] {0}, 0, null, 0, 1f);
        // -log(e^100 / (e^100 + 2)) = log(1 + 2e^-100), i.e. 0 in float
        assertEquals(0f, loss);
        float wrong = K.softmaxCrossEntropy(logits, 0, 1, 3, new int[] {1}, 0, null, 0, 1f);
        assertClose("confidently wrong costs the logit gap", 100.0, wrong, 1e-6, 0);
    }

    // ---------------------------------------------------------------- sigmoid, reductions

    @Test
    void sigmoidIsFiniteAndCorrectAtPlusMinus100() {
        float[] x = {-100f, -20f, 0f, 20f, 100f};
        float[] y = new float[5];
        K.sigmoid(x, 0, y, 0, 5);
        for (int i = 0; i < 5; i++) {
            assertTrue(Float.isFinite(y[i]));
            assertClose("sigmoid(" + x[i] + ")", 1 / (1 + Math.exp(-(double) x[i])), y[i], 1e-6, 1e-44);
        }
        assertEquals(0.5f, y[2]);
        assertEquals(1f, y[4]);
        assertTrue(y[0] > 0f, "e^-100 = 3.7e-44 is a subnormal float, not 0");
    }

    @Test
    void maxPropagatesNaNAndIsMinusInfinityWhenEmpty() {
        assertEquals(Float.NEGATIVE_INFINITY, K.max(new float[0], 0, 0));
        assertTrue(Float.isNaN(K.max(new float[] {1, Float.NaN, 3}, 0, 3)));
        assertEquals(3f, K.max(new float[] {9, 1, -2, 3, 9}, 1, 3));
    }

    @Test
    void sumRowsAddsColumnSumsToWhatIsThere() {
        // 2 × 3 matrix stored with ldx = 4 (the 4th column is padding that must be skipped)
        float[] x = {1, 2, 3, 100, 10, 20, 30, 100};
        float[] out = {5, 5, 5};
        K.sumRows(x, 0, 2, 3, 4, out, 0);
        assertTrue(Arrays.equals(new float[] {16, 27, 38}, out), Arrays.toString(out));
    }

    // ---------------------------------------------------------------- dropout

    @Test
    void dropoutFollowsDropoutMaskElementByElement() {
        int n = 1000;
        float p = 0.4f;
        long seed = -99L;
        long start = 12345L;
        float[] x = new float[n];
        Arrays.fill(x, 3f);
        float[] out = new float[n];
        K.dropout(x, 0, out, 0, n, p, seed, start);
        for (int i = 0; i < n; i++) {
            float expected = DropoutMask.keep(seed, start + i, p) ? 3f * (1f / (1f - p)) : 0f;
            assertEquals(expected, out[i], "element " + i);
        }
    }

    // ---------------------------------------------------------------- sgemm

    /**
     * A small product in every transpose combination, against a double-precision triple loop. A and
     * B are stored with leading dimensions larger than their rows and at nonzero offsets, and C has
     * padding columns that must stay untouched.
     */
    @ParameterizedTest(name = "transA = {0}, transB = {1}, beta = {2}")
    @CsvSource({
        "false, false, 0", "false, true, 0", "true, false, 0", "true, true, 0",
        "false, false, 1", "true, true, 1", "false, true, 0.5", "true, false, -2"})
    void sgemmMatchesADoubleTripleLoop(boolean transA, boolean transB, float beta) {
        int m = 5;
        int n = 7;
        int k = 6;
        Random rnd = new Random(31 + (transA ? 1 : 0) + (transB ? 2 : 0));
        // stored shapes: A is m × k, or k × m when transposed; likewise B
        int lda = (transA ? m : k) + 3;
        int ldb = (transB ? k : n) + 2;
        int ldc = n + 4;
        int aOff = 2;
        int bOff = 5;
        int cOff = 1;
        float[] a = uniform(rnd, aOff + (transA ? k : m) * lda, -1, 1);
        float[] b = uniform(rnd, bOff + (transB ? n : k) * ldb, -1, 1);
        float[] c0 = uniform(rnd, cOff + m * ldc, -1, 1);
        float[] c = c0.clone();
        K.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);

        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int p = 0; p < k; p++) {
                    double aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bpj = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    dot += aip * bpj;
                }
                double expected = dot + beta * (double) c0[cOff + i * ldc + j];
                assertClose("C[" + i + "][" + j + "]", expected, c[cOff + i * ldc + j], 1e-5, 1e-6);
            }
            for (int j = n; j < ldc && cOff + i * ldc + j < c.length; j++) {
                assertEquals(c0[cOff + i * ldc + j], c[cOff + i * ldc + j], "padding of C is untouched");
            }
        }
        assertEquals(c0[0], c[0], "C before its offset is untouched");
    }

    @Test
    void sgemmWithBetaZeroIgnoresNaNInC() {
        float[] a = {1, 2, 3, 4};          // 2 × 2
        float[] b = {5, 6, 7, 8};          // 2 × 2
        float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.POSITIVE_INFINITY};
        K.sgemm(false, false, 2, 2, 2, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
        assertTrue(Arrays.equals(new float[] {19, 22, 43, 50}, c), Arrays.toString(c));
    }

    @Test
    void sgemmWithBetaOneAccumulatesIntoC() {
        float[] a = {1, 2, 3, 4};
        float[] b = {5, 6, 7, 8};
        float[] c = {1, 1, 1, 1};
        K.sgemm(false, false, 2, 2, 2, a, 0, 2, b, 0, 2, 1f, c, 0, 2);
        assertTrue(Arrays.equals(new float[] {20, 23, 44, 51}, c), Arrays.toString(c));
        K.sgemm(false, false, 2, 2, 2, a, 0, 2, b, 0, 2, 1f, c, 0, 2);
        assertTrue(Arrays.equals(new float[] {39, 45, 87, 101}, c), Arrays.toString(c));
    }

    @Test
    void sgemmWithEmptyInnerDimensionScalesC() {
        float[] c = {Float.NaN, 2};
        K.sgemm(false, false, 1, 2, 0, new float[0], 0, 1, new float[0], 0, 2, 0f, c, 0, 2);
        assertTrue(Arrays.equals(new float[] {0, 0}, c), "k = 0, beta = 0 gives zeros: " + Arrays.toString(c));
        float[] d = {3, 2};
        K.sgemm(false, false, 1, 2, 0, new float[0], 0, 1, new float[0], 0, 2, 0.5f, d, 0, 2);
        assertTrue(Arrays.equals(new float[] {1.5f, 1}, d), Arrays.toString(d));
    }
}
