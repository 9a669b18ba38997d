package dev.brisk.engine.nn;

import dev.brisk.engine.kernels.KernelProvider;
import dev.brisk.engine.kernels.Kernels;
import dev.brisk.engine.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * A fully connected layer: {@code activation(x · kernel + bias)}, with a kernel {@code [in, units]}
 * and a bias {@code [units]}. The input size {@code in} is taken from the first input
 * (the last axis), so {@code Flatten -> Dense} needs no sizes written out.
 *
 * <pre>{@code
 * Dense hidden = new Dense(128, "relu");
 * Dense out = new Dense(10);                 // logits: no activation
 * }</pre>
 *
 * <p>As in Keras, the kernel starts Glorot-uniform, {@code U(-l, l)} with
 * {@code l = sqrt(6 / (in + units))} (this keeps the variance of activations roughly constant from
 * layer to layer), and the bias at zero. The kernel's random numbers come from {@code seed}; without
 * one the seed derives from the layer's name, so a model built the same way starts the same.
 *
 * <p>Inputs of rank above 2 ({@code [batch, ..., in]}) are mapped along their last axis.
 */
public final class Dense extends Layer {

    private final int units;
    private final Activation activation;
    private final long seed;
    private Tensor kernel;
    private Tensor bias;

    /** A dense layer with no activation (it outputs logits), an automatic name and seed. */
    public Dense(int units) {
        this(units, null);
    }

    /** A dense layer with an activation by Keras name ({@code "relu"}, {@code "softmax"}, ... or null). */
    public Dense(int units, String activation) {
        this(units, activation, null, null);
    }

    /**
     * @param units      output size, positive
     * @param activation relu, sigmoid, tanh, softmax, linear or null
     * @param name       layer name, or null for {@code dense}, {@code dense_1}, ...
     * @param seed       seed of the kernel initialiser, or null to derive it from the name
     */
    public Dense(int units, String activation, String name, Long seed) {
        super(name, "dense");
        if (units <= 0) {
            throw new IllegalArgumentException("Dense: units must be positive, got " + units);
        }
        this.units = units;
        this.activation = Activation.of(activation, "Dense '" + name() + "'");
        this.seed = seed != null ? seed : seedFromName(name());
    }

    /** The number of outputs. */
    public int units() {
        return units;
    }

    /** The activation applied after the affine map. */
    public Activation activation() {
        return activation;
    }

    /** The kernel {@code [in, units]}, or null before building. */
    public Tensor kernel() {
        return kernel;
    }

    /** The bias {@code [units]}, or null before building. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length == 0) {
            throw new IllegalArgumentException(describe() + ": needs inputs with a feature axis, got per-sample shape "
                    + Arrays.toString(inputShape) + " (batch " + batchShapeString(inputShape) + ")");
        }
        int[] out = inputShape.clone();
        out[out.length - 1] = units;
        return out;
    }

    @Override
    protected void build0(int[] inputShape) {
        int in = inputShape[inputShape.length - 1];
        float limit = (float) Math.sqrt(6.0 / (in + units));
        kernel = addParameter("kernel", Tensor.uniform(seed, -limit, limit, in, units));
        bias = addParameter("bias", Tensor.zeros(units));
    }

    @Override
    protected Tensor forward(Tensor x, boolean training) {
        return activation.apply(affine(x));
    }

    /**
     * The output before the activation: {@code x · kernel + bias}. A softmax output layer's logits,
     * which {@link Sequential#logits} hands to the fused softmax + cross-entropy loss.
     */
    public Tensor callWithoutActivation(Tensor x, boolean training) {
        ensureBuilt(x);
        return affine(x);
    }

    Tensor affine(Tensor x) {
        if (x.rank() == 2) {
            return x.linear(kernel, bias);
        }
        int[] s = x.shape();
        Tensor y = x.reshape(-1, s[s.length - 1]).linear(kernel, bias);
        s[s.length - 1] = units;
        return y.reshape(s);
    }

    /**
     * The affine map and activation on preallocated buffers (see {@link Layer.Step}): the same
     * kernel calls as {@link Tensor#linear} and the activation's op. A softmax activation is left
     * out, the step's output being the logits: {@link Sequential#compile} accepts a softmax only
     * at the end of the network, where the fused loss or the prediction applies it.
     */
    @Override
    protected Step compileStep(int batch, int in) {
        if (inputShape().length != 1) {
            return null;                  // mapped along the last of several axes: the graph's reshapes
        }
        return new Step(batch, in, units) {
            private final float[] y = new float[batch * units];
            private float[] dz;                                    // gradient before the activation

            @Override
            protected void forward(float[] x, int xOff, boolean training) {
                KernelProvider k = Kernels.get();
                Arrays.fill(y, 0f);
                k.addBiasRows(y, 0, batch, units, units, bias.data(), bias.offset());
                k.sgemm(false, false, batch, units, in, x, xOff, in, kernel.data(), kernel.offset(), units,
                        1f, y, 0, units);
                if (activation != Activation.SOFTMAX) {        // softmax: the step outputs logits
                    activation.apply(k, y, 0, y, 0, y.length);
                }
                output = y;
                outputOffset = 0;
            }

            @Override
            protected boolean trainable() {
                return kernel.requiresGrad() || bias.requiresGrad();
            }

            @Override
            protected void backward(float[] x, int xOff, float[] dy, float[] dx) {
                KernelProvider k = Kernels.get();
                float[] g = dy;
                if (activation != Activation.LINEAR && activation != Activation.SOFTMAX) {
                    if (dz == null) {
                        dz = new float[y.length];
                    } else {
                        Arrays.fill(dz, 0f);
                    }
                    activation.backward(k, y, 0, dy, 0, dz, 0, y.length);
                    g = dz;
                }
                // as the graph's linear op: only parameters that require a gradient get one
                if (bias.requiresGrad()) {                                              // d(bias) = column sums
                    k.sumRows(g, 0, batch, units, units, bias.gradBuffer(), 0);
                }
                if (dx != null) {                                                       // dx += g · kernelᵀ
                    k.sgemm(false, true, batch, in, units, g, 0, units, kernel.data(), kernel.offset(), units,
                            1f, dx, 0, in);
                }
                if (kernel.requiresGrad()) {                                            // d(kernel) += xᵀ · g
                    k.sgemm(true, false, in, units, batch, x, xOff, in, g, 0, units,
                            1f, kernel.gradBuffer(), 0, units);
                }
            }
        };
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
        config.put("units", units);
        config.put("activation", activation.kerasName());
        config.put("seed", seed);
    }
}
