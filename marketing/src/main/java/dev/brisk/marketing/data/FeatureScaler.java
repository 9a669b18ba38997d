package dev.brisk.marketing.data;

import dev.brisk.engine.io.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Puts numeric columns on a common scale, remembering how, so that customers seen later are scaled
 * exactly like the ones it was fitted on. Per column, optionally {@code log1p} first (for skewed
 * columns such as spend), then standardization:
 * <pre>
 *     z = (f(x) - mean) / scale,      f(x) = log(1 + x) or x,
 * </pre>
 * with {@code mean} and {@code scale} the mean and standard deviation of {@code f(x)} over the rows
 * {@link #fit} saw. So on those rows each column has mean 0 and standard deviation 1.
 *
 * <pre>{@code
 * FeatureScaler scaler = FeatureScaler.fit(table.columnNames(), table.values(), CustomerTable.LOG1P_COLUMNS);
 * float[] x = scaler.transformToFloat(table.values());       // for k-means or a network
 * scaler.save(Path.of("scaler.json"));                        // beside the model
 * FeatureScaler same = FeatureScaler.load(Path.of("scaler.json"));
 * float[] xNew = same.transformToFloat(newCustomers.values());   // the same mean and scale as x
 * double[] centers = same.inverse(kMeansCenters);             // back in days, invoices and pounds
 * }</pre>
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Matrices are row-major {@code double[]} (or {@code float[]}) arrays, {@code rows x columns()},
 *       as {@link CustomerTable#values()} gives them.</li>
 *   <li>The standard deviation is the population one (dividing by n, not n - 1), as in scikit-learn's
 *       {@code StandardScaler}: it is the scale that gives the fitted rows a variance of exactly 1.</li>
 *   <li>A <b>constant column</b> (all values equal after log1p, which is always so with one row) gets
 *       scale 1, as in scikit-learn, so it transforms to 0 rather than dividing by zero; its mean is
 *       that value exactly. Such a column carries no information, and {@link #constantColumns()} lists
 *       them so callers can drop them.</li>
 *   <li><b>Bad values</b> are errors, naming the row and column: a NaN or infinite value, in
 *       {@link #fit}, {@link #transform} or {@link #inverse}; a value {@code <= -1} in a log1p column,
 *       whose logarithm does not exist; and an inverse that overflows a double. Fitting on no rows is an
 *       error too.</li>
 * </ul>
 *
 * <h2>Saved form</h2>
 * {@link #toJson()} / {@link #save} write the parameters, {@link #fromJson} / {@link #load} read them back
 * exactly (doubles are written with all their digits). Fitted on the full data set's customer table
 * with {@link CustomerTable#LOG1P_COLUMNS}, the file begins:
 * <pre>
 * {
 *   "format": "brisk.feature-scaler",
 *   "version": 1,
 *   "fitted_rows": 4338,
 *   "columns": [
 *     {
 *       "name": "recency_days",
 *       "log1p": true,
 *       "mean": 3.8284045827167255,
 *       "scale": 1.344369667201973,
 *       "constant": false
 *     },
 *     ...
 * </pre>
 *
 * <h2>FeatureScaler or Standardizer?</h2>
 * {@link Standardizer} standardizes the float columns of a {@link FeatureMatrix}, for a model that
 * keeps its scaling in memory beside it. This class adds what customer features need on top: a log1p
 * per named column, double-precision input (spend sums), errors that name the column, and a saved
 * form, so that the scaling can be stored with a model and applied to next month's customers.
 *
 * <p>Immutable, so safe to share between threads.
 */
public final class FeatureScaler {

    /** The value of {@code "format"} in the saved form. */
    public static final String FORMAT = "brisk.feature-scaler";
    /** The version of the saved form this class writes and reads. */
    public static final int VERSION = 1;

    private final List<String> columns;
    private final boolean[] log1p;
    private final double[] mean;
    private final double[] scale;
    private final boolean[] constant;
    private final long fittedRows;

    private FeatureScaler(List<String> columns, boolean[] log1p, double[] mean, double[] scale, boolean[] constant,
                          long fittedRows) {
        this.columns = List.copyOf(columns);
        this.log1p = log1p;
        this.mean = mean;
        this.scale = scale;
        this.constant = constant;
        this.fittedRows = fittedRows;
    }

    /**
     * Learns each column's mean and scale from {@code values} (row-major, {@code rows x columns.size()}).
     *
     * @param columns      the column names, unique; they name columns in errors and in the saved form
     * @param values       the rows to fit on, at least one
     * @param log1pColumns the names of the columns to log1p first; each must be one of {@code columns}
     * @throws IllegalArgumentException if there are no rows, the length is not a whole number of rows,
     *         a name is repeated or unknown, or a value is not finite or is {@code <= -1} in a log1p
     *         column (naming its row and column)
     */
    public static FeatureScaler fit(List<String> columns, double[] values, Collection<String> log1pColumns) {
        int width = columns.size();
        checkNames(columns);
        Set<String> known = new HashSet<>(columns);
        for (String name : log1pColumns) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("feature scaler: log1p column \"" + name + "\" is not one of " + columns);
            }
        }
        boolean[] log = new boolean[width];
        for (int c = 0; c < width; c++) {
            log[c] = log1pColumns.contains(columns.get(c));
        }
        int rows = rows(values.length, width, "fit");
        if (rows == 0) {
            throw new IllegalArgumentException("feature scaler: cannot fit on 0 rows");
        }
        // Two passes per column: the mean, then the squared deviations from it, which is exact enough
        // where the one-pass sum-of-squares formula cancels catastrophically (e.g. dates as day counts).
        double[] mean = new double[width];
        double[] scale = new double[width];
        boolean[] constant = new boolean[width];
        FeatureScaler partial = new FeatureScaler(columns, log, mean, scale, constant, rows);
        for (int c = 0; c < width; c++) {
            double first = partial.forward(values[c], 0, c);
            double sum = 0;
            boolean allEqual = true;
            for (int r = 0; r < rows; r++) {
                double v = partial.forward(values[r * width + c], r, c);
                sum += v;
                allEqual &= v == first;
            }
            if (allEqual) {
                // All equal: the computed mean could differ from the value in its last bit, and a
                // "standard deviation" of 1e-17 would then blow rounding noise up to +-1.
                mean[c] = first;
                scale[c] = 1;
                constant[c] = true;
                continue;
            }
            double m = sum / rows;
            double squares = 0;
            for (int r = 0; r < rows; r++) {
                double d = partial.forward(values[r * width + c], r, c) - m;
                squares += d * d;
            }
            mean[c] = m;
            scale[c] = Math.sqrt(squares / rows);
        }
        return partial;
    }

    // ------------------------------------------------------------------ transforming

    /**
     * {@code (f(x) - mean) / scale} for every value, row-major like the input.
     *
     * @throws IllegalArgumentException if the length is not a whole number of rows, or a value is not
     *         finite or is {@code <= -1} in a log1p column (naming its row and column)
     */
    public double[] transform(double[] values) {
        int width = columns.size();
        int rows = rows(values.length, width, "transform");
        double[] z = new double[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < width; c++) {
                int i = r * width + c;
                z[i] = (forward(values[i], r, c) - mean[c]) / scale[c];
            }
        }
        return z;
    }

    /** {@link #transform} rounded to single precision: the engine's input format. */
    public float[] transformToFloat(double[] values) {
        double[] z = transform(values);
        float[] f = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            f[i] = (float) z[i];
        }
        return f;
    }

    /**
     * {@link #transformToFloat} as a {@link FeatureMatrix} whose columns carry this scaler's names: the
     * input of the marketing models ({@code Regressor.fit(x, y)}).
     *
     * @throws IllegalArgumentException as {@link #transform} does, or if there are no rows (a
     *         {@code FeatureMatrix} holds at least one)
     */
    public FeatureMatrix transformToMatrix(double[] values) {
        float[] z = transformToFloat(values);
        if (z.length == 0) {
            throw new IllegalArgumentException("feature scaler: no rows to put in a FeatureMatrix");
        }
        return FeatureMatrix.of(z, columns.size()).withNames(columns);
    }

    /**
     * Back to the original units: {@code f⁻¹(z * scale + mean)}, with {@code f⁻¹(y) = exp(y) - 1} for
     * log1p columns. For points the model produced, such as cluster centers; values that went through
     * {@link #transform} come back up to rounding.
     *
     * @throws IllegalArgumentException if the length is not a whole number of rows, a value is not
     *         finite, or the result overflows (naming its row and column)
     */
    public double[] inverse(double[] z) {
        int width = columns.size();
        int rows = rows(z.length, width, "inverse");
        double[] x = new double[z.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < width; c++) {
                int i = r * width + c;
                x[i] = backward(z[i], r, c);
            }
        }
        return x;
    }

    /** {@link #inverse(double[])} of single-precision values, e.g. centers a float model computed. */
    public double[] inverse(float[] z) {
        double[] d = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            d[i] = z[i];
        }
        return inverse(d);
    }

    /** {@code f(x)} for the value at row {@code r}, column {@code c}, checking it. */
    private double forward(double x, int r, int c) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException(where(r, c) + ": value " + x + " is not finite");
        }
        if (!log1p[c]) {
            return x;
        }
        if (x <= -1) {
            throw new IllegalArgumentException(where(r, c) + ": log1p needs values above -1, got " + x);
        }
        return Math.log1p(x);
    }

    private double backward(double z, int r, int c) {
        if (!Double.isFinite(z)) {
            throw new IllegalArgumentException(where(r, c) + ": value " + z + " is not finite");
        }
        double y = z * scale[c] + mean[c];
        double x = log1p[c] ? Math.expm1(y) : y;
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException(where(r, c) + ": the inverse of " + z + " overflows a double");
        }
        return x;
    }

    private String where(int r, int c) {
        return "feature scaler: row " + r + ", column \"" + columns.get(c) + "\"";
    }

    private static int rows(int length, int width, String op) {
        if (width == 0 ? length != 0 : length % width != 0) {
            throw new IllegalArgumentException("feature scaler: " + op + ": " + length
                    + " values are not a whole number of rows of " + width + " columns");
        }
        return width == 0 ? 0 : length / width;
    }

    private static void checkNames(List<String> columns) {
        Set<String> seen = new HashSet<>();
        for (String name : columns) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("feature scaler: a column name is null or empty in " + columns);
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("feature scaler: column name \"" + name + "\" appears twice in " + columns);
            }
        }
    }

    // ------------------------------------------------------------------ parameters

    /** The column names, in matrix order. */
    public List<String> columns() {
        return columns;
    }

    /** The position of column {@code name}, or -1. */
    public int indexOf(String name) {
        return columns.indexOf(name);
    }

    /** Whether column {@code c} is log1p-transformed before standardizing. */
    public boolean isLog1p(int c) {
        return log1p[c];
    }

    /** The mean of {@code f(x)} over the fitted rows, for column {@code c}. */
    public double mean(int c) {
        return mean[c];
    }

    /** The standard deviation of {@code f(x)} over the fitted rows for column {@code c}, or 1 if the column was constant. */
    public double scale(int c) {
        return scale[c];
    }

    /** The number of rows fitted on. */
    public long fittedRows() {
        return fittedRows;
    }

    /** The names of the columns that were constant on the fitted rows (scale 1, so they transform to 0). */
    public List<String> constantColumns() {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            if (constant[c]) {
                names.add(columns.get(c));
            }
        }
        return names;
    }

    // ------------------------------------------------------------------ saving and loading

    /** The parameters as JSON values (see the class comment), for {@link Json#write} or embedding in a larger file. */
    public Map<String, Object> toJson() {
        List<Object> cols = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("name", columns.get(c));
            col.put("log1p", log1p[c]);
            col.put("mean", mean[c]);
            col.put("scale", scale[c]);
            col.put("constant", constant[c]);
            cols.add(col);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("version", VERSION);
        json.put("fitted_rows", fittedRows);
        json.put("columns", cols);
        return json;
    }

    /**
     * Reads parameters written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException naming the field that is missing, of the wrong type or out of
     *         range: another format or version, a mean that is not finite, a scale that is not finite and
     *         positive, a repeated column name
     */
    public static FeatureScaler fromJson(Map<String, Object> json) {
        Object format = json.get("format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("feature scaler: \"format\" is " + describe(format) + ", expected \"" + FORMAT + "\"");
        }
        long version = integer(json, "version", "");
        if (version != VERSION) {
            throw new IllegalArgumentException("feature scaler: version " + version + " is not supported (this code reads "
                    + VERSION + ")");
        }
        long fittedRows = integer(json, "fitted_rows", "");
        if (fittedRows < 1) {
            throw new IllegalArgumentException("feature scaler: \"fitted_rows\" must be at least 1, got " + fittedRows);
        }
        if (!(json.get("columns") instanceof List<?> list)) {
            throw new IllegalArgumentException("feature scaler: \"columns\" is " + describe(json.get("columns"))
                    + ", expected an array");
        }
        int width = list.size();
        List<String> names = new ArrayList<>(width);
        boolean[] log = new boolean[width];
        double[] mean = new double[width];
        double[] scale = new double[width];
        boolean[] constant = new boolean[width];
        for (int c = 0; c < width; c++) {
            String at = "columns[" + c + "].";
            if (!(list.get(c) instanceof Map<?, ?> col)) {
                throw new IllegalArgumentException("feature scaler: \"" + at.substring(0, at.length() - 1) + "\" is "
                        + describe(list.get(c)) + ", expected an object");
            }
            if (!(col.get("name") instanceof String name)) {
                throw new IllegalArgumentException("feature scaler: \"" + at + "name\" is " + describe(col.get("name"))
                        + ", expected a string");
            }
            names.add(name);
            log[c] = bool(col, "log1p", at);
            constant[c] = bool(col, "constant", at);
            mean[c] = number(col, "mean", at);
            scale[c] = number(col, "scale", at);
            if (!(scale[c] > 0)) {
                throw new IllegalArgumentException("feature scaler: \"" + at + "scale\" must be positive, got " + scale[c]);
            }
        }
        checkNames(names);
        return new FeatureScaler(names, log, mean, scale, constant, fittedRows);
    }

    /**
     * Writes the parameters to {@code file} as pretty JSON, atomically ({@link Json#writeFile}: a
     * temporary file renamed into place), so a reader never sees half a file.
     */
    public void save(Path file) throws IOException {
        Json.writeFile(file, toJson());
    }

    /**
     * Reads parameters saved by {@link #save}.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is not valid JSON or not a saved scaler; the message names the file
     */
    public static FeatureScaler load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return fromJson(Json.parseObject(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** An integer: a Long as {@link Json#parse} gives, or an Integer, Short or Byte from a map built in code. */
    private static long integer(Map<?, ?> json, String key, String at) {
        Object v = json.get(key);
        if (!(v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte)) {
            throw new IllegalArgumentException("feature scaler: \"" + at + key + "\" is " + describe(v)
                    + ", expected an integer");
        }
        return ((Number) v).longValue();
    }

    private static boolean bool(Map<?, ?> json, String key, String at) {
        if (!(json.get(key) instanceof Boolean v)) {
            throw new IllegalArgumentException("feature scaler: \"" + at + key + "\" is " + describe(json.get(key))
                    + ", expected true or false");
        }
        return v;
    }

    private static double number(Map<?, ?> json, String key, String at) {
        if (!(json.get(key) instanceof Number v) || !Double.isFinite(v.doubleValue())) {
            throw new IllegalArgumentException("feature scaler: \"" + at + key + "\" is " + describe(json.get(key))
                    + ", expected a finite number");
        }
        return v.doubleValue();
    }

    /** For messages: {@code missing or null}, {@code a string "x"}, {@code a number 1.5}, {@code an array}. */
    private static String describe(Object value) {
        return switch (value) {
            case null -> "missing or null";
            case String s -> "a string " + Json.write(s);
            case Number n when Double.isFinite(n.doubleValue()) -> "a number " + n;
            case Boolean b -> "a boolean " + b;
            default -> Json.typeName(value);
        };
    }

    // ------------------------------------------------------------------ values

    /** Equal when columns, log1p choices, means, scales, constant flags and fitted row counts are all equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureScaler f && fittedRows == f.fittedRows && columns.equals(f.columns)
                && Arrays.equals(log1p, f.log1p) && Arrays.equals(mean, f.mean) && Arrays.equals(scale, f.scale)
                && Arrays.equals(constant, f.constant);
    }

    @Override
    public int hashCode() {
        return Objects.hash(columns, Arrays.hashCode(log1p), Arrays.hashCode(mean), Arrays.hashCode(scale),
                Arrays.hashCode(constant), fittedRows);
    }

    /** A title, then one line per column, e.g. {@code   monetary: log1p, mean 6.58856, scale 1.25829}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "FeatureScaler (fitted on %,d rows)", fittedRows));
        for (int c = 0; c < columns.size(); c++) {
            sb.append(String.format(Locale.ROOT, "\n  %s: %smean %.6g, scale %.6g%s", columns.get(c), log1p[c] ? "log1p, " : "",
                    mean[c], scale[c], constant[c] ? " (constant)" : ""));
        }
        return sb.toString();
    }
}
