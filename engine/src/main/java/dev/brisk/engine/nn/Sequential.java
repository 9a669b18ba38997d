package dev.brisk.engine.nn;

import dev.brisk.engine.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stack of layers, each feeding the next: the Keras tutorial's model is
 *
 * <pre>{@code
 * Sequential model = new Sequential(List.of(
 *         new Flatten(),
 *         new Dense(128, "relu"),
 *         new Dropout(0.2f),
 *         new Dense(10)));
 * model.build(new int[]{28, 28});       // or let the first batch build it
 * model.parameterCount();               // 101770
 * System.out.println(model.summary());
 * }</pre>
 *
 * <p>Building passes each layer's output shape to the next, so only the first input's shape is
 * ever needed. {@link #parameters()} gathers every layer's parameters in order under their own
 * names ({@code dense/kernel, dense/bias, dense_1/kernel, ...}); names must be unique in the model.
 *
 * <h2>Training through the fused softmax + cross-entropy</h2>
 * A classifier ending in a softmax (a {@link Softmax} layer, or a {@link Dense} with
 * {@code "softmax"}) outputs probabilities, which is what {@link #call} and prediction return. For
 * the loss, taking the log of those probabilities is slower and loses accuracy for confident
 * predictions; {@link #logits} runs the same model but stops before that final softmax, so
 * {@link SparseCategoricalCrossentropy#modelLoss} can use the fused kernel
 * ({@link Tensor#sparseCrossEntropy}). {@link #endsInSoftmax()} says whether this applies.
 */
public final class Sequential extends Layer {

    private final List<Layer> layers;

    /** A model from layers in order; with no name it is {@code sequential}, {@code sequential_1}, ... */
    public Sequential(List<? extends Layer> layers) {
        this(layers, null);
    }

    /** A named model. */
    public Sequential(List<? extends Layer> layers, String name) {
        super(name, "sequential");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Sequential: needs at least one layer");
        }
        List<String> names = new ArrayList<>();
        for (Layer l : layers) {
            if (names.contains(l.name())) {
                throw new IllegalArgumentException("Sequential '" + name() + "': two layers are named '" + l.name()
                        + "'; parameter names would clash");
            }
            names.add(l.name());
        }
        this.layers = List.copyOf(layers);
    }

    /** The layers, in order. */
    public List<Layer> layers() {
        return layers;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int[] s = inputShape;
        for (Layer l : layers) {
            s = l.outputShape(s);
        }
        return s;
    }

    @Override
    protected void build0(int[] inputShape) {
        int[] s = inputShape;
        for (Layer l : layers) {
            l.build(s);
            s = l.outputShape(s);
        }
    }

    @Override
    protected Tensor forward(Tensor x, boolean training) {
        for (Layer l : layers) {
            x = l.call(x, training);
        }
        return x;
    }

    /** Whether the last step is a softmax over the last axis that {@link #logits} can skip. */
    public boolean endsInSoftmax() {
        Layer last = layers.get(layers.size() - 1);
        return last instanceof Softmax || last instanceof Dense d && d.activation() == Activation.SOFTMAX;
    }

    /**
     * The model's output before its final softmax (see the class comment), or its plain output if it
     * does not end in one. {@code logits(x, t).softmax(-1)} equals {@code call(x, t)}.
     */
    public Tensor logits(Tensor x, boolean training) {
        ensureBuilt(x);
        int n = layers.size();
        for (int i = 0; i < n - 1; i++) {
            x = layers.get(i).call(x, training);
        }
        Layer last = layers.get(n - 1);
        if (last instanceof Softmax) {
            return x;
        }
        if (last instanceof Dense d) {
            return d.callWithoutActivation(x, training);
        }
        return last.call(x, training);
    }

    /**
     * The network compiled for batches of exactly {@code batch} samples: every layer's
     * {@linkplain Layer.Step step} chained on buffers allocated once, so that a training step or a
     * prediction records no graph and allocates nothing. What {@code Model} runs whenever it can;
     * the graph ({@link #call}, {@link #logits}) stays the general path and the reference the
     * compiled one is tested against (both give the same numbers, bit for bit).
     *
     * <p>Like {@link #logits}, the compiled network stops before a final softmax. It returns null
     * for what only the graph does: a softmax anywhere else, a layer without a step (Embedding, a
     * nested Sequential, a custom layer), a Dense layer on samples of more than one axis, an output
     * of more than one axis per sample.
     *
     * @throws IllegalStateException if the network is not built
     */
    public Compiled compile(int batch) {
        if (!isBuilt()) {
            throw new IllegalStateException(describe() + ": build the network before compiling it");
        }
        if (batch <= 0) {
            throw new IllegalArgumentException(describe() + ": cannot compile for batch " + batch);
        }
        int n = layers.size();
        if (layers.get(n - 1) instanceof Softmax) {
            n--;
        }
        Layer.Step[] steps = new Layer.Step[n];
        int[] shape = inputShape();
        for (int i = 0; i < n; i++) {
            Layer l = layers.get(i);
            boolean innerSoftmax = l instanceof Softmax
                    || l instanceof Dense d && d.activation() == Activation.SOFTMAX && i < layers.size() - 1;
            if (innerSoftmax) {
                return null;
            }
            steps[i] = l.compileStep(batch, Math.toIntExact(sizeOf(shape)));
            if (steps[i] == null) {
                return null;
            }
            shape = l.outputShape(shape);
        }
        if (shape.length != 1) {
            return null;           // the loss and the final softmax work on [batch, classes] rows
        }
        return new Compiled(steps, batch, Math.toIntExact(sizeOf(inputShape())), Math.toIntExact(sizeOf(shape)));
    }

    private static long sizeOf(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * A {@link Sequential} compiled for one batch size (see {@link Sequential#compile}): forward
     * and backward over row-major {@code [batch, features]} buffers, with the per-sample shapes
     * flattened. Not thread-safe: it owns its buffers (Model takes turns on it).
     */
    public static final class Compiled {
        private final Layer.Step[] steps;
        private final int batch;
        private final int inputSize;
        private final int outputSize;
        private final float[][] inputs;        // what each step's last forward read, for its backward
        private final int[] inputOffsets;
        private float[][] inputGrads;          // d(loss)/d(input of step i), i >= 1; made by the first backward
        private float[] outputGrad;
        private int outputOffset;

        Compiled(Layer.Step[] steps, int batch, int inputSize, int outputSize) {
            this.steps = steps;
            this.batch = batch;
            this.inputSize = inputSize;
            this.outputSize = outputSize;
            this.inputs = new float[steps.length][];
            this.inputOffsets = new int[steps.length];
        }

        /** The number of samples every call takes. */
        public int batch() {
            return batch;
        }

        /** Features per sample of the input (the per-sample shape flattened, 784 for 28 × 28 images). */
        public int inputSize() {
            return inputSize;
        }

        /** Features per sample of the output (the logits, before a final softmax). */
        public int outputSize() {
            return outputSize;
        }

        /**
         * Runs the network on the {@code batch × inputSize} floats at {@code x[xOff ..]} and returns
         * the array holding the outputs, {@code batch × outputSize} floats from
         * {@link #outputOffset()}. The array is this object's (or, for a network that is the
         * identity, the input's) and is overwritten by the next call.
         */
        public float[] forward(float[] x, int xOff, boolean training) {
            if (xOff < 0 || xOff > x.length - batch * inputSize) {
                throw new IllegalArgumentException("compiled network: input of " + x.length + " floats from offset "
                        + xOff + " does not hold [" + batch + ", " + inputSize + "]");
            }
            float[] a = x;
            int off = xOff;
            for (int i = 0; i < steps.length; i++) {
                inputs[i] = a;
                inputOffsets[i] = off;
                steps[i].forward(a, off, training);
                a = steps[i].output;
                off = steps[i].outputOffset;
            }
            outputOffset = off;
            return a;
        }

        /** Where the last {@link #forward}'s outputs start in the array it returned. */
        public int outputOffset() {
            return outputOffset;
        }

        /**
         * A buffer of {@code batch × outputSize} floats owned by this object (created zeroed, then
         * left as the caller wrote it), for the loss's gradient with respect to the outputs, which
         * the caller writes in full before {@link #backward}.
         */
        public float[] outputGrad() {
            if (outputGrad == null) {
                outputGrad = new float[batch * outputSize];
            }
            return outputGrad;
        }

        /**
         * Back-propagates {@code dOut} (the loss's gradient with respect to the last forward's
         * outputs, {@code batch × outputSize} floats, possibly overwritten) through every step,
         * adding the parameters' gradients into their gradient buffers. The input's gradient is not
         * computed: inputs are data.
         */
        public void backward(float[] dOut) {
            if (dOut.length < batch * outputSize) {
                throw new IllegalArgumentException("compiled network: output gradient of " + dOut.length
                        + " floats, expected [" + batch + ", " + outputSize + "]");
            }
            if (inputGrads == null) {
                inputGrads = new float[steps.length][];
                for (int i = 1; i < steps.length; i++) {
                    inputGrads[i] = new float[batch * steps[i].in];
                }
            }
            if (inputs[0] == null) {
                throw new IllegalStateException("compiled network: backward before any forward");
            }
            // As the graph, which only follows tensors that require a gradient: no step before the
            // first trainable one needs its input's gradient (the tutorial's first Dense would
            // otherwise compute a [32, 784] gradient of the data and throw it away).
            int first = 0;
            while (first < steps.length && !steps[first].trainable()) {
                first++;
            }
            float[] dy = dOut;
            for (int i = steps.length - 1; i >= first; i--) {
                float[] dx = i > first ? inputGrads[i] : null;
                if (dx != null) {
                    Arrays.fill(dx, 0f);                // steps accumulate, as the graph's gradients do
                }
                steps[i].backward(inputs[i], inputOffsets[i], dy, dx);
                dy = dx;
            }
        }
    }

    @Override
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> all = new LinkedHashMap<>();
        for (Layer l : layers) {
            for (Map.Entry<String, Tensor> e : l.parameters().entrySet()) {
                if (all.put(e.getKey(), e.getValue()) != null) {
                    throw new IllegalStateException(describe() + ": parameter name '" + e.getKey() + "' occurs twice");
                }
            }
        }
        return Collections.unmodifiableMap(all);
    }

    /** One row of a {@link #summary()}: a layer, its per-sample output shape and its weight count. */
    public record LayerInfo(String name, String className, int[] outputShape, long parameterCount) {
        /** The output shape in Keras' notation, {@code (None, 128)}. */
        public String outputShapeString() {
            return batchShapeString(outputShape).replace('[', '(').replace(']', ')');
        }
    }

    /**
     * Each layer's name, class, output shape and parameter count, for summaries.
     *
     * @throws IllegalStateException before the model is built (shapes are not known yet)
     */
    public List<LayerInfo> layerInfos() {
        if (!isBuilt()) {
            throw new IllegalStateException(describe() + ": not built yet, so output shapes are unknown; call build("
                    + "per-sample input shape), e.g. build(new int[]{28, 28}), or run one batch first");
        }
        List<LayerInfo> infos = new ArrayList<>();
        int[] s = inputShape();
        for (Layer l : layers) {
            s = l.outputShape(s);
            infos.add(new LayerInfo(l.name(), l.className(), s.clone(), l.parameterCount()));
        }
        return infos;
    }

    /** A Keras-style table of layers, output shapes and parameter counts, with the total. */
    public String summary() {
        List<LayerInfo> infos = layerInfos();
        StringBuilder sb = new StringBuilder();
        String rule = "─".repeat(70) + "\n";
        sb.append("Model: \"").append(name()).append("\"\n").append(rule);
        sb.append(String.format("%-32s%-24s%14s%n", "Layer (type)", "Output Shape", "Param #"));
        sb.append("═".repeat(70)).append('\n');
        for (LayerInfo i : infos) {
            sb.append(String.format("%-32s%-24s%,14d%n", i.name() + " (" + i.className() + ")",
                    i.outputShapeString(), i.parameterCount()));
        }
        sb.append(rule);
        sb.append(String.format("Total params: %,d%n", parameterCount()));
        return sb.toString();
    }

    /** The layers' configs under {@code "layers"}, and the input shape under {@code "input_shape"} once built. */
    @Override
    protected void addConfig(Map<String, Object> config) {
        List<Object> list = new ArrayList<>();
        for (Layer l : layers) {
            list.add(l.config());
        }
        config.put("layers", list);
        if (isBuilt()) {
            config.put("input_shape", Arrays.stream(inputShape()).boxed().toList());
        }
    }
}
