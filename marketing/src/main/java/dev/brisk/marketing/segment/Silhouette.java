package dev.brisk.marketing.segment;

import dev.brisk.engine.kernels.KernelProvider;
import dev.brisk.engine.kernels.Kernels;
import dev.brisk.engine.kernels.Parallel;
import dev.brisk.engine.kernels.RowTiles;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The silhouette score of a clustering, as scikit-learn's {@code silhouette_score} defines it: how
 * much closer each point is to its own cluster than to the next nearest one, averaged.
 *
 * <p>For a point i in cluster A, with Euclidean distances:
 * <pre>
 *   a(i) = mean distance from i to the other points of A
 *   b(i) = min over clusters B ≠ A of the mean distance from i to the points of B
 *   s(i) = (b(i) - a(i)) / max(a(i), b(i))          and s(i) = 0 if A has no other point
 * </pre>
 * The score is the mean of s(i): near 1 for compact, well separated clusters, near 0 for
 * overlapping ones, negative when points sit closer to another cluster than to their own.
 *
 * <pre>{@code
 * double s = Silhouette.score(data, rows, cols, result.labels());                 // every row: O(rows²)
 * double s = Silhouette.score(data, rows, cols, result.labels(), 10_000, 42L);    // a seeded sample
 * }</pre>
 *
 * <p>Every pair of points costs a distance, so the exact score of a million rows is out of reach;
 * like scikit-learn's {@code sample_size}, a random sample of rows (without replacement, seeded) is
 * scored <em>as if it were the whole data</em>: a(i) and b(i) are means over the sample. The
 * distance sums run on the engine's kernels ({@link KernelProvider#sumDistances}) over the sample
 * sorted by cluster, one point against each cluster's contiguous rows, spread over threads; the
 * result does not depend on the thread count.
 */
public final class Silhouette {

    private Silhouette() {
    }

    /** The exact score over every row ({@code rows²} distances). */
    public static double score(float[] data, int rows, int cols, int[] labels) {
        return score(data, rows, cols, labels, rows, 0);
    }

    /** The exact score of the rows of {@code rows}. */
    public static double score(float[][] rows, int[] labels) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("Silhouette: no rows");
        }
        int cols = rows[0].length;
        float[] flat = new float[Math.multiplyExact(rows.length, cols)];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("Silhouette: row " + r + " has " + rows[r].length
                        + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return score(flat, rows.length, cols, labels);
    }

    /**
     * The score of a random sample of {@code sampleSize} rows (all of them if there are no more),
     * chosen with {@code seed}.
     *
     * @throws IllegalArgumentException if the shapes do not match, a sampled value is not finite, or
     *                                  the sample does not hold between 2 and (sample size - 1) clusters
     */
    public static double score(float[] data, int rows, int cols, int[] labels, int sampleSize, long seed) {
        if (rows < 1 || cols < 1 || (long) rows * cols != data.length) {
            throw new IllegalArgumentException("Silhouette: " + rows + " rows x " + cols + " columns do not match "
                    + data.length + " values");
        }
        if (labels.length != rows) {
            throw new IllegalArgumentException("Silhouette: " + labels.length + " labels for " + rows + " rows");
        }
        if (sampleSize < 2) {
            throw new IllegalArgumentException("Silhouette: the sample needs at least 2 rows, got " + sampleSize);
        }
        int[] sample = sample(rows, Math.min(sampleSize, rows), seed);
        int s = sample.length;

        // the sample sorted by cluster: each cluster's rows are then one contiguous run
        int[] sampleLabels = new int[s];
        for (int i = 0; i < s; i++) {
            sampleLabels[i] = labels[sample[i]];
        }
        int[] ids = Arrays.stream(sampleLabels).distinct().sorted().toArray();
        int m = ids.length;
        if (m < 2 || m > s - 1) {
            throw new IllegalArgumentException("Silhouette: needs 2 to (rows - 1) = " + (s - 1)
                    + " clusters among the scored rows, got " + m);
        }
        int[] start = new int[m + 1];
        int[] cluster = new int[s];
        for (int i = 0; i < s; i++) {
            cluster[i] = Arrays.binarySearch(ids, sampleLabels[i]);
            start[cluster[i] + 1]++;
        }
        for (int q = 0; q < m; q++) {
            start[q + 1] += start[q];
        }
        int[] fill = Arrays.copyOf(start, m);
        float[] sorted = new float[s * cols];
        int[] sortedCluster = new int[s];
        for (int i = 0; i < s; i++) {
            int at = fill[cluster[i]]++;
            int src = sample[i] * cols;
            for (int j = 0; j < cols; j++) {
                float v = data[src + j];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("Silhouette: row " + sample[i] + ", column " + j + " is " + v);
                }
                sorted[at * cols + j] = v;
            }
            sortedCluster[at] = cluster[i];
        }

        KernelProvider kp = Kernels.get();
        int tile = kp.rowTile();
        float[] tiles = new float[RowTiles.length(s, cols, tile)];
        kp.packRowTiles(sorted, 0, cols, 0, s, null, tiles, tile);
        double[] perPoint = new double[s];
        ScoreJob job = new ScoreJob(kp, tiles, tile, cols, sorted, sortedCluster, start, m, perPoint);
        Parallel.run(Math.min(Parallel.threads(), (s + ScoreJob.POINTS - 1) / ScoreJob.POINTS), job);
        double total = 0;
        for (double v : perPoint) {
            total += v;
        }
        return total / s;
    }

    /** {@code count} distinct rows of {@code [0, rows)} in random order: a partial Fisher-Yates shuffle. */
    static int[] sample(int rows, int count, long seed) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        if (count == rows) {
            return order;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(rows - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return Arrays.copyOf(order, count);
    }

    /** Scores points in batches taken from a shared counter; each point writes its own slot. */
    private static final class ScoreJob implements Parallel.Part {
        static final int POINTS = 64;
        private final KernelProvider kp;
        private final float[] tiles;
        private final int tile;
        private final int d;
        private final float[] rows;
        private final int[] cluster;
        private final int[] start;
        private final int m;
        private final double[] out;
        private final AtomicInteger next = new AtomicInteger();

        ScoreJob(KernelProvider kp, float[] tiles, int tile, int d, float[] rows, int[] cluster, int[] start, int m,
                 double[] out) {
            this.kp = kp;
            this.tiles = tiles;
            this.tile = tile;
            this.d = d;
            this.rows = rows;
            this.cluster = cluster;
            this.start = start;
            this.m = m;
            this.out = out;
        }

        @Override
        public void run(int part, int parts) {
            int s = out.length;
            for (int b = next.getAndAdd(POINTS); b < s; b = next.getAndAdd(POINTS)) {
                for (int i = b, end = Math.min(s, b + POINTS); i < end; i++) {
                    out[i] = silhouette(i);
                }
            }
        }

        private double silhouette(int i) {
            int own = cluster[i];
            int ownSize = start[own + 1] - start[own];
            if (ownSize == 1) {
                return 0;
            }
            double a = 0;
            double b = Double.POSITIVE_INFINITY;
            for (int q = 0; q < m; q++) {
                int size = start[q + 1] - start[q];
                double sum = kp.sumDistances(tiles, tile, d, start[q], start[q + 1], rows, i * d);
                if (q == own) {
                    a = sum / (size - 1); // the point's distance to itself is 0
                } else {
                    b = Math.min(b, sum / size);
                }
            }
            double max = Math.max(a, b);
            return max > 0 ? (b - a) / max : 0;
        }
    }
}
