package dev.brisk.examples;

import dev.brisk.datasets.OnlineRetail;
import dev.brisk.datasets.RetailData;
import dev.brisk.datasets.RetailTransaction;
import dev.brisk.engine.kernels.Kernels;
import dev.brisk.engine.kernels.Parallel;
import dev.brisk.engine.model.Model;
import dev.brisk.marketing.data.CleaningResult;
import dev.brisk.marketing.data.FeatureScaler;
import dev.brisk.marketing.data.RetailCleaner;
import dev.brisk.marketing.data.SpendSplit;
import dev.brisk.marketing.regression.LinearRegression;
import dev.brisk.marketing.regression.MlpRegressor;
import dev.brisk.marketing.regression.RegressionReport;
import dev.brisk.marketing.spend.SpendData;
import dev.brisk.marketing.spend.SpendForecast;
import dev.brisk.marketing.spend.SpendModel;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Customer spend prediction on UCI Online Retail, meant to be read from top to bottom: from the first
 * nine months of a customer's purchases, predict how much they will spend in the remaining three (and a
 * bit), and judge a mean baseline, a linear regression and a small neural network on customers they
 * were not fitted on.
 *
 * <ol>
 *   <li><b>Load</b> the 541,909 invoice lines ({@link OnlineRetail}).</li>
 *   <li><b>Clean</b>: drop cancellations, lines without a customer, zero prices and duplicates, and
 *   print what each rule removed ({@link RetailCleaner}).</li>
 *   <li><b>Features</b>: per customer, recency, frequency, monetary value, tenure, average basket,
 *   distinct products (log1p of the skewed ones) and a UK indicator, measured at the cutoff; the target
 *   is {@code log1p} of their spend after it; 20% of the customers are held out ({@link SpendData}).</li>
 *   <li><b>Fit</b> the three models on the other 80% ({@link SpendModel}).</li>
 *   <li><b>Report</b> RMSE, MAE and R² on the held-out customers, show a few of them with their
 *   predictions, and forecast the quarter after the data end.</li>
 * </ol>
 *
 * <p>Run it with {@code mvn -q -pl marketing -am -DskipTests package exec:exec@spend}, and pass options
 * with {@code -Dspend.args="--seed 7 --test-fraction 0.25"}:
 * <pre>
 *   --data PATH            the Online Retail CSV (gzipped or not); default: found through
 *                          -Dbrisk.data.dir or BRISK_DATA_DIR (see OnlineRetail.locate())
 *   --seed N               seed of the held-out split and of the MLP (default 42)
 *   --test-fraction F      share of customers held out, in (0, 1) (default 0.2)
 *   --cutoff YYYY-MM-DD    end of the feature window (default: nine months after the first day)
 * </pre>
 *
 * <h2>Does the network beat the line?</h2>
 * Not reliably. With the default seed (42) the MLP's held-out R² is 0.220 against the line's 0.199.
 * With other seeds, which hold out other customers and start the network elsewhere, the difference
 * was -0.028, -0.018, +0.003, +0.008, +0.009, +0.011, +0.011 and +0.015 (seeds 1 to 8; measured
 * 2026-11-30 on the development machine, 2 threads): ahead on 7 of 9 seeds, +0.004 on average, small
 * next to how far either model's R² moves from seed to seed (0.20 to 0.33). Two reasons:
 * <ul>
 *   <li>On the log scale the relation between these seven features and future spend is close to
 *   linear: in the experiment that chose the MLP ({@link SpendModel#defaultMlp(long)}, training
 *   customers only) none of eleven networks got further than 0.011 from the line's R².</li>
 *   <li>What no model explains is mostly <em>whether</em> a customer comes back in the next three months:
 *   the example prints the R² of an oracle that knows only that (0.93 on the default held-out customers),
 *   against about 0.2 for the models. Past purchases say little about it, and a network cannot find what
 *   is not in the features.</li>
 * </ul>
 * A two-part model (the probability of coming back, times the spend of those who do) or features
 * about timing (days between invoices, last quarter's spend) would be the next things to try.
 */
public final class SpendPredictionExample {

    /** The command-line options; null fields take their defaults. */
    record Options(Path data, long seed, double testFraction, LocalDate cutoff) {
    }

    static final String USAGE = """
            usage: SpendPredictionExample [--data PATH] [--seed N] [--test-fraction F] [--cutoff YYYY-MM-DD]
              --data PATH          the Online Retail CSV, gzipped or not (default: found through
                                   -Dbrisk.data.dir or the environment variable BRISK_DATA_DIR)
              --seed N             seed of the held-out split and the MLP (default 42)
              --test-fraction F    share of customers held out, in (0, 1) (default 0.2)
              --cutoff YYYY-MM-DD  end of the feature window (default: 9 months after the first day)""";

    private SpendPredictionExample() {
    }

    public static void main(String[] args) throws IOException {
        RetailExampleData.main(args, USAGE, SpendPredictionExample::parse, SpendPredictionExample::dataFile, SpendPredictionExample::run);
    }

    /**
     * The file to read: {@code --data}, else the configured shared copy.
     *
     * @throws FileNotFoundException if neither names a file; the message lists what was searched and
     *         says how to configure the location
     */
    static Path dataFile(Options options) throws FileNotFoundException {
        return RetailExampleData.file(options.data(), "spend.args");
    }

    /** The example proper, printing to {@code out}. */
    static void run(Path file, Options options, PrintStream out) throws IOException {
        long started = System.nanoTime();
        out.printf("Customer spend prediction on Brisk %s, Java %s: kernels %s, %d thread(s), seed %d%n%n",
                Model.engineVersion(), Runtime.version(), Kernels.get().name(), Parallel.threads(), options.seed());

        // 1. Load. Every line of the file is accounted for: read, or reported as malformed with its reason.
        RetailData raw = OnlineRetail.read(file);
        out.println("1. Load");
        out.println(raw.report());
        out.println();

        // 2. Clean. Customer features must describe purchases: cancellations, anonymous lines, free
        //    items and double entries go, and the report says how many lines each rule removed.
        CleaningResult clean = RetailCleaner.standard().clean(raw.transactions());
        List<RetailTransaction> purchases = clean.transactions();
        out.println("2. Clean");
        out.println(clean.report());
        out.println();

        // 3. Features and target. One row per customer who bought before the cutoff: their history up to
        //    it, and log1p of what they spent after it (0 if they did not come back). A fifth of the
        //    customers are set aside before anything is fitted; the scaler sees only the others.
        SpendData.Builder builder = SpendData.from(purchases).seed(options.seed()).testFraction(options.testFraction());
        if (options.cutoff() != null) {
            builder.cutoff(options.cutoff().atStartOfDay());
        }
        SpendData data = builder.prepare();
        SpendSplit split = data.spendSplit();
        out.println("3. Features and target");
        out.printf(Locale.ROOT, "features from [%s, %s) (%d days), target: log1p(spend in [%s, %s)) (%d days)%n",
                data.start(), data.cutoff(), data.featureSpan().toDays(), data.cutoff(), data.end(),
                data.targetSpan().toDays());
        out.printf(Locale.ROOT, "%,d customers bought before the cutoff; %,d of them (%.1f%%) bought again after it%n",
                data.customers(), split.returningCustomers(), 100.0 * split.returningCustomers() / data.customers());
        out.printf(Locale.ROOT, "%,d customers bought only after the cutoff (£%,.0f): no history, so not in the table%n",
                split.newCustomers(), split.newCustomerSpend());
        out.printf(Locale.ROOT, "%,d customers to fit on, %,d held out (%.0f%%, seed %d)%n",
                data.heldOut().trainIndices().length, data.heldOut().testIndices().length, 100 * data.testFraction(),
                data.seed());
        FeatureScaler scaler = data.scaler();
        List<String> columns = new ArrayList<>();
        for (int c = 0; c < scaler.columns().size(); c++) {
            columns.add(scaler.isLog1p(c) ? "log1p(" + scaler.columns().get(c) + ")" : scaler.columns().get(c));
        }
        out.println("features, standardized on the training customers: " + String.join(", ", columns));
        out.println();

        // 4. Fit the three models on the training customers. The MLP holds a fifth of them out again to
        //    decide when to stop (early stopping), and keeps its best epoch's weights.
        long fitStart = System.nanoTime();
        SpendModel model = SpendModel.fit(data);
        double fitSeconds = (System.nanoTime() - fitStart) / 1e9;
        LinearRegression linear = model.linear();
        MlpRegressor mlp = model.mlp();
        out.println("4. Fit");
        out.printf(Locale.ROOT, "linear regression: %d gradient-descent steps, %s%n", linear.iterations(),
                linear.converged() ? "converged" : "NOT converged");
        out.println("  coefficients (change in log1p spend per standard deviation of each feature, scaled as in 3.):");
        for (Map.Entry<String, Double> w : linear.coefficientsByName().entrySet()) {
            out.printf(Locale.ROOT, "    %-22s %+.3f%n", w.getKey(), w.getValue());
        }
        out.printf(Locale.ROOT, "    %-22s %+.3f%n", "intercept", linear.intercept());
        out.printf(Locale.ROOT, "%s: %d epochs (%,d customers trained on, %,d for early stopping), best epoch %d%n",
                mlp.name(), mlp.epochsRun(), mlp.rowsUsed()[0], mlp.rowsUsed()[1], mlp.bestEpoch() + 1);
        out.printf(Locale.ROOT, "fitted in %.2f s%n%n", fitSeconds);

        // 5. Report: scores on the held-out customers, on the scale the models were fitted on (log1p),
        //    then the same predictions back in pounds.
        out.println("5. Report");
        RegressionReport report = model.report();
        out.println("log1p(spend): an error of 0.69 is a factor of 2");
        out.print(report.table());
        out.println();
        out.println("the same predictions in pounds (expm1, at least 0): dominated by the largest customers");
        out.print(model.reportInPounds().table());
        out.println();

        out.println("Some held-out customers, from the lowest to the highest actual spend (£):");
        out.printf(Locale.ROOT, "  %8s  %-15s  %10s  %10s  %10s  %10s%n", "customer", "country", "before", "actual",
                "linear", "mlp");
        for (SpendModel.HeldOutCustomer c : spread(model.heldOut(), 8)) {
            out.printf(Locale.ROOT, "  %8d  %-15s  %,10.2f  %,10.2f  %,10.2f  %,10.2f%n", c.customerId(),
                    abbreviate(c.country(), 15), c.pastSpend(), c.actualSpend(), c.linear(), c.mlp());
        }
        out.println();

        // Does the network beat the line? Computed here, not asserted in advance.
        RegressionReport.Row line = report.row(linear.name());
        RegressionReport.Row net = report.row(mlp.name());
        double gain = net.r2() - line.r2();
        out.printf(Locale.ROOT, "MLP vs linear regression on the held-out customers: R² %.4f vs %.4f (%+.4f), "
                + "RMSE %.4f vs %.4f%n", net.r2(), line.r2(), gain, net.rmse(), line.rmse());
        out.println(gain <= 0 ? "The MLP does not beat the linear model here."
                : gain < 0.05 ? "The MLP is ahead, by a small margin." : "The MLP is clearly ahead.");
        if (gain < 0.05) {
            out.println("Why the margin is small: on the log scale the relation between these features and future\n"
                    + "spend is close to linear, and what no model explains is mostly whether a customer comes back\n"
                    + "at all. A network can bend where a line cannot, but it has little to bend and a few thousand\n"
                    + "customers to learn from. (The default MLP was chosen on the training customers alone, where\n"
                    + "every candidate came within 0.01 R² of the line.)");
        }
        out.printf(Locale.ROOT, "For scale: knowing only who comes back, and predicting the returners' mean log1p spend "
                + "for them,%nwould give R² %.4f on the same customers.%n%n", whoComesBackR2(data.yTest()));

        // 6. Predict: the quarter after the data end, for every customer with a purchase in the 9 months before.
        LocalDateTime asOf = data.end();
        List<SpendForecast> next = model.predict(purchases, asOf);
        out.printf(Locale.ROOT, "6. Forecast from %s for the next %d days, for the %,d customers with a purchase in "
                + "the %d days before (no actual figures: the data end here)%n", asOf, model.targetSpan().toDays(),
                next.size(), data.featureSpan().toDays());
        for (SpendForecast f : next.subList(0, Math.min(3, next.size()))) {
            out.printf(Locale.ROOT, "  customer %d: log1p %.3f, £%,.2f%n", f.customerId(), f.log1pSpend(), f.spend());
        }
        out.printf(Locale.ROOT, "%nDone in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /**
     * The R² of an oracle that knows which customers spend anything ({@code y > 0}) and predicts 0 for the
     * others and the returners' mean for them: how much of the variance is the question "will they come
     * back?" alone.
     */
    static double whoComesBackR2(float[] y) {
        double mean = 0;
        double returnersMean = 0;
        int returners = 0;
        for (float v : y) {
            mean += v;
            if (v > 0) {
                returnersMean += v;
                returners++;
            }
        }
        mean /= y.length;
        returnersMean = returners == 0 ? 0 : returnersMean / returners;
        double residual = 0;
        double total = 0;
        for (float v : y) {
            double p = v > 0 ? returnersMean : 0;
            residual += (v - p) * (v - p);
            total += (v - mean) * (v - mean);
        }
        return 1 - residual / total;
    }

    /**
     * {@code n} customers at evenly spaced ranks of actual spend, lowest to highest (ties by id), so the
     * sample shows the many who did not come back as well as the big spenders.
     */
    static List<SpendModel.HeldOutCustomer> spread(List<SpendModel.HeldOutCustomer> customers, int n) {
        List<SpendModel.HeldOutCustomer> sorted = new ArrayList<>(customers);
        sorted.sort(Comparator.comparingDouble(SpendModel.HeldOutCustomer::actualSpend)
                .thenComparingLong(SpendModel.HeldOutCustomer::customerId));
        List<SpendModel.HeldOutCustomer> picked = new ArrayList<>();
        int k = Math.min(n, sorted.size());
        for (int i = 0; i < k; i++) {
            int rank = k == 1 ? 0 : (int) Math.round((double) i * (sorted.size() - 1) / (k - 1));
            picked.add(sorted.get(rank));
        }
        return picked;
    }

    private static String abbreviate(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + ".";
    }

    /** Parses the command line by hand; null for {@code --help}. */
    static Options parse(String[] args) {
        Path data = null;
        long seed = SpendData.DEFAULT_SEED;
        double testFraction = SpendData.DEFAULT_TEST_FRACTION;
        LocalDate cutoff = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return null;
            }
            if (!List.of("--data", "--seed", "--test-fraction", "--cutoff").contains(a)) {
                throw new IllegalArgumentException("unknown option '" + a + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--data" -> data = Path.of(v);
                case "--seed" -> {
                    try {
                        seed = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seed needs a whole number, got '" + v + "'");
                    }
                }
                case "--test-fraction" -> {
                    try {
                        testFraction = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        testFraction = Double.NaN;
                    }
                    if (!(testFraction > 0 && testFraction < 1)) {
                        throw new IllegalArgumentException("--test-fraction needs a number between 0 and 1 (exclusive), "
                                + "got '" + v + "'");
                    }
                }
                default -> {
                    try {
                        cutoff = LocalDate.parse(v);
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("--cutoff needs a date YYYY-MM-DD, got '" + v + "'");
                    }
                }
            }
        }
        return new Options(data, seed, testFraction, cutoff);
    }
}
