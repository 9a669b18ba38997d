package dev.brisk.engine.metrics;

import dev.brisk.engine.tensor.Tensor;

/**
 * {@code sqrt(mean((p - y)²))} over every element seen, in the targets' units. The root is taken of
 * the overall mean, not averaged over batches (which would understate it).
 */
public final class RootMeanSquaredError implements Metric {

    private double sum;
    private long count;

    @Override
    public String name() {
        return "root_mean_squared_error";
    }

    @Override
    public void update(Tensor predictions, Tensor targets) {
        Labels.sameShape(name(), predictions, targets);
        float[] p = predictions.toArray();
        float[] y = targets.toArray();
        for (int i = 0; i < p.length; i++) {
            double e = (double) p[i] - y[i];
            sum += e * e;
        }
        count += p.length;
    }

    @Override
    public double result() {
        return count == 0 ? Double.NaN : Math.sqrt(sum / count);
    }

    @Override
    public void reset() {
        sum = 0;
        count = 0;
    }
}
