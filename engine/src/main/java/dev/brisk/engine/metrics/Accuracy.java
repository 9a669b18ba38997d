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
        Labels.checkShape(name(), predictions, labels);      // the labels' range: by the array form
        Tensor p = predictions.contiguous();
        update(p.data(), p.offset(), labels.length, predictions.dim(1), labels);
    }

    /**
     * Adds a batch of scores held row-major in an array ({@code rows × cols} floats from
     * {@code off}): the allocation-free form a compiled training step uses. Scores may be logits or
     * probabilities, as softmax keeps their order.
     */
    public void update(float[] scores, int off, int rows, int cols, int[] labels) {
        if (labels.length != rows || off < 0 || off > scores.length - rows * cols) {
            throw new IllegalArgumentException(name() + ": " + labels.length + " labels for scores [" + rows + ", "
                    + cols + "] at offset " + off + " of " + scores.length + " floats");
        }
        Labels.checkRange(name(), labels, cols);       // all of them before counting any
        for (int i = 0; i < rows; i++) {
            int row = off + i * cols;
            int best = 0;
            for (int j = 1; j < cols; j++) {
                if (scores[row + j] > scores[row + best]) {
                    best = j;
                }
            }
            if (best == labels[i]) {
                correct++;
            }
        }
        total += rows;
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
