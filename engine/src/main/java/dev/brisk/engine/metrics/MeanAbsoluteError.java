package dev.brisk.engine.metrics;

import dev.brisk.engine.tensor.Tensor;

/** {@code mean(|p - y|)} over every element seen; predictions and targets of the same shape. */
public final class MeanAbsoluteError implements Metric {

    private double sum;
    private long count;

    @Override
    public String name() {
        return "mean_absolute_error";
    }

    @Override
    public void update(Tensor predictions, Tensor targets) {
        Labels.sameShape(name(), predictions, targets);
        float[] p = predictions.toArray();
        float[] y = targets.toArray();
        for (int i = 0; i < p.length; i++) {
            sum += Math.abs((double) p[i] - y[i]);
        }
        count += p.length;
    }

    @Override
    public double result() {
        return count == 0 ? Double.NaN : sum / count;
    }

    @Override
    public void reset() {
        sum = 0;
        count = 0;
    }
}
