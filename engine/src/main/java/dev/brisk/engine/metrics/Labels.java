package dev.brisk.engine.metrics;

import dev.brisk.engine.tensor.Tensor;

import java.util.Arrays;

/** Label conversion and checks shared by the classification metrics. */
final class Labels {

    private Labels() {
    }

    static int[] of(String metric, Tensor targets) {
        float[] v = targets.toArray();
        int[] labels = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i])) {
                throw new IllegalArgumentException(metric + ": label " + v[i] + " at row " + i + " is not a whole number");
            }
            labels[i] = (int) v[i];
        }
        return labels;
    }

    static void check(String metric, Tensor predictions, int[] labels) {
        checkShape(metric, predictions, labels);
        checkRange(metric, labels, predictions.dim(1));
    }

    /** Predictions {@code [N, C]} with one label per row. */
    static void checkShape(String metric, Tensor predictions, int[] labels) {
        if (predictions.rank() != 2 || predictions.dim(0) != labels.length) {
            throw new IllegalArgumentException(metric + ": predictions must be [N, C] with N = " + labels.length
                    + " labels, got " + Arrays.toString(predictions.shape()));
        }
    }

    /** Every label in {@code [0, classes)}. */
    static void checkRange(String metric, int[] labels, int classes) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(metric + ": label " + labels[i] + " at row " + i
                        + " is outside [0, " + classes + ")");
            }
        }
    }

    static void sameShape(String metric, Tensor predictions, Tensor targets) {
        if (!Arrays.equals(predictions.shape(), targets.shape())) {
            throw new IllegalArgumentException(metric + ": predictions " + Arrays.toString(predictions.shape())
                    + " and targets " + Arrays.toString(targets.shape()) + " must have the same shape");
        }
    }
}
