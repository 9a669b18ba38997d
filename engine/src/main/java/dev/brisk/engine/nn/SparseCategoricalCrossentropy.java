package dev.brisk.engine.nn;

import dev.brisk.engine.tensor.Tensor;

import java.util.Arrays;

/**
 * Cross-entropy between class scores {@code [N, C]} and integer class labels (one per row), averaged
 * over the batch: {@code -mean(log p[label])}. The loss of the Keras classification tutorial.
 *
 * <ul>
 *   <li>{@code fromLogits = true}: predictions are raw scores; the softmax and the log are computed
 *       together by the fused kernel ({@link Tensor#sparseCrossEntropy}), stable for any scores.</li>
 *   <li>{@code fromLogits = false} (Keras' default): predictions are probabilities, e.g. a softmax
 *       output. As Keras does, each row is renormalised to sum to 1 and clipped to
 *       {@code [1e-7, 1 - 1e-7]} before the log, so a confident mistake costs at most
 *       {@code -log(1e-7) ≈ 16.1} instead of infinity (and its gradient is then zero).</li>
 * </ul>
 *
 * <h2>A model that ends in softmax trains through the fused kernel</h2>
 * {@link #modelLoss(Sequential, Tensor, int[], boolean)} runs the model and computes the loss in one
 * go: if the model {@linkplain Sequential#endsInSoftmax() ends in a softmax} it takes the
 * {@linkplain Sequential#logits logits} instead of the probabilities and uses the fused kernel,
 * whatever {@code fromLogits} says, because softmax followed by this loss <em>is</em> the fused
 * computation. The only difference is the clipping: the fused loss is not capped at 16.1 and keeps a
 * gradient for confident mistakes, which is what one wants in training. A training loop should call
 * {@code modelLoss}, not {@code loss(model.call(x), ...)}.
 */
public final class SparseCategoricalCrossentropy extends Loss {

    /** Keras' {@code backend.epsilon()}: the clipping margin for probabilities. */
    public static final float EPSILON = 1e-7f;

    private final boolean fromLogits;

    /** From probabilities, as Keras' default. */
    public SparseCategoricalCrossentropy() {
        this(false);
    }

    /** @param fromLogits true if predictions are raw scores, false if they are probabilities */
    public SparseCategoricalCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    /** Whether predictions are expected as logits. */
    public boolean fromLogits() {
        return fromLogits;
    }

    @Override
    public String name() {
        return "sparse_categorical_crossentropy";
    }

    /** Labels given as a float tensor {@code [N]} (or {@code [N, 1]}) of whole numbers. */
    @Override
    public Tensor loss(Tensor predictions, Tensor targets) {
        float[] v = targets.toArray();
        if (targets.rank() > 2 || targets.rank() == 2 && targets.dim(1) != 1) {
            throw new IllegalArgumentException(name() + ": labels must be [N] or [N, 1], got "
                    + Arrays.toString(targets.shape()) + " (for one-hot targets use categorical cross-entropy)");
        }
        int[] labels = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i])) {
                throw new IllegalArgumentException(name() + ": label " + v[i] + " at row " + i + " is not a whole number");
            }
            labels[i] = (int) v[i];
        }
        return loss(predictions, labels);
    }

    /** The mean cross-entropy of predictions {@code [N, C]} against labels in {@code [0, C)}. */
    public Tensor loss(Tensor predictions, int[] labels) {
        checkLabels(predictions, labels);
        return fromLogits ? predictions.sparseCrossEntropy(labels) : fromProbabilities(predictions, labels);
    }

    /**
     * Runs {@code model} on {@code x} and returns the loss, through the fused softmax + cross-entropy
     * kernel when the model ends in a softmax (see the class comment).
     */
    public Tensor modelLoss(Sequential model, Tensor x, int[] labels, boolean training) {
        if (model.endsInSoftmax()) {
            Tensor logits = model.logits(x, training);
            checkLabels(logits, labels);
            return logits.sparseCrossEntropy(labels);
        }
        return loss(model.call(x, training), labels);
    }

    private Tensor fromProbabilities(Tensor p, int[] labels) {
        int n = labels.length;
        int c = p.dim(1);
        float[] oneHot = new float[n * c];
        for (int i = 0; i < n; i++) {
            oneHot[i * c + labels[i]] = 1f;
        }
        Tensor normalised = p.div(p.sum(1, true));
        Tensor logP = normalised.clamp(EPSILON, 1f - EPSILON).log();
        return logP.mul(Tensor.of(oneHot, n, c)).sum().mul(-1f / n);
    }

    private void checkLabels(Tensor predictions, int[] labels) {
        if (predictions.rank() != 2) {
            throw new IllegalArgumentException(name() + ": predictions must be [N, C], got "
                    + Arrays.toString(predictions.shape()));
        }
        if (predictions.dim(0) != labels.length) {
            throw new IllegalArgumentException(name() + ": predictions " + Arrays.toString(predictions.shape())
                    + " have " + predictions.dim(0) + " rows but there are " + labels.length + " labels");
        }
        int c = predictions.dim(1);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException(name() + ": label " + labels[i] + " at row " + i
                        + " is outside [0, " + c + ") for predictions " + Arrays.toString(predictions.shape()));
            }
        }
    }
}
