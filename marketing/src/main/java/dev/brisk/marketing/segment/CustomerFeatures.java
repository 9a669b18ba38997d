package dev.brisk.marketing.segment;

import dev.brisk.marketing.data.CustomerTable;
import dev.brisk.marketing.data.CustomerTable.Column;
import dev.brisk.marketing.data.FeatureScaler;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which numeric columns of a {@link CustomerTable} a segmentation clusters on, and which of them are
 * {@code log1p}-transformed before standardizing. Fitting gives a {@link FeatureScaler}, so that
 * customers assigned later are transformed exactly like the ones the segments were fitted on.
 *
 * <pre>{@code
 * CustomerFeatures rfm = CustomerFeatures.rfm();             // recency, frequency, monetary, all log1p
 * double[] raw = rfm.select(table.values());                 // [customers x 3], days, invoices, pounds
 * FeatureScaler scaler = rfm.fitScaler(raw);
 * float[] x = scaler.transformToFloat(raw);                  // what k-means runs on
 * }</pre>
 *
 * <h2>Why log1p for all three RFM columns, recency included</h2>
 * All three are strongly right-skewed on Online Retail: frequency runs from 1 to 209 invoices with a
 * median of 2, spend from £3.75 to £280,206 with a median of £669, and recency from 0.5 to 374 days
 * with a median of 51 (a quarter of the customers bought in the last 18 days, a quarter more than
 * 142 days ago). Standardized as they are, a handful of wholesalers would be the spread of the
 * frequency and monetary axes and k-means would spend its clusters on them. For recency the log also
 * says what a marketer means: the difference between 3 and 30 days since the last purchase matters,
 * that between 250 and 280 days hardly does. {@link CustomerTable#LOG1P_COLUMNS} makes the same
 * choice for recency, frequency and monetary.
 *
 * <p>Immutable.
 */
public final class CustomerFeatures {

    private static final CustomerFeatures RFM = new CustomerFeatures(
            List.of(Column.RECENCY_DAYS, Column.FREQUENCY, Column.MONETARY),
            EnumSet.of(Column.RECENCY_DAYS, Column.FREQUENCY, Column.MONETARY));

    private static final CustomerFeatures ALL;

    static {
        Set<Column> log = EnumSet.noneOf(Column.class);
        for (Column c : Column.values()) {
            if (CustomerTable.LOG1P_COLUMNS.contains(c.label())) {
                log.add(c);
            }
        }
        ALL = new CustomerFeatures(List.of(Column.values()), log);
    }

    private final List<Column> columns;
    private final Set<Column> log1p;

    private CustomerFeatures(List<Column> columns, Set<Column> log1p) {
        this.columns = List.copyOf(columns);
        this.log1p = log1p.isEmpty() ? EnumSet.noneOf(Column.class) : EnumSet.copyOf(log1p);
    }

    /** Recency (days), frequency (invoices) and monetary value (pounds), each log1p then standardized. */
    public static CustomerFeatures rfm() {
        return RFM;
    }

    /**
     * All six numeric columns of {@link CustomerTable}, in its order, with log1p on
     * {@link CustomerTable#LOG1P_COLUMNS} (all but tenure), then standardized: the input of the
     * autoencoder, and the common space in which {@link SegmentationComparison} scores every labeling.
     */
    public static CustomerFeatures all() {
        return ALL;
    }

    /**
     * Any columns, in the order given, log1p on those in {@code log1p}.
     *
     * @throws IllegalArgumentException for no columns, a column given twice, or a log1p column that
     *         is not among the columns
     */
    public static CustomerFeatures of(List<Column> columns, Set<Column> log1p) {
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(log1p, "log1p");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("customer features: no columns chosen");
        }
        if (EnumSet.copyOf(columns).size() != columns.size()) {
            throw new IllegalArgumentException("customer features: a column appears twice in " + columns);
        }
        for (Column c : log1p) {
            if (!columns.contains(c)) {
                throw new IllegalArgumentException("customer features: log1p column " + c.label() + " is not one of "
                        + names(columns));
            }
        }
        return new CustomerFeatures(columns, log1p);
    }

    /** The columns, in the order of the selected matrix. */
    public List<Column> columns() {
        return columns;
    }

    /** The column names, e.g. {@code [recency_days, frequency, monetary]}. */
    public List<String> names() {
        return names(columns);
    }

    private static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::label).toList();
    }

    /** The number of columns. */
    public int width() {
        return columns.size();
    }

    /** Whether {@code column} is log1p-transformed before standardizing. */
    public boolean isLog1p(Column column) {
        return log1p.contains(column);
    }

    /**
     * This selection's columns of a table's values ({@link CustomerTable#values()}: row-major, all
     * {@link CustomerTable#columnCount()} columns), row-major in {@link #columns()} order.
     *
     * @throws IllegalArgumentException if the length is not a whole number of table rows
     */
    public double[] select(double[] tableValues) {
        int width = Column.values().length;
        if (tableValues.length % width != 0) {
            throw new IllegalArgumentException("customer features: " + tableValues.length
                    + " values are not whole rows of the customer table's " + width + " columns");
        }
        int rows = tableValues.length / width;
        int w = columns.size();
        double[] out = new double[rows * w];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < w; j++) {
                out[r * w + j] = tableValues[r * width + columns.get(j).ordinal()];
            }
        }
        return out;
    }

    /**
     * The scaler of these columns fitted on {@code selected} ({@link #select} of the customers to
     * segment): log1p where chosen, then mean 0 and standard deviation 1.
     *
     * @throws IllegalArgumentException as {@link FeatureScaler#fit} does (no rows, a value that is not
     *         finite or is at most -1 in a log1p column, naming its row and column)
     */
    public FeatureScaler fitScaler(double[] selected) {
        List<String> log = new ArrayList<>();
        for (Column c : columns) {
            if (log1p.contains(c)) {
                log.add(c.label());
            }
        }
        return FeatureScaler.fit(names(), selected, log);
    }

    /** E.g. {@code log1p(recency_days), log1p(frequency), log1p(monetary), standardized}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (Column c : columns) {
            parts.add(log1p.contains(c) ? "log1p(" + c.label() + ")" : c.label());
        }
        return String.join(", ", parts) + ", standardized";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustomerFeatures f && f.columns.equals(columns) && f.log1p.equals(log1p);
    }

    @Override
    public int hashCode() {
        return columns.hashCode() * 31 + log1p.hashCode();
    }

    @Override
    public String toString() {
        return "CustomerFeatures[" + describe() + "]";
    }
}
