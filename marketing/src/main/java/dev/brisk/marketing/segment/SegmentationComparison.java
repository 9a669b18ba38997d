package dev.brisk.marketing.segment;

import dev.brisk.marketing.data.CustomerTable;
import dev.brisk.marketing.data.FeatureScaler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Compares segmentations of the same customers on two questions: are the segments well separated, and
 * are they stable, i.e. would we get the same segments again? Three methods, all with the same k:
 * <ul>
 *   <li><b>RFM k-means</b>: {@link CustomerSegmentation} on recency, frequency and monetary value;</li>
 *   <li><b>all-features k-means</b>: the same on all six customer features, to tell the effect of
 *       the extra features from the effect of the network;</li>
 *   <li><b>autoencoder k-means</b>: {@link DeepSegmentation}, k-means on a learned embedding of the
 *       six features.</li>
 * </ul>
 *
 * <pre>{@code
 * SegmentationComparison.Report report = new SegmentationComparison(4).seed(42).run(table);
 * System.out.print(report.table());
 * System.out.print(report.legend());
 * }</pre>
 *
 * <h2>The measures</h2>
 * <ul>
 *   <li><b>Silhouette in its own space</b> ({@link Silhouette}): of each method's segments, in the
 *       space it clustered, 3 RFM features, 6 features or the embedding. These spaces differ, so these
 *       numbers do not compare methods: an embedding can be squeezed into tight clumps that say little
 *       about the customers.</li>
 *   <li><b>Silhouette in the common space</b>: of every method's segments, measured in the same space
 *       of the six standardized features ({@link CustomerFeatures#all()}). This one compares them, with
 *       a bias towards the methods that clustered in this very space (all-features k-means).</li>
 *   <li><b>Stability over seeds</b>: each method is fitted {@link #seeds(int)} times (5) on all the
 *       customers, with seeds {@code seed, seed + 1, ...}; the mean (and lowest) adjusted Rand index
 *       ({@link AdjustedRandIndex}) over all pairs of runs. 1 means every run found the same
 *       segments.</li>
 *   <li><b>Stability over half-samples</b>: {@link #splits(int)} times (3), the customers are split
 *       at random into two halves, the method is fitted on each half separately (scaler, network and
 *       all), both fits assign every customer, and the adjusted Rand index of the two assignments is
 *       averaged. This asks whether the segments are a property of the customer base or of the
 *       particular customers fitted on.</li>
 *   <li><b>Agreement with RFM</b>: the adjusted Rand index between each method's segments and RFM
 *       k-means' (first seed).</li>
 * </ul>
 * Silhouettes and agreement are those of the first seed's fits. Everything is seeded: the same seed
 * and table give the same report, timings aside.
 */
public final class SegmentationComparison {

    /** One method's results. */
    public record Row(String method, String space, int dims, double silhouette, double commonSilhouette,
                      double seedStability, double seedStabilityMin, double splitStability, double agreementWithRfm,
                      double fitSeconds) {
    }

    /**
     * The comparison's results.
     *
     * @param k         segments per method
     * @param customers customers segmented
     * @param seeds     fits per method for the seed stability
     * @param splits    half-sample repeats
     * @param seed      the first seed
     * @param rows      one per method, RFM k-means first
     * @param fits      each method's first-seed segmentation, in the order of {@code rows}
     */
    public record Report(int k, int customers, int seeds, int splits, long seed, List<Row> rows,
                         List<Segments> fits) {

        public Report {
            rows = List.copyOf(rows);
            fits = List.copyOf(fits);
        }

        /** The row of {@code method} ("RFM k-means", "all-features k-means", "autoencoder k-means"). */
        public Row row(String method) {
            for (Row r : rows) {
                if (r.method().equals(method)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("segmentation comparison: no method \"" + method + "\"; there are "
                    + rows.stream().map(Row::method).toList());
        }

        /** A fixed-width table, one line per method, ending with a newline. */
        public String table() {
            int mw = "method".length();
            int sw = "space".length();
            for (Row r : rows) {
                mw = Math.max(mw, r.method().length());
                sw = Math.max(sw, r.space().length());
            }
            String head = "%-" + mw + "s  %-" + sw + "s  %10s  %10s  %17s  %11s  %9s  %7s%n";
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, head, "", "", "silhouette", "silhouette", "stability, ARI",
                    "stability", "agreement", "fit"));
            sb.append(String.format(Locale.ROOT, head, "method", "space", "own space", "6 features",
                    seeds + " seeds (min)", splits + " halves", "with RFM", "s"));
            for (Row r : rows) {
                sb.append(String.format(Locale.ROOT, "%-" + mw + "s  %-" + sw + "s  %10.4f  %10.4f  %17s  %11.4f  %9.4f  %7.2f%n",
                        r.method(), r.space(), r.silhouette(), r.commonSilhouette(),
                        String.format(Locale.ROOT, "%.4f (%.4f)", r.seedStability(), r.seedStabilityMin()),
                        r.splitStability(), r.agreementWithRfm(), r.fitSeconds()));
            }
            return sb.toString();
        }

        /** What the columns mean, a few lines ending with a newline. */
        public String legend() {
            return String.format(Locale.ROOT, """
                    silhouette, own space: in the space each method clustered (not comparable across methods)
                    silhouette, 6 features: all methods' segments measured in the same standardized 6-feature space
                    stability over seeds: mean (lowest) adjusted Rand index between %d fits with seeds %d..%d
                    stability over halves: mean ARI, over %d random half-splits, of the segments that fits on
                      each half give to all %,d customers
                    agreement with RFM: ARI between the method's segments and RFM k-means' (seed %d)
                    fit s: seconds for one fit (seed %d), timings vary
                    """, seeds, seed, seed + seeds - 1, splits, customers, seed, seed);
        }
    }

    /** How one method is fitted on some customers with some seed. */
    private record Method(String name, String space, int dims, Fitter fitter) {
    }

    private interface Fitter {
        Segments fit(CustomerRows rows, long seed);
    }

    private final int k;
    private long seed;
    private int seeds = 5;
    private int splits = 3;
    private DeepSegmentation deep;
    private int silhouetteSample = CustomerSegmentation.DEFAULT_SILHOUETTE_SAMPLE;

    /** Compares the three methods with {@code k} segments each, {@link DeepSegmentation}'s defaults. */
    public SegmentationComparison(int k) {
        if (k < 2) {
            throw new IllegalArgumentException("segmentation comparison: k must be at least 2 segments, got " + k);
        }
        this.k = k;
        this.deep = new DeepSegmentation(k);
    }

    /** The first seed (default 0). */
    public SegmentationComparison seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Fits per method for the seed stability, at least 2 (default 5). */
    public SegmentationComparison seeds(int seeds) {
        if (seeds < 2) {
            throw new IllegalArgumentException("segmentation comparison: stability over seeds needs at least 2 fits, got "
                    + seeds);
        }
        this.seeds = seeds;
        return this;
    }

    /** Random half-splits for the half-sample stability, at least 1 (default 3). */
    public SegmentationComparison splits(int splits) {
        if (splits < 1) {
            throw new IllegalArgumentException("segmentation comparison: need at least 1 half-split, got " + splits);
        }
        this.splits = splits;
        return this;
    }

    /** The deep segmentation's settings (its seed is replaced by the comparison's); its k must be this k. */
    public SegmentationComparison deep(DeepSegmentation deep) {
        if (deep.k() != k) {
            throw new IllegalArgumentException("segmentation comparison: the deep segmentation has k = " + deep.k()
                    + ", the comparison k = " + k);
        }
        this.deep = deep;
        return this;
    }

    /** Customers the silhouettes are scored on when there are more (default 10,000). */
    public SegmentationComparison silhouetteSample(int customers) {
        if (customers < 3) {
            throw new IllegalArgumentException("segmentation comparison: the silhouette sample needs at least 3 "
                    + "customers, got " + customers);
        }
        this.silhouetteSample = customers;
        return this;
    }

    /**
     * Runs the comparison on the customers of {@code table}.
     *
     * @throws IllegalArgumentException if the table has no customers, or too few distinct ones for k
     *         segments (in the whole table or in a half)
     */
    public Report run(CustomerTable table) {
        CustomerRows all = CustomerRows.of(table, "segmentation comparison");
        int n = all.size();
        if (n < 2 * k) {
            throw new IllegalArgumentException("segmentation comparison: " + n + " customers cannot be split into two "
                    + "halves of at least k = " + k + " customers each");
        }
        CustomerSegmentation rfm = new CustomerSegmentation().k(k).silhouetteSample(silhouetteSample);
        CustomerSegmentation six = new CustomerSegmentation().k(k).features(CustomerFeatures.all())
                .silhouetteSample(silhouetteSample);
        DeepSegmentation ae = deep;
        List<Method> methods = List.of(
                new Method("RFM k-means", "3 RFM features", 3, rfm::fit),
                new Method("all-features k-means", "6 features", 6, six::fit),
                new Method("autoencoder k-means", ae.embeddingSize() + "-d embedding of 6 features", ae.embeddingSize(),
                        ae::fit));

        // The common space: all six features, standardized over all customers.
        CustomerFeatures common = CustomerFeatures.all();
        double[] raw = common.select(all.values());
        FeatureScaler scaler = common.fitScaler(raw);
        float[] commonPoints = scaler.transformToFloat(raw);

        int[][] halves = halves(n, splits, seed);
        List<Row> rows = new ArrayList<>();
        List<Segments> fits = new ArrayList<>();
        int[] rfmLabels = null;
        for (Method m : methods) {
            int[][] labelings = new int[seeds][];
            Segments first = null;
            double seconds = 0;
            for (int i = 0; i < seeds; i++) {
                long t0 = System.nanoTime();
                Segments s = m.fitter().fit(all, seed + i);
                if (i == 0) {
                    seconds = (System.nanoTime() - t0) / 1e9;
                    first = s;
                }
                labelings[i] = s.labels();
            }
            double[] seedAri = AdjustedRandIndex.pairwise(labelings);
            double split = 0;
            for (int i = 0; i < splits; i++) {
                int[] a = Arrays.copyOfRange(halves[i], 0, n / 2);
                int[] b = Arrays.copyOfRange(halves[i], n / 2, n);
                int[] byA = m.fitter().fit(all.select(a), seed + i).assign(all);
                int[] byB = m.fitter().fit(all.select(b), seed + i).assign(all);
                split += AdjustedRandIndex.of(byA, byB);
            }
            int[] labels = first.labels();
            if (rfmLabels == null) {
                rfmLabels = labels;
            }
            double commonSilhouette = Segments.silhouette(commonPoints, n, common.width(), labels, silhouetteSample, seed);
            rows.add(new Row(m.name(), m.space(), m.dims(), first.silhouette(), commonSilhouette, seedAri[0], seedAri[1],
                    split / splits, AdjustedRandIndex.of(labels, rfmLabels), seconds));
            fits.add(first);
        }
        return new Report(k, n, seeds, splits, seed, rows, fits);
    }

    /** {@code count} random orders of the customers, seeded; each is cut in two halves. */
    private static int[][] halves(int n, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] out = new int[count][];
        for (int c = 0; c < count; c++) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) { // Fisher-Yates
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            out[c] = order;
        }
        return out;
    }
}
