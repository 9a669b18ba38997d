package dev.brisk.marketing.segment;

import dev.brisk.engine.kernels.KernelProvider;
import dev.brisk.engine.kernels.Parallel;
import dev.brisk.engine.kernels.RowTiles;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Greedy k-means++ seeding, as scikit-learn's {@code _kmeans_plusplus} does it (Arthur and
 * Vassilvitskii 2007, with the "greedy" local trials of their paper's experiments).
 *
 * <ol>
 *   <li>The first centre is a row chosen uniformly at random.</li>
 *   <li>Each next centre: draw {@code 2 + floor(ln k)} candidate rows, each with probability
 *       proportional to its squared distance to the nearest centre chosen so far (the
 *       "potential" it carries); keep the candidate that leaves the smallest total potential,
 *       {@code Σ_r min(closest[r], ||x_r - candidate||²)}.</li>
 * </ol>
 *
 * The random numbers come from {@link SplittableRandom} seeded with the given seed, so the seeding
 * is reproducible (it cannot reproduce numpy's draws). As in {@link Lloyd}, work is cut in chunks
 * whose results are added in chunk order, so the centres do not depend on the thread count either.
 * One departure from scikit-learn: a draw never lands on a row whose potential is 0 (a row equal to
 * a chosen centre), which scikit-learn allows only when a uniform draw is exactly 0 or rounding
 * overshoots; so the centres are distinct rows whenever the data has k distinct rows.
 */
final class KMeansPlusPlus {

    private final KernelProvider kernels;
    private final float[] tiles;
    private final int tile;
    private final int n;
    private final int d;
    private final int chunks;
    private final int threads;
    /** Each row's squared distance to its nearest chosen centre. */
    private final float[] closest;
    /** Σ closest over each chunk, added row by row in double. */
    private final double[] chunkSum;

    KMeansPlusPlus(Lloyd data, int threads) {
        this.kernels = data.kernels();
        this.tiles = data.tiles();
        this.tile = data.tile();
        this.n = data.rows();
        this.d = data.cols();
        this.chunks = data.chunks();
        this.threads = threads;
        this.closest = new float[n];
        this.chunkSum = new double[chunks];
    }

    /** Local trials per centre after the first, scikit-learn's default: {@code 2 + floor(ln k)}. */
    static int localTrials(int k) {
        return 2 + (int) Math.log(k);
    }

    /**
     * Chooses {@code k} centres among the rows. Returns them in the data's centred coordinates
     * ({@code k × d}, row-major); {@code indices}, if not null, receives the rows they were.
     */
    float[] seed(int k, long seed, int[] indices) {
        int trials = localTrials(k);
        SplittableRandom random = new SplittableRandom(seed);
        float[] centres = new float[k * d];
        float[] candidates = new float[trials * d];
        int[] candidateRows = new int[trials];
        double[][] chunkPotentials = new double[chunks][trials];

        int first = random.nextInt(n);
        RowTiles.row(tiles, tile, d, first, centres, 0);
        if (indices != null) {
            indices[0] = first;
        }
        Arrays.fill(closest, Float.POSITIVE_INFINITY);
        double potential = lower(centres, 0);

        for (int c = 1; c < k; c++) {
            for (int t = 0; t < trials; t++) {
                candidateRows[t] = sample(random.nextDouble() * potential);
                RowTiles.row(tiles, tile, d, candidateRows[t], candidates, t * d);
            }
            double[] potentials = potentials(candidates, trials, chunkPotentials);
            int best = 0;
            for (int t = 1; t < trials; t++) {
                if (potentials[t] < potentials[best]) {
                    best = t;
                }
            }
            System.arraycopy(candidates, best * d, centres, c * d, d);
            if (indices != null) {
                indices[c] = candidateRows[best];
            }
            potential = lower(centres, c * d);
        }
        return centres;
    }

    /**
     * The row whose cumulative potential (rows in order) first reaches {@code target}: numpy's
     * {@code searchsorted(cumsum(closest), target)}, skipping rows of potential 0. Whole chunks are
     * skipped by their sums, then rows are added one by one.
     */
    private int sample(double target) {
        double before = 0;
        int ch = 0;
        while (ch < chunks - 1 && before + chunkSum[ch] < target) {
            before += chunkSum[ch++];
        }
        double acc = before;
        for (int r = ch * Lloyd.CHUNK_ROWS; r < n; r++) {
            acc += closest[r];
            if (acc >= target && closest[r] > 0) {
                return r;
            }
        }
        // rounding left the target just beyond the last row: take the last row that carries potential
        for (int r = n - 1; r >= 0; r--) {
            if (closest[r] > 0) {
                return r;
            }
        }
        return n - 1; // every row equals a chosen centre: nothing better exists
    }

    /** Lowers {@code closest} with the centre at {@code centres[off ..]}; returns the new total potential. */
    private double lower(float[] centres, int off) {
        LowerJob job = new LowerJob(centres, off);
        Parallel.run(Math.min(threads, chunks), job);
        double total = 0;
        for (double s : chunkSum) {
            total += s;
        }
        return total;
    }

    /** The total potential each candidate would leave, chunk sums added in chunk order. */
    private double[] potentials(float[] candidates, int m, double[][] chunkPotentials) {
        PotentialJob job = new PotentialJob(candidates, m, chunkPotentials);
        Parallel.run(Math.min(threads, chunks), job);
        double[] total = new double[m];
        for (double[] p : chunkPotentials) {
            for (int t = 0; t < m; t++) {
                total[t] += p[t];
            }
        }
        return total;
    }

    private final class LowerJob implements Parallel.Part {
        private final float[] point;
        private final int off;
        private final AtomicInteger next = new AtomicInteger();

        LowerJob(float[] point, int off) {
            this.point = point;
            this.off = off;
        }

        @Override
        public void run(int part, int parts) {
            for (int ch = next.getAndIncrement(); ch < chunks; ch = next.getAndIncrement()) {
                int from = ch * Lloyd.CHUNK_ROWS;
                int to = Math.min(n, from + Lloyd.CHUNK_ROWS);
                kernels.lowerDistances(tiles, tile, d, from, to, point, off, closest);
                double s = 0;
                for (int r = from; r < to; r++) {
                    s += closest[r];
                }
                chunkSum[ch] = s;
            }
        }
    }

    private final class PotentialJob implements Parallel.Part {
        private final float[] candidates;
        private final int m;
        private final double[][] chunkPotentials;
        private final AtomicInteger next = new AtomicInteger();

        PotentialJob(float[] candidates, int m, double[][] chunkPotentials) {
            this.candidates = candidates;
            this.m = m;
            this.chunkPotentials = chunkPotentials;
        }

        @Override
        public void run(int part, int parts) {
            for (int ch = next.getAndIncrement(); ch < chunks; ch = next.getAndIncrement()) {
                int from = ch * Lloyd.CHUNK_ROWS;
                int to = Math.min(n, from + Lloyd.CHUNK_ROWS);
                Arrays.fill(chunkPotentials[ch], 0);
                kernels.candidatePotentials(tiles, tile, d, from, to, candidates, m, closest, chunkPotentials[ch]);
            }
        }
    }
}
