package dev.brisk.marketing.data;

import dev.brisk.datasets.RetailTransaction;

import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Customer features from one period and each customer's spend in the next, for learning to predict
 * future spend: the features are what was known at the cutoff, the target what happened after it.
 *
 * <pre>{@code
 * // Features from the first nine months, target = spend in the last three (and a bit: to 9 December).
 * SpendSplit split = SpendSplit.at(purchases,
 *         LocalDateTime.of(2010, 12, 1, 0, 0),     // start
 *         LocalDateTime.of(2011, 9, 1, 0, 0),      // cutoff
 *         LocalDateTime.of(2011, 12, 10, 0, 0));   // end
 * CustomerTable x = split.features();               // as of the cutoff
 * float[] y = split.futureSpendAsFloat();           // by row of x; 0 for customers who did not come back
 * FeatureScaler scaler = FeatureScaler.fit(x.columnNames(), x.values(), CustomerTable.LOG1P_COLUMNS);
 * new LinearRegression().fit(scaler.transformToMatrix(x.values()), y);
 * }</pre>
 *
 * <h2>Which customers</h2>
 * The rows are the customers with at least one purchase in {@code [start, cutoff)}: only they have
 * features. Their target is their spend ({@code sum quantity * unitPrice}) in {@code [cutoff, end)},
 * which is 0 for those who bought nothing then, and such customers are kept: predicting who will not
 * come back is half the task. Customers whose first purchase in {@code [start, end)} falls after the
 * cutoff have no features and are left out; {@link #newCustomers()} and {@link #newCustomerSpend()} say
 * how many there were and what they spent, so that the omission is visible, not silent.
 *
 * <p>Features are measured as of the cutoff ({@link CustomerTable#asOf()} is the cutoff), so nothing
 * after it leaks into them. The transactions must be cleaned, as for {@link CustomerTable}.
 */
public final class SpendSplit {

    private final CustomerTable features;
    private final double[] futureSpend;
    private final LocalDateTime end;
    private final int newCustomers;
    private final double newCustomerSpend;

    private SpendSplit(CustomerTable features, double[] futureSpend, LocalDateTime end, int newCustomers,
                       double newCustomerSpend) {
        this.features = features;
        this.futureSpend = futureSpend;
        this.end = end;
        this.newCustomers = newCustomers;
        this.newCustomerSpend = newCustomerSpend;
    }

    /**
     * Splits at {@code cutoff}: features from {@code [start, cutoff)} as of the cutoff, targets from
     * {@code [cutoff, end)}.
     *
     * @throws IllegalArgumentException unless {@code start < cutoff < end}, or if a transaction is not clean
     */
    public static SpendSplit at(List<RetailTransaction> transactions, LocalDateTime start, LocalDateTime cutoff,
                                LocalDateTime end) {
        Objects.requireNonNull(end, "end");
        if (!Objects.requireNonNull(cutoff, "cutoff").isBefore(end)) {
            throw new IllegalArgumentException("spend split: the cutoff " + cutoff + " is not before the end " + end);
        }
        CustomerTable features = CustomerTable.build(transactions, start, cutoff, cutoff);
        double[] spend = new double[features.size()];
        Set<Long> newIds = new HashSet<>();
        double newSpend = 0;
        for (RetailTransaction t : transactions) {
            if (CustomerTable.inWindow(t, cutoff, end)) {
                int row = features.rowOf(t.customerId());
                if (row >= 0) {
                    spend[row] += t.amount();
                } else {
                    newIds.add(t.customerId());
                    newSpend += t.amount();
                }
            }
        }
        return new SpendSplit(features, spend, end, newIds.size(), newSpend);
    }

    /** The features of the customers who bought before the cutoff, as of the cutoff. */
    public CustomerTable features() {
        return features;
    }

    /** Each customer's spend in {@code [cutoff, end)}, by row of {@link #features()}; 0 if none. A copy. */
    public double[] futureSpend() {
        return futureSpend.clone();
    }

    /** {@link #futureSpend()} in single precision, as the engine's targets. */
    public float[] futureSpendAsFloat() {
        float[] f = new float[futureSpend.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) futureSpend[i];
        }
        return f;
    }

    /** The start of the feature window. */
    public LocalDateTime start() {
        return features.from();
    }

    /** The end of the feature window and the start of the target window. */
    public LocalDateTime cutoff() {
        return features.to();
    }

    /** The end of the target window (exclusive). */
    public LocalDateTime end() {
        return end;
    }

    /** How many of the customers bought again in {@code [cutoff, end)} (a target above 0). */
    public int returningCustomers() {
        int n = 0;
        for (double s : futureSpend) {
            if (s > 0) {
                n++;
            }
        }
        return n;
    }

    /** How many customers bought in {@code [cutoff, end)} without having bought in {@code [start, cutoff)}: left out. */
    public int newCustomers() {
        return newCustomers;
    }

    /** What the left-out {@linkplain #newCustomers() new customers} spent in {@code [cutoff, end)}. */
    public double newCustomerSpend() {
        return newCustomerSpend;
    }

    /** E.g. {@code SpendSplit[3,000 customers, features [..., ...), target [..., ...): 1,800 returning; 700 new customers left out]}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SpendSplit[%,d customers, features [%s, %s), target [%s, %s): %,d returning; "
                        + "%,d new customers (spend %.2f) left out]", features.size(), start(), cutoff(), cutoff(), end,
                returningCustomers(), newCustomers, newCustomerSpend);
    }
}
