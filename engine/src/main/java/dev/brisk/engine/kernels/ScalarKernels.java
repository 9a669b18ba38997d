package dev.brisk.engine.kernels;

/**
 * The reference kernels: every {@link KernelProvider} operation written as the plainest correct Java
 * loop.
 *
 * <p>This class has two jobs. It is the <em>oracle</em> that {@code VectorKernels} is tested against,
 * so each method is written to be obviously right rather than fast; and it is the <em>fallback</em>
 * when the Vector API is not available, so it avoids needless slowness (loops run over contiguous
 * memory in order, nothing allocates). Where accuracy matters, the numerically careful form is the
 * one written here: softmax subtracts the row maximum, sigmoid never exponentiates a large positive
 * number.
 *
 * <p>Stateless and thread-safe; use {@link #INSTANCE}.
 */
public final class ScalarKernels implements KernelProvider {

    /** The one instance. */
    public static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    // ---------------------------------------------------------------- matrix multiplication

    /**
     * {@inheritDoc}
     *
     * <p>The reference version: for each row {@code i} of C it first scales the row by {@code beta}
     * (or clears it when {@code beta == 0}, so that old NaNs vanish), then adds
     * {@code op(A)[i][p] · op(B)[p][:]} for every {@code p}. This i-p-j order walks B and C along
     * rows, the cache-friendly direction for row-major storage, and accumulates in float exactly as an
     * optimised kernel does (in a different order, so results agree to rounding, not to the bit).
     */
    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        // op(A)[i][p] lives at aOff + i*aRow + p*aCol; likewise for B. Transposing swaps the strides.
        int aRow = transA ? 1 : lda;
        int aCol = transA ? lda : 1;
        int bRow = transB ? 1 : ldb;
        int bCol = transB ? ldb : 1;
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            if (beta == 0f) {
                for (int j = 0; j < n; j++) {
                    c[cRow + j] = 0f;
                }
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[cRow + j] *= beta;
                }
            }
            for (int p = 0; p < k; p++) {
                float aip = a[aOff + i * aRow + p * aCol];
                int bp = bOff + p * bRow;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += aip * b[bp + j * bCol];
                }
            }
        }
    }

    // ---------------------------------------------------------------- elementwise, contiguous

    @Override
    public void add(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] + y[yOff + i];
        }
    }

    @Override
    public void sub(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] - y[yOff + i];
        }
    }

    @Override
    public void mul(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] * y[yOff + i];
        }
    }

    @Override
    public void div(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] / y[yOff + i];
        }
    }

    @Override
    public void affine(float[] x, int xOff, float alpha, float beta, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = alpha * x[xOff + i] + beta;
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void unsignedBytesToFloats(byte[] x, int xOff, float[] out, int outOff, int n, float divisor) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (x[xOff + i] & 0xFF) / divisor;
        }
    }

    @Override
    public void unsignedByteRowsToFloats(byte[] x, int rowLength, int[] rows, int rowsOff, int count,
                                         float[] out, int outOff, float divisor) {
        for (int j = 0; j < count; j++) {
            unsignedBytesToFloats(x, rows[rowsOff + j] * rowLength, out, outOff + j * rowLength, rowLength, divisor);
        }
    }

    @Override
    public void relu(float[] x, int xOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.max(x[xOff + i], 0f);
        }
    }

    @Override
    public void reluBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            if (x[xOff + i] > 0f) {
                dx[dxOff + i] += dy[dyOff + i];
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code exp} is only ever taken of {@code -|x|}, which cannot overflow: for {@code x >= 0} the
     * textbook {@code 1 / (1 + e^-x)}, for {@code x < 0} the equal {@code e^x / (1 + e^x)}.
     */
    @Override
    public void sigmoid(float[] x, int xOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            float xi = x[xOff + i];
            if (xi >= 0f) {
                out[outOff + i] = 1f / (1f + (float) Math.exp(-xi));
            } else {
                float e = (float) Math.exp(xi);
                out[outOff + i] = e / (1f + e);
            }
        }
    }

    @Override
    public void sigmoidBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            float yi = y[yOff + i];
            dx[dxOff + i] += dy[dyOff + i] * yi * (1f - yi);
        }
    }

    @Override
    public void tanh(float[] x, int xOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) Math.tanh(x[xOff + i]);
        }
    }

    @Override
    public void tanhBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            float yi = y[yOff + i];
            dx[dxOff + i] += dy[dyOff + i] * (1f - yi * yi);
        }
    }

    @Override
    public void exp(float[] x, int xOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) Math.exp(x[xOff + i]);
        }
    }

    @Override
    public void log(float[] x, int xOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) Math.log(x[xOff + i]);
        }
    }

    // ---------------------------------------------------------------- reductions

    /**
     * {@inheritDoc}
     *
     * <p>Here a single float accumulator, left to right; a SIMD version sums in another order, so the
     * two agree to rounding only.
     */
    @Override
    public float sum(float[] x, int off, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    @Override
    public float max(float[] x, int off, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[off + i]); // Math.max propagates NaN, as the contract requires
        }
        return m;
    }

    @Override
    public void sumRows(float[] x, int xOff, int rows, int cols, int ldx, float[] out, int outOff) {
        for (int i = 0; i < rows; i++) {
            int row = xOff + i * ldx;
            for (int j = 0; j < cols; j++) {
                out[outOff + j] += x[row + j];
            }
        }
    }

    @Override
    public void addBiasRows(float[] x, int xOff, int rows, int cols, int ldx, float[] bias, int biasOff) {
        for (int i = 0; i < rows; i++) {
            int row = xOff + i * ldx;
            for (int j = 0; j < cols; j++) {
                x[row + j] += bias[biasOff + j];
            }
        }
    }

    // ---------------------------------------------------------------- softmax and cross-entropy

    /**
     * {@inheritDoc}
     *
     * <p>Three passes per row: find the maximum; write {@code e_j = exp(x_j - max)} (every
     * exponent is at most 0, so nothing overflows, and the largest term is exactly 1, so the sum
     * cannot underflow to 0) while summing them; multiply by {@code 1 / sum}.
     */
    @Override
    public void softmaxRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            int or = outOff + r * cols;
            float max = max(x, xr, cols);
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(x[xr + j] - max);
                out[or + j] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int j = 0; j < cols; j++) {
                out[or + j] *= inv;
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Computed as {@code (x - max) - log(Σ exp(x - max))}, never as {@code log(softmax(x))}, which
     * would turn tiny probabilities into {@code log(0) = -Infinity}.
     */
    @Override
    public void logSoftmaxRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            int or = outOff + r * cols;
            float max = max(x, xr, cols);
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                sum += (float) Math.exp(x[xr + j] - max);
            }
            float logSum = (float) Math.log(sum);
            for (int j = 0; j < cols; j++) {
                out[or + j] = (x[xr + j] - max) - logSum;
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Per row, with {@code s = Σ exp(x_j - max)}: the loss is {@code log(s) - (x_label - max)}, and
     * the gradient is {@code exp(x_j - max) · (scale / s)} minus {@code scale} at the label, where
     * {@code scale = gradScale / rows}. The per-row losses are summed in double: there is one per row,
     * so it costs nothing and keeps the mean exact over large batches.
     */
    @Override
    public float softmaxCrossEntropy(float[] logits, int logitsOff, int rows, int cols,
                                     int[] labels, int labelsOff,
                                     float[] grad, int gradOff, float gradScale) {
        float scale = gradScale / rows;
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int xr = logitsOff + r * cols;
            int label = labels[labelsOff + r];
            float max = max(logits, xr, cols);
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                sum += (float) Math.exp(logits[xr + j] - max);
            }
            loss += (float) Math.log(sum) - (logits[xr + label] - max);
            if (grad != null) {
                int gr = gradOff + r * cols;
                float inv = scale / sum;
                for (int j = 0; j < cols; j++) {
                    grad[gr + j] = (float) Math.exp(logits[xr + j] - max) * inv;
                }
                grad[gr + label] -= scale;
            }
        }
        return (float) (loss / rows);
    }

    // ---------------------------------------------------------------- dropout

    /**
     * {@inheritDoc}
     *
     * <p>Kept elements are multiplied by {@code 1 / (1 - p)}, rounded to float once per call, so that
     * every implementation scales by the very same number.
     */
    @Override
    public void dropout(float[] x, int xOff, float[] out, int outOff, int n, float p, long seed, long start) {
        int keyA = DropoutMask.keyA(seed);
        int keyB = DropoutMask.keyB(seed);
        int threshold = DropoutMask.threshold(p);
        float scale = 1f / (1f - p);
        for (int i = 0; i < n; i++) {
            boolean keep = DropoutMask.bits24(keyA, keyB, (int) (start + i)) >= threshold;
            out[outOff + i] = keep ? x[xOff + i] * scale : 0f;
        }
    }

    @Override
    public void dropoutBackward(float[] dy, int dyOff, float[] dx, int dxOff, int n, float p, long seed, long start) {
        int keyA = DropoutMask.keyA(seed);
        int keyB = DropoutMask.keyB(seed);
        int threshold = DropoutMask.threshold(p);
        float scale = 1f / (1f - p);
        for (int i = 0; i < n; i++) {
            if (DropoutMask.bits24(keyA, keyB, (int) (start + i)) >= threshold) {
                dx[dxOff + i] += dy[dyOff + i] * scale;
            }
        }
    }

    // ---------------------------------------------------------------- optimizers

    /**
     * {@inheritDoc}
     *
     * <p>The bias corrections {@code 1 - beta^t} are computed once, in double (for beta2 = 0.999 and
     * small t they are small differences of numbers near 1, where float would lose digits); the
     * per-element update is then float arithmetic in the order the formula is written.
     */
    @Override
    public void adam(float[] param, int pOff, float[] grad, int gOff, float[] m, int mOff, float[] v, int vOff, int n,
                     float lr, float beta1, float beta2, float eps, float weightDecay, long step) {
        float invBias1 = (float) (1.0 / (1.0 - Math.pow(beta1, step)));
        float invBias2 = (float) (1.0 / (1.0 - Math.pow(beta2, step)));
        float oneMinusBeta1 = 1f - beta1;
        float oneMinusBeta2 = 1f - beta2;
        for (int i = 0; i < n; i++) {
            float g = grad[gOff + i];
            if (Math.abs(g) < ADAM_TINY_GRADIENT) {
                g = 0f;
            }
            float mi = beta1 * m[mOff + i] + oneMinusBeta1 * g;
            float vi = beta2 * v[vOff + i] + oneMinusBeta2 * (g * g);
            if (Math.abs(mi) < ADAM_TINY_MOMENT) {
                mi = 0f;
            }
            if (vi < ADAM_TINY_MOMENT) {
                vi = 0f;
            }
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            float mHat = mi * invBias1;
            float vHat = vi * invBias2;
            float p = param[pOff + i];
            param[pOff + i] = p - lr * (mHat / ((float) Math.sqrt(vHat) + eps) + weightDecay * p);
        }
    }

    // ---------------------------------------------------------------- distances over row tiles (k-means)

    /**
     * {@inheritDoc}
     *
     * <p>16, the width of the AVX-512 kernels: any width works here, and this one lets the scalar and
     * the vector kernels run on the same packed data.
     */
    @Override
    public int rowTile() {
        return 16;
    }

    @Override
    public void packRowTiles(float[] x, int xOff, int d, int from, int to, float[] shift, float[] tiles, int tile) {
        for (int r = from; r < to; r++) {
            int src = xOff + r * d;
            int dst = (r / tile) * tile * d + r % tile;
            for (int j = 0; j < d; j++) {
                tiles[dst + j * tile] = shift == null ? x[src + j] : x[src + j] - shift[j];
            }
        }
    }

    @Override
    public double assignNearest(float[] x, int tile, int d, int from, int to, float[] centres, int k, boolean inertia,
                                int[] labels, long[] counts, double[] sums, long[] moved) {
        float[] norms = TileScratch.get().norms(k);
        centreNorms(centres, k, d, norms);
        return assignRows(x, tile, d, from, to, centres, k, norms, inertia, labels, counts, sums, moved);
    }

    /** {@code norms[c] = Σ_j c_j·c_j}, by fused multiply-adds in coordinate order (see {@link #assignNearest}). */
    static void centreNorms(float[] centres, int k, int d, float[] norms) {
        for (int c = 0; c < k; c++) {
            float n = 0f;
            for (int j = 0; j < d; j++) {
                float cj = centres[c * d + j];
                n = Math.fma(cj, cj, n);
            }
            norms[c] = n;
        }
    }

    @Override
    public double reassignNearest(float[] x, int tile, int d, int from, int to, float[] centres, int k,
                                  boolean inertia, int[] labels, long[] counts, double[] sums, long[] moved) {
        float[] norms = TileScratch.get().norms(k);
        centreNorms(centres, k, d, norms);
        return reassignRows(x, tile, d, from, to, centres, k, norms, inertia, labels, counts, sums, moved);
    }

    /** {@link #assignNearest} for rows {@code [from, to)} given the centre norms: also the vector kernel's edges. */
    static double assignRows(float[] x, int tile, int d, int from, int to, float[] centres, int k, float[] norms,
                             boolean inertia, int[] labels, long[] counts, double[] sums, long[] moved) {
        double total = 0;
        for (int r = from; r < to; r++) {
            int base = (r / tile) * tile * d + r % tile;
            long found = nearest(x, base, tile, d, centres, k, norms, inertia);
            int label = label(found);
            total += term(found);
            if (moved != null && labels[r] != label) {
                moved[0]++;
            }
            labels[r] = label;
            if (sums != null) {
                counts[label]++;
                for (int j = 0; j < d; j++) {
                    sums[label * d + j] += x[base + j * tile];
                }
            }
        }
        return total;
    }

    /** {@link #reassignNearest} for rows {@code [from, to)} given the centre norms: also the vector kernel's edges. */
    static double reassignRows(float[] x, int tile, int d, int from, int to, float[] centres, int k, float[] norms,
                               boolean inertia, int[] labels, long[] counts, double[] sums, long[] moved) {
        double total = 0;
        for (int r = from; r < to; r++) {
            int base = (r / tile) * tile * d + r % tile;
            long found = nearest(x, base, tile, d, centres, k, norms, inertia);
            int label = label(found);
            total += term(found);
            int old = labels[r];
            if (label != old) {
                moveRow(x, base, tile, d, old, label, counts, sums);
                moved[0]++;
                labels[r] = label;
            }
        }
        return total;
    }

    /** Moves one row's values from centre {@code from}'s count and sums to centre {@code to}'s. */
    static void moveRow(float[] x, int base, int tile, int d, int from, int to, long[] counts, double[] sums) {
        counts[from]--;
        counts[to]++;
        for (int j = 0; j < d; j++) {
            float v = x[base + j * tile];
            sums[from * d + j] -= v;
            sums[to * d + j] += v;
        }
    }

    /**
     * The nearest centre of the row at {@code base} (see {@link #assignNearest} for the arithmetic)
     * and the row's term of the inertia, packed in one long so that nothing is allocated: the label
     * in the low 32 bits, the float term's bits in the high 32 ({@link #label}, {@link #term}).
     */
    private static long nearest(float[] x, int base, int tile, int d, float[] centres, int k, float[] norms,
                                boolean inertia) {
        int label = 0;
        float best = Float.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            float dist = norms[c];
            for (int j = 0; j < d; j++) {
                dist = Math.fma(x[base + j * tile], -2f * centres[c * d + j], dist);
            }
            if (dist < best) {
                best = dist;
                label = c;
            }
        }
        float term = 0f;
        if (inertia) {
            float norm = 0f;
            for (int j = 0; j < d; j++) {
                float xj = x[base + j * tile];
                norm = Math.fma(xj, xj, norm);
            }
            term = best + norm;
            term = term < 0f ? 0f : term; // rounding can take a point sitting on its centre below 0
        }
        return (long) Float.floatToRawIntBits(term) << 32 | label;
    }

    private static int label(long nearest) {
        return (int) nearest;
    }

    private static float term(long nearest) {
        return Float.intBitsToFloat((int) (nearest >>> 32));
    }

    @Override
    public void lowerDistances(float[] x, int tile, int d, int from, int to, float[] point, int pOff, float[] closest) {
        for (int r = from; r < to; r++) {
            float dist = squaredDistance(x, tile, d, r, point, pOff);
            if (dist < closest[r]) {
                closest[r] = dist;
            }
        }
    }

    @Override
    public void candidatePotentials(float[] x, int tile, int d, int from, int to, float[] candidates, int m,
                                    float[] closest, double[] potentials) {
        for (int r = from; r < to; r++) {
            float nearest = closest[r];
            for (int t = 0; t < m; t++) {
                float dist = squaredDistance(x, tile, d, r, candidates, t * d);
                potentials[t] += dist < nearest ? dist : nearest;
            }
        }
    }

    @Override
    public double sumDistances(float[] x, int tile, int d, int from, int to, float[] point, int pOff) {
        double sum = 0;
        for (int r = from; r < to; r++) {
            sum += (float) Math.sqrt(squaredDistance(x, tile, d, r, point, pOff));
        }
        return sum;
    }

    /** {@code Σ_j (x[r][j] - p_j)²} by fused multiply-adds in coordinate order: the bits every implementation computes. */
    static float squaredDistance(float[] x, int tile, int d, int r, float[] p, int pOff) {
        int base = (r / tile) * tile * d + r % tile;
        float dist = 0f;
        for (int j = 0; j < d; j++) {
            float diff = x[base + j * tile] - p[pOff + j];
            dist = Math.fma(diff, diff, dist);
        }
        return dist;
    }
}
