package dev.brisk.engine.kernels;

/**
 * The numeric kernels the engine is built on: plain operations over {@code float[]} arrays and
 * offsets that know nothing of tensors, shapes or graphs.
 *
 * <p>There are two implementations. {@link ScalarKernels} is written in plain Java loops: it is
 * the reference every other implementation is tested against, and the fallback when the
 * incubating Vector API ({@code jdk.incubator.vector}) is not available. {@code VectorKernels}
 * does the same work with SIMD vectors. {@link Kernels#get()} picks one once at start-up; the
 * system property {@code brisk.kernels=scalar} forces the scalar path.
 *
 * <p>Conventions shared by every method:
 * <ul>
 *   <li>Arrays are row-major; a matrix is {@code (array, offset, leading dimension)}.</li>
 *   <li>{@code n} counts elements; each array must hold {@code off + n} of them.</li>
 *   <li>Output arrays may alias inputs only where a method says so.</li>
 *   <li>No method allocates in steady state: callers own every buffer.</li>
 * </ul>
 */
public interface KernelProvider {

    /** A short name for logs and benchmark reports, e.g. {@code "vector(512-bit)"} or {@code "scalar"}. */
    String name();

    // ---------------------------------------------------------------- matrix multiplication

    /**
     * Single-precision general matrix multiply, {@code C = op(A) · op(B) + beta · C}.
     *
     * <p>{@code op(A)} is {@code m × k}: when {@code transA} is false it is read as
     * {@code a[aOff + i*lda + p]}, when true as {@code a[aOff + p*lda + i]} (A stored {@code k × m},
     * as a transposed view of it would be). Likewise {@code op(B)} is {@code k × n}. C is
     * {@code m × n} at {@code c[cOff + i*ldc + j]}. With {@code beta == 0} C is overwritten (its old
     * contents, even NaN, are ignored); with {@code beta == 1} the product is added to it, which is how
     * gradients accumulate.
     *
     * <p>For a fixed thread count the result is bit-identical from run to run.
     */
    void sgemm(boolean transA, boolean transB, int m, int n, int k,
               float[] a, int aOff, int lda,
               float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc);

    // ---------------------------------------------------------------- elementwise, contiguous

    /** {@code out[i] = x[i] + y[i]}. {@code out} may alias {@code x} or {@code y}. */
    void add(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n);

    /** {@code out[i] = x[i] - y[i]}. {@code out} may alias {@code x} or {@code y}. */
    void sub(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n);

    /** {@code out[i] = x[i] * y[i]}. {@code out} may alias {@code x} or {@code y}. */
    void mul(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n);

    /** {@code out[i] = x[i] / y[i]}. {@code out} may alias {@code x} or {@code y}. */
    void div(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n);

    /** {@code out[i] = alpha * x[i] + beta}. {@code out} may alias {@code x}. */
    void affine(float[] x, int xOff, float alpha, float beta, float[] out, int outOff, int n);

    /** {@code y[i] += alpha * x[i]} (BLAS axpy). */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

    /** {@code out[i] = max(x[i], 0)}. {@code out} may alias {@code x}. */
    void relu(float[] x, int xOff, float[] out, int outOff, int n);

    /**
     * ReLU's backward pass, accumulating: {@code dx[i] += x[i] > 0 ? dy[i] : 0}. {@code x} is the
     * ReLU's input, or equally its output (both are positive at the same places).
     */
    void reluBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n);

    /** {@code out[i] = 1 / (1 + exp(-x[i]))}, computed without overflow for large |x|. */
    void sigmoid(float[] x, int xOff, float[] out, int outOff, int n);

    /** Sigmoid's backward from its output y, accumulating: {@code dx[i] += dy[i] * y[i] * (1 - y[i])}. */
    void sigmoidBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n);

    /** {@code out[i] = tanh(x[i])}. */
    void tanh(float[] x, int xOff, float[] out, int outOff, int n);

    /** Tanh's backward from its output y, accumulating: {@code dx[i] += dy[i] * (1 - y[i]²)}. */
    void tanhBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n);

    /**
     * Unsigned bytes to floats, divided: {@code out[i] = (x[i] & 0xFF) / divisor}, e.g. 8-bit
     * pixels to [0, 1] with {@code divisor} 255. A correctly rounded division, not a multiplication
     * by {@code 1 / divisor}: with 255, every value is the float nearest k/255 and 255 gives
     * exactly 1.
     */
    void unsignedBytesToFloats(byte[] x, int xOff, float[] out, int outOff, int n, float divisor);

    /**
     * Chosen rows of a row-major matrix of unsigned bytes, gathered and divided as
     * {@link #unsignedBytesToFloats}: for {@code j} in {@code [0, count)}, row
     * {@code rows[rowsOff + j]} of {@code x} (its {@code rowLength} bytes from
     * {@code rows[rowsOff + j] * rowLength}) goes to {@code out[outOff + j * rowLength ..]}. A
     * shuffled mini-batch of 8-bit images, scaled, in one call.
     */
    void unsignedByteRowsToFloats(byte[] x, int rowLength, int[] rows, int rowsOff, int count,
                                  float[] out, int outOff, float divisor);

    /** {@code out[i] = exp(x[i])}. */
    void exp(float[] x, int xOff, float[] out, int outOff, int n);

    /** {@code out[i] = log(x[i])}. */
    void log(float[] x, int xOff, float[] out, int outOff, int n);

    // ---------------------------------------------------------------- reductions

    /** The sum of {@code x[off .. off+n)}, accumulated in several independent float lanes. */
    float sum(float[] x, int off, int n);

    /** The largest of {@code x[off .. off+n)}; NaN if any element is NaN; -Infinity when {@code n == 0}. */
    float max(float[] x, int off, int n);

    /** Column sums of a {@code rows × cols} matrix, accumulated into {@code out}: {@code out[j] += Σ_i x[i][j]}. */
    void sumRows(float[] x, int xOff, int rows, int cols, int ldx, float[] out, int outOff);

    /** Adds {@code bias[j]} to every row of the {@code rows × cols} matrix x, in place. */
    void addBiasRows(float[] x, int xOff, int rows, int cols, int ldx, float[] bias, int biasOff);

    // ---------------------------------------------------------------- softmax and cross-entropy

    /**
     * Row-wise softmax of a {@code rows × cols} matrix, numerically stable (the row maximum is
     * subtracted before exponentiating). {@code out} may alias {@code x}.
     */
    void softmaxRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff);

    /** Row-wise log-softmax, {@code x - max - log(Σ exp(x - max))}. {@code out} may alias {@code x}. */
    void logSoftmaxRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff);

    /**
     * Fused softmax and sparse categorical cross-entropy over a batch of logits.
     *
     * <p>Returns the mean over rows of {@code -log softmax(logits[r])[labels[r]]}. When {@code grad}
     * is not null it receives, overwriting, the gradient of that mean with respect to the logits:
     * {@code (softmax(logits[r]) - onehot(labels[r])) * gradScale / rows}. The caller checks labels
     * are in {@code [0, cols)}.
     */
    float softmaxCrossEntropy(float[] logits, int logitsOff, int rows, int cols,
                              int[] labels, int labelsOff,
                              float[] grad, int gradOff, float gradScale);

    // ---------------------------------------------------------------- dropout

    /**
     * Inverted dropout: {@code out[i] = keep(i) ? x[i] / (1 - p) : 0}, where {@code keep(i)} is
     * decided by {@link DropoutMask#keep(long, long, float)} for the element's global index
     * {@code start + i}. The same seed gives the same mask on every implementation, so the backward
     * pass regenerates the mask instead of storing it.
     */
    void dropout(float[] x, int xOff, float[] out, int outOff, int n, float p, long seed, long start);

    /** Dropout's backward, accumulating: {@code dx[i] += keep(i) ? dy[i] / (1 - p) : 0}, same mask as forward. */
    void dropoutBackward(float[] dy, int dyOff, float[] dx, int dxOff, int n, float p, long seed, long start);

    // ---------------------------------------------------------------- optimizers

    /** Gradients below this magnitude count as zero in {@link #adam}: their square would be subnormal. */
    float ADAM_TINY_GRADIENT = 1e-15f;

    /** Adam's moments below this magnitude are flushed to zero before they decay into subnormals. */
    float ADAM_TINY_MOMENT = 1e-30f;

    /**
     * One fused, in-place Adam or AdamW step over {@code n} parameters.
     *
     * <pre>
     *   m = beta1·m + (1-beta1)·g
     *   v = beta2·v + (1-beta2)·g²
     *   param -= lr · ( (m / (1-beta1^t)) / (sqrt(v / (1-beta2^t)) + eps) + weightDecay · param )
     * </pre>
     *
     * <p>{@code weightDecay} is decoupled (AdamW); pass 0 for plain Adam. {@code step} is t, starting at 1.
     *
     * <p>Gradients smaller in magnitude than {@link #ADAM_TINY_GRADIENT} and moments smaller than
     * {@link #ADAM_TINY_MOMENT} are flushed to zero. Without that, the moments of weights that rarely
     * get a gradient (the always-black border pixels of an image) decay through the subnormal
     * range, where x86 arithmetic costs about a hundred times more: measured on Fashion-MNIST, Adam
     * took half of every training step. A flushed moment changes an update by less than 1e-23.
     */
    void adam(float[] param, int pOff, float[] grad, int gOff, float[] m, int mOff, float[] v, int vOff, int n,
              float lr, float beta1, float beta2, float eps, float weightDecay, long step);

    // ---------------------------------------------------------------- distances over row tiles (k-means)

    /**
     * The tile width, in rows, that this provider's distance kernels are fastest with (see
     * {@link RowTiles}): as many rows as one vector holds floats, 16 with AVX-512. The kernels accept
     * any width; other widths run at scalar speed.
     */
    int rowTile();

    /**
     * Copies rows {@code [from, to)} of the row-major {@code n × d} matrix {@code x} (row r at
     * {@code x[xOff + r·d ..]}) into the {@link RowTiles} layout, subtracting {@code shift[j]} from
     * coordinate j when {@code shift} is not null. Only those rows' slots are written: pack into a
     * fresh array and its zeros are the last tile's padding. Parts of a matrix may be packed by
     * different threads.
     */
    void packRowTiles(float[] x, int xOff, int d, int from, int to, float[] shift, float[] tiles, int tile);

    /**
     * The assignment step of k-means (Lloyd's algorithm), fused with the sums its update step needs.
     *
     * <p>{@code x} is an {@code n × d} matrix in the {@link RowTiles} layout with {@code tile} rows
     * per tile; {@code centres} is {@code k × d}, row-major ({@code centres[c·d + j]}). For every row
     * r in {@code [from, to)}:
     * <ul>
     *   <li>{@code labels[r]} = the centre nearest to row r in squared Euclidean distance, ties going
     *       to the lowest index;</li>
     *   <li>{@code counts[label] += 1} and {@code sums[label·d + j] += x[r][j]} (accumulating, so the
     *       caller can sum several calls; skipped when both are null, for assignment alone);</li>
     *   <li>if {@code moved} is not null, {@code moved[0] += 1} when the new label differs from
     *       {@code labels[r]} on entry.</li>
     * </ul>
     * With {@code inertia} the return value is the sum over those rows of the squared distance to
     * the nearest centre (k-means' inertia); without, it is 0, and the rows' own squared norms, which
     * only the inertia needs, are not computed: {@code d} fewer multiply-adds per row, a sixth of the
     * work with 5 centres.
     *
     * <p>How distances are computed, which every implementation follows to the bit so that all assign
     * the same labels: {@code ||x - c||² = ||x||² + (||c||² - 2 x·c)}, where {@code ||c||²} is
     * {@code Σ_j c_j·c_j} and the bracket is {@code ||c||²} plus {@code x_j · (-2 c_j)} for j = 0, 1,
     * ..., each step one float fused multiply-add ({@link Math#fma(float, float, float)}); the nearest
     * centre is found by starting from +∞ and label 0 and taking each centre, in order, whose value is
     * strictly smaller (so a row whose every distance is NaN gets label 0); the row's own
     * {@code ||x||²} (likewise) does not affect which centre is nearest and is only added for the
     * inertia, clamped at 0. This costs one multiply-add per coordinate and centre, half the direct
     * {@code Σ (x_j - c_j)²}, but loses digits when the rows are far from the origin compared with
     * their distances: centre the data first (as scikit-learn does; {@link #packRowTiles} can
     * subtract the column means). Sums and inertia are added in float within runs of rows and in
     * double across runs, so implementations agree on them to rounding, not to the bit; for one
     * implementation and the same arguments they are the same from run to run.
     */
    double assignNearest(float[] x, int tile, int d, int from, int to, float[] centres, int k, boolean inertia,
                         int[] labels, long[] counts, double[] sums, long[] moved);

    /**
     * The assignment step again, updating the sums of a previous one instead of recomputing them:
     * on entry {@code labels}, {@code counts} and {@code sums} describe an assignment of rows
     * {@code [from, to)} (as {@link #assignNearest} left them); each row is assigned to its nearest
     * centre of {@code centres} as there, and a row whose label changes moves, in row order, from its
     * old centre's count and sums to its new one's ({@code sums[old·d + j] -= x[r][j]}, then
     * {@code sums[new·d + j] += x[r][j]}, in double). {@code moved[0]} is increased by the number of
     * rows that changed. Returns the inertia (or 0 without {@code inertia}), as {@link #assignNearest}.
     *
     * <p>Once k-means is near convergence only a few rows change cluster per iteration, so this costs
     * little more than the distances. The labels, counts, moved rows and sums are the same on every
     * implementation, to the bit (the same additions in the same order).
     */
    double reassignNearest(float[] x, int tile, int d, int from, int to, float[] centres, int k, boolean inertia,
                           int[] labels, long[] counts, double[] sums, long[] moved);

    /**
     * k-means++ seeding, keeping each row's distance to its nearest chosen centre:
     * {@code closest[r] = min(closest[r], ||x[r] - p||²)} for r in {@code [from, to)}, where p is
     * {@code point[pOff .. pOff + d)} and x is in the {@link RowTiles} layout. The distance is
     * {@code Σ_j (x_j - p_j)²} added by fused multiply-adds for j = 0, 1, ..., the same bits on
     * every implementation.
     */
    void lowerDistances(float[] x, int tile, int d, int from, int to, float[] point, int pOff, float[] closest);

    /**
     * k-means++'s greedy step: for each of {@code m} candidate centres {@code p_t} (row-major
     * {@code m × d} in {@code candidates}), adds to {@code potentials[t]} the potential the rows
     * {@code [from, to)} would have if {@code p_t} were chosen, {@code Σ_r min(closest[r], ||x[r] - p_t||²)}
     * (distances as in {@link #lowerDistances}). {@code closest} is not changed.
     */
    void candidatePotentials(float[] x, int tile, int d, int from, int to, float[] candidates, int m,
                             float[] closest, double[] potentials);

    /**
     * {@code Σ_r ||x[r] - p||} over rows r in {@code [from, to)}: Euclidean distances, not squared
     * (what a silhouette score averages), p at {@code point[pOff .. pOff + d)}. Each distance is the
     * float square root of the sum in {@link #lowerDistances}; the sum is added in float within runs
     * of rows and in double across runs.
     */
    double sumDistances(float[] x, int tile, int d, int from, int to, float[] point, int pOff);
}
