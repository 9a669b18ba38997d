package dev.brisk.engine.nn;

import dev.brisk.engine.tensor.Tensor;

/**
 * Binary cross-entropy, {@code -mean(y·log p + (1-y)·log(1-p))}, for targets in {@code [0, 1]}
 * (yes/no questions such as "will this customer buy?"). Predictions and targets have the same shape.
 *
 * <ul>
 *   <li>{@code fromLogits = true}: predictions are scores {@code x} with {@code p = sigmoid(x)};
 *       computed stably as {@code max(x, 0) - x·y + log(1 + e^-|x|)}, which never takes the log of 0
 *       nor overflows the exponential.</li>
 *   <li>{@code fromLogits = false} (Keras' default): predictions are probabilities, clipped to
 *       {@code [1e-7, 1 - 1e-7]} before the logs, as in Keras.</li>
 * </ul>
 */
public final class BinaryCrossentropy extends Loss {

    private final boolean fromLogits;

    /** From probabilities, as Keras' default. */
    public BinaryCrossentropy() {
        this(false);
    }

    /** @param fromLogits true if predictions are raw scores, false if probabilities */
    public BinaryCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    @Override
    public String name() {
        return "binary_crossentropy";
    }

    @Override
    public Tensor loss(Tensor predictions, Tensor targets) {
        requireSameShape(predictions, targets);
        if (fromLogits) {
            Tensor x = predictions;
            return x.relu().sub(x.mul(targets)).add(x.abs().neg().exp().add(1f).log()).mean();
        }
        float eps = SparseCategoricalCrossentropy.EPSILON;
        Tensor p = predictions.clamp(eps, 1f - eps);
        Tensor ones = Tensor.ones(targets.shape());
        return targets.mul(p.log()).add(ones.sub(targets).mul(p.neg().add(1f).log())).mean().neg();
    }
}
