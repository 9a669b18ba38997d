package dev.brisk.marketing.segment;

import dev.brisk.engine.kernels.KernelProvider;
import dev.brisk.engine.kernels.Kernels;
import dev.brisk.engine.kernels.Parallel;
import dev.brisk.engine.kernels.RowTiles;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lloyd's algorithm for k-means, one iteration per call, over data packed once for the distance
 * kernels: the engine room of {@link KMeans}, public so that benchmarks and custom loops can drive
 * it directly.
 *
 * <p>One iteration is the <em>assignment step</em> (each row to its nearest centre) fused with the
 * sums of the <em>update step</em>, then the new centres are the means of their rows; a centre left
 * with no rows is moved onto a far-away row, as scikit-learn does (see {@link #iterate}). The sums
 * are kept from one iteration to the next and only the rows that change centre are moved between
 * them ({@link KernelProvider#reassignNearest}): after the first few iterations that is a small
 * fraction of the rows, and an iteration costs little more than its distances. (Every chunk of
 * rows sums afresh when its previous iteration moved more than an eighth of its rows, and all do
 * after {@link #assign} or {@link #recomputeSums()}.)
 *
 * <pre>{@code
 * Lloyd lloyd = new Lloyd(data, rows, cols, k, 2);      // packs the data once
 * float[] centres = ..., next = new float[k * cols];
 * for (int i = 0; i < 50; i++) {
 *     lloyd.iterate(centres, next);                      // next = the means of the new clusters
 *     float[] t = centres; centres = next; next = t;
 * }
 * double inertia = lloyd.assign(centres);                 // labels and inertia of the final centres
 * int[] labels = lloyd.labels();
 * }</pre>
 *
 * <h2>How the data is held</h2>
 * The rows are copied once into the kernels' {@link RowTiles} layout, <em>centred</em>: the mean of
 * a sample of rows is subtracted from every column. The kernels compute distances as
 * {@code ||x||² - 2x·c + ||c||²}, which loses digits when the data sits far from the origin compared
 * with its spread (customer spend of 10,000 ± 100, say); centred, it does not. scikit-learn centres
 * for the same reason.
 *
 * <h2>Threads, and results that do not depend on them</h2>
 * Rows are cut into chunks of {@value #CHUNK_ROWS}; each chunk's counts, sums and inertia go to
 * their own slot, threads take chunks as they finish the previous one, and the slots are added in
 * chunk order. So an iteration's result is bit-identical from run to run <em>and</em> whatever the
 * number of threads. Nothing is allocated per iteration.
 *
 * <p>Not thread-safe: one iteration at a time per instance.
 */
public final class Lloyd {

    /**
     * Rows per chunk of work: 512 tiles of 16 rows, tens of microseconds of work, so a thread's
     * share of 100,000 rows is balanced within a chunk, while each chunk's fixed cost (clearing and
     * adding its per-lane sums) stays a few percent.
     */
    static final int CHUNK_ROWS = 8192;
    /**
     * A chunk sums afresh when its last iteration moved more than 1/8 of its rows: moving a row
     * between sums costs a few times what adding it afresh does (a strided read and 2·d double
     * additions against k·d/16 vector adds), and the rows that move in one iteration predict well
     * those of the next.
     */
    private static final int FRESH_FRACTION = 8;
    /** Rows of the sample whose column means centre the data. */
    private static final int SHIFT_SAMPLE = 4096;

    private final KernelProvider kernels;
    private final int n;
    private final int d;
    private final int k;
    private final int tile;
    private final int threads;
    private final float[] tiles;
    private final float[] shift;
    private final int[] labels;

    private final int chunks;
    private final long[][] chunkCounts;
    private final double[][] chunkSums;
    private final double[] chunkInertia;
    private double lastInertia = Double.NaN;
    /** Rows each chunk's last iteration moved to another centre. */
    private final long[][] chunkMoved;
    /** True when the chunks' sums no longer match the labels: the next iteration sums afresh. */
    private boolean stale = true;
    private final long[] counts;
    private final double[] sums;
    private final float[] userCentres;
    private final float[] userNext;
    private final AssignJob assignJob = new AssignJob();
    private final boolean[] suspect;
    private int relocated;

    /**
     * Packs {@code rows × cols} values of {@code data} (row-major, row r at {@code r·cols}) for
     * {@code k} centres, to run on up to {@code threads} threads, with the engine's kernels.
     *
     * @throws IllegalArgumentException if the shapes do not fit the array, or k or threads are below 1
     */
    public Lloyd(float[] data, int rows, int cols, int k, int threads) {
        this(data, rows, cols, k, threads, Kernels.get());
    }

    /** As {@link #Lloyd(float[], int, int, int, int)} on the given kernels (e.g. {@link Kernels#scalar()}). */
    public Lloyd(float[] data, int rows, int cols, int k, int threads, KernelProvider kernels) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("Lloyd: need at least one row and one column, got " + rows + " x " + cols);
        }
        if ((long) rows * cols > data.length) {
            throw new IllegalArgumentException("Lloyd: " + rows + " x " + cols + " = " + (long) rows * cols
                    + " values, but the array holds " + data.length);
        }
        if (k < 1) {
            throw new IllegalArgumentException("Lloyd: k must be at least 1, got " + k);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("Lloyd: threads must be at least 1, got " + threads);
        }
        this.kernels = kernels;
        this.n = rows;
        this.d = cols;
        this.k = k;
        this.threads = threads;
        this.tile = kernels.rowTile();
        this.chunks = (rows + CHUNK_ROWS - 1) / CHUNK_ROWS;
        this.shift = sampleMeans(data, rows, cols);
        this.tiles = new float[RowTiles.length(rows, cols, tile)];
        this.labels = new int[rows];
        this.chunkCounts = new long[chunks][k];
        this.chunkSums = new double[chunks][k * cols];
        this.chunkInertia = new double[chunks];
        this.chunkMoved = new long[chunks][1];
        this.counts = new long[k];
        this.sums = new double[k * cols];
        this.userCentres = new float[k * cols];
        this.userNext = new float[k * cols];
        this.suspect = new boolean[chunks];
        Arrays.fill(labels, -1); // no assignment yet: every row changes centre in the first one
        new PackJob(data).run();
    }

    // ------------------------------------------------------------------ the public, user-coordinate API

    /** Rows. */
    public int rows() {
        return n;
    }

    /** Columns. */
    public int cols() {
        return d;
    }

    /** Centres. */
    public int k() {
        return k;
    }

    /** Threads an iteration may use. */
    public int threads() {
        return threads;
    }

    /**
     * Makes the next iteration sum every row afresh instead of updating the previous sums: for
     * benchmarks of the first iteration's cost, or to shed the rounding that many updates gather.
     */
    public void recomputeSums() {
        stale = true;
    }

    /**
     * One iteration from {@code centres} ({@code k × cols}, row-major, in the data's coordinates):
     * assigns every row to its nearest centre (see {@link #labels()}) and writes the new centres into
     * {@code next}. It does not compute the inertia, which would cost {@code d} more multiply-adds
     * per row; {@link #assign} does.
     *
     * <p>The new centre of a cluster is the mean of its rows. A cluster with no rows gets, like
     * scikit-learn's, the row that is farthest from its own centre (the farthest for the first empty
     * cluster, the next farthest for the second, ...): that row's values are moved from its
     * cluster's sums into the empty one's. {@link #relocated()} says how many were moved.
     */
    public void iterate(float[] centres, float[] next) {
        checkCentres(centres, "centres");
        checkCentres(next, "next");
        toCentred(centres, userCentres);
        iterateCentred(userCentres, userNext, false);
        toUser(userNext, next);
    }

    /**
     * Assigns every row to its nearest centre of {@code centres} (in the data's coordinates) and
     * returns the inertia, the sum of squared distances from each row to its centre; no sums are
     * updated.
     */
    public double assign(float[] centres) {
        checkCentres(centres, "centres");
        toCentred(centres, userCentres);
        return assignCentred(userCentres);
    }

    /**
     * The labels of the last iteration or assignment (-1 before the first): a live view, overwritten
     * by the next call.
     */
    public int[] labels() {
        return labels;
    }

    /** How many clusters the last iteration found empty and moved onto far rows. */
    public int relocated() {
        return relocated;
    }

    /** The rows in each cluster after the last iteration (after any relocation): a live view. */
    public long[] counts() {
        return counts;
    }

    // ------------------------------------------------------------------ centred coordinates, for KMeans

    /** The column offsets subtracted from the data: centred = data - shift. */
    float[] shift() {
        return shift;
    }

    float[] tiles() {
        return tiles;
    }

    int tile() {
        return tile;
    }

    KernelProvider kernels() {
        return kernels;
    }

    int chunks() {
        return chunks;
    }

    /**
     * The first non-finite value of {@code data}, as {@code {row, column}}, or null if there is none.
     * Only the chunks whose sum came out non-finite while packing are scanned.
     */
    int[] firstNonFinite(float[] data) {
        for (int ch = 0; ch < chunks; ch++) {
            if (!suspect[ch]) {
                continue;
            }
            for (int i = ch * CHUNK_ROWS * d, end = Math.min(n, (ch + 1) * CHUNK_ROWS) * d; i < end; i++) {
                if (!Float.isFinite(data[i])) {
                    return new int[]{i / d, i % d};
                }
            }
        }
        return null;
    }

    /** {@code out = user - shift}, centre by centre. */
    void toCentred(float[] user, float[] out) {
        for (int i = 0; i < user.length; i++) {
            out[i] = user[i] - shift[i % d];
        }
    }

    /** {@code out = centred + shift}. */
    void toUser(float[] centred, float[] out) {
        for (int i = 0; i < centred.length; i++) {
            out[i] = centred[i] + shift[i % d];
        }
    }

    /**
     * {@link #iterate} in centred coordinates: the loop {@link KMeans} runs. With
     * {@code measureInertia} the assignment also adds up its inertia ({@link #lastInertia()}), for
     * an iteration that may be the last: {@code d} more multiply-adds per row, not worth paying on
     * every iteration.
     */
    void iterateCentred(float[] centres, float[] next, boolean measureInertia) {
        double inertia = run(centres, true, measureInertia);
        lastInertia = measureInertia ? inertia : Double.NaN;
        relocated = relocateEmpty(centres);
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                // only if relocation emptied the cluster it took a row from: leave that centre in place
                System.arraycopy(centres, c * d, next, c * d, d);
                continue;
            }
            double inv = 1.0 / counts[c];
            for (int j = 0; j < d; j++) {
                next[c * d + j] = (float) (sums[c * d + j] * inv);
            }
        }
    }

    /**
     * The inertia of the last {@link #iterateCentred} call's assignment, measured from the centres
     * it assigned to (NaN if it was not measured): what {@link KMeans} reports when that assignment
     * changed no label, instead of one more pass over the data.
     */
    double lastInertia() {
        return lastInertia;
    }

    /** Labels and inertia for {@code centres} (centred), nothing else. */
    double assignCentred(float[] centres) {
        relocated = 0;
        stale = true; // the labels change under the sums
        return run(centres, false, true);
    }

    /**
     * Rows whose centre changed in the last iteration's assignment (all of them in the first): 0
     * is scikit-learn's strict convergence.
     */
    long moved() {
        long m = 0;
        for (long[] c : chunkMoved) {
            m += c[0];
        }
        return m;
    }

    /**
     * The sums and the squared norm total of the centred data, from one pass with a single centre at
     * the origin: {@code moments[j]} = Σ over rows of column j, {@code moments[d]} = Σ ||row||².
     * Leaves no labels (they read -1, as before any assignment).
     */
    double[] moments() {
        stale = true; // every label becomes 0
        float[] origin = new float[d];
        long[] savedCounts = new long[1];
        double[] colSums = new double[d];
        // a k = 1 pass through the same machinery, on its own buffers
        double total = 0;
        for (int ch = 0; ch < chunks; ch++) {
            int from = ch * CHUNK_ROWS;
            int to = Math.min(n, from + CHUNK_ROWS);
            total += kernels.assignNearest(tiles, tile, d, from, to, origin, 1, true, labels, savedCounts, colSums, null);
        }
        Arrays.fill(labels, -1); // no assignment to centres left behind
        double[] out = Arrays.copyOf(colSums, d + 1);
        out[d] = total;
        return out;
    }

    private double run(float[] centres, boolean accumulate, boolean measureInertia) {
        assignJob.start(centres, accumulate, stale, measureInertia);
        stale = false;
        int parts = Math.min(threads, chunks);
        try {
            Parallel.run(parts, assignJob);
        } finally {
            assignJob.centres = null;
        }
        double inertia = 0;
        if (accumulate) {
            Arrays.fill(counts, 0);
            Arrays.fill(sums, 0);
        }
        for (int ch = 0; ch < chunks; ch++) { // chunk order: the same sums whatever the thread count
            inertia += chunkInertia[ch];
            if (accumulate) {
                long[] cc = chunkCounts[ch];
                double[] cs = chunkSums[ch];
                for (int c = 0; c < k; c++) {
                    counts[c] += cc[c];
                }
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += cs[i];
                }
            }
        }
        return inertia;
    }

    /** Threads take chunks from a shared counter; each chunk writes only its own slots. */
    private final class AssignJob implements Parallel.Part {
        private final AtomicInteger next = new AtomicInteger();
        private float[] centres;
        private boolean accumulate;
        private boolean fresh;
        private boolean inertia;

        void start(float[] centres, boolean accumulate, boolean fresh, boolean inertia) {
            this.centres = centres;
            this.accumulate = accumulate;
            this.fresh = fresh;
            this.inertia = inertia;
            next.set(0);
        }

        @Override
        public void run(int part, int parts) {
            for (int ch = next.getAndIncrement(); ch < chunks; ch = next.getAndIncrement()) {
                int from = ch * CHUNK_ROWS;
                int to = Math.min(n, from + CHUNK_ROWS);
                long[] moved = chunkMoved[ch];
                if (!accumulate) {
                    chunkInertia[ch] = kernels.assignNearest(tiles, tile, d, from, to, centres, k, true, labels,
                            null, null, null);
                } else if (fresh || FRESH_FRACTION * moved[0] > to - from) {
                    // no sums to update, or so many rows moved last time that adding afresh is cheaper
                    Arrays.fill(chunkCounts[ch], 0);
                    Arrays.fill(chunkSums[ch], 0);
                    moved[0] = 0;
                    chunkInertia[ch] = kernels.assignNearest(tiles, tile, d, from, to, centres, k, inertia, labels,
                            chunkCounts[ch], chunkSums[ch], moved);
                } else {
                    moved[0] = 0;
                    chunkInertia[ch] = kernels.reassignNearest(tiles, tile, d, from, to, centres, k, inertia, labels,
                            chunkCounts[ch], chunkSums[ch], moved);
                }
            }
        }
    }

    // ------------------------------------------------------------------ empty clusters

    /**
     * scikit-learn's {@code _relocate_empty_clusters_dense}: the rows farthest from the centres they
     * were assigned to (in {@code centres}, the centres of this iteration's assignment) become the
     * empty clusters, the farthest first, each one's values moving from its cluster's sums to the
     * empty cluster's. Ties in distance go to the lower row. Returns how many clusters were moved.
     */
    private int relocateEmpty(float[] centres) {
        int empty = 0;
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                empty++;
            }
        }
        if (empty == 0) {
            return 0;
        }
        int[] far = farthestRows(centres, Math.min(empty, n));
        float[] row = new float[d];
        int moved = 0;
        for (int c = 0; c < k && moved < far.length; c++) {
            if (counts[c] != 0) {
                continue;
            }
            int r = far[moved++];
            int from = labels[r];
            RowTiles.row(tiles, tile, d, r, row, 0);
            for (int j = 0; j < d; j++) {
                sums[from * d + j] -= row[j];
                sums[c * d + j] = row[j];
            }
            counts[from]--;
            counts[c] = 1;
        }
        return moved;
    }

    /** The {@code m} rows with the largest squared distance to their assigned centre, largest first. */
    private int[] farthestRows(float[] centres, int m) {
        // a sorted list of the m best so far: m is at most k, and this runs only when a cluster empties
        int[] best = new int[m];
        double[] bestDist = new double[m];
        Arrays.fill(bestDist, -1);
        float[] row = new float[d];
        for (int r = 0; r < n; r++) {
            RowTiles.row(tiles, tile, d, r, row, 0);
            int c = labels[r];
            double dist = 0;
            for (int j = 0; j < d; j++) {
                double diff = (double) row[j] - centres[c * d + j];
                dist += diff * diff;
            }
            if (dist <= bestDist[m - 1]) {
                continue;
            }
            int i = m - 1;
            while (i > 0 && dist > bestDist[i - 1]) {
                bestDist[i] = bestDist[i - 1];
                best[i] = best[i - 1];
                i--;
            }
            bestDist[i] = dist;
            best[i] = r;
        }
        return best;
    }

    // ------------------------------------------------------------------ packing

    private void checkCentres(float[] centres, String what) {
        if (centres.length != k * d) {
            throw new IllegalArgumentException("Lloyd: " + what + " must hold k x cols = " + k + " x " + d + " = "
                    + k * d + " values, got " + centres.length);
        }
    }

    /** Column means of up to {@value #SHIFT_SAMPLE} rows spread evenly over the data (in double). */
    private static float[] sampleMeans(float[] data, int rows, int cols) {
        int m = Math.min(rows, SHIFT_SAMPLE);
        double[] s = new double[cols];
        for (int i = 0; i < m; i++) {
            int r = (int) ((long) i * rows / m);
            for (int j = 0; j < cols; j++) {
                s[j] += data[r * cols + j];
            }
        }
        float[] mean = new float[cols];
        for (int j = 0; j < cols; j++) {
            mean[j] = (float) (s[j] / m);
            if (!Float.isFinite(mean[j])) {
                mean[j] = 0f; // non-finite data: the caller's checks find and report it
            }
        }
        return mean;
    }

    /** Packs chunk by chunk on the pool, centred, and flags chunks that may hold NaN or infinity. */
    private final class PackJob implements Parallel.Part {
        private final float[] data;
        private final AtomicInteger next = new AtomicInteger();

        PackJob(float[] data) {
            this.data = data;
        }

        void run() {
            Parallel.run(Math.min(threads, chunks), this);
        }

        @Override
        public void run(int part, int parts) {
            for (int ch = next.getAndIncrement(); ch < chunks; ch = next.getAndIncrement()) {
                int from = ch * CHUNK_ROWS;
                int to = Math.min(n, from + CHUNK_ROWS);
                kernels.packRowTiles(data, 0, d, from, to, shift, tiles, tile);
                // NaN or ±Infinity anywhere makes the sum non-finite (so may a huge finite sum: the
                // caller's scan then finds nothing to report); the chunk is still in cache
                suspect[ch] = !Float.isFinite(kernels.sum(data, from * d, (to - from) * d));
            }
        }
    }
}
