package dev.brisk.engine.nn;

import dev.brisk.engine.kernels.Kernels;
import dev.brisk.engine.tensor.Tensor;

import java.util.Map;

/**
 * Inverted dropout: while training, each element is zeroed with probability {@code rate} and the
 * survivors scaled by {@code 1 / (1 - rate)}; at inference ({@code training == false}) it is the
 * identity. Dropping random units keeps a network from relying on any single one (a cheap
 * regulariser).
 *
 * <h2>Reproducible masks</h2>
 * Every training call uses a fresh mask seed, mixed from the layer's seed and a call counter: masks
 * differ from step to step, yet the same seed and the same sequence of calls give the same masks,
 * hence bit-identical training runs. {@link #resetCalls()} rewinds the counter.
 */
public final class Dropout extends Layer {

    private final float rate;
    private final long seed;
    private long calls;

    /** Dropout at {@code rate} (in {@code [0, 1)}) with a seed derived from the layer's name. */
    public Dropout(float rate) {
        this(rate, null, null);
    }

    /**
     * @param rate fraction of elements to drop, in {@code [0, 1)}
     * @param name layer name, or null for {@code dropout}, {@code dropout_1}, ...
     * @param seed mask seed, or null to derive it from the name
     */
    public Dropout(float rate, String name, Long seed) {
        super(name, "dropout");
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("Dropout: rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.seed = seed != null ? seed : seedFromName(name());
    }

    /** The drop probability. */
    public float rate() {
        return rate;
    }

    /** How many training calls have drawn a mask so far. */
    public long calls() {
        return calls;
    }

    /** Rewinds the call counter, so the next training calls repeat the masks from the start. */
    public void resetCalls() {
        calls = 0;
    }

    @Override
    protected Tensor forward(Tensor x, boolean training) {
        if (!training || rate == 0f) {
            return x;
        }
        return x.dropout(rate, mix(seed, calls++));
    }

    /** The mask, scaling and gradient of {@link Tensor#dropout} on preallocated buffers (see {@link Layer.Step}). */
    @Override
    protected Step compileStep(int batch, int in) {
        return new Step(batch, in, in) {
            private final float[] y = new float[batch * in];
            private boolean dropped;                               // whether the last forward applied a mask
            private long maskSeed;

            @Override
            protected void forward(float[] x, int xOff, boolean training) {
                dropped = training && rate != 0f;
                if (!dropped) {                                    // the identity, as in the graph
                    output = x;
                    outputOffset = xOff;
                    return;
                }
                maskSeed = mix(seed, calls++);
                Kernels.get().dropout(x, xOff, y, 0, y.length, rate, maskSeed, 0L);
                output = y;
                outputOffset = 0;
            }

            @Override
            protected void backward(float[] x, int xOff, float[] dy, float[] dx) {
                if (dx == null) {
                    return;
                }
                if (dropped) {
                    Kernels.get().dropoutBackward(dy, 0, dx, 0, y.length, rate, maskSeed, 0L);
                } else {
                    Kernels.get().axpy(1f, dy, 0, dx, 0, y.length);
                }
            }
        };
    }

    /** SplitMix64's finaliser over seed and counter: nearby counters give unrelated mask seeds. */
    static long mix(long seed, long counter) {
        long z = seed + (counter + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
        config.put("rate", Double.parseDouble(Float.toString(rate))); // 0.2, not 0.20000000298
        config.put("seed", seed);
    }
}
