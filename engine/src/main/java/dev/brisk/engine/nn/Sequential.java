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
