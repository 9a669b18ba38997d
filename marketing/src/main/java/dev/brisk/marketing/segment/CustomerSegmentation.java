package dev.brisk.marketing.segment;

import dev.brisk.marketing.data.CustomerTable;
import dev.brisk.marketing.data.FeatureScaler;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * RFM segmentation: k-means on each customer's recency, frequency and monetary value, with k given
 * or chosen by silhouette, and segments profiled and labelled for people to read.
 *
 * <pre>{@code
 * CustomerTable table = CustomerTable.build(RetailCleaner.standard().clean(OnlineRetail.load().transactions()).transactions());
 * Segments segments = new CustomerSegmentation().k(4).seed(42).fit(table);
 * System.out.print(segments.table());                      // size, revenue share, mean R, F, M, label
 * SegmentProfile p = segments.assign(30.0, 3, 900.0);      // a new customer: days, invoices, pounds
 *
 * Segments auto = new CustomerSegmentation().seed(42).fit(table);   // k = best silhouette over 2..10
 * System.out.print(auto.sweep().orElseThrow().table());
 * }</pre>
 *
 * <h2>The steps</h2>
 * <ol>
 *   <li><b>Features</b> ({@link CustomerFeatures#rfm()} unless {@link #features} says otherwise):
 *       log1p of recency days, invoices and spend, then standardized to mean 0 and standard deviation
 *       1 over the customers being segmented. The fitted {@link FeatureScaler} is kept, so customers
 *       assigned later are transformed identically.</li>
 *   <li><b>k</b>: as given with {@link #k(int)}; otherwise {@link KSweep} fits k-means (one
 *       k-means++ start, the seed's) for every k in {@link #kRange} (2..10) and the highest
 *       silhouette wins, scored on a seeded sample of {@link #silhouetteSample(int)} customers
 *       (10,000) when there are more.</li>
 *   <li><b>k-means</b> ({@link KMeans}, scikit-learn's defaults: greedy k-means++, tolerance 1e-4,
 *       at most 300 iterations), started {@link #restarts(int)} times (10) from different k-means++
 *       seeds, keeping the fit with the lowest inertia, like scikit-learn's {@code n_init=10}. The
 *       first start uses the seed itself (so {@code restarts(1)} is exactly {@code new KMeans(k).seed(seed)}),
 *       the others seeds drawn from a {@link SplittableRandom} of it.</li>
 *   <li><b>Profiles</b> and labels: see {@link Segments} and {@link RfmLabels}.</li>
 * </ol>
 * The same seed and table give the same segments, whatever the number of threads.
 *
 * <h2>What k to take</h2>
 * On Online Retail the silhouette is highest at k = 2 (0.43; 0.33 at k = 4): RFM data form one
 * continuous cloud, not separate blobs, and the silhouette then favours cutting it in two. Two
 * segments ("good" and "the rest") are of little use to a marketer; the elbow of the inertia and the
 * need for actionable groups usually lead to 4 to 6, which is why the example defaults to 4.
 *
 * <h2>Bad input</h2>
 * {@link #fit} refuses, naming the problem: a table with no customers; k larger than the number of
 * customers with distinct features (k-means cannot make more groups than there are different
 * points); a range of k that the customers cannot support; values that cannot be transformed (see
 * {@link FeatureScaler}).
 *
 * <p>A {@code CustomerSegmentation} is a small mutable description of a fit; {@link #fit} does not
 * change it.
 */
public final class CustomerSegmentation {

    /** k-means starts per fit, as scikit-learn's {@code n_init=10}. */
    public static final int DEFAULT_RESTARTS = 10;
    /** Customers the silhouette is scored on, at most. */
    public static final int DEFAULT_SILHOUETTE_SAMPLE = 10_000;

    private CustomerFeatures features = CustomerFeatures.rfm();
    private int k; // 0: choose by silhouette
    private int kFrom = 2;
    private int kTo = 10;
    private long seed;
    private int restarts = DEFAULT_RESTARTS;
    private int silhouetteSample = DEFAULT_SILHOUETTE_SAMPLE;

    /** RFM features, k chosen by silhouette over 2..10, seed 0, 10 k-means starts. */
    public CustomerSegmentation() {
    }

    /** The columns to cluster on and their transform (default {@link CustomerFeatures#rfm()}). */
    public CustomerSegmentation features(CustomerFeatures features) {
        if (features == null) {
            throw new IllegalArgumentException("customer segmentation: features must not be null");
        }
        this.features = features;
        return this;
    }

    /** The number of segments, at least 2; without it k is chosen by silhouette over {@link #kRange}. */
    public CustomerSegmentation k(int k) {
        if (k < 2) {
            throw new IllegalArgumentException("customer segmentation: k must be at least 2 segments, got " + k);
        }
        this.k = k;
        return this;
    }

    /** Choose k by silhouette (the default) rather than a fixed k. */
    public CustomerSegmentation chooseK() {
        this.k = 0;
        return this;
    }

    /** The range of k the silhouette chooses from, both ends included (default 2..10). */
    public CustomerSegmentation kRange(int from, int to) {
        if (from < 2 || to < from) {
            throw new IllegalArgumentException("customer segmentation: need 2 <= from <= to for the range of k, got "
                    + from + " .. " + to);
        }
        this.kFrom = from;
        this.kTo = to;
        return this;
    }

    /** The seed of k-means++ and of the silhouette sample (default 0). */
    public CustomerSegmentation seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** k-means starts, the lowest inertia kept (default 10). */
    public CustomerSegmentation restarts(int restarts) {
        if (restarts < 1) {
            throw new IllegalArgumentException("customer segmentation: restarts must be at least 1, got " + restarts);
        }
        this.restarts = restarts;
        return this;
    }

    /** Customers the silhouette is scored on when there are more (default 10,000). */
    public CustomerSegmentation silhouetteSample(int customers) {
        if (customers < 3) {
            throw new IllegalArgumentException("customer segmentation: the silhouette sample needs at least 3 customers, got "
                    + customers);
        }
        this.silhouetteSample = customers;
        return this;
    }

    /** The fixed k, or 0 when k is chosen by silhouette. */
    public int k() {
        return k;
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** The features clustered on. */
    public CustomerFeatures features() {
        return features;
    }

    // ------------------------------------------------------------------ fitting

    /**
     * Segments the customers of {@code table}.
     *
     * @throws IllegalArgumentException for bad input (see the class comment)
     */
    public Segments fit(CustomerTable table) {
        return fit(CustomerRows.of(table, "customer segmentation"), seed);
    }

    /**
     * The k sweep alone: inertia and silhouette for every k in {@link #kRange} on the table's
     * features, one k-means++ start each (the seed's), to print beside a segmentation with a fixed k.
     *
     * @throws IllegalArgumentException as {@link #fit} does
     */
    public KSweep.Result sweep(CustomerTable table) {
        Prepared p = prepare(CustomerRows.of(table, "customer segmentation"));
        return sweep(p, seed);
    }

    Segments fit(CustomerRows rows, long seed) {
        Prepared p = prepare(rows);
        KSweep.Result sweep = null;
        int chosen = k;
        if (chosen == 0) {
            sweep = sweep(p, seed);
            chosen = sweep.bestBySilhouette().k();
        } else {
            requireDistinct(p, chosen);
        }
        KMeansResult km = bestOf(chosen, seed, restarts, p.x, p.rows, p.cols);
        FeatureScaler scaler = p.scaler;
        String description = String.format(Locale.ROOT, "k-means, k = %d (%s), best of %d k-means++ start(s), on %s",
                chosen, sweep == null ? "given" : "best silhouette over " + sweep.rows().getFirst().k() + ".."
                        + sweep.rows().getLast().k(), restarts, features.describe());
        String method = features.equals(CustomerFeatures.rfm()) ? "RFM k-means"
                : features.equals(CustomerFeatures.all()) ? "all-features k-means"
                : "k-means on " + features.names();
        return Segments.of(method, description, features, (selected, n) -> scaler.transformToFloat(selected), rows, p.x,
                p.cols, km, sweep, seed, silhouetteSample);
    }

    /** The customers' features, scaled, and how many of them are distinct (up to {@code kTo}). */
    private record Prepared(FeatureScaler scaler, float[] x, int rows, int cols, int distinct) {
    }

    private Prepared prepare(CustomerRows rows) {
        double[] raw = features.select(rows.values());
        FeatureScaler scaler = features.fitScaler(raw);
        float[] x = scaler.transformToFloat(raw);
        int cols = features.width();
        int enough = Math.max(k, kTo);
        return new Prepared(scaler, x, rows.size(), cols, KMeans.distinctRows(x, rows.size(), cols, enough));
    }

    private void requireDistinct(Prepared p, int k) {
        if (p.distinct < k) {
            throw new IllegalArgumentException("customer segmentation: k = " + k + " segments, but the " + p.rows
                    + " customer(s) have only " + p.distinct + " distinct value(s) of " + features.describe()
                    + "; k-means cannot make more segments than that, choose k <= " + p.distinct);
        }
    }

    private KSweep.Result sweep(Prepared p, long seed) {
        // The silhouette needs 2 <= k <= (scored customers - 1), and k-means needs k distinct points.
        int scored = Math.min(silhouetteSample, p.rows);
        int to = Math.min(kTo, Math.min(p.distinct, scored - 1));
        if (to < kFrom) {
            throw new IllegalArgumentException("customer segmentation: cannot choose k in " + kFrom + ".." + kTo
                    + ": the " + p.rows + " customer(s) have " + p.distinct + " distinct value(s) of "
                    + features.describe() + ", and the silhouette of k segments needs k <= " + Math.min(p.distinct,
                    scored - 1) + "; give k, or a smaller range");
        }
        return new KSweep(kFrom, to).seed(seed).silhouetteSample(silhouetteSample).run(p.x, p.rows, p.cols);
    }

    /**
     * The lowest-inertia k-means fit of {@code restarts} starts: the first from {@code seed}, the
     * others from seeds drawn from a {@link SplittableRandom} of it. Ties keep the earlier start.
     */
    static KMeansResult bestOf(int k, long seed, int restarts, float[] x, int rows, int cols) {
        SplittableRandom seeds = new SplittableRandom(seed);
        KMeansResult best = null;
        for (int i = 0; i < restarts; i++) {
            long s = i == 0 ? seed : seeds.nextLong();
            KMeansResult r = new KMeans(k).seed(s).fit(x, rows, cols);
            if (best == null || r.inertia() < best.inertia()) {
                best = r;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "CustomerSegmentation(" + features.describe() + ", k=" + (k == 0 ? "best silhouette over " + kFrom + ".."
                + kTo : k) + ", seed=" + seed + ", restarts=" + restarts + ")";
    }
}
