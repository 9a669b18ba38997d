package dev.brisk.engine.nn;

import dev.brisk.engine.kernels.KernelProvider;
import dev.brisk.engine.kernels.Kernels;
import dev.brisk.engine.tensor.Tensor;

import java.util.Locale;

/**
 * The activations a {@link Dense} layer can apply by name, as in Keras' {@code activation="relu"}.
 * {@code null} and {@code "linear"} mean none.
 */
public enum Activation {
    LINEAR, RELU, SIGMOID, TANH, SOFTMAX;

    /**
     * The activation for a Keras name ({@code relu, sigmoid, tanh, softmax, linear}) or null.
     *
     * @param owner who asks, for the error message
     * @throws IllegalArgumentException for an unknown name
     */
    public static Activation of(String name, String owner) {
        if (name == null) {
            return LINEAR;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "linear" -> LINEAR;
            case "relu" -> RELU;
            case "sigmoid" -> SIGMOID;
            case "tanh" -> TANH;
            case "softmax" -> SOFTMAX;
            default -> throw new IllegalArgumentException(owner + ": unknown activation '" + name
                    + "'; expected relu, sigmoid, tanh, softmax, linear or null");
        };
    }

    /**
     * The elementwise activations on buffers, for compiled steps ({@link Layer.Step}): {@code out =
     * f(x)} over {@code n} floats, with the kernels {@link #apply(Tensor)}'s ops use; {@code out}
     * may alias {@code x}. LINEAR copies unless aliased.
     *
     * @throws UnsupportedOperationException for SOFTMAX, which works on rows, not elements
     */
    void apply(KernelProvider k, float[] x, int xOff, float[] out, int outOff, int n) {
        switch (this) {
            case LINEAR -> {
                if (x != out || xOff != outOff) {
                    System.arraycopy(x, xOff, out, outOff, n);
                }
            }
            case RELU -> k.relu(x, xOff, out, outOff, n);
            case SIGMOID -> k.sigmoid(x, xOff, out, outOff, n);
            case TANH -> k.tanh(x, xOff, out, outOff, n);
            case SOFTMAX -> throw new UnsupportedOperationException("softmax is row-wise, not elementwise");
        }
    }

    /**
     * The backward of {@link #apply(KernelProvider, float[], int, float[], int, int)}, accumulating
     * as the graph does: {@code dx += f'·dy}, where every elementwise activation's derivative is read
     * from its output {@code y} ({@code y > 0}, {@code y(1-y)}, {@code 1-y²}).
     */
    void backward(KernelProvider k, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        switch (this) {
            case LINEAR -> k.axpy(1f, dy, dyOff, dx, dxOff, n);
            case RELU -> k.reluBackward(y, yOff, dy, dyOff, dx, dxOff, n);
            case SIGMOID -> k.sigmoidBackward(y, yOff, dy, dyOff, dx, dxOff, n);
            case TANH -> k.tanhBackward(y, yOff, dy, dyOff, dx, dxOff, n);
            case SOFTMAX -> throw new UnsupportedOperationException("softmax is row-wise, not elementwise");
        }
    }

    /**
     * A compiled step ({@link Layer.Step}) applying this elementwise activation: the step of the
     * ReLU, Sigmoid and Tanh layers.
     */
    Layer.Step step(int batch, int in) {
        Activation f = this;
        return new Layer.Step(batch, in, in) {
            private final float[] y = new float[batch * in];

            @Override
            protected void forward(float[] x, int xOff, boolean training) {
                f.apply(Kernels.get(), x, xOff, y, 0, y.length);
                output = y;
                outputOffset = 0;
            }

            @Override
            protected void backward(float[] x, int xOff, float[] dy, float[] dx) {
                if (dx != null) {
                    f.backward(Kernels.get(), y, 0, dy, 0, dx, 0, y.length);
                }
            }
        };
    }

    /** Applies the activation (softmax over the last axis). */
    public Tensor apply(Tensor x) {
        return switch (this) {
            case LINEAR -> x;
            case RELU -> x.relu();
            case SIGMOID -> x.sigmoid();
            case TANH -> x.tanh();
            case SOFTMAX -> x.softmax(-1);
        };
    }

    /** The Keras name, or null for {@link #LINEAR} (as written in configs). */
    public String kerasName() {
        return this == LINEAR ? null : name().toLowerCase(Locale.ROOT);
    }
}
