package dev.brisk.engine.nn;

import dev.brisk.engine.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * A lookup table from integer ids to learned vectors: {@code inputDim} rows of {@code outputDim}
 * values, the usual first layer for users, items or words. A batch of ids {@code [batch]} gives
 * {@code [batch, outputDim]}; {@code [batch, T]} gives {@code [batch, T, outputDim]}.
 *
 * <pre>{@code
 * Embedding items = new Embedding(10_000, 32);
 * Tensor v = items.lookup(new int[]{17, 4, 17});             // [3, 32]
 * Tensor w = items.call(Tensor.of(new float[]{17, 4}), true); // ids as a float tensor of whole numbers
 * }</pre>
 *
 * <p>The table starts uniform in {@code [-0.05, 0.05]} as in Keras. Only the looked-up rows get
 * gradient; repeated ids add up. Ids are not differentiable.
 */
public final class Embedding extends Layer {

    private final int inputDim;
    private final int outputDim;
    private final long seed;
    private Tensor table;

    /** A table of {@code inputDim} ids by {@code outputDim} values, with an automatic name and seed. */
    public Embedding(int inputDim, int outputDim) {
        this(inputDim, outputDim, null, null);
    }

    /**
     * @param inputDim  number of ids (valid ids are {@code 0 .. inputDim-1})
     * @param outputDim size of each vector
     * @param name      layer name, or null for {@code embedding}, {@code embedding_1}, ...
     * @param seed      initialiser seed, or null to derive it from the name
     */
    public Embedding(int inputDim, int outputDim, String name, Long seed) {
        super(name, "embedding");
        if (inputDim <= 0 || outputDim <= 0) {
            throw new IllegalArgumentException("Embedding: inputDim and outputDim must be positive, got "
                    + inputDim + " and " + outputDim);
        }
        this.inputDim = inputDim;
        this.outputDim = outputDim;
        this.seed = seed != null ? seed : seedFromName(name());
    }

    /** The table {@code [inputDim, outputDim]}, or null before building. */
    public Tensor embeddings() {
        return table;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int[] out = Arrays.copyOf(inputShape, inputShape.length + 1);
        out[inputShape.length] = outputDim;
        return out;
    }

    @Override
    protected void build0(int[] inputShape) {
        table = addParameter("embeddings", Tensor.uniform(seed, -0.05f, 0.05f, inputDim, outputDim));
    }

    /** Ids may come in any number per sample (sequence length can vary between batches). */
    @Override
    protected void checkInput(int[] sampleShape, Tensor x) {
        if (sampleShape.length != inputShape().length) {
            throw new IllegalArgumentException(describe() + ": expects ids of rank " + (inputShape().length + 1)
                    + " like " + batchShapeString(inputShape()) + " but got " + Arrays.toString(x.shape()));
        }
    }

    @Override
    protected Tensor forward(Tensor x, boolean training) {
        float[] values = x.toArray();
        int[] ids = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            float f = values[i];
            if (f != Math.rint(f)) {
                throw new IllegalArgumentException(describe() + ": id " + f + " at position " + i
                        + " of input " + Arrays.toString(x.shape()) + " is not a whole number");
            }
            ids[i] = (int) f;
        }
        return gather(ids, x.shape());
    }

    /** The vectors for a batch of ids: {@code [ids.length, outputDim]}, building the layer if needed. */
    public Tensor lookup(int[] ids) {
        if (!isBuilt()) {
            build(new int[0]);
        }
        return gather(ids, new int[]{ids.length});
    }

    private Tensor gather(int[] ids, int[] idShape) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= inputDim) {
                throw new IllegalArgumentException(describe() + ": id " + ids[i] + " at position " + i
                        + " is outside [0, " + inputDim + ")");
            }
        }
        Tensor rows = table.gatherRows(ids);
        return idShape.length == 1 ? rows : rows.reshape(outputShape(idShape));
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
        config.put("input_dim", inputDim);
        config.put("output_dim", outputDim);
        config.put("seed", seed);
    }
}
