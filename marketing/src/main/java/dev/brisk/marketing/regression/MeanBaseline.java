package dev.brisk.marketing.regression;

import dev.brisk.marketing.data.FeatureMatrix;

import java.util.Arrays;

/**
 * The simplest prediction: every customer will spend what the average training customer spent.
 * It ignores the features entirely, which is its point: a model is only worth its complexity by the
 * margin it beats this line. On the training data its R² is exactly 0; on held-out data it is
 * usually slightly negative, because the training mean is not quite the test mean.
 *
 * <pre>{@code
 * MeanBaseline baseline = new MeanBaseline().fit(xTrain, yTrain);
 * baseline.mean();                  // the training targets' mean
 * baseline.predict(xTest);          // that mean, once per test row
 * }</pre>
 *
 * <p>The mean is accumulated in double precision.
 */
public final class MeanBaseline implements Regressor {

    private double mean = Double.NaN;
    private int features = -1;

    @Override
    public String name() {
        return "mean baseline";
    }

    /** Learns the mean of {@code y}; the features are only checked (one row per target). */
    @Override
    public MeanBaseline fit(FeatureMatrix x, float[] y) {
        Checks.trainingData("MeanBaseline.fit", x, y);
        double sum = 0;
        for (float v : y) {
            sum += v;
        }
        mean = sum / y.length;
        features = x.cols();
        return this;
    }

    @Override
    public MeanBaseline fit(float[][] x, float[] y) {
        return fit(FeatureMatrix.of(x), y);
    }

    /** The training targets' mean, or NaN before fitting. */
    public double mean() {
        return mean;
    }

    /** The training mean for every row of {@code x}. */
    @Override
    public float[] predict(FeatureMatrix x) {
        Checks.fitted("MeanBaseline.predict", features >= 0);
        if (x.cols() != features) {
            throw new IllegalArgumentException("MeanBaseline.predict: fitted on " + features + " features, got a matrix "
                    + x.shape() + " with " + x.cols());
        }
        float[] out = new float[x.rows()];
        Arrays.fill(out, (float) mean);
        return out;
    }

    @Override
    public String toString() {
        return "MeanBaseline(" + (features < 0 ? "not fitted" : "mean " + mean) + ")";
    }
}
