package dev.brisk.engine.nn;

import dev.brisk.engine.tensor.Tensor;

import java.util.Map;

/** {@code max(x, 0)} elementwise, as a layer. No weights. */
public final class ReLU extends Layer {

    public ReLU() {
        this(null);
    }

    /** @param name layer name, or null for {@code re_lu}, {@code re_lu_1}, ... (Keras' names) */
    public ReLU(String name) {
        super(name, "re_lu");
    }

    @Override
    protected Tensor forward(Tensor x, boolean training) {
        return x.relu();
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    /** {@link Tensor#relu} and its backward on preallocated buffers (see {@link Layer.Step}). */
    @Override
    protected Step compileStep(int batch, int in) {
        return Activation.RELU.step(batch, in);
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
    }
}
