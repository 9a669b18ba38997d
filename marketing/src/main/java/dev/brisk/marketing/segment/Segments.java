package dev.brisk.marketing.segment;

import dev.brisk.marketing.data.CustomerTable;
import dev.brisk.marketing.data.CustomerTable.Column;
import dev.brisk.marketing.data.FeatureScaler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A segmentation of customers: which segment each customer is in, what each segment is like
 * ({@link SegmentProfile}), and how to place a new customer. Made by {@link CustomerSegmentation}
 * (k-means on RFM features) or {@link DeepSegmentation} (k-means on autoencoder embeddings).
 *
 * <pre>{@code
 * Segments segments = new CustomerSegmentation().k(4).seed(42).fit(table);
 * System.out.print(segments.table());                  // one line per segment, most valuable first
 * int s = segments.segmentOf(12347);                   // a customer it was fitted on
 * SegmentProfile p = segments.assign(12.0, 7, 4310.0); // a new one: recency days, invoices, pounds
 * p.label();                                           // e.g. "champions"
 * }</pre>
 *
 * <h2>Segment numbers</h2>
 * k-means numbers its clusters in no meaningful order. Here segments are numbered from the most
 * valuable down: by the sum of their centre's shares of customers with a longer recency, a lower
 * frequency and a lower spend (the q's of {@link RfmLabels}, recency inverted); ties keep the k-means
 * order. The labels are those of {@link RfmLabels}; when several segments would share one, the first
 * keeps it and the next get {@code " (2)"}, {@code " (3)"}, ... in segment order. A segment left with
 * no customers (possible, rarely, after k-means' last step) is labelled {@code "empty"}, with scores 0
 * and NaN means, and numbered last.
 *
 * <h2>New customers</h2>
 * {@link #assign(CustomerTable)} and {@link #assign(double...)} transform new customers with the
 * scaler (and, for deep segmentation, the encoder) fitted on the segmented customers, never refitted,
 * and give each the segment of the nearest centre, by the same kernels as the fit: a customer the
 * segments were fitted on is assigned the segment it is in. Their features must be measured the way
 * the fitted table's were (the same window length and as-of convention, see {@link CustomerTable}).
 *
 * <p>Immutable, and safe to share between threads: accessors return copies. (Deep segments assign
 * one call at a time, as their encoder network reuses its buffers.)
 */
public final class Segments {

    /** Maps customers' raw values of the input columns (row-major) to points in the clustering space. */
    interface Embedding {
        float[] points(double[] selected, int rows);
    }

    private final String method;
    private final String description;
    private final CustomerFeatures inputs;
    private final Embedding embedding;
    private final KMeansResult kmeans;
    private final int[] segmentOfCluster;
    private final long[] customerIds;
    private final int[] labels;
    private final float[] points;
    private final int dims;
    private final List<SegmentProfile> profiles;
    private final KSweep.Result sweep;
    private final double silhouette;
    private final long seed;

    private Segments(String method, String description, CustomerFeatures inputs, Embedding embedding,
                     KMeansResult kmeans, int[] segmentOfCluster, long[] customerIds, int[] labels, float[] points,
                     int dims, List<SegmentProfile> profiles, KSweep.Result sweep, double silhouette, long seed) {
        this.method = method;
        this.description = description;
        this.inputs = inputs;
        this.embedding = embedding;
        this.kmeans = kmeans;
        this.segmentOfCluster = segmentOfCluster;
        this.customerIds = customerIds;
        this.labels = labels;
        this.points = points;
        this.dims = dims;
        this.profiles = profiles;
        this.sweep = sweep;
        this.silhouette = silhouette;
        this.seed = seed;
    }

    /**
     * Builds the segments from a k-means fit on {@code points} (the rows of {@code rows}, in the
     * clustering space): numbers and labels the segments, profiles them, and scores the silhouette
     * on up to {@code silhouetteSample} customers drawn with {@code seed}.
     */
    static Segments of(String method, String description, CustomerFeatures inputs, Embedding embedding,
                       CustomerRows rows, float[] points, int dims, KMeansResult kmeans, KSweep.Result sweep,
                       long seed, int silhouetteSample) {
        int k = kmeans.k();
        int[] clusters = kmeans.labels();
        Profiler profiler = new Profiler(rows);
        Profiler.Result pr = profiler.profile(clusters, k);
        int[] labels = new int[clusters.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = pr.segmentOfCluster()[clusters[i]];
        }
        double silhouette = silhouette(points, rows.size(), dims, labels, silhouetteSample, seed);
        return new Segments(method, description, inputs, embedding, kmeans, pr.segmentOfCluster(), rows.ids().clone(),
                labels, points, dims, pr.profiles(), sweep, silhouette, seed);
    }

    /**
     * The silhouette of {@code labels} in the space of {@code points}, on the sample
     * {@link Silhouette} draws; NaN where it is undefined: when the sample holds fewer than 2
     * clusters, or as many clusters as customers.
     */
    static double silhouette(float[] points, int rows, int dims, int[] labels, int sample, long seed) {
        int s = Math.min(sample, rows);
        if (s < 2) {
            return Double.NaN;
        }
        long clusters = Arrays.stream(Silhouette.sample(rows, s, seed)).map(r -> labels[r]).distinct().count();
        if (clusters < 2 || clusters > s - 1) {
            return Double.NaN;
        }
        return Silhouette.score(points, rows, dims, labels, sample, seed);
    }

    // ------------------------------------------------------------------ the segments

    /** The number of segments. */
    public int k() {
        return profiles.size();
    }

    /** One profile per segment, in segment order (most valuable first). */
    public List<SegmentProfile> profiles() {
        return profiles;
    }

    /** The profile of segment {@code segment}. */
    public SegmentProfile profile(int segment) {
        if (segment < 0 || segment >= profiles.size()) {
            throw new IndexOutOfBoundsException("segments: segment " + segment + " does not exist; there are "
                    + profiles.size() + " (0 to " + (profiles.size() - 1) + ")");
        }
        return profiles.get(segment);
    }

    /**
     * The profile labelled {@code label}.
     *
     * @throws IllegalArgumentException if no segment has that label (the message lists them)
     */
    public SegmentProfile profile(String label) {
        for (SegmentProfile p : profiles) {
            if (p.label().equals(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("segments: no segment is labelled \"" + label + "\"; the labels are "
                + profiles.stream().map(SegmentProfile::label).toList());
    }

    /** The segment of each customer segmented, in the order of the table's rows (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    /** The ids of the customers segmented, by row (a copy). */
    public long[] customerIds() {
        return customerIds.clone();
    }

    /**
     * The segment of a customer the segmentation was fitted on.
     *
     * @throws IllegalArgumentException if the customer was not among them (use {@link #assign} for new ones)
     */
    public int segmentOf(long customerId) {
        int r = Arrays.binarySearch(customerIds, customerId);
        if (r < 0) {
            throw new IllegalArgumentException("segments: customer " + customerId + " was not among the "
                    + customerIds.length + " customers segmented; place new customers with assign(...)");
        }
        return labels[r];
    }

    // ------------------------------------------------------------------ new customers

    /**
     * The columns {@link #assign(double...)} expects, in order: {@code [recency_days, frequency,
     * monetary]} for RFM segmentation, all six of {@link CustomerTable} for deep segmentation.
     */
    public List<String> inputColumns() {
        return inputs.names();
    }

    /**
     * The segment of one new customer, from their values of {@link #inputColumns()}, in that order
     * and in the table's units (days, invoices, pounds, ...).
     *
     * @throws IllegalArgumentException if the number of values is wrong, or a value is not finite or
     *         not above -1 where a log is taken (naming the column)
     */
    public SegmentProfile assign(double... features) {
        if (features.length != inputs.width()) {
            throw new IllegalArgumentException("segments: assign needs " + inputs.width() + " values " + inputs.names()
                    + ", got " + features.length);
        }
        return profiles.get(assignSelected(features.clone(), 1)[0]);
    }

    /**
     * The segment of every customer of {@code customers} (another window, or next month's table), by
     * row.
     *
     * @throws IllegalArgumentException if a value cannot be transformed (see {@link #assign(double...)})
     */
    public int[] assign(CustomerTable customers) {
        if (customers.size() == 0) {
            return new int[0];
        }
        return assignSelected(inputs.select(customers.values()), customers.size());
    }

    /** The segments of rows given as all of a table's columns (the stability checks' subsets). */
    int[] assign(CustomerRows rows) {
        return assignSelected(inputs.select(rows.values()), rows.size());
    }

    private int[] assignSelected(double[] selected, int rows) {
        float[] p = embedding.points(selected, rows);
        int[] clusters = kmeans.predict(p, rows, dims);
        for (int i = 0; i < rows; i++) {
            clusters[i] = segmentOfCluster[clusters[i]];
        }
        return clusters;
    }

    // ------------------------------------------------------------------ how it was made

    /** A short name of the method, e.g. {@code "RFM k-means"}. */
    public String method() {
        return method;
    }

    /** What was clustered and how, in a sentence or two. */
    public String description() {
        return description;
    }

    /** The seed that made the segmentation. */
    public long seed() {
        return seed;
    }

    /**
     * The points k-means ran on, row-major {@code customers x dims()} (a copy): for RFM segmentation
     * the log1p-standardized recency, frequency and monetary value, for deep segmentation the
     * embeddings. Exactly the values the clustering saw, e.g. to run another k-means on
     * ({@link MatrixCsv#write}).
     */
    public float[] points() {
        return points.clone();
    }

    /** The dimensions of the clustering space. */
    public int dims() {
        return dims;
    }

    /** The k-means fit behind the segments (its cluster numbers are not the segment numbers). */
    public KMeansResult kmeans() {
        return kmeans;
    }

    /** The k-means inertia in the clustering space. */
    public double inertia() {
        return kmeans.inertia();
    }

    /**
     * The silhouette of the segments in the clustering space (see {@link Silhouette}), on a seeded
     * sample of customers when there are many; NaN if undefined (fewer than 2 non-empty segments).
     */
    public double silhouette() {
        return silhouette;
    }

    /** The sweep that chose k, when k was chosen by silhouette rather than given. */
    public Optional<KSweep.Result> sweep() {
        return Optional.ofNullable(sweep);
    }

    /**
     * The profiles as a table, one line per segment, ending with a newline:
     * <pre>
     *  segment  label        customers   share  revenue  recency d  frequency   monetary £  scores
     *        0  champions          713   16.4%    64.9%       12.1       13.7      8,094.3  R5 F5 M5
     *        1  loyal            1,169   26.9%    23.6%       71.7        4.1      1,796.5  R3 F4 M4
     * </pre>
     * (the first lines for Online Retail, k = 4, seed 42). The means are arithmetic means over the
     * segment's customers.
     */
    public String table() {
        int width = "label".length();
        for (SegmentProfile p : profiles) {
            width = Math.max(width, p.label().length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%8s  %-" + width + "s  %9s  %6s  %7s  %9s  %9s  %11s  %s%n", "segment",
                "label", "customers", "share", "revenue", "recency d", "frequency", "monetary £", "scores"));
        for (SegmentProfile p : profiles) {
            sb.append(String.format(Locale.ROOT, "%8d  %-" + width + "s  %,9d  %5.1f%%  %6.1f%%  %9.1f  %9.1f  %,11.1f  %s%n",
                    p.segment(), p.label(), p.size(), 100 * p.customerShare(), 100 * p.revenueShare(),
                    p.meanRecencyDays(), p.meanFrequency(), p.meanMonetary(), p.scores()));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Segments[%s, k=%d, %,d customers, silhouette %.4f, labels %s]", method, k(),
                customerIds.length, silhouette, profiles.stream().map(SegmentProfile::label).toList());
    }

    // ------------------------------------------------------------------ profiling

    /**
     * Profiles clusters of the customers in {@code rows}: sizes, revenue, means, RFM scores of the
     * centres ranked against these customers, the segment order and the labels.
     */
    static final class Profiler {
        private static final Column[] RFM = {Column.RECENCY_DAYS, Column.FREQUENCY, Column.MONETARY};

        private final CustomerRows rows;
        private final float[] scaled;     // rows x 3, log1p-standardized RFM
        private final float[][] sorted;   // per RFM column, ascending, for the quintiles

        Profiler(CustomerRows rows) {
            this.rows = rows;
            CustomerFeatures rfm = CustomerFeatures.rfm();
            double[] raw = rfm.select(rows.values());
            FeatureScaler scaler = rfm.fitScaler(raw);
            this.scaled = scaler.transformToFloat(raw);
            int n = rows.size();
            this.sorted = new float[3][n];
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < 3; j++) {
                    sorted[j][r] = scaled[r * 3 + j];
                }
            }
            for (float[] s : sorted) {
                Arrays.sort(s);
            }
        }

        record Result(int[] segmentOfCluster, List<SegmentProfile> profiles) {
        }

        Result profile(int[] clusters, int k) {
            int n = rows.size();
            long[] size = new long[k];
            double[][] rawSum = new double[k][3];
            double[][] scaledSum = new double[k][3];
            double totalRevenue = 0;
            for (int r = 0; r < n; r++) {
                int c = clusters[r];
                size[c]++;
                for (int j = 0; j < 3; j++) {
                    rawSum[c][j] += rows.get(r, RFM[j]);
                    scaledSum[c][j] += scaled[r * 3 + j];
                }
                totalRevenue += rows.get(r, Column.MONETARY);
            }
            int[][] scores = new int[k][3];
            double[] value = new double[k];
            for (int c = 0; c < k; c++) {
                if (size[c] == 0) {
                    value[c] = Double.NEGATIVE_INFINITY;
                    continue;
                }
                for (int j = 0; j < 3; j++) {
                    double q = RfmLabels.shareBelow(sorted[j], scaledSum[c][j] / size[c]);
                    double good = j == 0 ? 1 - q : q; // a short recency is good
                    scores[c][j] = RfmLabels.score(good);
                    value[c] += good;
                }
            }
            Integer[] order = new Integer[k];
            for (int c = 0; c < k; c++) {
                order[c] = c;
            }
            Arrays.sort(order, (x, y) -> Double.compare(value[y], value[x])); // stable: ties keep k-means order
            int[] segmentOfCluster = new int[k];
            Map<String, Integer> seen = new HashMap<>();
            List<SegmentProfile> profiles = new ArrayList<>(k);
            for (int s = 0; s < k; s++) {
                int c = order[s];
                segmentOfCluster[c] = s;
                String base = size[c] == 0 ? "empty"
                        : RfmLabels.label(scores[c][0], scores[c][1], scores[c][2]);
                int count = seen.merge(base, 1, Integer::sum);
                String label = count == 1 ? base : base + " (" + count + ")";
                double m = size[c];
                profiles.add(new SegmentProfile(s, label, size[c], m / n, rawSum[c][2],
                        totalRevenue > 0 ? rawSum[c][2] / totalRevenue : 0, rawSum[c][0] / m, rawSum[c][1] / m,
                        rawSum[c][2] / m, scores[c][0], scores[c][1], scores[c][2]));
            }
            return new Result(segmentOfCluster, Collections.unmodifiableList(profiles));
        }
    }
}
