package dev.brisk.engine.nn;

import dev.brisk.engine.kernels.Kernels;
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
        return new Step(batch, in, in) {
            private final float[] y = new float[batch * in];

            @Override
            protected void forward(float[] x, int xOff, boolean training) {
                Kernels.get().tanh(x, xOff, y, 0, y.length);
                output = y;
                outputOffset = 0;
            }

            @Override
            protected void backward(float[] x, int xOff, float[] dy, float[] dx) {
                if (dx != null) {
                    Kernels.get().tanhBackward(y, 0, dy, 0, dx, 0, y.length);   // from the output y, as the graph op
                }
            }
        };
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
    }
}
