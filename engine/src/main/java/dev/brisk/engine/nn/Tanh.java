package dev.brisk.engine.nn;

import dev.brisk.engine.tensor.Tensor;

import java.util.Map;

/** The hyperbolic tangent elementwise, as a layer. No weights. */
public final class Tanh extends Layer {

    public Tanh() {
        this(null);
    }

    /** @param name layer name, or null for {@code tanh}, {@code tanh_1}, ... */
    public Tanh(String name) {
        super(name, "tanh");
    }

    @Override
    protected Tensor forward(Tensor x, boolean training) {
        return x.tanh();
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    /** {@link Tensor#tanh} and its backward on preallocated buffers (see {@link Layer.Step}). */
    @Override
    protected Step compileStep(int batch, int in) {
        return Activation.TANH.step(batch, in);
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
    }
}
