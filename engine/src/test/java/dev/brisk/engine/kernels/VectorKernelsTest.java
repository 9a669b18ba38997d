package dev.brisk.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every {@link VectorKernels} method against its {@link ScalarKernels} twin.
 *
 * <p>Sizes are chosen to be awkward for SIMD: smaller than one vector, exactly one, one more, not a
 * multiple of the 4-vector unrolling, and large. Every array is used at a nonzero offset with a
 * few spare elements after the end, and the <em>whole</em> array is compared, so a kernel that
 * reads or writes outside {@code [off, off + n)} fails.
 *
 * <p>How closely the two must agree depends on the kernel:
 * <ul>
 *   <li><b>Bit for bit</b> for kernels built from +, -, ×, ÷ and comparisons (add ... axpy, relu,
 *       the backward passes, addBiasRows, dropout). IEEE 754 rounds each of these exactly, the
 *       vector code uses the scalar twin's operation order and no FMA, so any difference is a bug.</li>
 *   <li><b>Relative 1e-6</b> for exp, log, tanh, sigmoid and Adam: the vector transcendentals are
 *       accurate to about one float ulp (6e-8 relative), the scalar ones to half an ulp; 1e-6 leaves
 *       room for a few ulps and nothing more.</li>
 *   <li><b>Relative 1e-5</b> for sums and softmax: the vector code adds in a different order, and
 *       float summation of n terms may drift by up to n·6e-8 of the sum of magnitudes in the worst
 *       case (about √n·6e-8 typically); 1e-5 covers our sizes with margin and still catches a
 *       dropped or doubled element, which is off by percent.</li>
 * </ul>
 */
class VectorKernelsTest {

    private static final KernelProvider SCALAR = ScalarKernels.INSTANCE;

    private static final int X_OFF = 3;
    private static final int Y_OFF = 5;
    private static final int OUT_OFF = 7;
    /** Spare elements after {@code off + n}, which no kernel may touch. */
    private static final int SPARE = 4;

    static IntStream sizes() {
        return IntStream.of(1, 3, 15, 16, 17, 31, 33, 127, 784, 1000);
    }

    /** (rows, cols) pairs for the row kernels. */
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(1, 1), Arguments.of(4, 1), Arguments.of(4, 3), Arguments.of(7, 10),
                Arguments.of(32, 10), Arguments.of(3, 17), Arguments.of(5, 33), Arguments.of(5, 128),
                Arguments.of(2, 1000));
    }

    private static KernelProvider vector() {
        Assumptions.assumeTrue(Kernels.vectorAvailable(), "jdk.incubator.vector is not loaded in this JVM");
        return Kernels.vector();
    }

    // ---------------------------------------------------------------- test machinery

    /** A kernel call on a set of arrays, so the same call can run on each implementation. */
    @FunctionalInterface
    private interface Call {
        void run(KernelProvider k, float[][] arrays);
    }

    private static float[][] runOn(KernelProvider k, float[][] inputs, Call call) {
        float[][] arrays = new float[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            arrays[i] = inputs[i].clone();
        }
        call.run(k, arrays);
        return arrays;
    }

    /** Runs {@code call} on copies of {@code inputs} with both kernels; every array must match to the bit. */
    private static void assertBitIdentical(String what, float[][] inputs, Call call) {
        float[][] expected = runOn(SCALAR, inputs, call);
        float[][] actual = runOn(vector(), inputs, call);
        for (int a = 0; a < expected.length; a++) {
            for (int i = 0; i < expected[a].length; i++) {
                if (Float.floatToIntBits(expected[a][i]) != Float.floatToIntBits(actual[a][i])) {
                    fail(what + ": array " + a + " differs at [" + i + "]: scalar " + expected[a][i]
                            + ", vector " + actual[a][i]);
                }
            }
        }
    }

    /** Runs {@code call} with both kernels; every element must agree within {@code abs + rel·|scalar|}. */
    private static void assertAgrees(String what, float[][] inputs, double rel, double abs, Call call) {
        float[][] expected = runOn(SCALAR, inputs, call);
        float[][] actual = runOn(vector(), inputs, call);
        for (int a = 0; a < expected.length; a++) {
            assertClose(what + ": array " + a, expected[a], actual[a], rel, abs);
        }
    }

    static void assertClose(String what, float[] expected, float[] actual, double rel, double abs) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertClose(what + " [" + i + "]", expected[i], actual[i], rel, abs);
        }
    }

    static void assertClose(String what, double expected, double actual, double rel, double abs) {
        if (Double.isNaN(expected) || Double.isNaN(actual) || Double.isInfinite(expected)) {
            if (Double.compare(expected, actual) != 0) {
                fail(what + ": expected " + expected + ", got " + actual);
            }
            return;
        }
        double tolerance = abs + rel * Math.abs(expected);
        if (!(Math.abs(expected - actual) <= tolerance)) {
            fail(what + ": expected " + expected + ", got " + actual + " (difference "
                    + Math.abs(expected - actual) + " > tolerance " + tolerance + ")");
        }
    }

    static float[] uniform(Random rnd, int size, float lo, float hi) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = lo + (hi - lo) * rnd.nextFloat();
        }
        return a;
    }

    /** Values of magnitude in [0.5, 2) with random signs: safe divisors. */
    static float[] awayFromZero(Random rnd, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (rnd.nextBoolean() ? 1 : -1) * (0.5f + 1.5f * rnd.nextFloat());
        }
        return a;
    }

    private static float[] x(Random rnd, int n, float lo, float hi) {
        return uniform(rnd, X_OFF + n + SPARE, lo, hi);
    }

    private static float[] y(Random rnd, int n, float lo, float hi) {
        return uniform(rnd, Y_OFF + n + SPARE, lo, hi);
    }

    /** An output array prefilled with random values: accumulating kernels add to them, others overwrite. */
    private static float[] out(Random rnd, int n) {
        return uniform(rnd, OUT_OFF + n + SPARE, -1f, 1f);
    }

    // ---------------------------------------------------------------- identity

    @Test
    void nameStatesTheVectorWidth() {
        String name = vector().name();
        assertTrue(name.matches("vector\\((64|128|256|512)-bit\\)"), name);
    }

    // ---------------------------------------------------------------- elementwise, exact

    @ParameterizedTest(name = "n = {0}")
    @MethodSource("sizes")
    void addSubMulDivAreBitIdenticalToScalar(int n) {
        Random rnd = new Random(1000 + n);
        float[][] in = {x(rnd, n, -10, 10), awayFromZero(rnd, Y_OFF + n + SPARE), out(rnd, n)};
        assertBitIdentical("add", in, (k, a) -> k.add(a[0], X_OFF, a[1], Y_OFF, a[2], OUT_OFF, n));
        assertBitIdentical("sub", in, (k, a) -> k.sub(a[0], X_OFF, a[1], Y_OFF, a[2], OUT_OFF, n));
        assertBitIdentical("mul", in, (k, a) -> k.mul(a[0], X_OFF, a[1], Y_OFF, a[2], OUT_OFF, n));
        assertBitIdentical("div", in, (k, a) -> k.div(a[0], X_OFF, a[1], Y_OFF, a[2], OUT_OFF, n));
    }

    @ParameterizedTest(name = "n = {0}")
    @MethodSource("sizes")
    void binaryOpsMayWriteIntoEitherInput(int n) {
        Random rnd = new Random(1100 + n);
        float[][] in = {x(rnd, n, -10, 10), awayFromZero(rnd, X_OFF + n + SPARE)};
        assertBitIdentical("add into x", in, (k, a) -> k.add(a[0], X_OFF, a[1], X_OFF, a[0], X_OFF, n));
        assertBitIdentical("sub into y", in, (k, a) -> k.sub(a[0], X_OFF, a[1], X_OFF, a[1], X_OFF, n));
        assertBitIdentical("mul into x", in, (k, a) -> k.mul(a[0], X_OFF, a[1], X_OFF, a[0], X_OFF, n));
        assertBitIdentical("div into y", in, (k, a) -> k.div(a[0], X_OFF, a[1], X_OFF, a[1], X_OFF, n));
    }

    @ParameterizedTest(name = "n = {0}")
    @MethodSource("sizes")
    void affineAndAxpyAreBitIdenticalToScalar(int n) {
        Random rnd = new Random(1200 + n);
        float[][] in = {x(rnd, n, -10, 10), y(rnd, n, -10, 10), out(rnd, n)};
        assertBitIdentical("affine", in, (k, a) -> k.affine(a[0], X_OFF, 1.7f, -0.3f, a[2], OUT_OFF, n));
        assertBitIdentical("affine in place", in, (k, a) -> k.affine(a[0], X_OFF, -2.5f, 4f, a[0], X_OFF, n));
        assertBitIdentical("axpy", in, (k, a) -> k.axpy(0.37f, a[0], X_OFF, a[1], Y_OFF, n));
    }

    /**
     * With all offsets equal the simple kernels take a plain loop that C2 auto-vectorises (see
     * {@link VectorKernels}); the tests above mostly use unequal offsets, so this one covers that
     * path, on distinct arrays.
     */
    @ParameterizedTest(name = "n = {0}")
    @MethodSource("sizes")
    void elementwiseKernelsWithEqualOffsetsAreBitIdenticalToScalar(int n) {
        Random rnd = new Random(1250 + n);
        int off = X_OFF;
        float[][] in = {x(rnd, n, -10, 10), awayFromZero(rnd, off + n + SPARE), x(rnd, n, -1, 1)};
        assertBitIdentical("add", in, (k, a) -> k.add(a[0], off, a[1], off, a[2], off, n));
        assertBitIdentical("sub", in, (k, a) -> k.sub(a[0], off, a[1], off, a[2], off, n));
        assertBitIdentical("mul", in, (k, a) -> k.mul(a[0], off, a[1], off, a[2], off, n));
        assertBitIdentical("div", in, (k, a) -> k.div(a[0], off, a[1], off, a[2], off, n));
        assertBitIdentical("affine", in, (k, a) -> k.affine(a[0], off, 1.7f, -0.3f, a[2], off, n));
        assertBitIdentical("axpy", in, (k, a) -> k.axpy(0.37f, a[0], off, a[2], off, n));
        assertBitIdentical("relu", in, (k, a) -> k.relu(a[0], off, a[2], off, n));
    }

    /**
     * The same kernels on both paths once C2 has compiled them (auto-vectorised plain loops and
     * Vector API loops are only generated then): a few thousand calls, then a bit-for-bit check.
     */
    @Test
    void elementwiseKernelsStayBitIdenticalOnceJitCompiled() {
        KernelProvider k = vector();
        int n = 1000;
        Random rnd = new Random(1260);
        float[] x = uniform(rnd, n + 8, -10, 10);
        float[] y = awayFromZero(rnd, n + 8);
        float[] out = new float[n + 8];
        for (int rep = 0; rep < 3000; rep++) {
            int o = rep & 1; // 0: all offsets equal; 1: output shifted by one
            k.add(x, 0, y, 0, out, o, n);
            k.sub(x, 0, y, 0, out, o, n);
            k.mul(x, 0, y, 0, out, o, n);
            k.div(x, 0, y, 0, out, o, n);
            k.affine(x, 0, 1.5f, 2f, out, o, n);
            k.axpy(0.5f, x, 0, out, o, n);
            k.relu(x, 0, out, o, n);
        }
        for (int o : new int[] {0, 1}) {
            float[][] in = {x, y, uniform(rnd, n + 8, -1, 1)};
            assertBitIdentical("compiled add, out at " + o, in, (kp, a) -> kp.add(a[0], 0, a[1], 0, a[2], o, n));
            assertBitIdentical("compiled sub, out at " + o, in, (kp, a) -> kp.sub(a[0], 0, a[1], 0, a[2], o, n));
            assertBitIdentical("compiled mul, out at " + o, in, (kp, a) -> kp.mul(a[0], 0, a[1], 0, a[2], o, n));
            assertBitIdentical("compiled div, out at " + o, in, (kp, a) -> kp.div(a[0], 0, a[1], 0, a[2], o, n));
            assertBitIdentical("compiled affine, out at " + o, in, (kp, a) -> kp.affine(a[0], 0, 1.5f, 2f, a[2], o, n));
            assertBitIdentical("compiled axpy, y at " + o, in, (kp, a) -> kp.axpy(0.5f, a[0], 0, a[2], o, n));
            assertBitIdentical("compiled relu, out at " + o, in, (kp, a) -> kp.relu(a[0], 0, a[2], o, n));
        }
    }

    /** Every byte value, at every awkward length and offset: the scalar twin's bits, and k/255 exactly. */
    @Test
    void unsignedBytesToFloatsMatchesTheScalarTwinBitForBit() {
        byte[] x = new byte[1000 + 7];
        for (int i = 0; i < x.length; i++) {
            x[i] = (byte) (i * 37 + 11); // every value 0-255, in every lane position
        }
        for (int n : new int[] {0, 1, 3, 15, 16, 17, 31, 33, 127, 784, 1000}) {
            for (int xOff : new int[] {0, 3}) {
                for (int outOff : new int[] {0, 5}) {
                    float[] expected = new float[n + outOff];
                    float[] actual = new float[n + outOff];
                    SCALAR.unsignedBytesToFloats(x, xOff, expected, outOff, n, 255f);
                    vector().unsignedBytesToFloats(x, xOff, actual, outOff, n, 255f);
                    assertArrayEquals(expected, actual, 0f, "n=" + n + " xOff=" + xOff + " outOff=" + outOff);
                }
            }
        }
        byte[] pixels = new byte[40]; // vector body and scalar tail
        float[] expected = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            int value = new int[] {0, 128, 255, 1}[i % 4];
            pixels[i] = (byte) value;
            expected[i] = value == 255 ? 1f : value / 255f;
        }
        float[] out = new float[pixels.length];
        vector().unsignedBytesToFloats(pixels, 0, out, 0, pixels.length, 255f);
        assertArrayEquals(expected, out, 0f, "pixels 0, 128, 255 (exactly 1), 1");
    }

    /**
     * Gathered rows: the scalar twin's bits for every row length around the vector width, every
     * count around the four-row groups, rows in any order (repeats included), with offsets, and
     * nothing written outside the rows.
     */
    @Test
    void unsignedByteRowsToFloatsMatchesTheScalarTwinBitForBit() {
        Random r = new Random(17);
        for (int rowLength : new int[] {1, 3, 15, 16, 17, 31, 33, 127, 784}) {
            int rowsInData = 23;
            byte[] x = new byte[rowsInData * rowLength];
            r.nextBytes(x);
            for (int count : new int[] {0, 1, 3, 4, 5, 7, 8, 9, 13}) {
                int rowsOff = 2;
                int[] rows = new int[rowsOff + count + 1];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = r.nextInt(rowsInData);
                }
                int outOff = 5;
                float[] expected = new float[outOff + count * rowLength + 3];
                float[] actual = new float[expected.length];
                Arrays.fill(expected, -7f);
                Arrays.fill(actual, -7f);
                SCALAR.unsignedByteRowsToFloats(x, rowLength, rows, rowsOff, count, expected, outOff, 255f);
                vector().unsignedByteRowsToFloats(x, rowLength, rows, rowsOff, count, actual, outOff, 255f);
                assertArrayEquals(expected, actual, 0f, "rowLength=" + rowLength + " count=" + count);
                for (int j = 0; j < count; j++) {       // and the twin is the one-row kernel, row by row
                    float[] one = new float[rowLength];
                    SCALAR.unsignedBytesToFloats(x, rows[rowsOff + j] * rowLength, one, 0, rowLength, 255f);
                    assertArrayEquals(one, Arrays.copyOfRange(actual, outOff + j * rowLength,
                            outOff + (j + 1) * rowLength), 0f, "row " + j + " of " + count + ", length " + rowLength);
                }
            }
        }
    }

    /** relu is max(x, 0) to the bit: -0 becomes +0, NaN stays NaN, infinities and subnormals behave. */
    @Test
    void reluHandlesSignedZeroNaNAndInfinityLikeMathMax() {
        float[] special = {-0f, 0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f};
        float[] x = new float[3 * 16 + 5]; // every value in several lanes and in the scalar tail
        for (int i = 0; i < x.length; i++) {
            x[i] = special[i % special.length];
        }
        int n = x.length;
        assertBitIdentical("relu of special values", new float[][] {x, new float[n]},
                (k, a) -> k.relu(a[0], 0, a[1], 0, n));
        assertBitIdentical("relu of special values, shifted", new float[][] {x, new float[n + 1]},
                (k, a) -> k.relu(a[0], 0, a[1], 1, n - 1));
        float[] y = new float[n];
        vector().relu(x, 0, y, 0, n);
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(y[0]), "relu(-0) is +0");
    }

    @ParameterizedTest(name = "n = {0}")
    @MethodSource("sizes")
    void reluAndItsBackwardAreBitIdenticalToScalar(int n) {
        Random rnd = new Random(1300 + n);
        float[][] in = {x(rnd, n, -5, 5), y(rnd, n, -1, 1), out(rnd, n)};
        assertBitIdentical("relu", in, (k, a) -> k.relu(a[0], X_OFF, a[2], OUT_OFF, n));
        assertBitIdentical("relu in place", in, (k, a) -> k.relu(a[0], X_OFF, a[0], X_OFF, n));
        assertBitIdentical("reluBackward", in,
                (k, a) -> k.reluBackward(a[0], X_OFF, a[1], Y_OFF, a[2], OUT_OFF, n));
    }

    @ParameterizedTest(name = "n = {0}")
    @MethodSource("sizes")
    void sigmoidAndTanhBackwardsAreBitIdenticalToScalar(int n) {
        Random rnd = new Random(1400 + n);
        float[][] sig = {x(rnd, n, 0, 1), y(rnd, n, -1, 1), out(rnd, n)};
        assertBitIdentical("sigmoidBackward", sig,
                (k, a) -> k.sigmoidBackward(a[0], X_OFF, a[1], Y_OFF, a[2], OUT_OFF, n));
        float[][] tanh = {x(rnd, n, -1, 1), y(rnd, n, -1, 1), out(rnd, n)};
        assertBitIdentical("tanhBackward", tanh,
                (k, a) -> k.tanhBackward(a[0], X_OFF, a[1], Y_OFF, a[2], OUT_OFF, n));
    }

    // ---------------------------------------------------------------- elementwise, transcendental

    @ParameterizedTest(name = "n = {0}")
    @MethodSource("sizes")
    void expAgreesWithScalarToAFewUlps(int n) {
        Random rnd = new Random(1500 + n);
        float[][] in = {x(rnd, n, -80, 80), out(rnd, n)};
        assertAgrees("exp", in, 1e-6, 0, (k, a) -> k.exp(a[0], X_OFF, a[1], OUT_OFF, n));
    }

    @ParameterizedTest(name = "n = {0}")
    @MethodSource("sizes")
    void logAgreesWithScalarToAFewUlps(int n) {
        Random rnd = new Random(1600 + n);
        float[] x = x(rnd, n, -9, 9);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.exp(x[i]); // log-uniform over [1.2e-4, 8.1e3], both sides of 1
        }
        float[][] in = {x, out(rnd, n)};
        // log is near 0 around x = 1, where only absolute accuracy means anything
        assertAgrees("log", in, 1e-6, 1e-7, (k, a) -> k.log(a[0], X_OFF, a[1], OUT_OFF, n));
    }

    @ParameterizedTest(name = "n = {0}")
    @MethodSource("sizes")
    void tanhAgreesWithScalarToAFewUlps(int n) {
        Random rnd = new Random(1700 + n);
        float[][] small = {x(rnd, n, -3, 3), out(rnd, n)};
        assertAgrees("tanh", small, 1e-6, 1e-7, (k, a) -> k.tanh(a[0], X_OFF, a[1], OUT_OFF, n));
        float[][] large = {x(rnd, n, -100, 100), out(rnd, n)};
        assertAgrees("tanh of large |x|", large, 1e-6, 1e-7, (k, a) -> k.tanh(a[0], X_OFF, a[1], OUT_OFF, n));
    }

    @ParameterizedTest(name = "n = {0}")
    @MethodSource("sizes")
    void sigmoidAgreesWithScalarAndStaysFiniteUpToMagnitude100(int n) {
        Random rnd = new Random(1800 + n);
        float[][] in = {x(rnd, n, -100, 100), out(rnd, n)};
        // Below the smallest normal float (1.2e-38), sigmoid(x < -87) is subnormal and only absolute accuracy exists.
        assertAgrees("sigmoid", in, 1e-6, 1e-37, (k, a) -> k.sigmoid(a[0], X_OFF, a[1], OUT_OFF, n));
        float[] y = runOn(vector(), in, (k, a) -> k.sigmoid(a[0], X_OFF, a[1], OUT_OFF, n))[1];
        for (int i = OUT_OFF; i < OUT_OFF + n; i++) {
            assertTrue(y[i] >= 0f && y[i] <= 1f, "sigmoid must lie in [0, 1], got " + y[i]);
        }
    }

    /**
     * The tests above run mostly before the JIT has compiled the kernels, when {@code lanewise(EXP)}
     * and friends still compute each lane with {@link Math}. C2 replaces them with intrinsic
     * approximations (e.g. Intel's SVML), which are the ones that run in training. Calling each kernel
     * a few thousand times (a fraction of a second) gets it compiled, then we check accuracy again.
     */
    @Test
    void transcendentalsStayAccurateOnceJitCompiled() {
        KernelProvider k = vector();
        Random rnd = new Random(1850);
        int n = 1000;
        float[] x = uniform(rnd, n, -80, 80);
        float[] positive = uniform(rnd, n, -9, 9);
        for (int i = 0; i < n; i++) {
            positive[i] = (float) Math.exp(positive[i]);
        }
        float[] out = new float[n];
        float[] logits = uniform(rnd, 32 * 10, -80, 80);
        for (int rep = 0; rep < 4000; rep++) {
            k.exp(x, 0, out, 0, n);
            k.log(positive, 0, out, 0, n);
            k.tanh(x, 0, out, 0, n);
            k.sigmoid(x, 0, out, 0, n);
            k.softmaxRows(logits, 0, 32, 10, out, 0);
        }
        float[][] in = {x, positive, new float[n]};
        assertAgrees("compiled exp", in, 1e-6, 0, (kp, a) -> kp.exp(a[0], 0, a[2], 0, n));
        assertAgrees("compiled log", in, 1e-6, 1e-7, (kp, a) -> kp.log(a[1], 0, a[2], 0, n));
        assertAgrees("compiled tanh", in, 1e-6, 1e-7, (kp, a) -> kp.tanh(a[0], 0, a[2], 0, n));
        assertAgrees("compiled sigmoid", in, 1e-6, 1e-37, (kp, a) -> kp.sigmoid(a[0], 0, a[2], 0, n));
        float[][] rows = {logits, new float[32 * 10]};
        assertAgrees("compiled softmaxRows", rows, 1e-5, 1e-37, (kp, a) -> kp.softmaxRows(a[0], 0, 32, 10, a[1], 0));
    }

    @Test
    void sigmoidIsExactAtTheExtremesInEveryLane() {
        float[] x = {-100f, -80f, -20f, -1e-3f, 0f, 1e-3f, 20f, 80f, 100f};
        float[] wide = new float[4 * 16 + 3];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = x[i % x.length];
        }
        float[] y = new float[wide.length];
        vector().sigmoid(wide, 0, y, 0, wide.length);
        for (int i = 0; i < wide.length; i++) {
            double expected = 1 / (1 + Math.exp(-(double) wide[i]));
            assertClose("sigmoid(" + wide[i] + ")", expected, y[i], 1e-6, 1e-37);
        }
    }

    // ---------------------------------------------------------------- reductions

    @ParameterizedTest(name = "n = {0}")
    @MethodSource("sizes")
    void sumAgreesWithScalarAndWithADoubleSum(int n) {
        Random rnd = new Random(1900 + n);
        float[] x = x(rnd, n, -10, 10);
        double exact = 0;
        double magnitude = 0;
        for (int i = X_OFF; i < X_OFF + n; i++) {
            exact += x[i];
            magnitude += Math.abs(x[i]);
        }
        float scalar = SCALAR.sum(x, X_OFF, n);
        float vector = vector().sum(x, X_OFF, n);
        // Summation error scales with Σ|x|, not with the (possibly cancelling) sum itself.
        assertClose("vector sum vs scalar", scalar, vector, 0, 1e-5 * magnitude);
        assertClose("vector sum vs double", exact, vector, 0, 1e-5 * magnitude);
    }

    @Test
    void sumOfNothingIsZero() {
        assertEquals(0f, vector().sum(new float[4], 2, 0));
    }

    @ParameterizedTest(name = "n = {0}")
    @MethodSource("sizes")
    void maxIsExactlyTheScalarMaximum(int n) {
        Random rnd = new Random(2000 + n);
        float[] x = x(rnd, n, -1000, 1000);
        assertEquals(SCALAR.max(x, X_OFF, n), vector().max(x, X_OFF, n));
        // the maximum placed at each end of the range, where vector loops and tails meet
        float[] first = x.clone();
        first[X_OFF] = 5000f;
        assertEquals(5000f, vector().max(first, X_OFF, n));
        float[] last = x.clone();
        last[X_OFF + n - 1] = 5000f;
        assertEquals(5000f, vector().max(last, X_OFF, n));
        // and a larger value just outside the range is ignored
        float[] outside = x.clone();
        outside[X_OFF - 1] = 9000f;
        outside[X_OFF + n] = 9000f;
        assertEquals(SCALAR.max(x, X_OFF, n), vector().max(outside, X_OFF, n));
    }

    @ParameterizedTest(name = "n = {0}")
    @MethodSource("sizes")
    void maxIsNaNWhenAnyElementIsNaN(int n) {
        Random rnd = new Random(2100 + n);
        for (int at : new int[] {0, n / 2, n - 1}) {
            float[] x = x(rnd, n, -1, 1);
            x[X_OFF + at] = Float.NaN;
            assertTrue(Float.isNaN(vector().max(x, X_OFF, n)), "NaN at " + at + " of " + n);
        }
    }

    @Test
    void maxOfNothingIsMinusInfinity() {
        assertEquals(Float.NEGATIVE_INFINITY, vector().max(new float[4], 2, 0));
        float[] allMinusInf = new float[40];
        Arrays.fill(allMinusInf, Float.NEGATIVE_INFINITY);
        assertEquals(Float.NEGATIVE_INFINITY, vector().max(allMinusInf, 0, 40));
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("shapes")
    void sumRowsAccumulatesColumnSumsLikeScalar(int rows, int cols) {
        Random rnd = new Random(2200 + 31 * rows + cols);
        int ldx = cols + 5;
        float[] x = uniform(rnd, X_OFF + rows * ldx + SPARE, -10, 10);
        float[] out = uniform(rnd, OUT_OFF + cols + SPARE, -10, 10);
        float[] expected = out.clone();
        SCALAR.sumRows(x, X_OFF, rows, cols, ldx, expected, OUT_OFF);
        float[] actual = out.clone();
        vector().sumRows(x, X_OFF, rows, cols, ldx, actual, OUT_OFF);
        for (int i = 0; i < out.length; i++) {
            double magnitude = Math.abs(out[i]);
            if (i >= OUT_OFF && i < OUT_OFF + cols) {
                for (int r = 0; r < rows; r++) {
                    magnitude += Math.abs(x[X_OFF + r * ldx + (i - OUT_OFF)]);
                }
            }
            assertClose("sumRows out[" + i + "]", expected[i], actual[i], 0, 1e-5 * magnitude);
        }
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("shapes")
    void addBiasRowsIsBitIdenticalAndLeavesThePaddingAlone(int rows, int cols) {
        Random rnd = new Random(2300 + 31 * rows + cols);
        int ldx = cols + 5;
        float[][] in = {uniform(rnd, X_OFF + rows * ldx + SPARE, -10, 10), uniform(rnd, Y_OFF + cols + SPARE, -1, 1)};
        assertBitIdentical("addBiasRows", in, (k, a) -> k.addBiasRows(a[0], X_OFF, rows, cols, ldx, a[1], Y_OFF));
    }

    // ---------------------------------------------------------------- softmax and cross-entropy

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("shapes")
    void softmaxRowsAgreesWithScalarForLogitsUpTo80(int rows, int cols) {
        Random rnd = new Random(2400 + 31 * rows + cols);
        float[][] in = {uniform(rnd, X_OFF + rows * cols + SPARE, -80, 80), out(rnd, rows * cols)};
        // Probabilities as small as e^-160 underflow in both; below the normal range only absolute error counts.
        assertAgrees("softmaxRows", in, 1e-5, 1e-37,
                (k, a) -> k.softmaxRows(a[0], X_OFF, rows, cols, a[1], OUT_OFF));
        float[] p = runOn(vector(), in, (k, a) -> k.softmaxRows(a[0], X_OFF, rows, cols, a[1], OUT_OFF))[1];
        for (int r = 0; r < rows; r++) {
            double total = 0;
            for (int j = 0; j < cols; j++) {
                float pj = p[OUT_OFF + r * cols + j];
                assertTrue(pj >= 0f && pj <= 1f, "probability out of [0, 1]: " + pj);
                total += pj;
            }
            assertClose("row " + r + " sums to 1", 1.0, total, 0, 1e-5);
        }
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("shapes")
    void softmaxRowsMayWriteOverItsInput(int rows, int cols) {
        Random rnd = new Random(2500 + 31 * rows + cols);
        float[][] in = {uniform(rnd, X_OFF + rows * cols + SPARE, -80, 80)};
        assertAgrees("softmaxRows in place", in, 1e-5, 1e-37,
                (k, a) -> k.softmaxRows(a[0], X_OFF, rows, cols, a[0], X_OFF));
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("shapes")
    void logSoftmaxRowsAgreesWithScalarForLogitsUpTo80(int rows, int cols) {
        Random rnd = new Random(2600 + 31 * rows + cols);
        float[][] in = {uniform(rnd, X_OFF + rows * cols + SPARE, -80, 80), out(rnd, rows * cols)};
        // The outputs reach -160; the log of the row sum carries an absolute error of about 1e-7.
        assertAgrees("logSoftmaxRows", in, 1e-5, 1e-6,
                (k, a) -> k.logSoftmaxRows(a[0], X_OFF, rows, cols, a[1], OUT_OFF));
        assertAgrees("logSoftmaxRows in place", in, 1e-5, 1e-6,
                (k, a) -> k.logSoftmaxRows(a[0], X_OFF, rows, cols, a[0], X_OFF));
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("shapes")
    void softmaxCrossEntropyLossAndGradientAgreeWithScalar(int rows, int cols) {
        Random rnd = new Random(2700 + 31 * rows + cols);
        float[] logits = uniform(rnd, X_OFF + rows * cols + SPARE, -80, 80);
        int[] labels = new int[2 + rows];
        for (int r = 0; r < labels.length; r++) {
            labels[r] = rnd.nextInt(cols);
        }
        float gradScale = 2.5f;
        float[] garbage = uniform(rnd, OUT_OFF + rows * cols + SPARE, -1, 1);
        garbage[OUT_OFF] = Float.NaN; // the gradient overwrites, so old contents must not leak through
        float[] expectedGrad = garbage.clone();
        float[] actualGrad = garbage.clone();
        float expectedLoss = SCALAR.softmaxCrossEntropy(logits, X_OFF, rows, cols, labels, 2,
                expectedGrad, OUT_OFF, gradScale);
        float actualLoss = vector().softmaxCrossEntropy(logits, X_OFF, rows, cols, labels, 2,
                actualGrad, OUT_OFF, gradScale);
        assertClose("loss", expectedLoss, actualLoss, 1e-5, 1e-6);
        // Gradients are (p - onehot)·scale: at the label p - 1 cancels, so the error is absolute, in units of scale.
        double scale = gradScale / rows;
        assertClose("gradient", expectedGrad, actualGrad, 1e-5, 1e-6 * scale);

        float lossOnly = vector().softmaxCrossEntropy(logits, X_OFF, rows, cols, labels, 2, null, 0, gradScale);
        assertEquals(actualLoss, lossOnly, "the loss must not depend on whether a gradient is asked for");
    }

    /**
     * Rows no wider than one vector take a masked one-vector-per-row path (see {@link VectorKernels}):
     * widths around and at the lane count, and more than 32 rows, since the cross-entropy folds its
     * row sums into a product 32 rows at a time. Logits in ±80, so rows spread further than the
     * exponential's floor of -87.
     */
    static Stream<Arguments> narrowShapes() {
        return IntStream.of(2, 5, 10, 15, 16).boxed()
                .flatMap(cols -> Stream.of(Arguments.of(1, cols), Arguments.of(31, cols), Arguments.of(70, cols)));
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("narrowShapes")
    void narrowSoftmaxRowsAndLogSoftmaxRowsAgreeWithScalar(int rows, int cols) {
        Random rnd = new Random(2650 + 31 * rows + cols);
        float[][] in = {uniform(rnd, X_OFF + rows * cols + SPARE, -80, 80), out(rnd, rows * cols)};
        assertAgrees("softmaxRows", in, 1e-5, 1e-37,
                (k, a) -> k.softmaxRows(a[0], X_OFF, rows, cols, a[1], OUT_OFF));
        assertAgrees("softmaxRows in place", in, 1e-5, 1e-37,
                (k, a) -> k.softmaxRows(a[0], X_OFF, rows, cols, a[0], X_OFF));
        assertAgrees("logSoftmaxRows", in, 1e-5, 1e-6,
                (k, a) -> k.logSoftmaxRows(a[0], X_OFF, rows, cols, a[1], OUT_OFF));
        assertAgrees("logSoftmaxRows in place", in, 1e-5, 1e-6,
                (k, a) -> k.logSoftmaxRows(a[0], X_OFF, rows, cols, a[0], X_OFF));
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("narrowShapes")
    void narrowSoftmaxCrossEntropyAgreesWithScalar(int rows, int cols) {
        softmaxCrossEntropyLossAndGradientAgreeWithScalar(rows, cols);
        // in place: the gradient overwrites the logits it is computed from
        Random rnd = new Random(2750 + 31 * rows + cols);
        float[] logits = uniform(rnd, X_OFF + rows * cols + SPARE, -80, 80);
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = rnd.nextInt(cols);
        }
        float[] expected = logits.clone();
        float[] actual = logits.clone();
        float expectedLoss = SCALAR.softmaxCrossEntropy(expected, X_OFF, rows, cols, labels, 0, expected, X_OFF, 1f);
        float actualLoss = vector().softmaxCrossEntropy(actual, X_OFF, rows, cols, labels, 0, actual, X_OFF, 1f);
        assertClose("in-place loss", expectedLoss, actualLoss, 1e-5, 1e-6);
        assertClose("in-place gradient", expected, actual, 1e-5, 1e-6 / rows);
    }

    /** The narrow softmax paths once C2 has compiled them with its vector exp and log. */
    @Test
    void narrowSoftmaxKernelsStayAccurateOnceJitCompiled() {
        KernelProvider k = vector();
        Random rnd = new Random(2760);
        int rows = 64;
        int cols = 10;
        float[] logits = uniform(rnd, rows * cols, -80, 80);
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = rnd.nextInt(cols);
        }
        float[] out = new float[rows * cols];
        for (int rep = 0; rep < 4000; rep++) {
            k.softmaxRows(logits, 0, rows, cols, out, 0);
            k.logSoftmaxRows(logits, 0, rows, cols, out, 0);
            k.softmaxCrossEntropy(logits, 0, rows, cols, labels, 0, out, 0, 1f);
        }
        float[][] in = {logits, new float[rows * cols]};
        assertAgrees("compiled softmaxRows", in, 1e-5, 1e-37, (kp, a) -> kp.softmaxRows(a[0], 0, rows, cols, a[1], 0));
        assertAgrees("compiled logSoftmaxRows", in, 1e-5, 1e-6,
                (kp, a) -> kp.logSoftmaxRows(a[0], 0, rows, cols, a[1], 0));
        assertAgrees("compiled softmaxCrossEntropy gradient", in, 1e-5, 1e-6 / rows,
                (kp, a) -> kp.softmaxCrossEntropy(a[0], 0, rows, cols, labels, 0, a[1], 0, 1f));
        assertClose("compiled softmaxCrossEntropy loss",
                SCALAR.softmaxCrossEntropy(logits, 0, rows, cols, labels, 0, null, 0, 1f),
                k.softmaxCrossEntropy(logits, 0, rows, cols, labels, 0, null, 0, 1f), 1e-5, 1e-6);
    }

    // ---------------------------------------------------------------- dropout

    @ParameterizedTest(name = "n = {0}")
    @MethodSource("sizes")
    void dropoutMaskIsBitIdenticalToScalar(int n) {
        Random rnd = new Random(2800 + n);
        for (float p : new float[] {0f, 0.1f, 0.5f, 0.9f}) {
            for (long start : new long[] {0, 5, Integer.MAX_VALUE - 7, 1L << 40}) {
                long seed = rnd.nextLong();
                // x has no zeros, so a zero in the output means exactly "dropped"
                float[][] in = {uniform(rnd, X_OFF + n + SPARE, 0.5f, 1.5f), out(rnd, n), out(rnd, n)};
                String what = "p = " + p + ", start = " + start;
                assertBitIdentical("dropout " + what, in,
                        (k, a) -> k.dropout(a[0], X_OFF, a[1], OUT_OFF, n, p, seed, start));
                assertBitIdentical("dropoutBackward " + what, in,
                        (k, a) -> k.dropoutBackward(a[0], X_OFF, a[2], OUT_OFF, n, p, seed, start));
            }
        }
    }

    @ParameterizedTest(name = "p = {0}")
    @ValueSource(floats = {0.1f, 0.25f, 0.5f, 0.9f})
    void dropoutKeepsAFractionOfOneMinusPAndScalesByItsInverse(float p) {
        int n = 100_000;
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        float[] out = new float[n];
        vector().dropout(ones, 0, out, 0, n, p, 42L, 0L);
        float scale = 1f / (1f - p);
        int kept = 0;
        for (float o : out) {
            if (o != 0f) {
                assertEquals(scale, o, "a kept element is scaled by exactly 1/(1-p)");
                kept++;
            }
        }
        // The kept count is Binomial(n, 1-p): its standard deviation is at most 0.0016·n, so 0.01 is over 6σ.
        assertEquals(1 - p, kept / (double) n, 0.01);
    }

    @Test
    void dropoutAtRateZeroIsTheIdentity() {
        Random rnd = new Random(29);
        float[] x = uniform(rnd, 100, -1, 1);
        float[] out = new float[100];
        vector().dropout(x, 0, out, 0, 100, 0f, 7L, 0L);
        assertTrue(Arrays.equals(x, out));
    }

    @ParameterizedTest(name = "n = {0}")
    @MethodSource("sizes")
    void dropoutBackwardPassesGradientExactlyWhereForwardKept(int n) {
        Random rnd = new Random(3000 + n);
        float p = 0.3f;
        long seed = 1234L;
        long start = 77L;
        KernelProvider k = vector();
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        float[] forward = new float[n];
        k.dropout(ones, 0, forward, 0, n, p, seed, start);

        float[] dy = uniform(rnd, n, -1, 1);
        float[] dx0 = uniform(rnd, n, -1, 1);
        float[] dx = dx0.clone();
        k.dropoutBackward(dy, 0, dx, 0, n, p, seed, start);
        for (int i = 0; i < n; i++) {
            float expected = forward[i] != 0f ? dx0[i] + dy[i] * forward[i] : dx0[i];
            assertEquals(expected, dx[i], "dx[" + i + "]: backward must use forward's mask and scale");
        }
    }

    // ---------------------------------------------------------------- optimizers

    @ParameterizedTest(name = "n = {0}")
    @MethodSource("sizes")
    void adamAgreesWithScalarOverSeveralSteps(int n) {
        Random rnd = new Random(3100 + n);
        float[][] state = {
            x(rnd, n, -1, 1),                    // parameters
            y(rnd, n, -1, 1),                    // gradients
            uniform(rnd, 2 + n + SPARE, -0.1f, 0.1f), // first moments
            uniform(rnd, 6 + n + SPARE, 0, 0.01f)     // second moments
        };
        float[][] expected = state;
        float[][] actual = state;
        for (long step = 1; step <= 3; step++) {
            long t = step;
            Call adamW = (k, a) -> k.adam(a[0], X_OFF, a[1], Y_OFF, a[2], 2, a[3], 6, n,
                    1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, t);
            expected = runOn(SCALAR, expected, adamW);
            actual = runOn(vector(), actual, adamW);
            for (int a = 0; a < state.length; a++) {
                assertClose("adam step " + step + ", array " + a, expected[a], actual[a], 1e-6, 1e-12);
            }
        }
    }

    /**
     * Parameters above ADAM_PARALLEL_N go over the pool, and from ADAM_AWAKE_N when its helpers are
     * awake (a region just before, as after a split product): same bits on one thread and on
     * two, close to the scalar twin.
     */
    @ParameterizedTest
    @ValueSource(ints = {VectorKernels.ADAM_PARALLEL_N + 1_000 + 5, VectorKernels.ADAM_AWAKE_N + 1_000 + 5})
    void adamOverThePoolMatchesOneThreadBitForBit(int n) {   // above a split, plus a partial vector
        Random rnd = new Random(77);
        float[][] state = {
            x(rnd, n, -1, 1), y(rnd, n, -1, 1),
            uniform(rnd, 2 + n + SPARE, -0.1f, 0.1f), uniform(rnd, 6 + n + SPARE, 0, 0.01f)
        };
        Call adam = (k, a) -> {
            Parallel.run(2, (part, parts) -> { });           // wakes the helpers
            k.adam(a[0], X_OFF, a[1], Y_OFF, a[2], 2, a[3], 6, n, 1e-3f, 0.9f, 0.999f, 1e-7f, 0f, 4);
        };
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[][] one = runOn(vector(), state, adam);
            Parallel.setThreads(2);
            float[][] two = runOn(vector(), state, adam);
            float[][] scalar = runOn(SCALAR, state, adam);
            for (int a = 0; a < state.length; a++) {
                assertArrayEquals(one[a], two[a], 0f, "array " + a);
                assertClose("adam vs scalar, array " + a, scalar[a], two[a], 1e-6, 1e-12);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    static Stream<Arguments> providers() {
        return Stream.of(Arguments.of("scalar"), Arguments.of("vector"));
    }

    private static KernelProvider provider(String name) {
        return name.equals("scalar") ? SCALAR : vector();
    }

    /**
     * Two Adam steps worked out by hand, for one parameter repeated 33 times (so that both the vector
     * loop and the scalar tail are checked): lr = 0.001, beta1 = 0.9, beta2 = 0.999, eps = 1e-8,
     * starting at param = 1 with zero moments, gradients 0.5 then -0.25.
     *
     * <p>Step 1: m = 0.1·0.5 = 0.05 and v = 0.001·0.25 = 0.00025; bias-corrected they are exactly
     * g = 0.5 and g² = 0.25, so the update is lr·0.5/(0.5 + eps), just under lr: Adam's first step
     * moves every parameter by about lr whatever the gradient's size. Step 2: m = 0.045 - 0.025 =
     * 0.02, v = 0.00024975 + 0.0000625 = 0.00031225, corrected by 1 - 0.9² = 0.19 and
     * 1 - 0.999² = 0.001999, so the step is lr·0.10526/(0.39522 + eps) ≈ 0.000266.
     *
     * <p>The expected values are computed in double from the betas <em>as floats hold them</em>:
     * {@code 1 - 0.999f} is 0.000999987, not 0.001, a 1.3e-5 relative difference in v that is the
     * caller's rounding, not the kernel's.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void adamFirstTwoStepsMatchHandComputedValues(String name) {
        KernelProvider k = provider(name);
        double b1 = 0.9f;
        double b2 = 0.999f;
        double lr = 1e-3f;
        double eps = 1e-8f;
        int n = 33;
        float[] param = new float[n];
        float[] grad = new float[n];
        float[] m = new float[n];
        float[] v = new float[n];
        Arrays.fill(param, 1f);

        Arrays.fill(grad, 0.5f);
        k.adam(param, 0, grad, 0, m, 0, v, 0, n, (float) lr, (float) b1, (float) b2, (float) eps, 0f, 1);
        double m1 = (1 - b1) * 0.5;           // 0.05
        double v1 = (1 - b2) * 0.25;          // 0.00025
        double mHat1 = m1 / (1 - b1);         // 0.5
        double vHat1 = v1 / (1 - b2);         // 0.25
        double p1 = 1 - lr * mHat1 / (Math.sqrt(vHat1) + eps); // 1 - 0.001·0.99999998
        assertClose("the first step is lr·g/(|g| + eps)", 1 - 1e-3 * 0.5 / (0.5 + 1e-8), p1, 0, 1e-9);
        for (int i = 0; i < n; i++) {
            assertClose("m after step 1", m1, m[i], 1e-6, 0);
            assertClose("v after step 1", v1, v[i], 1e-6, 0);
            // float has 24 bits: a parameter near 1 is known to 6e-8, so 2e-7 absolute means "correct to float"
            assertClose("param after step 1", p1, param[i], 0, 2e-7);
        }

        Arrays.fill(grad, -0.25f);
        k.adam(param, 0, grad, 0, m, 0, v, 0, n, (float) lr, (float) b1, (float) b2, (float) eps, 0f, 2);
        double m2 = b1 * m1 + (1 - b1) * -0.25;  // 0.02
        double v2 = b2 * v1 + (1 - b2) * 0.0625; // 0.00031225
        double mHat2 = m2 / (1 - b1 * b1);       // 0.02 / 0.19 = 0.10526...
        double vHat2 = v2 / (1 - b2 * b2);       // 0.00031225 / 0.001999 = 0.15620...
        double p2 = p1 - lr * mHat2 / (Math.sqrt(vHat2) + eps); // p1 - 0.000266...
        assertClose("the second step", 2.6634e-4, p1 - p2, 1e-3, 0);
        for (int i = 0; i < n; i++) {
            // m2 = 0.045 - 0.025 cancels: float errors of size ulp(0.045) become relative 2e-7 of 0.02
            assertClose("m after step 2", m2, m[i], 1e-6, 0);
            assertClose("v after step 2", v2, v[i], 1e-6, 0);
            assertClose("param after step 2", p2, param[i], 0, 2e-7);
        }
    }

    /**
     * eps matters only when gradients are as small as eps itself: with g = 1e-8 the first step is
     * lr·g/(|g| + eps) = lr/2, not lr; and a parameter whose gradient and moments are all zero must
     * stay put (0 / (0 + eps) = 0) rather than become NaN (0 / 0).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void adamEpsilonHalvesTheStepForGradientsOfSizeEpsAndKeepsZeroGradientsFinite(String name) {
        KernelProvider k = provider(name);
        int n = 33;
        float[] param = new float[n];
        float[] grad = new float[n];
        Arrays.fill(param, 1f);
        for (int i = 0; i < n; i++) {
            grad[i] = i % 2 == 0 ? 1e-8f : 0f;
        }
        k.adam(param, 0, grad, 0, new float[n], 0, new float[n], 0, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, 1);
        for (int i = 0; i < n; i++) {
            double expected = i % 2 == 0 ? 1 - 1e-3 * 0.5 : 1;
            assertClose("param[" + i + "]", expected, param[i], 0, 2e-7);
        }
    }

    /** AdamW's decay is decoupled: it subtracts lr·weightDecay·param on top of the Adam step. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void adamWeightDecayIsDecoupledFromTheGradient(String name) {
        KernelProvider k = provider(name);
        int n = 33;
        float[] param = new float[n];
        float[] grad = new float[n];
        Arrays.fill(param, 2f);
        Arrays.fill(grad, 0.5f);
        k.adam(param, 0, grad, 0, new float[n], 0, new float[n], 0, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, 1);
        double expected = 2 - 1e-3 * (0.5 / (0.5 + 1e-8) + 0.01 * 2); // 2 - 0.00102
        for (int i = 0; i < n; i++) {
            assertClose("param", expected, param[i], 0, 4e-7);
        }
    }
}
