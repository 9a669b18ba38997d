package dev.brisk.engine.metrics;

import dev.brisk.engine.tensor.Tensor;

/**
 * The fraction of samples whose highest-scoring class is the label: predictions {@code [N, C]}
 * (logits or probabilities, the argmax is the same), labels {@code [N]} in {@code [0, C)}.
 * Ties go to the lowest class index, as {@link Tensor#argmax}.
 */
public final class Accuracy implements Metric {

    private long correct;
    private long total;

    /** The accuracy of one batch. */
    public static double of(Tensor predictions, int[] labels) {
        Accuracy a = new Accuracy();
        a.update(predictions, labels);
        return a.result();
    }

    @Override
    public String name() {
        return "accuracy";
    }

    @Override
    public void update(Tensor predictions, Tensor targets) {
        update(predictions, Labels.of(name(), targets));
    }

    /** Adds a batch with int labels. */
    public void update(Tensor predictions, int[] labels) {
        Labels.check(name(), predictions, labels);
        float[] p = predictions.contiguous().toArray();
        int c = predictions.dim(1);
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (p[i * c + j] > p[i * c + best]) {
                    best = j;
                }
            }
            if (best == labels[i]) {
                correct++;
            }
        }
        total += labels.length;
    }

    @Override
    public double result() {
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    @Override
    public void reset() {
        correct = 0;
        total = 0;
    }
}
