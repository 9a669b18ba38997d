package dev.brisk.engine.nn;

import dev.brisk.engine.tensor.Tensor;

import java.util.Map;

/** {@code 1 / (1 + e^-x)} elementwise, as a layer. No weights. */
public final class Sigmoid extends Layer {

    public Sigmoid() {
        this(null);
    }

    /** @param name layer name, or null for {@code sigmoid}, {@code sigmoid_1}, ... */
    public Sigmoid(String name) {
        super(name, "sigmoid");
    }

    @Override
    protected Tensor forward(Tensor x, boolean training) {
        return x.sigmoid();
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    /** {@link Tensor#sigmoid} and its backward on preallocated buffers (see {@link Layer.Step}). */
    @Override
    protected Step compileStep(int batch, int in) {
        return Activation.SIGMOID.step(batch, in);
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
    }
}
