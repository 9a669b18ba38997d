package dev.brisk.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every differentiable op's backward pass agrees with central finite differences ({@link GradCheck}),
 * over seeded random shapes, with broadcasting, and on non-contiguous (transposed, sliced) inputs.
 */
class GradientTest {

    private static Tensor param(long seed, int... shape) {
        return Tensor.uniform(seed, -1f, 1f, shape).requiresGrad(true);
    }

    private static Tensor positive(long seed, int... shape) {
        return Tensor.uniform(seed, 0.5f, 2f, shape).requiresGrad(true);
    }

    private static Tensor awayFromZero(long seed, int... shape) {
        return GradCheck.awayFromZero(seed, 0.1f, shape).requiresGrad(true);
    }

    private static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.check(f, inputs);
    }

    /** Random shape pairs that broadcast: equal, size-1 axes on either side, and missing leading axes. */
    private static int[][] broadcastPair(Random rnd) {
        int rank = 1 + rnd.nextInt(3);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = 1 + rnd.nextInt(4);
        }
        int[][] pair = new int[2][];
        for (int p = 0; p < 2; p++) {
            int drop = rnd.nextInt(rank);                   // fewer leading axes
            int[] s = java.util.Arrays.copyOfRange(out, p == 0 ? 0 : drop, rank);
            for (int i = 0; i < s.length; i++) {
                if (rnd.nextInt(3) == 0) {
                    s[i] = 1;                               // a size-1 axis that broadcasts
                }
            }
            pair[p] = s;
        }
        return pair;
    }

    // ------------------------------------------------------------------ binary, broadcasting

    @Test
    void binaryOpsBroadcastTheirGradientsBackToEachInputShape() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 12; trial++) {
            int[][] s = broadcastPair(rnd);
            long seed = 100 + trial;
            check(in -> in[0].add(in[1]), param(seed, s[0]), param(seed + 1, s[1]));
            check(in -> in[0].sub(in[1]), param(seed, s[0]), param(seed + 1, s[1]));
            check(in -> in[0].mul(in[1]), param(seed, s[0]), param(seed + 1, s[1]));
            check(in -> in[0].div(in[1]), param(seed, s[0]), positive(seed + 1, s[1]));
            check(in -> in[0].pow(in[1]), positive(seed, s[0]), param(seed + 1, s[1]));
        }
    }

    @Test
    void biasBroadcastOverRowsUsesTheRowKernelsAndStillChecks() {
        // [8, 20] + [20]: wide enough for the per-row kernel path forward and sumRows backward.
        check(in -> in[0].add(in[1]).mul(in[1]), param(1, 8, 20), param(2, 20));
        check(in -> in[0].sub(in[1]).div(in[2]), param(1, 8, 20), param(2, 20), positive(3, 20));
    }

    @Test
    void sameTensorOnBothSidesAccumulatesBothContributions() {
        check(in -> in[0].mul(in[0]).add(in[0]), param(3, 3, 4));
    }

    @Test
    void scalarVariants() {
        check(in -> in[0].add(2f).mul(3f).sub(0.5f).div(4f).neg(), param(4, 3, 5));
    }

    // ------------------------------------------------------------------ unary

    @Test
    void smoothUnaryOps() {
        check(in -> in[0].exp(), param(5, 4, 3));
        check(in -> in[0].log(), positive(6, 4, 3));
        check(in -> in[0].sqrt(), positive(7, 4, 3));
        check(in -> in[0].sigmoid(), param(8, 4, 3));
        check(in -> in[0].tanh(), param(9, 4, 3));
        check(in -> in[0].pow(2f), param(10, 4, 3));
        check(in -> in[0].pow(3f), param(11, 4, 3));
        check(in -> in[0].pow(-1.5f), positive(12, 4, 3));
    }

    @Test
    void kinkedUnaryOpsAwayFromTheirKinks() {
        check(in -> in[0].relu(), awayFromZero(13, 5, 4));
        check(in -> in[0].abs(), awayFromZero(14, 5, 4));
        // clamp bounds at ±0.5 with no element within 0.05 of them
        Tensor x = awayFromZero(15, 5, 4);
        for (int i = 0; i < x.data.length; i++) {
            if (Math.abs(Math.abs(x.data[i]) - 0.5f) < 0.05f) {
                x.data[i] += 0.1f;
            }
        }
        check(in -> in[0].clamp(-0.5f, 0.5f), x);
    }

    @Test
    void whereSendsGradientOnlyToThePickedSide() {
        Tensor cond = Tensor.uniform(16, -1f, 1f, 3, 1).gt(0f);
        check(in -> Tensor.where(cond, in[0], in[1]), param(17, 3, 4), param(18, 4));
        check(in -> Tensor.where(in[0].gt(0f), in[0], in[0].mul(0.1f)), awayFromZero(19, 6));
    }

    @Test
    void unaryOpsOnNonContiguousInputs() {
        check(in -> in[0].transpose(0, 1).exp(), param(20, 3, 5));
        check(in -> in[0].slice(1, 0, 6, 2).tanh(), param(21, 4, 6));
        check(in -> in[0].T().relu(), awayFromZero(22, 4, 3));
        check(in -> in[0].T().sigmoid().mul(in[1]), param(23, 4, 3), param(24, 4));
    }

    // ------------------------------------------------------------------ views

    @Test
    void gradientsOfViewsFlowBackToTheBaseTensor() {
        Tensor w = param(25, 3, 6);
        check(in -> in[0].transpose(0, 1).mul(in[1]), w, param(26, 6, 3));
        check(in -> in[0].reshape(2, 9).mul(in[1]), w, param(27, 2, 9));
        check(in -> in[0].T().reshape(-1).mul(in[1]), w, param(28, 18));   // reshape of a transpose copies
        check(in -> in[0].narrow(1, 2, 3).mul(in[1]), w, param(29, 3, 3));
        check(in -> in[0].slice(1, 1, 6, 2).mul(in[1]), w, param(30, 3, 3));
        check(in -> in[0].slice(0, -2, 3).mul(in[1]), w, param(31, 2, 6));
        check(in -> in[0].unsqueeze(1).expand(3, 4, 6).mul(in[1]), w, param(32, 3, 4, 6));
        check(in -> in[0].reshape(3, 1, 6).squeeze(1).permute(1, 0).flatten(0), w);
        check(in -> in[0].T().contiguous().mul(in[1]), w, param(33, 6, 3));
        check(in -> in[0].permute(2, 0, 1).slice(0, 0, 4, 3).mul(in[1]), param(34, 2, 3, 4), param(35, 3));
    }

    // ------------------------------------------------------------------ reductions

    @Test
    void sumAndMeanWithAndWithoutKeepdims() {
        Tensor x = param(36, 2, 3, 4);
        check(in -> in[0].sum(), x);
        check(in -> in[0].mean(), x);
        for (int axis = -3; axis < 3; axis++) {
            int a = axis;
            check(in -> in[0].sum(a, false), x);
            check(in -> in[0].sum(a, true).mul(in[0]), x);
            check(in -> in[0].mean(a, true), x);
        }
        check(in -> in[0].T().sum(0), param(37, 5, 4));
    }

    /** Distinct values spaced far more than eps apart, shuffled, so max has no ties to break. */
    private static Tensor distinct(long seed, int... shape) {
        int n = Shape.size(shape);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i - n / 2f) * 0.1f;
        }
        Random rnd = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.of(v, shape).requiresGrad(true);
    }

    @Test
    void maxSendsTheGradientToTheWinner() {
        Tensor x = distinct(38, 3, 4, 5);
        check(in -> in[0].max(), x);
        for (int axis = -3; axis < 3; axis++) {
            int a = axis;
            check(in -> in[0].max(a, false), x);
            check(in -> in[0].max(a, true), x);
        }
    }

    @Test
    void logsumexpAlongEachAxis() {
        Tensor x = param(39, 3, 4, 2);
        for (int axis = -3; axis < 3; axis++) {
            int a = axis;
            check(in -> in[0].logsumexp(a, false), x);
            check(in -> in[0].logsumexp(a, true), x);
        }
    }

    // ------------------------------------------------------------------ matmul

    @Test
    void matmulInEveryTransposeCombination() {
        int m = 3;
        int k = 4;
        int n = 5;
        Tensor a = param(40, m, k);
        Tensor aT = param(41, k, m);      // stored transposed; used as aT.T()
        Tensor b = param(42, k, n);
        Tensor bT = param(43, n, k);
        check(in -> in[0].matmul(in[1]), a, b);
        check(in -> in[0].T().matmul(in[1]), aT, b);
        check(in -> in[0].matmul(in[1].T()), a, bT);
        check(in -> in[0].T().matmul(in[1].T()), aT, bT);
    }

    @Test
    void linearFusesBiasAndChecksLikeMatmulPlusAdd() {
        check(in -> in[0].linear(in[1], in[2]), param(40, 5, 7), param(41, 7, 3), param(42, 3));
        // a transposed weight view, as a layer that stores [out, in] would pass it
        check(in -> in[0].linear(in[1].T(), in[2]), param(43, 5, 7), param(44, 3, 7), param(45, 3));
        // wide enough (32 x 40) that the kernels' vector paths run
        check(in -> in[0].linear(in[1], in[2]), param(46, 32, 9), param(47, 9, 40), param(48, 40));
    }

    @Test
    void matmulOnSlicedOperandsThatMustBeCopied() {
        // Every other column: adjacent in neither orientation.
        check(in -> in[0].slice(1, 0, 8, 2).matmul(in[1]), param(44, 3, 8), param(45, 4, 2));
        // A row block of a wider matrix: ld larger than the row, no copy.
        check(in -> in[0].narrow(1, 1, 4).matmul(in[1].narrow(0, 2, 4)), param(46, 3, 6), param(47, 7, 2));
    }

    @Test
    void batchedMatmul() {
        check(in -> in[0].matmul(in[1]), param(48, 2, 3, 4), param(49, 2, 4, 5));
        check(in -> in[0].matmul(in[1].transpose(1, 2)), param(50, 2, 3, 4), param(51, 2, 5, 4));
        check(in -> in[0].transpose(1, 2).matmul(in[1]), param(52, 2, 4, 3), param(53, 2, 4, 5));
        check(in -> in[0].matmul(in[1]), param(54, 1, 3, 4), param(55, 3, 4, 2));   // batch of 1 broadcasts
        check(in -> in[0].matmul(in[1]), param(56, 3, 4), param(57, 2, 4, 2));      // 2-D x 3-D
    }

    @Test
    void matmulOfABatchByOneMatrix() {
        check(in -> in[0].matmul(in[1]), param(58, 2, 3, 4), param(59, 4, 5));            // rows stacked: one sgemm
        check(in -> in[0].matmul(in[1].T()), param(60, 2, 3, 4), param(61, 5, 4));
        check(in -> in[0].transpose(1, 2).matmul(in[1]), param(62, 2, 4, 3), param(63, 4, 5)); // per-batch sgemm
    }

    // ------------------------------------------------------------------ softmax, losses, dropout

    @Test
    void softmaxAndLogSoftmaxAlongLastAndInnerAxes() {
        Tensor x = param(64, 3, 4, 5);
        for (int axis : new int[]{-1, 0, 1}) {
            check(in -> in[0].softmax(axis), x);
            check(in -> in[0].logSoftmax(axis), x);
        }
        check(in -> in[0].T().softmax(-1), param(65, 4, 3));
    }

    @Test
    void fusedCrossEntropyMatchesFiniteDifferences() {
        int[] labels = {2, 0, 4, 4, 1, 3};
        check(in -> in[0].sparseCrossEntropy(labels), param(66, 6, 5));
        check(in -> in[0].sparseCrossEntropy(labels).mul(3f), param(67, 6, 5));
        check(in -> in[0].matmul(in[1]).sparseCrossEntropy(labels), param(68, 6, 3), param(69, 3, 5));
    }

    @Test
    void dropoutWithAFixedSeedIsDeterministicAndDifferentiable() {
        check(in -> in[0].dropout(0.4f, 1234L), param(70, 6, 7));
        check(in -> in[0].T().dropout(0.5f, 99L).mul(in[1]), param(71, 5, 4), param(72, 4, 5));
    }

    // ------------------------------------------------------------------ indexing

    @Test
    void gatherRowsScatterAddsRepeatedIds() {
        int[] ids = {3, 1, 3, 0, 3};
        check(in -> in[0].gatherRows(ids).mul(in[1]), param(73, 5, 4), param(74, 5, 4));
        check(in -> in[0].T().gatherRows(new int[]{0, 0, 2}), param(75, 4, 3));
    }

    @Test
    void concatAndStack() {
        check(in -> Tensor.concat(0, in[0], in[1]).mul(in[2]), param(76, 2, 3), param(77, 4, 3), param(78, 6, 3));
        check(in -> Tensor.concat(1, in[0], in[1].T(), in[0]).tanh(), param(79, 2, 3), param(80, 4, 2));
        check(in -> Tensor.stack(0, in[0], in[1]).mul(in[2]), param(81, 3, 2), param(82, 3, 2), param(83, 2, 3, 2));
        check(in -> Tensor.stack(-1, in[0], in[1]).exp(), param(84, 3, 2), param(85, 3, 2));
    }

    // ------------------------------------------------------------------ random shapes, views and ranks

    private static int[] randomShape(Random rnd, int minRank, int maxRank) {
        int[] s = new int[minRank + rnd.nextInt(maxRank - minRank + 1)];
        for (int i = 0; i < s.length; i++) {
            s[i] = 1 + rnd.nextInt(4);
        }
        return s;
    }

    private static int[] reversed(int[] s) {
        int[] r = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            r[i] = s[s.length - 1 - i];
        }
        return r;
    }

    /** The view of {@code t} with its axes reversed: for rank >= 2 a non-contiguous (transposed) view. */
    private static Tensor flipped(Tensor t) {
        int[] dims = new int[t.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = dims.length - 1 - i;
        }
        return t.permute(dims);
    }

    @Test
    void unaryOpsOverRandomShapesContiguousAndTransposed() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 8; trial++) {
            int[] s = randomShape(rnd, 0, 3);
            long seed = 300 + 10L * trial;
            int[] r = reversed(s);
            for (boolean view : new boolean[]{false, true}) {
                int[] leaf = view ? r : s;
                Function<Tensor, Tensor> v = t -> view ? flipped(t) : t;
                check(in -> v.apply(in[0]).exp(), param(seed, leaf));
                check(in -> v.apply(in[0]).log(), positive(seed + 1, leaf));
                check(in -> v.apply(in[0]).sqrt(), positive(seed + 2, leaf));
                check(in -> v.apply(in[0]).pow(2.5f), positive(seed + 3, leaf));
                check(in -> v.apply(in[0]).sigmoid(), param(seed + 4, leaf));
                check(in -> v.apply(in[0]).tanh(), param(seed + 5, leaf));
                check(in -> v.apply(in[0]).relu(), awayFromZero(seed + 6, leaf));
                check(in -> v.apply(in[0]).abs(), awayFromZero(seed + 7, leaf));
                check(in -> v.apply(in[0]).clamp(-0.05f, 0.05f), awayFromZero(seed + 8, leaf)); // |x| >= 0.1: clipped, flat
                check(in -> v.apply(in[0]).clamp(-5f, 5f), param(seed + 9, leaf));             // inside: identity
            }
        }
    }

    @Test
    void binaryOpsBroadcastOnNonContiguousViewsOfDifferentRanks() {
        Random rnd = new Random(12);
        for (int trial = 0; trial < 10; trial++) {
            int[][] s = broadcastPair(rnd);
            long seed = 400 + 10L * trial;
            // The left operand is a transposed view of a leaf stored the other way round.
            Tensor a = param(seed, reversed(s[0]));
            check(in -> flipped(in[0]).add(in[1]), a, param(seed + 1, s[1]));
            check(in -> flipped(in[0]).mul(in[1]), a, param(seed + 2, s[1]));
            check(in -> in[1].sub(flipped(in[0])), a, param(seed + 3, s[1]));
            check(in -> in[1].div(flipped(in[0]).exp()), a, param(seed + 4, s[1]));
            check(in -> flipped(in[0]).exp().pow(flipped(in[1])), a, param(seed + 5, reversed(s[1])));
        }
        // A strided slice broadcast against a column and a scalar-shaped tensor.
        check(in -> in[0].slice(1, 0, 7, 2).mul(in[1]).add(in[2]), param(460, 3, 7), param(461, 3, 1), param(462, 1));
        // An expanded view (stride 0) on one side, a transpose on the other.
        check(in -> in[0].expand(4, 3).mul(in[1].T()), param(463, 3), param(464, 3, 4));
    }

    @Test
    void whereBroadcastsThreeDifferentRanks() {
        Tensor cond = Tensor.uniform(470, -1f, 1f, 2, 1, 4).gt(0f);
        check(in -> Tensor.where(cond, in[0], in[1]), param(471, 3, 1), param(472, 4));
        check(in -> Tensor.where(cond, in[0].T(), in[1]), param(473, 4, 3), param(474, 1));
        check(in -> Tensor.where(in[0].T().gt(0f), in[0].T(), in[1].mul(in[0].T())), awayFromZero(475, 4, 3), param(476, 1, 4));
    }

    @Test
    void reductionsAndSoftmaxOverRandomShapesAndAxesOnViews() {
        Random rnd = new Random(13);
        for (int trial = 0; trial < 8; trial++) {
            int[] s = randomShape(rnd, 1, 3);
            int axis = rnd.nextInt(s.length) - (rnd.nextBoolean() ? s.length : 0);   // negative half the time
            boolean keep = rnd.nextBoolean();
            long seed = 500 + 10L * trial;
            Tensor x = param(seed, reversed(s));
            check(in -> flipped(in[0]).sum(axis, keep), x);
            check(in -> flipped(in[0]).mean(axis, keep), x);
            check(in -> flipped(in[0]).logsumexp(axis, keep), x);
            check(in -> flipped(in[0]).softmax(axis), x);
            check(in -> flipped(in[0]).logSoftmax(axis), x);
            check(in -> flipped(in[0]).max(axis, keep), distinct(seed + 1, reversed(s)));
            check(in -> in[0].sum(axis, keep).mean(), param(seed + 2, s));
        }
    }

    @Test
    void matmulOverRandomShapesInEveryOrientation() {
        Random rnd = new Random(14);
        for (int trial = 0; trial < 6; trial++) {
            int m = 1 + rnd.nextInt(5);
            int k = 1 + rnd.nextInt(5);
            int n = 1 + rnd.nextInt(5);
            long seed = 600 + 10L * trial;
            check(in -> in[0].matmul(in[1]), param(seed, m, k), param(seed + 1, k, n));
            check(in -> in[0].T().matmul(in[1]), param(seed + 2, k, m), param(seed + 3, k, n));
            check(in -> in[0].matmul(in[1].T()), param(seed + 4, m, k), param(seed + 5, n, k));
            check(in -> in[0].T().matmul(in[1].T()), param(seed + 6, k, m), param(seed + 7, n, k));
            int b = 1 + rnd.nextInt(3);
            check(in -> in[0].matmul(in[1].transpose(1, 2)), param(seed + 8, b, m, k), param(seed + 9, b, n, k));
            check(in -> in[0].transpose(-2, -1).matmul(in[1]), param(seed + 8, b, k, m), param(seed + 9, k, n));
        }
    }

    @Test
    void transposedOperandsWriteTheirGradientIntoTheBaseCorrectly() {
        // matmul's backward writes d(w) directly into w's gradient when it sees w.T(); these mix that
        // path with the ordinary one: a view shared by several consumers, a view of a computed tensor,
        // a 2-D transposed operand broadcast over a batch, and both operands transposed views of one tensor.
        check(in -> {
            Tensor wt = in[1].T();
            return in[0].matmul(wt).add(wt.sum(0)).mul(in[0].matmul(wt));
        }, param(700, 3, 4), param(701, 5, 4));
        check(in -> in[0].matmul(in[1].mul(2f).tanh().T()), param(702, 3, 4), param(703, 5, 4));
        check(in -> in[0].T().matmul(in[1]), param(704, 4, 3), param(705, 2, 4, 5));     // [3,4] x [2,4,5]
        check(in -> in[1].matmul(in[0].T()), param(706, 5, 4), param(707, 2, 3, 4));
        check(in -> in[0].T().matmul(in[0]).mul(in[0].matmul(in[0].T()).sum()), param(708, 3, 3));
        check(in -> in[0].transpose(1, 2).matmul(in[0]), param(709, 2, 3, 4));           // [2,4,3] x [2,3,4]
    }

    // ------------------------------------------------------------------ compositions and the checker itself

    @Test
    void aSmallMlpComposition() {
        Tensor x = param(86, 5, 4);
        Tensor w1 = param(87, 4, 6);
        Tensor b1 = param(88, 6);
        Tensor w2 = param(89, 3, 6);    // used transposed, as a [out, in] layer would store it
        Tensor b2 = param(90, 3);
        int[] labels = {0, 2, 1, 1, 0};
        check(in -> in[0].matmul(in[1]).add(in[2]).tanh().matmul(in[3].T()).add(in[4]).sparseCrossEntropy(labels),
                x, w1, b1, w2, b2);
    }

    @Test
    void gradCheckCatchesAWrongGradient() {
        // x.detach() * x has the value x², but the detached factor hides half the gradient.
        GradCheck.Report report = GradCheck.compare(GradCheck.DEFAULT_EPS, GradCheck.DEFAULT_TOLERANCE,
                in -> in[0].detach().mul(in[0]), param(91, 4));
        assertFalse(report.passed(), report.toString());
        AssertionError e = assertThrows(AssertionError.class,
                () -> GradCheck.check(in -> in[0].detach().mul(in[0]), param(91, 4)));
        assertTrue(e.getMessage().contains("FAILED"), e.getMessage());
        assertTrue(e.getMessage().contains("input 0 [4]"), e.getMessage());
    }

    @Test
    void gradCheckLeavesTheInputsAsItFoundThem() {
        Tensor x = param(92, 3, 3);
        float[] before = x.toArray();
        x.mul(2f).sum().backward();
        GradCheck.check(in -> in[0].exp(), x);
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(x.toArray()));
        assertEquals(2f, x.grad().get(1, 1));
    }
}
