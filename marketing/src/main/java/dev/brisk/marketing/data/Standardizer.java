package dev.brisk.marketing.data;

import java.util.Arrays;

/**
 * Rescales each column to mean 0 and standard deviation 1, {@code z = (x - mean) / std}, with the
 * means and deviations of the data it was fitted on, and maps back with
 * {@code x = z · std + mean}.
 *
 * <pre>{@code
 * Standardizer s = Standardizer.fit(train);        // remembers each column's mean and std
 * float[] z = s.transform(test);                    // the test rows in the training data's units
 * float[] back = s.inverse(z);                      // the original values again (to rounding)
 * }</pre>
 *
 * <h2>Why models standardize</h2>
 * Gradient descent takes one step size for all weights. If income is in the tens of thousands and
 * age in tens, the loss surface is a long narrow valley: a step small enough for the income weight
 * crawls along the age weight. After standardizing, every feature varies by about 1 and the valley
 * is round (as round as the features' correlations allow), so one step size suits all weights and
 * Glorot-initialised layers see inputs of the size they were designed for. The statistics must come
 * from the training data only and be reused unchanged for validation, test and new customers.
 *
 * <p>Means and deviations are computed in double precision, in two passes. The deviation is the
 * population one (divided by {@code n}). A constant column has deviation 0; it is kept with
 * deviation 1, so it becomes a column of zeros rather than a division by zero ({@link #isConstant}
 * tells which).
 */
public final class Standardizer {

    private final double[] mean;
    private final double[] std;
    private final boolean[] constant;

    private Standardizer(double[] mean, double[] std, boolean[] constant) {
        this.mean = mean;
        this.std = std;
        this.constant = constant;
    }

    /** Fits each column of {@code x}. */
    public static Standardizer fit(FeatureMatrix x) {
        return fit(x.data(), x.cols());
    }

    /** Fits one column of values, e.g. regression targets. */
    public static Standardizer fit(float[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("Standardizer: no values to fit");
        }
        return fit(values, 1);
    }

    private static Standardizer fit(float[] data, int cols) {
        int rows = data.length / cols;
        double[] mean = new double[cols];
        double[] std = new double[cols];
        boolean[] constant = new boolean[cols];
        for (int i = 0; i < data.length; i++) {
            mean[i % cols] += data[i];
        }
        for (int c = 0; c < cols; c++) {
            mean[c] /= rows;
        }
        double[] squares = new double[cols];
        for (int i = 0; i < data.length; i++) {
            double d = data[i] - mean[i % cols];
            squares[i % cols] += d * d;
        }
        for (int c = 0; c < cols; c++) {
            std[c] = Math.sqrt(squares[c] / rows);
            if (!(std[c] > 0)) {
                constant[c] = true;
                std[c] = 1;
            }
        }
        return new Standardizer(mean, std, constant);
    }

    /** The number of columns fitted. */
    public int columns() {
        return mean.length;
    }

    /** Column {@code c}'s mean in the fitted data. */
    public double mean(int c) {
        return mean[c];
    }

    /** Column {@code c}'s standard deviation in the fitted data (1 for a constant column). */
    public double std(int c) {
        return std[c];
    }

    /** Whether column {@code c} had a single value in the fitted data. */
    public boolean isConstant(int c) {
        return constant[c];
    }

    /** The means, a copy. */
    public double[] means() {
        return mean.clone();
    }

    /** The standard deviations, a copy. */
    public double[] stds() {
        return std.clone();
    }

    /**
     * The standardized values of {@code x}, row after row.
     *
     * @throws IllegalArgumentException if {@code x} has another number of columns than fitted
     */
    public float[] transform(FeatureMatrix x) {
        if (x.cols() != columns()) {
            throw new IllegalArgumentException("Standardizer: fitted on " + columns() + " columns, got a matrix "
                    + x.shape());
        }
        return transform(x.data());
    }

    /**
     * Standardizes values stored row after row with {@link #columns()} values a row (for one column:
     * one value per sample).
     */
    public float[] transform(float[] rowMajor) {
        requireWholeRows(rowMajor);
        int cols = columns();
        float[] out = new float[rowMajor.length];
        for (int i = 0; i < out.length; i++) {
            int c = i % cols;
            out[i] = (float) ((rowMajor[i] - mean[c]) / std[c]);
        }
        return out;
    }

    /** Maps standardized values, row after row, back to the original units. */
    public float[] inverse(float[] rowMajor) {
        requireWholeRows(rowMajor);
        int cols = columns();
        float[] out = new float[rowMajor.length];
        for (int i = 0; i < out.length; i++) {
            int c = i % cols;
            out[i] = (float) (rowMajor[i] * std[c] + mean[c]);
        }
        return out;
    }

    private void requireWholeRows(float[] rowMajor) {
        if (rowMajor.length % columns() != 0) {
            throw new IllegalArgumentException("Standardizer: " + rowMajor.length + " values are not whole rows of "
                    + columns() + " columns");
        }
    }

    @Override
    public String toString() {
        return "Standardizer(mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std) + ")";
    }
}
