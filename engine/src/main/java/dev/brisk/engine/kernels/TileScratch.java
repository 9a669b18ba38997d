package dev.brisk.engine.kernels;

/**
 * Per-thread scratch arrays of the distance kernels over {@link RowTiles}: centre norms, scaled
 * centre coordinates and per-lane partial sums. Each array grows when a call needs more than any
 * call before it on this thread, so calls in steady state (the same k and d, iteration after
 * iteration) allocate nothing.
 */
final class TileScratch {

    private static final ThreadLocal<TileScratch> LOCAL = ThreadLocal.withInitial(TileScratch::new);

    static TileScratch get() {
        return LOCAL.get();
    }

    private float[] norms = new float[0];
    private float[] coef = new float[0];
    private float[] lanes = new float[0];
    private double[] lanesD = new double[0];
    private float[] small = new float[0];
    private float[] tileLabels = new float[0];
    private int[] gather = new int[0];
    private int gatherStride = -1;

    private TileScratch() {
    }

    /** At least {@code n} floats for centre norms (contents undefined). */
    float[] norms(int n) {
        if (norms.length < n) {
            norms = new float[n];
        }
        return norms;
    }

    /** At least {@code n} floats for scaled centre coordinates (contents undefined). */
    float[] coef(int n) {
        if (coef.length < n) {
            coef = new float[n];
        }
        return coef;
    }

    /** At least {@code n} floats of per-lane partial sums, the first {@code n} zeroed. */
    float[] lanes(int n) {
        if (lanes.length < n) {
            lanes = new float[n];
        } else {
            java.util.Arrays.fill(lanes, 0, n, 0f);
        }
        return lanes;
    }

    /** At least {@code n} doubles of per-lane totals, the first {@code n} zeroed. */
    double[] lanesD(int n) {
        if (lanesD.length < n) {
            lanesD = new double[n];
        } else {
            java.util.Arrays.fill(lanesD, 0, n, 0.0);
        }
        return lanesD;
    }

    /** At least {@code n} floats for one vector's lanes (contents undefined). */
    float[] small(int n) {
        if (small.length < n) {
            small = new float[n];
        }
        return small;
    }

    /** At least {@code n} floats for a block's labels (contents undefined). */
    float[] tileLabels(int n) {
        if (tileLabels.length < n) {
            tileLabels = new float[n];
        }
        return tileLabels;
    }

    /** The gather offsets {@code 0, stride, 2·stride, ...} for {@code n} lanes. */
    int[] gather(int n, int stride) {
        if (gather.length < n || gatherStride != stride) {
            gather = new int[Math.max(n, gather.length)];
            for (int i = 0; i < gather.length; i++) {
                gather[i] = i * stride;
            }
            gatherStride = stride;
        }
        return gather;
    }
}
