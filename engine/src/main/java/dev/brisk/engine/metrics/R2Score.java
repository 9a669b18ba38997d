package dev.brisk.engine.metrics;

import dev.brisk.engine.tensor.Tensor;

import java.util.Arrays;

/**
 * The coefficient of determination, {@code R² = 1 - SS_res / SS_tot}: the fraction of the targets'
 * variance that the predictions explain, as Keras' {@code R2Score} and scikit-learn's
 * {@code r2_score}. With {@code SS_res = Σ (y - p)²} and {@code SS_tot = Σ (y - ȳ)²}:
 *
 * <ul>
 *   <li>1 for perfect predictions;</li>
 *   <li>0 for predicting the targets' own mean, {@code ȳ}, every time;</li>
 *   <li>negative for predictions worse than that (e.g. a mean taken from other data, which is why a
 *   baseline fitted on training data usually scores slightly below 0 on test data).</li>
 * </ul>
 *
 * <pre>{@code
 * R2Score.of(Tensor.of(new float[]{1, 2, 3}), Tensor.of(new float[]{1, 2, 4}));   // 1 - 1/(14/3) = 0.786
 * }</pre>
 *
 * <p>Predictions and targets have the same shape, {@code [N]} or {@code [N, K]}. With {@code K}
 * outputs, R² is computed per output column and averaged (Keras' {@code "uniform_average"}). The
 * result is NaN when a column's targets do not vary ({@code SS_tot = 0}): R² is then undefined.
 *
 * <p>Streaming without losing precision: {@code SS_tot} is not accumulated as
 * {@code Σy² - (Σy)²/n}, which cancels catastrophically when the targets' mean is large against
 * their spread (amounts in the thousands varying by a few units). Each batch's mean and sum of squared
 * deviations are computed in two passes and merged into the running ones with Chan et al.'s update,
 * in double precision.
 */
public final class R2Score implements Metric {

    private int columns = -1;
    private long count;
    private double[] mean;
    private double[] squaredDeviations;
    private double[] squaredResiduals;

    /** The R² of one set of predictions against their targets. */
    public static double of(Tensor predictions, Tensor targets) {
        R2Score r2 = new R2Score();
        r2.update(predictions, targets);
        return r2.result();
    }

    @Override
    public String name() {
        return "r2_score";
    }

    @Override
    public void update(Tensor predictions, Tensor targets) {
        Labels.sameShape(name(), predictions, targets);
        if (predictions.rank() == 0 || predictions.rank() > 2) {
            throw new IllegalArgumentException(name() + ": predictions must be [N] or [N, K], got "
                    + Arrays.toString(predictions.shape()));
        }
        int k = predictions.rank() == 1 ? 1 : predictions.dim(1);
        int n = predictions.dim(0);
        if (columns == -1) {
            columns = k;
            mean = new double[k];
            squaredDeviations = new double[k];
            squaredResiduals = new double[k];
        } else if (k != columns) {
            throw new IllegalArgumentException(name() + ": earlier batches had " + columns + " output column(s), this one "
                    + Arrays.toString(predictions.shape()) + " has " + k);
        }
        if (n == 0) {
            return;
        }
        float[] p = predictions.toArray();
        float[] y = targets.toArray();
        for (int c = 0; c < k; c++) {
            double batchMean = 0;
            for (int i = 0; i < n; i++) {
                batchMean += y[i * k + c];
            }
            batchMean /= n;
            double batchDeviations = 0;
            double residuals = 0;
            for (int i = 0; i < n; i++) {
                double d = y[i * k + c] - batchMean;
                double e = (double) y[i * k + c] - p[i * k + c];
                batchDeviations += d * d;
                residuals += e * e;
            }
            // Chan, Golub & LeVeque: merge (count, mean, M2) of the data so far with the batch's.
            double delta = batchMean - mean[c];
            long total = count + n;
            mean[c] += delta * n / total;
            squaredDeviations[c] += batchDeviations + delta * delta * ((double) count * n / total);
            squaredResiduals[c] += residuals;
        }
        count += n;
    }

    @Override
    public double result() {
        if (count == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int c = 0; c < columns; c++) {
            sum += squaredDeviations[c] == 0 ? Double.NaN : 1 - squaredResiduals[c] / squaredDeviations[c];
        }
        return sum / columns;
    }

    @Override
    public void reset() {
        columns = -1;
        count = 0;
        mean = null;
        squaredDeviations = null;
        squaredResiduals = null;
    }
}
