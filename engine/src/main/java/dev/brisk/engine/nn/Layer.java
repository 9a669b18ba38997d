package dev.brisk.engine.nn;

import dev.brisk.engine.tensor.Tensor;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A building block of a network, in the Keras shape: configuration in the constructor, weights
 * created lazily by {@link #build(int[])} once the input shape is known, and the computation in
 * {@link #call(Tensor, boolean)}.
 *
 * <pre>{@code
 * Layer dense = new Dense(128, "relu");      // no input size yet: nothing allocated
 * Tensor h = dense.call(x, true);            // x [32, 784]: builds a [784, 128] kernel, then computes
 * dense.parameters().keySet();               // [dense/kernel, dense/bias]
 * }</pre>
 *
 * <h2>Shapes exclude the batch axis</h2>
 * Shapes given to {@link #build(int[])} and {@link #outputShape(int[])} are <em>per sample</em>,
 * like Keras' {@code (None, 784)} without the {@code None}: a batch {@code [32, 28, 28]} has input
 * shape {@code [28, 28]}. Tensors given to {@link #call} carry the batch axis first.
 *
 * <h2>Names and parameters</h2>
 * Every layer has a name, unique within the JVM unless chosen by the caller: the first
 * {@code Dense} is {@code dense}, the next {@code dense_1}, and so on (Keras' scheme; reset with
 * {@link #resetNames()}). Parameters are named {@code layerName/weightName} ({@code dense_1/kernel},
 * {@code dense_1/bias}), kept in creation order, and map one to one onto the entries of a saved
 * weights file, as PyTorch's {@code state_dict}.
 *
 * <h2>Configuration</h2>
 * {@link #config()} returns the class name and the constructor arguments as plain values (strings,
 * numbers, booleans, lists, maps) that serialise to JSON; {@link LayerRegistry#fromConfig(Map)}
 * rebuilds an equal, unbuilt layer from them, so a model can be recreated with no code.
 *
 * <h2>Writing a layer</h2>
 * Override {@link #build0(int[])} to create weights with {@link #addParameter(String, Tensor)},
 * {@link #forward(Tensor, boolean)} for the computation, {@link #outputShape(int[])}, and
 * {@link #addConfig(Map)} for the constructor arguments; register a factory in {@link LayerRegistry}.
 */
public abstract class Layer {

    private static final Map<String, AtomicInteger> NAME_COUNTERS = new ConcurrentHashMap<>();

    private final String name;
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private int[] inputShape;

    /**
     * @param name the layer's name, or null for an automatic unique one derived from {@code baseName}
     * @param baseName the prefix of automatic names, e.g. {@code "dense"}
     */
    protected Layer(String name, String baseName) {
        if (name != null && (name.isEmpty() || name.contains("/"))) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name
                    + "' must be non-empty and must not contain '/' (it separates layer and weight names)");
        }
        this.name = name != null ? name : uniqueName(baseName);
    }

    /** The next automatic name for a base: {@code dense}, then {@code dense_1}, {@code dense_2}, ... */
    static String uniqueName(String baseName) {
        int n = NAME_COUNTERS.computeIfAbsent(baseName, k -> new AtomicInteger()).getAndIncrement();
        return n == 0 ? baseName : baseName + "_" + n;
    }

    /** Restarts automatic naming (Keras' {@code clear_session()}), e.g. between independent models in tests. */
    public static void resetNames() {
        NAME_COUNTERS.clear();
    }

    /** The layer's name, the prefix of its parameters' names. */
    public final String name() {
        return name;
    }

    /** Whether {@link #build(int[])} has run (explicitly or on the first {@link #call}). */
    public final boolean isBuilt() {
        return inputShape != null;
    }

    /** The per-sample input shape the layer was built for, or null before it is built. */
    public final int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    /**
     * Creates the weights for a per-sample input shape. Called by {@link #call} on the first batch;
     * call it yourself to count parameters or print a summary before any data flows. Building again
     * with the same shape does nothing.
     *
     * @throws IllegalArgumentException if the layer is already built for a different shape, or
     *         cannot take this shape
     */
    public final void build(int[] inputShape) {
        if (this.inputShape != null) {
            if (!Arrays.equals(this.inputShape, inputShape)) {
                throw new IllegalArgumentException(describe() + ": already built for input shape "
                        + shapeString(this.inputShape) + ", cannot rebuild for " + shapeString(inputShape));
            }
            return;
        }
        for (int d : inputShape) {
            if (d <= 0) {
                throw new IllegalArgumentException(describe() + ": input shape " + shapeString(inputShape)
                        + " has a non-positive size");
            }
        }
        int[] s = inputShape.clone();
        outputShape(s); // validates the shape before anything is allocated
        build0(s);
        this.inputShape = s;
    }

    /** Creates the weights; the default creates none. The shape has already passed {@link #outputShape}. */
    protected void build0(int[] inputShape) {
    }

    /**
     * Runs the layer on a batch (batch axis first), building it first if needed.
     *
     * @param training true while fitting (dropout active), false for evaluation and prediction
     * @throws IllegalArgumentException if the batch's per-sample shape differs from the built one
     */
    public final Tensor call(Tensor x, boolean training) {
        ensureBuilt(x);
        return forward(x, training);
    }

    /** Builds the layer from a batch's per-sample shape if needed, else checks that shape. */
    protected final void ensureBuilt(Tensor x) {
        if (x.rank() == 0) {
            throw new IllegalArgumentException(describe() + ": needs a batch with the batch axis first, got a scalar");
        }
        int[] sample = Arrays.copyOfRange(x.shape(), 1, x.rank());
        if (inputShape == null) {
            build(sample);
        } else {
            checkInput(sample, x);
        }
    }

    /** Rejects a batch whose per-sample shape is not the built one; override to allow variable axes. */
    protected void checkInput(int[] sampleShape, Tensor x) {
        if (!Arrays.equals(sampleShape, inputShape)) {
            throw new IllegalArgumentException(describe() + ": expects input of shape " + batchShapeString(inputShape)
                    + " but got " + Arrays.toString(x.shape()));
        }
    }

    /** The computation, on a built layer. */
    protected abstract Tensor forward(Tensor x, boolean training);

    // ================================================================== compiled steps

    /**
     * This built layer's forward and backward pass for batches of exactly {@code batch} samples of
     * {@code in} features each, on buffers allocated here once, recording no graph; or null (the
     * default) when the layer has none, and models then run it through the autodiff graph. See
     * {@link Sequential#compile(int)}.
     */
    protected Step compileStep(int batch, int in) {
        return null;
    }

    /**
     * A layer's forward and backward pass compiled for one batch size: what a training step and a
     * prediction run instead of recording a graph when every layer of a {@link Sequential} has one.
     * No tensors, closures or arrays are created per call, so a step allocates nothing.
     *
     * <p>A step calls the same kernels as the layer's graph ops, with the same arguments in the same
     * order, so both compute the same numbers bit for bit: the graph stays the reference the
     * compiled step is tested against, as a fused kernel is tested against its composed version.
     * Activations and inputs are row-major {@code [batch, features]} matrices.
     */
    protected abstract static class Step {
        /** The number of samples of every call. */
        protected final int batch;
        /** Features per sample, in and out. */
        protected final int in;
        protected final int out;
        /** Where {@link #forward} left its output: {@code batch × out} floats from {@link #outputOffset}. */
        protected float[] output;
        protected int outputOffset;

        protected Step(int batch, int in, int out) {
            this.batch = batch;
            this.in = in;
            this.out = out;
        }

        /**
         * Whether {@link #backward} adds into any parameter's gradient now (a parameter that
         * {@linkplain Tensor#requiresGrad() requires grad}); steps before the first trainable one
         * are not back-propagated through. None by default.
         */
        protected boolean trainable() {
            return false;
        }

        /** Computes the output of the input at {@code x[xOff ..]} into {@link #output}. */
        protected abstract void forward(float[] x, int xOff, boolean training);

        /**
         * Back-propagates {@code dy}, the loss's gradient with respect to the last {@link #forward}'s
         * output (which the step may overwrite): adds the gradients of the layer's parameters into
         * their gradient buffers and, when {@code dx} is not null, the gradient with respect to the
         * input into {@code dx}. {@code x} is the input that forward saw.
         */
        protected abstract void backward(float[] x, int xOff, float[] dy, float[] dx);
    }

    /**
     * The per-sample output shape for a per-sample input shape, without building anything.
     *
     * @throws IllegalArgumentException if the layer cannot take that shape
     */
    public abstract int[] outputShape(int[] inputShape);

    /** Registers a weight as {@code name()/weightName}, marking it as requiring grad. For {@link #build0}. */
    protected final Tensor addParameter(String weightName, Tensor value) {
        String full = name + "/" + weightName;
        if (parameters.containsKey(full)) {
            throw new IllegalStateException(describe() + ": parameter '" + full + "' is already registered");
        }
        value.requiresGrad(true);
        parameters.put(full, value);
        return value;
    }

    /**
     * The trainable weights in creation order, keyed {@code layerName/weightName}; empty before the
     * layer is built. The tensors are the live weights: optimizers update them in place.
     */
    public Map<String, Tensor> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** The number of scalar weights (0 before building). */
    public long parameterCount() {
        long n = 0;
        for (Tensor t : parameters().values()) {
            n += t.size();
        }
        return n;
    }

    /**
     * The layer's configuration: {@code "class"} (the registry name), {@code "name"}, then the
     * constructor arguments. Plain JSON-ready values; see {@link LayerRegistry#fromConfig(Map)}.
     */
    public final Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("class", className());
        c.put("name", name);
        addConfig(c);
        return c;
    }

    /** The name under which {@link LayerRegistry} knows this class; the simple class name by default. */
    public String className() {
        return getClass().getSimpleName();
    }

    /** Adds the constructor arguments to a config map. */
    protected abstract void addConfig(Map<String, Object> config);

    /** {@code "Dense 'dense_1'"}, for error messages. */
    protected final String describe() {
        return className() + " '" + name + "'";
    }

    /** {@code [28, 28]}. */
    static String shapeString(int[] shape) {
        return Arrays.toString(shape);
    }

    /** {@code [None, 28, 28]}: a per-sample shape with Keras' unknown batch axis. */
    public static String batchShapeString(int[] sampleShape) {
        StringBuilder sb = new StringBuilder("[None");
        for (int d : sampleShape) {
            sb.append(", ").append(d);
        }
        return sb.append(']').toString();
    }

    /** A reproducible default seed for a layer's random initialisation, from its name. */
    static long seedFromName(String name) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x100000001B3L;
        }
        return h & 0x1FFFFFFFFFFFFFL; // 53 bits: survives a JSON round trip through a double
    }

    @Override
    public String toString() {
        return describe() + (isBuilt() ? " built for " + batchShapeString(inputShape) : " (not built)");
    }
}
