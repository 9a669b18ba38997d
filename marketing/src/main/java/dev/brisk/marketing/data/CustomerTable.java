package dev.brisk.marketing.data;

import dev.brisk.datasets.RetailTransaction;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One row per customer, describing how they bought during a time window: the classic RFM triple
 * (recency, frequency, monetary value) plus tenure, average basket value, product variety and
 * country. It is the input of customer segmentation (k-means on the scaled columns) and of spend
 * prediction (see {@link SpendSplit}).
 *
 * <pre>{@code
 * List<RetailTransaction> purchases = RetailCleaner.standard().clean(OnlineRetail.load().transactions()).transactions();
 * CustomerTable table = CustomerTable.build(purchases);          // the whole period, as of the day after it
 * table.size();                                                  // 4338 customers
 * int row = table.rowOf(12347);
 * table.get(row, CustomerTable.Column.FREQUENCY);               // 7.0 invoices
 * FeatureScaler scaler = FeatureScaler.fit(table.columnNames(), table.values(), CustomerTable.LOG1P_COLUMNS);
 * float[] x = scaler.transformToFloat(table.values());          // [size() x 6], row-major, for the engine
 * FeatureMatrix m = scaler.transformToMatrix(table.values());   // the same, named, for the regressors
 * }</pre>
 *
 * <h2>The columns</h2>
 * Computed from the customer's transactions whose date lies in the window {@code [from, to)}, and
 * measured at a reference time {@code asOf} (no earlier than {@code to}, so that no purchase lies in
 * the future):
 * <table>
 * <caption>Columns, in matrix order</caption>
 * <tr><th>{@link Column}</th><th>name</th><th>value</th></tr>
 * <tr><td>{@link Column#RECENCY_DAYS}</td><td>{@code recency_days}</td><td>days from the last purchase to
 *     {@code asOf}, with fractions: a purchase 36 hours before {@code asOf} gives 1.5</td></tr>
 * <tr><td>{@link Column#FREQUENCY}</td><td>{@code frequency}</td><td>the number of distinct invoices</td></tr>
 * <tr><td>{@link Column#MONETARY}</td><td>{@code monetary}</td><td>the sum of {@code quantity * unitPrice},
 *     in pounds</td></tr>
 * <tr><td>{@link Column#TENURE_DAYS}</td><td>{@code tenure_days}</td><td>days from the first purchase
 *     <em>in the window</em> to {@code asOf}; the data begin on 1 December 2010, so for older
 *     customers this is a lower bound</td></tr>
 * <tr><td>{@link Column#AVERAGE_BASKET}</td><td>{@code average_basket_value}</td><td>monetary / frequency</td></tr>
 * <tr><td>{@link Column#DISTINCT_PRODUCTS}</td><td>{@code distinct_products}</td><td>the number of distinct
 *     stock codes bought</td></tr>
 * </table>
 * Every value is finite, and all but recency and tenure are positive. The {@link #country(int)}, which is
 * not a number, is kept beside the matrix: the country on most of the customer's lines in the window,
 * and on a tie the one first in alphabetical order ({@link String#compareTo}), so that the result does
 * not depend on the order of the lines. (Eight customers of the data set have lines in two countries.)
 *
 * <h2>Rows</h2>
 * One per customer with at least one transaction in the window, ordered by customer id. A window with
 * no transactions gives a table with no rows, not an error; {@link FeatureScaler#fit} is the step that
 * refuses an empty table.
 *
 * <h2>Input</h2>
 * The transactions must be cleaned ({@link RetailCleaner#standard()}): each must have a customer, a
 * positive quantity and price, and not be a cancellation, or {@link #build} throws an
 * {@link IllegalArgumentException} naming the first one that does not (its index and invoice). Without
 * that, a customer's "frequency" would count returns as visits and "monetary" could be negative.
 * Duplicates are not detected here: they would count twice in {@code monetary}.
 */
public final class CustomerTable {

    /** The numeric columns, in matrix order. */
    public enum Column {
        /** Days from the last purchase in the window to the reference time. */
        RECENCY_DAYS("recency_days"),
        /** Distinct invoices in the window. */
        FREQUENCY("frequency"),
        /** Total spend in the window, in pounds. */
        MONETARY("monetary"),
        /** Days from the first purchase in the window to the reference time. */
        TENURE_DAYS("tenure_days"),
        /** Monetary value per invoice. */
        AVERAGE_BASKET("average_basket_value"),
        /** Distinct stock codes bought in the window. */
        DISTINCT_PRODUCTS("distinct_products");

        private final String label;

        Column(String label) {
            this.label = label;
        }

        /** The column's name in {@link #columnNames()}, scaler files and reports, e.g. {@code "recency_days"}. */
        public String label() {
            return label;
        }
    }

    private static final Column[] COLUMNS = Column.values();
    private static final int WIDTH = COLUMNS.length;

    /**
     * The columns that are strongly right-skewed and usually log1p-transformed before standardizing:
     * all but tenure. On the cleaned full data set, monetary value runs from £3.75 to £280,206 with a
     * median of £668.57, and frequency from 1 to 209 with a median of 2. Standardized as it is, the
     * monetary column puts 90% of the customers between -0.22 and +0.42 and one at +31, which is what
     * k-means and gradient descent handle worst; after log1p the same 90% spread from -1.5 to +1.7 and
     * the extremes are -4.0 and +4.7. Tenure is spread over the year fairly evenly.
     */
    public static final List<String> LOG1P_COLUMNS = List.of(Column.RECENCY_DAYS.label(), Column.FREQUENCY.label(),
            Column.MONETARY.label(), Column.AVERAGE_BASKET.label(), Column.DISTINCT_PRODUCTS.label());

    private static final double SECONDS_PER_DAY = 86_400;

    private final LocalDateTime from;
    private final LocalDateTime to;
    private final LocalDateTime asOf;
    private final long[] customerIds;
    private final String[] countries;
    private final double[] values; // row-major, customerIds.length x WIDTH

    private CustomerTable(LocalDateTime from, LocalDateTime to, LocalDateTime asOf, long[] customerIds,
                          String[] countries, double[] values) {
        this.from = from;
        this.to = to;
        this.asOf = asOf;
        this.customerIds = customerIds;
        this.countries = countries;
        this.values = values;
    }

    /**
     * The customers' features over the whole span of the transactions, as of midnight after the last
     * one: the window is {@code [first transaction, that midnight)}. (Measuring "as of the next day"
     * is the usual convention, so that the most recent customers have a recency of a fraction of a
     * day rather than zero.) For the full data set that is {@code [2010-12-01T08:26, 2011-12-10T00:00)}.
     *
     * @throws IllegalArgumentException if there are no transactions (there is no span), or one is not clean
     */
    public static CustomerTable build(List<RetailTransaction> transactions) {
        if (transactions.isEmpty()) {
            throw new IllegalArgumentException("customer table: no transactions, so no time window to build over; "
                    + "give the window explicitly with build(transactions, from, to, asOf) for an empty table");
        }
        LocalDateTime first = transactions.getFirst().invoiceDate();
        LocalDateTime last = first;
        for (RetailTransaction t : transactions) {
            LocalDateTime d = t.invoiceDate();
            if (d.isBefore(first)) {
                first = d;
            }
            if (d.isAfter(last)) {
                last = d;
            }
        }
        LocalDateTime end = last.toLocalDate().plusDays(1).atTime(LocalTime.MIDNIGHT);
        return build(transactions, first, end, end);
    }

    /**
     * The features of the customers who bought in {@code [from, to)}, measured as of {@code asOf}.
     * Transactions outside the window are ignored (but must still be clean).
     *
     * @throws IllegalArgumentException if {@code from} is not before {@code to}, {@code asOf} is before
     *         {@code to}, or a transaction is not clean (see the class comment)
     */
    public static CustomerTable build(List<RetailTransaction> transactions, LocalDateTime from, LocalDateTime to,
                                      LocalDateTime asOf) {
        checkWindow(from, to, asOf);
        Map<Long, Customer> byId = new HashMap<>();
        for (int i = 0; i < transactions.size(); i++) {
            RetailTransaction t = transactions.get(i);
            requireClean(t, i);
            if (inWindow(t, from, to)) {
                byId.computeIfAbsent(t.customerId(), id -> new Customer()).add(t);
            }
        }
        long[] ids = byId.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        String[] countries = new String[ids.length];
        double[] values = new double[ids.length * WIDTH];
        for (int r = 0; r < ids.length; r++) {
            Customer c = byId.get(ids[r]);
            countries[r] = c.country();
            int o = r * WIDTH;
            values[o + Column.RECENCY_DAYS.ordinal()] = days(c.last, asOf);
            values[o + Column.FREQUENCY.ordinal()] = c.invoices.size();
            values[o + Column.MONETARY.ordinal()] = c.monetary;
            values[o + Column.TENURE_DAYS.ordinal()] = days(c.first, asOf);
            values[o + Column.AVERAGE_BASKET.ordinal()] = c.monetary / c.invoices.size();
            values[o + Column.DISTINCT_PRODUCTS.ordinal()] = c.products.size();
        }
        return new CustomerTable(from, to, asOf, ids, countries, values);
    }

    static void checkWindow(LocalDateTime from, LocalDateTime to, LocalDateTime asOf) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(asOf, "asOf");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("customer table: the window [" + from + ", " + to + ") is empty");
        }
        if (asOf.isBefore(to)) {
            throw new IllegalArgumentException("customer table: as-of time " + asOf + " is before the end of the window "
                    + to + ", so some purchases would lie in the future");
        }
    }

    static boolean inWindow(RetailTransaction t, LocalDateTime from, LocalDateTime to) {
        LocalDateTime d = t.invoiceDate();
        return !d.isBefore(from) && d.isBefore(to);
    }

    /** Throws unless {@code t} is what {@link RetailCleaner#standard()} keeps (duplicates aside). */
    static void requireClean(RetailTransaction t, int index) {
        String problem = !t.hasCustomer() ? "has no CustomerID"
                : t.isCancellation() ? "is a cancellation"
                : t.quantity() <= 0 ? "has Quantity " + t.quantity()
                : !(t.unitPrice() > 0) ? "has UnitPrice " + t.unitPrice()
                : null;
        if (problem != null) {
            throw new IllegalArgumentException("customer table: transaction " + index + " (invoice " + t.invoiceNo()
                    + ", stock code " + t.stockCode() + ") " + problem
                    + "; customer features need cleaned transactions (RetailCleaner.standard().clean(...))");
        }
    }

    private static double days(LocalDateTime from, LocalDateTime to) {
        return ChronoUnit.SECONDS.between(from, to) / SECONDS_PER_DAY;
    }

    /** One customer's running totals. */
    private static final class Customer {
        LocalDateTime first;
        LocalDateTime last;
        double monetary;
        final Set<String> invoices = new HashSet<>();
        final Set<String> products = new HashSet<>();
        final Map<String, Integer> countryLines = new HashMap<>(4);

        void add(RetailTransaction t) {
            LocalDateTime d = t.invoiceDate();
            if (first == null || d.isBefore(first)) {
                first = d;
            }
            if (last == null || d.isAfter(last)) {
                last = d;
            }
            monetary += t.amount();
            invoices.add(t.invoiceNo());
            products.add(t.stockCode());
            countryLines.merge(t.country(), 1, Integer::sum);
        }

        /** The country on most lines; on a tie, the first in alphabetical order. */
        String country() {
            String best = null;
            int bestCount = 0;
            for (Map.Entry<String, Integer> e : countryLines.entrySet()) {
                int n = e.getValue();
                if (n > bestCount || n == bestCount && e.getKey().compareTo(best) < 0) {
                    best = e.getKey();
                    bestCount = n;
                }
            }
            return best;
        }
    }

    // ------------------------------------------------------------------ reading the table

    /** The number of customers (rows). */
    public int size() {
        return customerIds.length;
    }

    /** The number of numeric columns, 6. */
    public int columnCount() {
        return WIDTH;
    }

    /** The names of the numeric columns, in matrix order: {@code recency_days, frequency, ...}. */
    public List<String> columnNames() {
        return Arrays.stream(COLUMNS).map(Column::label).toList();
    }

    /** The customer id of row {@code row}. */
    public long customerId(int row) {
        return customerIds[Objects.checkIndex(row, customerIds.length)];
    }

    /** The customer ids, by row (ascending). A copy. */
    public long[] customerIds() {
        return customerIds.clone();
    }

    /** The row of customer {@code customerId}, or -1 if the customer did not buy in the window. */
    public int rowOf(long customerId) {
        int r = Arrays.binarySearch(customerIds, customerId);
        return r < 0 ? -1 : r;
    }

    /** The customer's country (the most frequent on their lines; see the class comment). */
    public String country(int row) {
        return countries[Objects.checkIndex(row, countries.length)];
    }

    /** The countries, by row. */
    public List<String> countries() {
        return List.of(countries);
    }

    /** The value of {@code column} for row {@code row}. */
    public double get(int row, Column column) {
        return values[Objects.checkIndex(row, customerIds.length) * WIDTH + column.ordinal()];
    }

    /** One column, by row. A copy. */
    public double[] column(Column column) {
        double[] c = new double[customerIds.length];
        for (int r = 0; r < c.length; r++) {
            c[r] = values[r * WIDTH + column.ordinal()];
        }
        return c;
    }

    /** All numeric values, row-major ({@code size() x columnCount()}), in double precision. A copy. */
    public double[] values() {
        return values.clone();
    }

    /**
     * All numeric values as a row-major float matrix, the engine's format:
     * {@code Tensor.of(table.toFloatMatrix(), table.size(), table.columnCount())}. Unscaled: for models,
     * scale first with a {@link FeatureScaler}.
     */
    public float[] toFloatMatrix() {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    /**
     * The unscaled values as the marketing models' input, a {@link FeatureMatrix} with the column
     * names. (For models, scale first: {@link FeatureScaler#transformToMatrix}.)
     *
     * @throws IllegalArgumentException if the table has no rows, which a {@code FeatureMatrix} cannot hold
     */
    public FeatureMatrix toFeatureMatrix() {
        if (customerIds.length == 0) {
            throw new IllegalArgumentException("customer table: no customers bought in [" + from + ", " + to
                    + "), and a FeatureMatrix needs at least one row");
        }
        return FeatureMatrix.of(toFloatMatrix(), WIDTH).withNames(columnNames());
    }

    /** The start of the window (inclusive). */
    public LocalDateTime from() {
        return from;
    }

    /** The end of the window (exclusive). */
    public LocalDateTime to() {
        return to;
    }

    /** The reference time recency and tenure are measured to. */
    public LocalDateTime asOf() {
        return asOf;
    }

    /** E.g. {@code CustomerTable[4,338 customers x 6 columns, window [2010-12-01T08:26, 2011-12-10T00:00), as of 2011-12-10T00:00]}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "CustomerTable[%,d customers x %d columns, window [%s, %s), as of %s]",
                size(), WIDTH, from, to, asOf);
    }
}
