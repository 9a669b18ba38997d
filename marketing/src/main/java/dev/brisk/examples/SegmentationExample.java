package dev.brisk.examples;

import dev.brisk.datasets.OnlineRetail;
import dev.brisk.datasets.RetailData;
import dev.brisk.engine.kernels.Kernels;
import dev.brisk.engine.kernels.Parallel;
import dev.brisk.engine.model.Model;
import dev.brisk.marketing.data.CleaningResult;
import dev.brisk.marketing.data.CustomerTable;
import dev.brisk.marketing.data.RetailCleaner;
import dev.brisk.marketing.segment.CustomerSegmentation;
import dev.brisk.marketing.segment.DeepSegmentation;
import dev.brisk.marketing.segment.KMeans;
import dev.brisk.marketing.segment.KSweep;
import dev.brisk.marketing.segment.MatrixCsv;
import dev.brisk.marketing.segment.SegmentProfile;
import dev.brisk.marketing.segment.SegmentationComparison;
import dev.brisk.marketing.segment.Segments;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Customer segmentation on UCI Online Retail, meant to be read from top to bottom: group the shop's
 * 4,338 customers by how recently, how often and for how much they buy (RFM), describe each group in
 * words a marketer uses, place new customers, and ask whether a neural network's view of the
 * customers makes better segments.
 *
 * <ol>
 *   <li><b>Load</b> the 541,909 invoice lines ({@link OnlineRetail}).</li>
 *   <li><b>Clean</b>: drop cancellations, lines without a customer, zero prices and duplicates
 *   ({@link RetailCleaner}), and print what each rule removed.</li>
 *   <li><b>Features</b>: one row per customer ({@link CustomerTable}); for segmentation, log1p of
 *   recency, frequency and monetary value, standardized.</li>
 *   <li><b>Choose k</b>: inertia (the elbow) and silhouette for k = 2..10 ({@link KSweep}).</li>
 *   <li><b>Fit and report</b>: k-means with the chosen k ({@link CustomerSegmentation}), one line per
 *   segment: size, share of revenue, mean recency, frequency and spend, and a label.</li>
 *   <li><b>Assign</b> new customers to segments.</li>
 *   <li><b>Check</b> the k-means inertia against scikit-learn's settings, optionally exporting the
 *   exact matrix for scikit-learn to run on.</li>
 *   <li><b>Deep segmentation</b>: an autoencoder's embedding of six features, k-means on it
 *   ({@link DeepSegmentation}), compared with RFM k-means for separation and stability
 *   ({@link SegmentationComparison}).</li>
 * </ol>
 *
 * <p>Run it with {@code mvn -q -pl marketing -am -DskipTests package exec:exec@segments}, and pass
 * options with {@code -Dsegments.args="--k 5 --seed 7"}:
 * <pre>
 *   --data PATH        the Online Retail CSV (gzipped or not); default: found through
 *                      -Dbrisk.data.dir or BRISK_DATA_DIR (see OnlineRetail.locate())
 *   --k N|auto         segments (default 4); auto: the k with the best silhouette over 2..10
 *   --seed N           seed of k-means++, the silhouette sample and the autoencoder (default 42)
 *   --export-rfm PATH  write the standardized RFM matrix k-means runs on as CSV, no header
 * </pre>
 *
 * <h2>Why k = 4 by default, and not the best silhouette</h2>
 * On these customers the silhouette is highest at k = 2 and falls slowly after that: RFM values form
 * one continuous cloud, not separate blobs, and the silhouette then prefers cutting it in two ("good
 * customers" and "the rest"), which no marketer can act on. Four segments are the usual choice for RFM
 * and sit where the inertia stops falling fast; {@code --k auto} follows the silhouette instead.
 */
public final class SegmentationExample {

    /** The default number of segments (see the class comment). */
    static final int DEFAULT_K = 4;
    /** The seed unless --seed is given. */
    static final long DEFAULT_SEED = 42;

    /** The command-line options; {@code k} 0 means "best silhouette", null paths are not given. */
    record Options(Path data, int k, long seed, Path exportRfm) {
    }

    static final String USAGE = """
            usage: SegmentationExample [--data PATH] [--k N|auto] [--seed N] [--export-rfm PATH]
              --data PATH        the Online Retail CSV, gzipped or not (default: found through
                                 -Dbrisk.data.dir or the environment variable BRISK_DATA_DIR)
              --k N|auto         segments, 2 to 10 (default 4); auto: the best silhouette over 2..10
              --seed N           seed of k-means++, the silhouette sample and the autoencoder (default 42)
              --export-rfm PATH  also write the standardized RFM matrix k-means runs on to PATH
                                 (CSV without header, one row per customer), for scikit-learn""";

    private SegmentationExample() {
    }

    public static void main(String[] args) throws IOException {
        RetailExampleData.main(args, USAGE, SegmentationExample::parse, SegmentationExample::dataFile, SegmentationExample::run);
    }

    /**
     * The file to read: {@code --data}, else the configured shared copy.
     *
     * @throws FileNotFoundException if neither names a file; the message says what was searched and how
     *         to configure it
     */
    static Path dataFile(Options options) throws FileNotFoundException {
        return RetailExampleData.file(options.data(), "segments.args");
    }

    /** The example proper, printing to {@code out}. */
    static void run(Path file, Options options, PrintStream out) throws IOException {
        long started = System.nanoTime();
        long seed = options.seed();
        out.printf("Customer segmentation on Brisk %s, Java %s: kernels %s, %d thread(s), seed %d%n%n",
                Model.engineVersion(), Runtime.version(), Kernels.get().name(), Parallel.threads(), seed);

        // 1. Load. Every line of the file is accounted for: read, or reported as malformed with its reason.
        RetailData raw = OnlineRetail.read(file);
        out.println("1. Load");
        out.println(raw.report());
        out.println();

        // 2. Clean. Segments must describe purchases: cancellations, anonymous lines, free items and
        //    double entries go, and the report says how many lines each rule removed.
        CleaningResult clean = RetailCleaner.standard().clean(raw.transactions());
        out.println("2. Clean");
        out.println(clean.report());
        out.println();

        // 3. Features. One row per customer: recency (days since the last purchase), frequency
        //    (invoices), monetary value (pounds), and three more the deep segmentation uses.
        CustomerTable table = CustomerTable.build(clean.transactions());
        out.println("3. Customer table");
        out.println(table);
        out.println("RFM k-means clusters log1p(recency_days), log1p(frequency), log1p(monetary), standardized:");
        out.println("all three are right-skewed (the biggest customer spent over 400 times the median one), and the");
        out.println("log makes a difference of 3 vs 30 days count for more than one of 250 vs 280.");
        out.println();

        // 4. Choosing k. For k = 2..10: inertia (the sum of squared distances to the centres; look for
        //    the elbow, where it stops falling fast) and silhouette (higher is better).
        CustomerSegmentation rfm = new CustomerSegmentation().seed(seed);
        KSweep.Result sweep = rfm.sweep(table);
        out.println("4. Choosing k: one k-means++ start per k, seed " + seed);
        out.print(sweepTable(sweep));
        int bestK = sweep.bestBySilhouette().k();
        int k = options.k() == 0 ? bestK : options.k();
        out.printf(Locale.ROOT, "Best silhouette: k = %d (%.4f). Using k = %d (%s).%n%n", bestK,
                sweep.bestBySilhouette().silhouette(), k, options.k() == 0 ? "--k auto"
                        : options.k() == DEFAULT_K ? "the default; --k auto takes the best silhouette" : "--k");

        // 5. Segments. k-means with the chosen k, the best of 10 starts; segments numbered from the
        //    most valuable down and labelled from the RFM scores of their centres (see RfmLabels).
        Segments segments = rfm.k(k).fit(table);
        out.println("5. Segments");
        out.print(wrap(segments.description()));
        out.printf(Locale.ROOT, "inertia %.6g, silhouette %.4f%n", segments.inertia(), segments.silhouette());
        out.print(segments.table());
        out.println("scores: quintile (1-5) of the segment centre among all customers; R5 = the most recent fifth");
        out.println();

        // 6. New customers get the segment of the nearest centre, scaled with the fitted customers' scaler.
        out.println("6. Assigning customers");
        double[][] newcomers = {{3, 15, 6000}, {20, 2, 400}, {45, 5, 2000}, {200, 1, 150}};
        for (double[] c : newcomers) {
            SegmentProfile p = segments.assign(c);
            out.printf(Locale.ROOT, "  new customer: last purchase %3.0f days ago, %2.0f invoice(s), £%,7.0f -> %d %s%n",
                    c[0], c[1], c[2], p.segment(), p.label());
        }
        // Customers of the table are looked up; the first two by id, whatever they are.
        long[] known = {table.customerId(0), table.customerId(1)};
        for (long id : known) {
            int row = table.rowOf(id);
            out.printf(Locale.ROOT, "  customer %d (%.1f days, %.0f invoice(s), £%,.2f) is in segment %d, %s%n", id,
                    table.get(row, CustomerTable.Column.RECENCY_DAYS), table.get(row, CustomerTable.Column.FREQUENCY),
                    table.get(row, CustomerTable.Column.MONETARY), segments.segmentOf(id),
                    segments.profile(segments.segmentOf(id)).label());
        }
        out.println();

        // 7. The scikit-learn check: KMeans(k, init="k-means++", n_init=1, tol=1e-4, max_iter=300) for
        //    random_state 0..4, median inertia, on exactly the matrix above (exported with --export-rfm).
        float[] rfmPoints = segments.points();
        int n = table.size();
        double[] inertias = new double[5];
        for (int s = 0; s < inertias.length; s++) {
            inertias[s] = new KMeans(k).seed(s).fit(rfmPoints, n, segments.dims()).inertia();
        }
        double[] sorted = inertias.clone();
        Arrays.sort(sorted);
        out.printf(Locale.ROOT, "7. k-means as scikit-learn runs it (k = %d, one greedy k-means++ start, tol 1e-4, "
                + "max_iter 300), seeds 0..4:%n", k);
        StringBuilder each = new StringBuilder();
        for (double v : inertias) {
            each.append(String.format(Locale.ROOT, " %.6g", v));
        }
        out.printf(Locale.ROOT, "  inertia%s; median %.6g%n", each, sorted[sorted.length / 2]);
        if (options.exportRfm() != null) {
            MatrixCsv.write(options.exportRfm(), rfmPoints, n, segments.dims());
            out.printf(Locale.ROOT, "  wrote the %,d x %d standardized RFM matrix to %s; compare with%n"
                    + "  /usr/bin/python3 sklearn_kmeans.py --input %s --k %d%n", n, segments.dims(),
                    options.exportRfm(), options.exportRfm(), k);
        }
        out.println();

        // 8. Deep segmentation: an autoencoder squeezes six features through 3 numbers per customer;
        //    k-means groups customers by those. The same profiles and labels, then the comparison.
        DeepSegmentation deep = new DeepSegmentation(k);
        Segments deepSegments = deep.seed(seed).fit(table);
        out.println("8. Deep segmentation");
        out.print(wrap(deepSegments.description()));
        out.printf(Locale.ROOT, "silhouette in the embedding %.4f%n", deepSegments.silhouette());
        out.print(deepSegments.table());
        for (long id : known) {
            // assign(...) takes the values of inputColumns(): all six table columns for the deep segments
            int row = table.rowOf(id);
            double[] features = new double[table.columnCount()];
            for (int c = 0; c < features.length; c++) {
                features[c] = table.get(row, CustomerTable.Column.values()[c]);
            }
            out.printf(Locale.ROOT, "  customer %d: RFM segment %s, deep segment %s%n", id,
                    segments.profile(segments.segmentOf(id)).label(), deepSegments.assign(features).label());
        }
        out.println();

        SegmentationComparison.Report report = new SegmentationComparison(k).seed(seed).run(table);
        out.printf(Locale.ROOT, "Comparison, k = %d, %,d customers:%n", k, report.customers());
        out.print(report.table());
        out.print(report.legend());
        out.println(verdict(report));
        out.printf(Locale.ROOT, "%nDone in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** The sweep without timings, plus how much each k lowers the inertia: the elbow is where that drops. */
    static String sweepTable(KSweep.Result sweep) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%4s %13s %11s %11s %11s%n", "k", "inertia",
                "drop", "silhouette", "iterations"));
        double previous = Double.NaN;
        for (KSweep.Row r : sweep.rows()) {
            String drop = Double.isNaN(previous) ? "" : String.format(Locale.ROOT, "%.1f%%",
                    100 * (previous - r.inertia()) / previous);
            sb.append(String.format(Locale.ROOT, "%4d %13.6e %11s %11.4f %11d%n", r.k(), r.inertia(), drop,
                    r.silhouette(), r.iterations()));
            previous = r.inertia();
        }
        return sb.toString();
    }

    /** What the comparison says, in words, from its numbers (not written in advance). */
    static String verdict(SegmentationComparison.Report report) {
        SegmentationComparison.Row rfm = report.row("RFM k-means");
        SegmentationComparison.Row ae = report.row("autoencoder k-means");
        SegmentationComparison.Row six = report.row("all-features k-means");
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "In the common 6-feature space the autoencoder's segments are %s separated "
                        + "than RFM's (silhouette %.3f vs %.3f);%nk-means on the six features themselves scores %.3f "
                        + "there, the space it optimises.%n", ae.commonSilhouette() > rfm.commonSilhouette()
                        ? "better" : "less well", ae.commonSilhouette(), rfm.commonSilhouette(), six.commonSilhouette()));
        sb.append(String.format(Locale.ROOT, "RFM k-means %s over seeds (ARI %.3f) and %s over half-samples (%.3f);%n"
                        + "the autoencoder's segments %s (ARI %.3f over seeds, %.3f over half-samples).%n",
                rfm.seedStability() > 0.95 ? "finds the same segments" : "varies", rfm.seedStability(),
                rfm.splitStability() > 0.8 ? "nearly the same" : "somewhat different ones", rfm.splitStability(),
                ae.seedStability() >= rfm.seedStability() - 0.02 ? "are as stable"
                        : "change more from one training run to the next", ae.seedStability(), ae.splitStability()));
        double agree = ae.agreementWithRfm();
        sb.append(String.format(Locale.ROOT, "The two methods agree at ARI %.3f: they cut the customers %s.", agree,
                agree >= 0.8 ? "largely the same way" : agree >= 0.5 ? "partly the same way" : "differently"));
        if (ae.seedStability() < rfm.seedStability() - 0.02) {
            sb.append(String.format(Locale.ROOT, "%nHere the simpler, explainable RFM segments are the safer choice: "
                    + "the embedding's segments depend on the network's seed."));
        }
        return sb.toString();
    }

    /** {@code text} broken into lines of at most about 100 characters at spaces, each ending with a newline. */
    static String wrap(String text) {
        StringBuilder sb = new StringBuilder();
        int lineStart = 0;
        for (String word : text.split(" ")) {
            if (sb.length() > lineStart && sb.length() - lineStart + 1 + word.length() > 100) {
                sb.append('\n');
                lineStart = sb.length();
            } else if (sb.length() > lineStart) {
                sb.append(' ');
            }
            sb.append(word);
        }
        return sb.append('\n').toString();
    }

    /** Parses the command line by hand; null for {@code --help}. */
    static Options parse(String[] args) {
        Path data = null;
        int k = DEFAULT_K;
        long seed = DEFAULT_SEED;
        Path export = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return null;
            }
            if (!List.of("--data", "--k", "--seed", "--export-rfm").contains(a)) {
                throw new IllegalArgumentException("unknown option '" + a + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--data" -> data = Path.of(v);
                case "--k" -> {
                    if (v.equals("auto")) {
                        k = 0;
                    } else {
                        try {
                            k = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            k = -1;
                        }
                        if (k < 2 || k > 10) {
                            throw new IllegalArgumentException("--k needs a whole number from 2 to 10, or auto; got '"
                                    + v + "'");
                        }
                    }
                }
                case "--seed" -> {
                    try {
                        seed = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seed needs a whole number, got '" + v + "'");
                    }
                }
                default -> export = Path.of(v);
            }
        }
        return new Options(data, k, seed, export);
    }
}
