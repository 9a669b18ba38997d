package dev.brisk.marketing.regression;

import dev.brisk.marketing.data.FeatureMatrix;

/**
 * A model that predicts a number per sample (how much a customer will spend) from its features,
 * learned from examples. The models here share this shape, so one loop can fit and compare them:
 *
 * <pre>{@code
 * for (Regressor model : List.of(new MeanBaseline(), new LinearRegression(), new MlpRegressor())) {
 *     model.fit(xTrain, yTrain);
 *     report.add(model.name(), model.predict(xTest));
 * }
 * }</pre>
 *
 * <p>{@link #fit} learns from scratch each time it is called, forgetting any earlier fit.
 * {@link #predict} takes the same features, in the same column order, as {@code fit} saw.
 */
public interface Regressor {

    /** A short name for reports, e.g. {@code "linear regression"}. */
    String name();

    /**
     * Learns from features {@code x} (one row per sample) and targets {@code y} (one per row).
     *
     * @return this model, fitted
     * @throws IllegalArgumentException if {@code y} does not have one target per row, or a feature or
     *         target is NaN or infinite (naming the row and column)
     */
    Regressor fit(FeatureMatrix x, float[] y);

    /** {@link #fit(FeatureMatrix, float[])} with rows given as arrays. */
    default Regressor fit(float[][] x, float[] y) {
        return fit(FeatureMatrix.of(x), y);
    }

    /**
     * The predicted target of each row of {@code x}.
     *
     * @throws IllegalStateException if the model is not fitted
     * @throws IllegalArgumentException if {@code x} does not have the fitted number of columns, or
     *         holds a NaN or infinite value
     */
    float[] predict(FeatureMatrix x);

    /** {@link #predict(FeatureMatrix)} with rows given as arrays. */
    default float[] predict(float[][] x) {
        return predict(FeatureMatrix.of(x));
    }
}
