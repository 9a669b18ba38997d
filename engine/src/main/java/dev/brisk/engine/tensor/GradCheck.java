package dev.brisk.engine.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Checks the gradients autodiff computes against finite differences, so you can trust a composition
 * of ops (or a new op) before training with it.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(1, 4, 3).requiresGrad(true);
 * Tensor w = Tensor.randn(2, 3, 5).requiresGrad(true);
 * GradCheck.check(in -> in[0].matmul(in[1]).tanh(), x, w);   // throws AssertionError if wrong
 * }</pre>
 *
 * <h2>How it works</h2>
 * The function's output {@code y} is reduced to a scalar {@code L = Σ r_i y_i} with fixed random
 * weights {@code r} (a plain sum would hide bugs: the sum of a softmax is always 1, so its gradient
 * is zero whatever the backward pass does). Back-propagating {@code L} gives the analytic gradient.
 * For the numeric one, every input element {@code x_j} in turn is nudged to {@code x_j ± eps}, the
 * function is evaluated again (in float32, as in training, but {@code L} is summed in double) and
 * {@code dL/dx_j ≈ (L(x+eps) - L(x-eps)) / 2eps}, the central difference, whose error shrinks with
 * {@code eps²}.
 *
 * <h2>Choosing eps and the tolerance</h2>
 * In float32, {@code L} carries a rounding error of about {@code 1e-7·|L|}, and dividing by
 * {@code 2·eps} magnifies it: {@code eps = 1e-3} leaves about {@code 1e-4} of noise, {@code 1e-2}
 * about {@code 1e-5}, while the {@code eps²} truncation error stays small for smooth functions of
 * inputs of order 1. The defaults are therefore {@code eps = 1e-2} and a tolerance of {@code 1e-2}
 * on the <em>scaled error</em> {@code |analytic - numeric| / max(1, |analytic|, |numeric|)}: absolute
 * for small gradients, relative for large ones. A wrong backward pass is usually off by far more.
 *
 * <h2>Rules for the function and inputs</h2>
 * <ul>
 *   <li>Inputs are leaves; those with {@code requiresGrad(true)} are checked, the others are constants.
 *       To check a view (a transpose, a slice), build it inside the function from a leaf.</li>
 *   <li>The function must be deterministic: dropout needs a fixed seed.</li>
 *   <li>Keep inputs away from kinks ({@code relu} and {@code abs} at 0, {@code clamp} at its
 *       bounds, ties in {@code max}) by more than {@code eps}: there the derivative does not exist.</li>
 * </ul>
 */
public final class GradCheck {

    /** The default finite-difference step, suited to float32 inputs of order 1. */
    public static final double DEFAULT_EPS = 1e-2;
    /** The default bound on the scaled error {@code |a - n| / max(1, |a|, |n|)}. */
    public static final double DEFAULT_TOLERANCE = 1e-2;

    private GradCheck() {
    }

    /**
     * The comparison for one input.
     *
     * @param input       the input's position in the argument list
     * @param shape       its shape
     * @param maxAbsError the largest {@code |analytic - numeric|} over its elements
     * @param maxRelError the largest {@code |analytic - numeric| / max(|analytic|, |numeric|)} (0 where both are 0)
     * @param maxScaledError the largest {@code |analytic - numeric| / max(1, |analytic|, |numeric|)}, the pass criterion
     * @param worstIndex  the row-major element index with the largest scaled error
     * @param analytic    the analytic gradient there
     * @param numeric     the numeric gradient there
     */
    public record InputReport(int input, int[] shape, double maxAbsError, double maxRelError, double maxScaledError,
                              int worstIndex, double analytic, double numeric) {
        @Override
        public String toString() {
            return String.format("input %d %s: max abs error %.3g, max rel error %.3g, worst element %d (analytic %.6g, numeric %.6g)",
                    input, Shape.toString(shape), maxAbsError, maxRelError, worstIndex, analytic, numeric);
        }
    }

    /** The comparison for every checked input, and the settings used. */
    public record Report(List<InputReport> inputs, double eps, double tolerance) {
        /** Whether every element of every checked input is within the tolerance. */
        public boolean passed() {
            return inputs.stream().allMatch(r -> r.maxScaledError() <= tolerance);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("gradient check (eps " + eps + ", tolerance " + tolerance + "): "
                    + (passed() ? "passed" : "FAILED"));
            for (InputReport r : inputs) {
                sb.append("\n  ").append(r).append(r.maxScaledError() <= tolerance ? "" : "  <-- exceeds tolerance");
            }
            return sb.toString();
        }
    }

    /**
     * Checks {@code f}'s gradients with respect to every input that requires grad, with the default
     * eps and tolerance.
     *
     * @return the report, if the check passed
     * @throws AssertionError naming each failing input, its worst element and both gradients there
     */
    public static Report check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(DEFAULT_EPS, DEFAULT_TOLERANCE, f, inputs);
    }

    /** {@link #check(Function, Tensor...)} with a chosen eps and tolerance. */
    public static Report check(double eps, double tolerance, Function<Tensor[], Tensor> f, Tensor... inputs) {
        Report report = compare(eps, tolerance, f, inputs);
        if (!report.passed()) {
            throw new AssertionError(report.toString());
        }
        return report;
    }

    /**
     * Computes the comparison without judging it. The inputs' existing gradients are left as they
     * were; their values are perturbed during the check and restored exactly.
     */
    public static Report compare(double eps, double tolerance, Function<Tensor[], Tensor> f, Tensor... inputs) {
        if (!(eps > 0)) {
            throw new IllegalArgumentException("GradCheck: eps must be positive, got " + eps);
        }
        List<Integer> checked = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (!t.isLeaf()) {
                throw new IllegalArgumentException("GradCheck: input " + i + " " + Shape.toString(t.shape)
                        + " is the output of '" + t.op() + "'; pass leaves and build views inside the function");
            }
            for (int d = 0; d < t.rank(); d++) {
                if (t.strides[d] == 0 && t.shape[d] > 1) {
                    throw new IllegalArgumentException("GradCheck: input " + i + " " + Shape.toString(t.shape)
                            + " is an expanded view (elements share storage); pass a contiguous tensor");
                }
            }
            if (t.requiresGrad()) {
                checked.add(i);
            }
        }
        if (checked.isEmpty()) {
            throw new IllegalArgumentException("GradCheck: no input requires grad; mark them with requiresGrad(true)");
        }

        // Analytic gradients, with the inputs' own accumulated gradients set aside.
        float[][] saved = new float[inputs.length][];
        for (int i : checked) {
            saved[i] = inputs[i].grad;
            inputs[i].grad = null;
        }
        float[][] analytic = new float[inputs.length][];
        float[] weights;
        try {
            Tensor y = f.apply(inputs);
            weights = Tensor.uniform(0x5EED, -1f, 1f, y.shape).data;
            if (!y.requiresGrad()) {
                throw new AssertionError("GradCheck: the output " + Shape.toString(y.shape)
                        + " does not depend on any input that requires grad");
            }
            y.backward(new Tensor(weights, y.shape));
            for (int i : checked) {
                analytic[i] = inputs[i].grad == null ? new float[inputs[i].size] : inputs[i].grad.clone();
            }
        } finally {
            for (int i : checked) {
                inputs[i].grad = saved[i];
            }
        }

        // Numeric gradients by central differences.
        List<InputReport> reports = new ArrayList<>();
        try (NoGrad g = NoGrad.enter()) {
            for (int i : checked) {
                Tensor t = inputs[i];
                int[] offsets = Strided.offsets(t);
                double maxAbs = 0;
                double maxRel = 0;
                double maxScaled = -1;
                int worst = 0;
                double worstA = 0;
                double worstN = 0;
                for (int j = 0; j < offsets.length; j++) {
                    int o = offsets[j];
                    float original = t.data[o];
                    float plus = (float) (original + eps);
                    float minus = (float) (original - eps);
                    t.data[o] = plus;
                    double lPlus = weighted(f.apply(inputs), weights);
                    t.data[o] = minus;
                    double lMinus = weighted(f.apply(inputs), weights);
                    t.data[o] = original;
                    double numeric = (lPlus - lMinus) / ((double) plus - minus);
                    double a = analytic[i][j];
                    double abs = Math.abs(a - numeric);
                    double big = Math.max(Math.abs(a), Math.abs(numeric));
                    double rel = big == 0 ? 0 : abs / big;
                    double scaled = abs / Math.max(1.0, big);
                    if (Double.isNaN(a) || Double.isNaN(numeric)) {
                        scaled = Double.POSITIVE_INFINITY;
                    }
                    maxAbs = Math.max(maxAbs, abs);
                    maxRel = Math.max(maxRel, rel);
                    if (scaled > maxScaled) {
                        maxScaled = scaled;
                        worst = j;
                        worstA = a;
                        worstN = numeric;
                    }
                }
                reports.add(new InputReport(i, t.shape(), maxAbs, maxRel, Math.max(maxScaled, 0), worst, worstA, worstN));
            }
        }
        return new Report(List.copyOf(reports), eps, tolerance);
    }

    private static double weighted(Tensor y, float[] weights) {
        float[] v = y.toArray();
        if (v.length != weights.length) {
            throw new AssertionError("GradCheck: the function's output changed size from " + weights.length
                    + " to " + v.length + " elements");
        }
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            sum += (double) v[i] * weights[i];
        }
        return sum;
    }

    /** A reproducible random tensor with every element at least {@code margin} away from 0: inputs for ops with a kink at 0. */
    public static Tensor awayFromZero(long seed, float margin, int... shape) {
        Tensor t = Tensor.uniform(seed, -1f, 1f, shape);
        SplittableRandom rng = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        for (int i = 0; i < t.data.length; i++) {
            float v = t.data[i];
            if (Math.abs(v) < margin) {
                t.data[i] = (rng.nextBoolean() ? 1 : -1) * (margin + Math.abs(v));
            }
        }
        return t;
    }
}
