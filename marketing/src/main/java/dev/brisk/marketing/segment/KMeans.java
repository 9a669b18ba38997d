package dev.brisk.marketing.segment;

import dev.brisk.engine.kernels.KernelProvider;
import dev.brisk.engine.kernels.Kernels;
import dev.brisk.engine.kernels.Parallel;

/**
 * k-means clustering, the way scikit-learn's {@code KMeans(algorithm="lloyd", n_init=1)} does it:
 * greedy k-means++ seeding, then Lloyd iterations until the centres stop moving.
 *
 * <pre>{@code
 * KMeansResult seg = new KMeans(4).seed(42).fit(customers);   // customers: float[rows][features]
 * int[] segment = seg.labels();                              // the cluster of each customer
 * float[][] profile = seg.centres();                         // the mean customer of each cluster
 * int s = seg.predict(newCustomer);                          // the nearest centre of a new row
 * }</pre>
 *
 * <h2>The algorithm</h2>
 * <ol>
 *   <li><b>Seeding</b>: greedy k-means++ (see {@link KMeansPlusPlus}: each centre is the best of
 *       {@code 2 + floor(ln k)} candidates drawn in proportion to their squared distance to the
 *       centres so far), or the centres given with {@link #initialCentres(float[][])}.</li>
 *   <li><b>Lloyd iterations</b> ({@link Lloyd}): assign each row to its nearest centre, move each
 *       centre to the mean of its rows. A centre that ends up with no rows is moved onto the row
 *       farthest from its own centre, as scikit-learn does.</li>
 *   <li><b>Stopping</b>, with scikit-learn's meanings: after {@link #maxIterations(int)} iterations
 *       (300), or as soon as no row changes cluster ("strict convergence"), or when the centres'
 *       total squared movement
 *       {@code Σ_c ||new_c - old_c||²} is at most {@code tolerance · mean_j var(column j)}, the
 *       tolerance (1e-4) being relative to the data's average per-column variance.</li>
 *   <li><b>Final labels</b>: unless the labels stopped changing, the rows are assigned once more so
 *       that labels and inertia are those of the final centres.</li>
 * </ol>
 *
 * <h2>What to expect</h2>
 * The same seed and data give the same centres to the bit, whatever the number of threads (work is
 * cut in fixed chunks whose results are added in a fixed order). Results may differ in the last bits
 * between the SIMD kernels and the scalar fallback ({@code -Dbrisk.kernels=scalar}): sums are added
 * in a different order. They are not scikit-learn's to the bit either (other random numbers, other
 * rounding), but reach the same clusterings: on blobs the inertia is within a fraction of a percent.
 *
 * <h2>Bad input</h2>
 * {@link #fit} rejects, with a message saying what and where: no rows or no columns, rows of
 * different lengths, NaN or infinite values (naming the first one's row and column), k larger than
 * the number of rows or than the number of <em>distinct</em> rows (k-means cannot make more
 * clusters than there are different points), and initial centres of the wrong shape or not finite.
 * Constant columns are allowed: they add the same amount to every distance and change nothing.
 *
 * <p>A {@code KMeans} is a small mutable description of a fit, like a scikit-learn estimator's
 * constructor arguments; {@link #fit} does not change it, and one instance can fit several data
 * sets.
 */
public final class KMeans {

    /** scikit-learn's default iteration cap. */
    public static final int DEFAULT_MAX_ITERATIONS = 300;
    /** scikit-learn's default relative tolerance. */
    public static final double DEFAULT_TOLERANCE = 1e-4;

    /** An iteration after one that moved at most one row in this many measures its inertia. */
    private static final long NEAR_CONVERGED = 1000;

    private final int k;
    private long seed;
    private int maxIterations = DEFAULT_MAX_ITERATIONS;
    private double tolerance = DEFAULT_TOLERANCE;
    private int threads; // 0: Parallel.threads() at fit time
    private float[] initialCentres; // k × d, in the data's coordinates, or null for k-means++
    private int initialCols;
    private KernelProvider kernels;

    /** k-means with {@code k} clusters, seed 0, scikit-learn's defaults otherwise. */
    public KMeans(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("KMeans: k must be at least 1, got " + k);
        }
        this.k = k;
    }

    /** The seed of k-means++'s random draws (ignored with initial centres). Default 0. */
    public KMeans seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The most Lloyd iterations to run (scikit-learn's {@code max_iter}). Default 300. */
    public KMeans maxIterations(int maxIterations) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("KMeans: maxIterations must be at least 1, got " + maxIterations);
        }
        this.maxIterations = maxIterations;
        return this;
    }

    /**
     * The convergence tolerance, relative to the data's mean per-column variance (scikit-learn's
     * {@code tol}). 0 runs until the labels stop changing or {@link #maxIterations} is reached.
     * Default 1e-4.
     */
    public KMeans tolerance(double tolerance) {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("KMeans: tolerance must be a finite number >= 0, got " + tolerance);
        }
        this.tolerance = tolerance;
        return this;
    }

    /**
     * Threads to use. Default: {@link Parallel#threads()} when {@link #fit} is called. The result
     * does not depend on it.
     */
    public KMeans threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("KMeans: threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        return this;
    }

    /** Start from these centres ({@code k} rows) instead of k-means++ (scikit-learn's {@code init=array}). */
    public KMeans initialCentres(float[][] centres) {
        if (centres.length != k) {
            throw new IllegalArgumentException("KMeans: " + centres.length + " initial centres given for k = " + k);
        }
        int cols = centres[0].length;
        float[] flat = new float[k * cols];
        for (int c = 0; c < k; c++) {
            if (centres[c].length != cols) {
                throw new IllegalArgumentException("KMeans: initial centre " + c + " has " + centres[c].length
                        + " values, centre 0 has " + cols);
            }
            System.arraycopy(centres[c], 0, flat, c * cols, cols);
        }
        return initialCentres(flat, cols);
    }

    /** Start from these centres, {@code k × cols} row-major. */
    public KMeans initialCentres(float[] centres, int cols) {
        if (cols < 1 || centres.length != k * cols) {
            throw new IllegalArgumentException("KMeans: initial centres must hold k x cols = " + k + " x " + cols
                    + " values, got " + centres.length);
        }
        for (int i = 0; i < centres.length; i++) {
            if (!Float.isFinite(centres[i])) {
                throw new IllegalArgumentException("KMeans: initial centre " + i / cols + ", column " + i % cols
                        + " is " + centres[i]);
            }
        }
        this.initialCentres = centres.clone();
        this.initialCols = cols;
        return this;
    }

    /** Use these kernels rather than {@link Kernels#get()} (e.g. {@link Kernels#scalar()} to compare). */
    public KMeans kernels(KernelProvider kernels) {
        this.kernels = kernels;
        return this;
    }

    /** Clusters. */
    public int k() {
        return k;
    }

    /** The k-means++ seed. */
    public long seed() {
        return seed;
    }

    /** The iteration cap. */
    public int maxIterations() {
        return maxIterations;
    }

    /** The relative tolerance. */
    public double tolerance() {
        return tolerance;
    }

    /** The threads a fit will use. */
    public int threads() {
        return threads > 0 ? threads : Parallel.threads();
    }

    /** Whether fits start from given centres rather than k-means++. */
    public boolean hasInitialCentres() {
        return initialCentres != null;
    }

    // ------------------------------------------------------------------ fitting

    /**
     * Clusters the rows of {@code rows} (each a point with the same number of features).
     *
     * @throws IllegalArgumentException for bad input (see the class comment)
     */
    public KMeansResult fit(float[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("KMeans.fit: no rows to cluster");
        }
        int cols = rows[0].length;
        float[] flat = new float[Math.multiplyExact(rows.length, cols)];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("KMeans.fit: row " + r + " has " + rows[r].length
                        + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return fit(flat, rows.length, cols);
    }

    /**
     * Clusters {@code rows} points of {@code cols} features stored row-major in {@code data} (row r
     * at {@code data[r·cols .. (r+1)·cols)}), which must hold exactly {@code rows·cols} values. The
     * array is read, not kept or changed.
     *
     * @throws IllegalArgumentException for bad input (see the class comment)
     */
    public KMeansResult fit(float[] data, int rows, int cols) {
        check(data, rows, cols);
        KernelProvider kp = kernels != null ? kernels : Kernels.get();
        int nThreads = threads();
        Lloyd lloyd = new Lloyd(data, rows, cols, k, nThreads, kp);
        int[] bad = lloyd.firstNonFinite(data);
        if (bad != null) {
            throw new IllegalArgumentException("KMeans.fit: row " + bad[0] + ", column " + bad[1] + " is "
                    + data[bad[0] * cols + bad[1]] + "; k-means needs finite values (drop or impute those rows first)");
        }
        int distinct = distinctRows(data, rows, cols, k);
        if (distinct < k) {
            throw new IllegalArgumentException("KMeans.fit: k = " + k + " but the data has only " + distinct
                    + " distinct row(s); k-means cannot make more clusters than there are different points");
        }
        double absTolerance = tolerance > 0 ? tolerance * meanVariance(lloyd) : 0;

        float[] centres;
        if (initialCentres != null) {
            centres = new float[k * cols];
            lloyd.toCentred(initialCentres, centres);
        } else {
            centres = new KMeansPlusPlus(lloyd, nThreads).seed(k, seed, null);
        }

        float[] next = new float[k * cols];
        boolean converged = false;
        boolean unchanged = false;
        int iterations = 0;
        while (iterations < maxIterations) {
            // Near convergence (few rows moved last time) the next assignment may change none and be
            // the last: have it measure its inertia then, and spare the final pass below.
            boolean mayBeLast = iterations > 0 && lloyd.moved() * NEAR_CONVERGED <= rows;
            lloyd.iterateCentred(centres, next, mayBeLast);
            iterations++;
            double shiftTotal = 0;
            for (int i = 0; i < centres.length; i++) {
                double diff = (double) next[i] - centres[i];
                shiftTotal += diff * diff;
            }
            // scikit-learn's strict convergence: no row changed centre in this assignment
            unchanged = lloyd.moved() == 0 && lloyd.relocated() == 0;
            float[] t = centres;
            centres = next;
            next = t;
            if (unchanged || shiftTotal <= absTolerance) {
                converged = true;
                break;
            }
        }
        // When the last assignment changed no label (scikit-learn's strict convergence), its labels
        // are final and the new centres are its clusters' means again, so the inertia it measured
        // stands, to rounding, and scikit-learn runs no further E-step either. Otherwise one more
        // pass gives the labels of the final centres and their inertia.
        double inertia = unchanged && !Double.isNaN(lloyd.lastInertia()) ? lloyd.lastInertia()
                : lloyd.assignCentred(centres);
        int[] labels = lloyd.labels().clone();
        long[] sizes = new long[k];
        for (int label : labels) {
            sizes[label]++;
        }
        return new KMeansResult(this, centres, lloyd.shift().clone(), cols, labels, sizes, inertia, iterations,
                converged, kp);
    }

    private void check(float[] data, int rows, int cols) {
        if (rows < 1) {
            throw new IllegalArgumentException("KMeans.fit: no rows to cluster");
        }
        if (cols < 1) {
            throw new IllegalArgumentException("KMeans.fit: rows have no columns");
        }
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException("KMeans.fit: " + rows + " rows x " + cols + " columns = "
                    + (long) rows * cols + " values, but the array holds " + data.length);
        }
        if (k > rows) {
            throw new IllegalArgumentException("KMeans.fit: k = " + k + " clusters but only " + rows + " row(s)");
        }
        if (initialCentres != null && initialCols != cols) {
            throw new IllegalArgumentException("KMeans.fit: the initial centres have " + initialCols
                    + " columns, the data " + cols);
        }
    }

    /**
     * The number of distinct rows, counting no further than {@code atMost}: rows are compared with
     * the ones kept so far, so this costs one pass when the data has plenty of distinct rows and
     * {@code rows · atMost · cols} comparisons at worst, about one Lloyd iteration. -0 equals 0.
     */
    static int distinctRows(float[] data, int rows, int cols, int atMost) {
        int[] kept = new int[atMost];
        int count = 0;
        for (int r = 0; r < rows && count < atMost; r++) {
            boolean seen = false;
            for (int i = 0; i < count && !seen; i++) {
                seen = sameRow(data, kept[i] * cols, r * cols, cols);
            }
            if (!seen) {
                kept[count++] = r;
            }
        }
        return count;
    }

    private static boolean sameRow(float[] data, int a, int b, int cols) {
        for (int j = 0; j < cols; j++) {
            if (data[a + j] != data[b + j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * scikit-learn's tolerance scale: the mean over columns of each column's variance (population,
     * ddof 0), from the centred data's sums, which keeps {@code E[x²] - E[x]²} free of cancellation.
     */
    private static double meanVariance(Lloyd lloyd) {
        double[] m = lloyd.moments();
        int d = lloyd.cols();
        double n = lloyd.rows();
        double meansSquared = 0;
        for (int j = 0; j < d; j++) {
            double mean = m[j] / n;
            meansSquared += mean * mean;
        }
        return Math.max(0, (m[d] / n - meansSquared) / d);
    }

    @Override
    public String toString() {
        return "KMeans(k=" + k + ", init=" + (initialCentres != null ? "given" : "k-means++") + ", seed=" + seed
                + ", maxIterations=" + maxIterations + ", tolerance=" + tolerance + ", threads=" + threads() + ")";
    }
}
