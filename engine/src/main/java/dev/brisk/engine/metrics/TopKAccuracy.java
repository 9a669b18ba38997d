package dev.brisk.engine.metrics;

import dev.brisk.engine.tensor.Tensor;

/**
 * The fraction of samples whose label is among the {@code k} highest-scoring classes (Keras'
 * {@code SparseTopKCategoricalAccuracy}, default {@code k = 5}). A label counts as in the top k when
 * fewer than {@code k} classes score strictly higher, so classes tied at the boundary all count, as
 * TensorFlow's {@code in_top_k}.
 */
public final class TopKAccuracy implements Metric {

    private final int k;
    private long correct;
    private long total;

    public TopKAccuracy() {
        this(5);
    }

    /** @param k how many top classes count as a hit, positive */
    public TopKAccuracy(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("top_k_accuracy: k must be positive, got " + k);
        }
        this.k = k;
    }

    @Override
    public String name() {
        return "top_" + k + "_accuracy";
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
            float s = p[i * c + labels[i]];
            int higher = 0;
            for (int j = 0; j < c; j++) {
                if (p[i * c + j] > s) {
                    higher++;
                }
            }
            if (higher < k) {
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
