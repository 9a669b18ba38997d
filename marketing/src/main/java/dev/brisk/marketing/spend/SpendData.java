package dev.brisk.marketing.spend;

import dev.brisk.datasets.RetailTransaction;
import dev.brisk.marketing.data.CustomerTable;
import dev.brisk.marketing.data.FeatureMatrix;
import dev.brisk.marketing.data.FeatureScaler;
import dev.brisk.marketing.data.SpendSplit;
import dev.brisk.marketing.regression.Split;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The spend-prediction problem, ready to learn: one row of features per customer from a first period,
 * each customer's spend in the period after it as the target, and the customers divided at random into
 * a training part and a held-out test part. {@link SpendModel#fit(SpendData)} learns from it.
 *
 * <pre>{@code
 * List<RetailTransaction> purchases = RetailCleaner.standard().clean(OnlineRetail.load().transactions()).transactions();
 * SpendData data = SpendData.prepare(purchases);     // first 9 months -> the rest; 20% of customers held out, seed 42
 * data.customers();                                  // 3,317 customers bought before 2011-09-01
 * data.xTrain();                                     // their features, scaled; [2,654 x 7]
 * data.yTrain();                                     // log1p(spend from 2011-09-01 to 2011-12-09)
 *
 * SpendData other = SpendData.from(purchases)        // the same with other choices
 *         .cutoff(LocalDateTime.of(2011, 6, 1, 0, 0)).testFraction(0.25).seed(7)
 *         .prepare();
 * }</pre>
 *
 * <h2>The time windows</h2>
 * Features come from {@code [start, cutoff)}, the target from {@code [cutoff, end)} (see
 * {@link SpendSplit}). By default {@code start} is midnight before the first transaction, the cutoff
 * nine months later and {@code end} midnight after the last transaction. On Online Retail that is
 * features from 2010-12-01 to 2011-08-31 and the target from 2011-09-01 to 2011-12-09: three months
 * and nine days, autumn and the run-up to Christmas, the shop's busiest season.
 *
 * <h2>The features</h2>
 * The {@link CustomerTable} columns measured at the cutoff (recency, frequency, monetary value, tenure,
 * average basket value, distinct products), plus {@value #IS_UK}: 1 if the customer's country is the
 * United Kingdom, else 0. The country is reduced to that one indicator because nine customers in ten
 * are British (2,989 of the 3,317 with the default windows) and the other 35 countries have 1 to 72
 * customers each: one column per country would give most columns a handful of ones, which a model
 * fitted on 2,654 customers can only memorise. The indicator keeps what can be learned, home market or
 * export.
 *
 * <p>The columns in {@link CustomerTable#LOG1P_COLUMNS} (all but tenure, and not the indicator) are
 * log1p-transformed, then every column is standardized, by a {@link FeatureScaler} fitted on the
 * <em>training customers only</em>: the test customers are scaled with the training customers' means
 * and deviations, as a new customer would be.
 *
 * <h2>The target</h2>
 * {@code log1p(spend in [cutoff, end))}, in pounds before the log; 0 for the customers who did not come
 * back, who are kept (about two in five on Online Retail). Spend is as skewed as the monetary feature
 * (a few wholesalers spend a hundred times the median), and squared error on pounds would be a
 * contest about those few; on the log scale an error is relative: predicting £200 for £100 costs as much
 * as £2,000 for £1,000.
 *
 * <h2>The held-out customers</h2>
 * {@link Split#trainTest} on the customers, seeded: by default 20% of them, seed 42. Everything fitted
 * (the scaler, the models, an MLP's early stopping) sees only the training part.
 *
 * <h2>Bad input</h2>
 * The transactions must be cleaned ({@code RetailCleaner.standard()}); {@link Builder#prepare()} throws
 * an {@link IllegalArgumentException} that says what is wrong, with the dates involved, if there are no
 * transactions, the windows are not in order, the cutoff lies outside the data, a window has no
 * purchases, fewer than {@value #MIN_CUSTOMERS} customers have features, or none of them came back.
 */
public final class SpendData {

    /** The name of the home-market indicator column. */
    public static final String IS_UK = "is_uk";
    /** The country {@value #IS_UK} tests for, as the data spell it. */
    public static final String HOME_COUNTRY = "United Kingdom";
    /** The feature columns, in matrix order: the {@link CustomerTable} columns, then {@value #IS_UK}. */
    public static final List<String> COLUMNS;
    /** The columns log1p-transformed before standardizing: {@link CustomerTable#LOG1P_COLUMNS}. */
    public static final List<String> LOG1P_COLUMNS = CustomerTable.LOG1P_COLUMNS;
    /** The default length of the feature window, in months. */
    public static final int DEFAULT_FEATURE_MONTHS = 9;
    /** The default share of customers held out for testing. */
    public static final double DEFAULT_TEST_FRACTION = 0.2;
    /** The default seed of the held-out split. */
    public static final long DEFAULT_SEED = 42;
    /**
     * The fewest customers with features that {@link Builder#prepare()} accepts: with fewer, the held-out
     * part is a handful of customers and its scores say nothing.
     */
    public static final int MIN_CUSTOMERS = 10;

    static {
        List<String> names = new ArrayList<>();
        for (CustomerTable.Column c : CustomerTable.Column.values()) {
            names.add(c.label());
        }
        names.add(IS_UK);
        COLUMNS = List.copyOf(names);
    }

    private final SpendSplit split;
    private final double[] values;
    private final float[] target;
    private final Split heldOut;
    private final double testFraction;
    private final long seed;
    private final FeatureScaler scaler;
    private final FeatureMatrix x;

    private SpendData(SpendSplit split, double[] values, float[] target, Split heldOut, double testFraction, long seed,
                      FeatureScaler scaler) {
        this.split = split;
        this.values = values;
        this.target = target;
        this.heldOut = heldOut;
        this.testFraction = testFraction;
        this.seed = seed;
        this.scaler = scaler;
        this.x = scaler.transformToMatrix(values);
    }

    /** The problem with the defaults: {@code from(transactions).prepare()}. */
    public static SpendData prepare(List<RetailTransaction> transactions) {
        return from(transactions).prepare();
    }

    /** A builder over cleaned transactions, holding the defaults until changed. */
    public static Builder from(List<RetailTransaction> transactions) {
        return new Builder(transactions);
    }

    /**
     * The raw feature values of a customer table, row-major {@code [size() x COLUMNS.size()]}: its six
     * numeric columns, then {@value #IS_UK}.
     */
    public static double[] featureValues(CustomerTable table) {
        int w = table.columnCount();
        int width = w + 1;
        double[] columns = table.values();
        double[] out = new double[table.size() * width];
        for (int r = 0; r < table.size(); r++) {
            System.arraycopy(columns, r * w, out, r * width, w);
            out[r * width + w] = HOME_COUNTRY.equals(table.country(r)) ? 1 : 0;
        }
        return out;
    }

    /** Choices for {@link SpendData}; every setter has a default (see the class comment). */
    public static final class Builder {
        private final List<RetailTransaction> transactions;
        private LocalDateTime start;
        private LocalDateTime cutoff;
        private LocalDateTime end;
        private double testFraction = DEFAULT_TEST_FRACTION;
        private long seed = DEFAULT_SEED;

        private Builder(List<RetailTransaction> transactions) {
            this.transactions = Objects.requireNonNull(transactions, "transactions");
        }

        /** The start of the feature window (default: midnight before the first transaction). */
        public Builder start(LocalDateTime start) {
            this.start = Objects.requireNonNull(start, "start");
            return this;
        }

        /** The end of the feature window and start of the target window (default: start + 9 months). */
        public Builder cutoff(LocalDateTime cutoff) {
            this.cutoff = Objects.requireNonNull(cutoff, "cutoff");
            return this;
        }

        /** The end of the target window, exclusive (default: midnight after the last transaction). */
        public Builder end(LocalDateTime end) {
            this.end = Objects.requireNonNull(end, "end");
            return this;
        }

        /** The share of customers held out for testing, in (0, 1) (default 0.2). */
        public Builder testFraction(double testFraction) {
            if (!(testFraction > 0 && testFraction < 1)) {
                throw new IllegalArgumentException("spend data: the test fraction must be in (0, 1), got " + testFraction);
            }
            this.testFraction = testFraction;
            return this;
        }

        /** The seed of the held-out split (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Computes features and targets, holds out the test customers and fits the feature scaler on the
         * others.
         *
         * @throws IllegalArgumentException as the class comment lists, or if a transaction is not clean
         */
        public SpendData prepare() {
            if (transactions.isEmpty()) {
                throw new IllegalArgumentException("spend data: no transactions");
            }
            LocalDateTime first = transactions.getFirst().invoiceDate();
            LocalDateTime last = first;
            for (RetailTransaction t : transactions) {
                LocalDateTime d = t.invoiceDate();
                first = d.isBefore(first) ? d : first;
                last = d.isAfter(last) ? d : last;
            }
            LocalDateTime from = start != null ? start : first.toLocalDate().atStartOfDay();
            LocalDateTime to = cutoff != null ? cutoff : from.plusMonths(DEFAULT_FEATURE_MONTHS);
            LocalDateTime until = end != null ? end : last.toLocalDate().plusDays(1).atTime(LocalTime.MIDNIGHT);
            String range = "the transactions run from " + first + " to " + last;
            if (!from.isBefore(to) || !to.isBefore(until)) {
                throw new IllegalArgumentException("spend data: the windows must satisfy start < cutoff < end, got start "
                        + from + ", cutoff " + to + ", end " + until + "; " + range);
            }
            if (!to.isAfter(first) || to.isAfter(last)) {
                throw new IllegalArgumentException("spend data: the cutoff " + to + " is outside the data (" + range
                        + "); it must lie after the first transaction and no later than the last, so that there are "
                        + "purchases before it to learn from and after it to predict"
                        + (cutoff == null ? " (the default cutoff is " + DEFAULT_FEATURE_MONTHS
                        + " months after the start; give one with cutoff(...))" : ""));
            }
            int before = 0;
            int after = 0;
            for (RetailTransaction t : transactions) {
                LocalDateTime d = t.invoiceDate();
                if (!d.isBefore(from) && d.isBefore(to)) {
                    before++;
                } else if (!d.isBefore(to) && d.isBefore(until)) {
                    after++;
                }
            }
            if (before == 0 || after == 0) {
                throw new IllegalArgumentException("spend data: the " + (before == 0 ? "feature window [" + from + ", " + to
                        : "target window [" + to + ", " + until) + ") holds no transactions; " + range);
            }
            SpendSplit split = SpendSplit.at(transactions, from, to, until);
            int n = split.features().size();
            if (n < MIN_CUSTOMERS) {
                throw new IllegalArgumentException("spend data: only " + n + " customer(s) bought in the feature window ["
                        + from + ", " + to + "); at least " + MIN_CUSTOMERS + " are needed to hold some out for testing");
            }
            if (split.returningCustomers() == 0) {
                throw new IllegalArgumentException("spend data: none of the " + n + " customers who bought in [" + from
                        + ", " + to + ") bought again in [" + to + ", " + until + "), so every target is 0 and there is "
                        + "nothing to learn (" + split.newCustomers() + " new customer(s) bought then, who have no features)");
            }

            double[] values = featureValues(split.features());
            double[] spend = split.futureSpend();
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                y[i] = (float) Math.log1p(spend[i]);
            }
            Split heldOut = Split.trainTest(n, testFraction, seed);
            FeatureScaler scaler = FeatureScaler.fit(COLUMNS, rows(values, heldOut.trainIndices()), LOG1P_COLUMNS);
            return new SpendData(split, values, y, heldOut, testFraction, seed, scaler);
        }
    }

    /** The rows {@code indices} of a row-major matrix of {@link #COLUMNS}. */
    private static double[] rows(double[] values, int[] indices) {
        int w = COLUMNS.size();
        double[] out = new double[indices.length * w];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(values, indices[i] * w, out, i * w, w);
        }
        return out;
    }

    // ------------------------------------------------------------------ the problem

    /** The split in time: the customer table at the cutoff, the spend after it, the new customers left out. */
    public SpendSplit spendSplit() {
        return split;
    }

    /** The customers with features (rows), training and test together. */
    public int customers() {
        return target.length;
    }

    /** The customer of row {@code row}. */
    public long customerId(int row) {
        return split.features().customerId(row);
    }

    /** The start of the feature window. */
    public LocalDateTime start() {
        return split.start();
    }

    /** The end of the feature window and the start of the target window. */
    public LocalDateTime cutoff() {
        return split.cutoff();
    }

    /** The end of the target window (exclusive). */
    public LocalDateTime end() {
        return split.end();
    }

    /** The length of the feature window, which {@link SpendModel#predict} uses again for new customers. */
    public Duration featureSpan() {
        return Duration.between(start(), cutoff());
    }

    /** The length of the target window: the period a prediction is for. */
    public Duration targetSpan() {
        return Duration.between(cutoff(), end());
    }

    /** The raw (unscaled) feature values of every customer, row-major over {@link #COLUMNS}. A copy. */
    public double[] featureValues() {
        return values.clone();
    }

    /** Every customer's scaled features, by row. */
    public FeatureMatrix x() {
        return x;
    }

    /** Every customer's target, {@code log1p(spend after the cutoff)}, by row. A copy. */
    public float[] y() {
        return target.clone();
    }

    /** Each customer's spend after the cutoff in pounds, by row. A copy. */
    public double[] spend() {
        return split.futureSpend();
    }

    /** Which rows are trained on and which held out. */
    public Split heldOut() {
        return heldOut;
    }

    /** The share of customers held out. */
    public double testFraction() {
        return testFraction;
    }

    /** The seed of the held-out split. */
    public long seed() {
        return seed;
    }

    /** The feature scaler, fitted on the training customers. */
    public FeatureScaler scaler() {
        return scaler;
    }

    /** The training customers' scaled features. */
    public FeatureMatrix xTrain() {
        return heldOut.train(x);
    }

    /** The training customers' targets. */
    public float[] yTrain() {
        return heldOut.train(target);
    }

    /** The held-out customers' scaled features. */
    public FeatureMatrix xTest() {
        return heldOut.test(x);
    }

    /** The held-out customers' targets. */
    public float[] yTest() {
        return heldOut.test(target);
    }

    /**
     * E.g. {@code SpendData[3,317 customers (2,654 train, 663 held out, seed 42), features [2010-12-01T00:00,
     * 2011-09-01T00:00), target [2011-09-01T00:00, 2011-12-10T00:00): 1,952 returning; 1,021 new left out]}.
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SpendData[%,d customers (%,d train, %,d held out, seed %d), features [%s, %s), "
                        + "target [%s, %s): %,d returning; %,d new left out]", customers(), heldOut.trainIndices().length,
                heldOut.testIndices().length, seed, start(), cutoff(), cutoff(), end(), split.returningCustomers(),
                split.newCustomers());
    }
}
