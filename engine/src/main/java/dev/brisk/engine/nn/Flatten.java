package dev.brisk.engine.nn;

import dev.brisk.engine.kernels.Kernels;
import dev.brisk.engine.tensor.Tensor;

import java.util.Map;

/**
 * Flattens each sample to one axis: {@code [batch, 28, 28] -> [batch, 784]}. A view when the input
 * is contiguous (no copy); no weights. A batch of scalars {@code [batch]} becomes {@code [batch, 1]}.
 */
public final class Flatten extends Layer {

    public Flatten() {
        this(null);
    }

    /** @param name layer name, or null for {@code flatten}, {@code flatten_1}, ... */
    public Flatten(String name) {
        super(name, "flatten");
    }

    @Override
    protected Tensor forward(Tensor x, boolean training) {
        return x.rank() == 2 ? x : x.reshape(x.dim(0), -1);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        long n = 1;
        for (int d : inputShape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(describe() + ": per-sample shape " + shapeString(inputShape)
                    + " has " + n + " elements, too many for one axis");
        }
        return new int[]{(int) n};
    }

    /** A view in the graph, so no work here: the output is the input, the gradient passes through. */
    @Override
    protected Step compileStep(int batch, int in) {
        return new Step(batch, in, in) {
            @Override
            protected void forward(float[] x, int xOff, boolean training) {
                output = x;
                outputOffset = xOff;
            }

            @Override
            protected void backward(float[] x, int xOff, float[] dy, float[] dx) {
                if (dx != null) {
                    Kernels.get().axpy(1f, dy, 0, dx, 0, batch * in);
                }
            }
        };
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
    }
}
