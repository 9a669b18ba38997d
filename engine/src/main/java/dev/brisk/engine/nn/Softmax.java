package dev.brisk.engine.nn;

import dev.brisk.engine.tensor.Tensor;

import java.util.Map;

/**
 * The softmax over the last axis, as a layer: turns logits into class probabilities. No weights.
 *
 * <p>For training, a model ending in this layer need not pay for it twice: {@link Sequential#logits}
 * skips it, and {@link SparseCategoricalCrossentropy#modelLoss} then uses the fused softmax +
 * cross-entropy kernel, which is faster and more accurate than taking the log of probabilities.
 */
public final class Softmax extends Layer {

    public Softmax() {
        this(null);
    }

    /** @param name layer name, or null for {@code softmax}, {@code softmax_1}, ... */
    public Softmax(String name) {
        super(name, "softmax");
    }

    @Override
    protected Tensor forward(Tensor x, boolean training) {
        return x.softmax(-1);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length == 0) {
            throw new IllegalArgumentException(describe() + ": needs a class axis, got per-sample shape []");
        }
        return inputShape.clone();
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
    }
}
