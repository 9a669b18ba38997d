package dev.brisk.marketing.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Choosing k: fits k-means for each k in a range and reports, side by side, the two usual guides.
 *
 * <ul>
 *   <li><b>Inertia</b> (the "elbow"): it always falls as k grows; look for the k after which it
 *       falls much more slowly.</li>
 *   <li><b>Silhouette</b> ({@link Silhouette}): higher is better; on large data it is scored on a
 *       seeded sample of rows ({@link #silhouetteSample(int)}, 10,000 by default).</li>
 * </ul>
 *
 * <pre>{@code
 * KSweep.Result sweep = new KSweep(2, 10).seed(42).run(data, rows, cols);
 * System.out.print(sweep.table());
 * int k = sweep.bestBySilhouette().k();
 * }</pre>
 *
 * prints
 * <pre>
 *    k       inertia  silhouette  iterations  seconds
 *    2  1.234567e+06      0.4123          11    0.051
 *    ...
 * </pre>
 */
public final class KSweep {

    /** One fit of the sweep. */
    public record Row(int k, double inertia, double silhouette, int iterations, boolean converged, double seconds) {
    }

    /** The sweep's fits, in increasing k. */
    public record Result(List<Row> rows) {

        /** The row with the highest silhouette (the lowest k among equals). */
        public Row bestBySilhouette() {
            Row best = rows.get(0);
            for (Row r : rows) {
                if (r.silhouette() > best.silhouette()) {
                    best = r;
                }
            }
            return best;
        }

        /** A small fixed-width table, one line per k, ending with a newline. */
        public String table() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%4s %13s %11s %11s %8s%n",
                    "k", "inertia", "silhouette", "iterations", "seconds"));
            for (Row r : rows) {
                sb.append(String.format(Locale.ROOT, "%4d %13.6e %11.4f %11d %8.3f%n", r.k(), r.inertia(),
                        r.silhouette(), r.iterations(), r.seconds()));
            }
            return sb.toString();
        }
    }

    private final int kFrom;
    private final int kTo;
    private long seed;
    private int threads;
    private int silhouetteSample = 10_000;

    /** Sweeps k from {@code kFrom} to {@code kTo}, both included (at least 2: one cluster has no silhouette). */
    public KSweep(int kFrom, int kTo) {
        if (kFrom < 2 || kTo < kFrom) {
            throw new IllegalArgumentException("KSweep: need 2 <= kFrom <= kTo, got " + kFrom + " .. " + kTo);
        }
        this.kFrom = kFrom;
        this.kTo = kTo;
    }

    /** The seed of every fit's k-means++ and of the silhouette sample. Default 0. */
    public KSweep seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Threads per fit (default: {@link KMeans}'s). */
    public KSweep threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("KSweep: threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        return this;
    }

    /** Rows the silhouette is scored on; with fewer rows than this, all of them. Default 10,000. */
    public KSweep silhouetteSample(int rows) {
        if (rows < 3) {
            throw new IllegalArgumentException("KSweep: the silhouette sample needs at least 3 rows, got " + rows);
        }
        this.silhouetteSample = rows;
        return this;
    }

    /** Fits every k on {@code rows × cols} row-major values (see {@link KMeans#fit(float[], int, int)}). */
    public Result run(float[] data, int rows, int cols) {
        List<Row> out = new ArrayList<>();
        for (int k = kFrom; k <= kTo; k++) {
            KMeans km = new KMeans(k).seed(seed);
            if (threads > 0) {
                km.threads(threads);
            }
            long t0 = System.nanoTime();
            KMeansResult fit = km.fit(data, rows, cols);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double silhouette = Silhouette.score(data, rows, cols, fit.labels(), silhouetteSample, seed);
            out.add(new Row(k, fit.inertia(), silhouette, fit.iterations(), fit.converged(), seconds));
        }
        return new Result(List.copyOf(out));
    }
}
