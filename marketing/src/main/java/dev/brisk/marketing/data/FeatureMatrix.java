package dev.brisk.marketing.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A table of numbers, one row per sample (a customer) and one column per feature, stored row after
 * row in one {@code float[]}: the layout the engine's tensors and {@code ArrayDataset} use, so models
 * hand it over without reshaping. Columns may carry names ({@code age}, {@code income}, ...), which
 * then appear in error messages and reports; without them they are called {@code x0, x1, ...}.
 *
 * <pre>{@code
 * FeatureMatrix x = FeatureMatrix.of(new float[][]{{34, 52_000}, {51, 61_500}})
 *         .withNames("age", "income");
 * x.rows();            // 2
 * x.get(1, 0);         // 51.0
 * x.name(1);           // "income"
 * }</pre>
 *
 * <p>Immutable: the factories copy their input and accessors return copies, so a matrix can be
 * shared between models safely. Values are not checked here (a table may hold NaN for missing
 * values on its way to imputation); models check with {@link #requireFinite(String)}.
 */
public final class FeatureMatrix {

    private final float[] data;
    private final int rows;
    private final int cols;
    /** Null when the columns are unnamed. */
    private final List<String> names;

    private FeatureMatrix(float[] data, int rows, int cols, List<String> names) {
        this.data = data;
        this.rows = rows;
        this.cols = cols;
        this.names = names;
    }

    /**
     * A matrix from rows, copied. All rows need the same, non-zero length.
     *
     * @throws IllegalArgumentException for no rows, an empty or a null row, or rows of different
     *         lengths (naming the first row that differs from row 0)
     */
    public static FeatureMatrix of(float[][] rows) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("FeatureMatrix: no rows (got an empty float[0][])");
        }
        if (rows[0] == null || rows[0].length == 0) {
            throw new IllegalArgumentException("FeatureMatrix: row 0 is " + (rows[0] == null ? "null" : "empty")
                    + "; every row needs at least one feature");
        }
        int cols = rows[0].length;
        float[] data = new float[Math.multiplyExact(rows.length, cols)];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null || rows[r].length != cols) {
                throw new IllegalArgumentException("FeatureMatrix: row " + r + " has "
                        + (rows[r] == null ? "no array (null)" : rows[r].length + " values") + " but row 0 has " + cols
                        + "; all rows need the same number of features");
            }
            System.arraycopy(rows[r], 0, data, r * cols, cols);
        }
        return new FeatureMatrix(data, rows.length, cols, null);
    }

    /**
     * A matrix from values stored row after row ({@code rowMajor[r * cols + c]}), copied.
     *
     * @throws IllegalArgumentException if there are no values, {@code cols < 1}, or the length is not
     *         a multiple of {@code cols}
     */
    public static FeatureMatrix of(float[] rowMajor, int cols) {
        if (cols < 1) {
            throw new IllegalArgumentException("FeatureMatrix: needs at least one column, got cols = " + cols);
        }
        if (rowMajor == null || rowMajor.length == 0) {
            throw new IllegalArgumentException("FeatureMatrix: no values (an empty row-major array of " + cols + " columns)");
        }
        if (rowMajor.length % cols != 0) {
            throw new IllegalArgumentException("FeatureMatrix: " + rowMajor.length + " values are not whole rows of "
                    + cols + " columns (" + rowMajor.length / cols + " rows and " + rowMajor.length % cols + " left over)");
        }
        return new FeatureMatrix(rowMajor.clone(), rowMajor.length / cols, cols, null);
    }

    /**
     * The same values with column names, one per column, distinct and non-blank.
     *
     * @throws IllegalArgumentException naming what is wrong with the names
     */
    public FeatureMatrix withNames(String... columnNames) {
        return withNames(Arrays.asList(columnNames));
    }

    /** {@link #withNames(String...)} from a list. */
    public FeatureMatrix withNames(List<String> columnNames) {
        if (columnNames.size() != cols) {
            throw new IllegalArgumentException("FeatureMatrix: " + columnNames.size() + " names " + columnNames + " for "
                    + cols + " columns");
        }
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < cols; c++) {
            String n = columnNames.get(c);
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("FeatureMatrix: the name of column " + c + " is blank");
            }
            if (!seen.add(n)) {
                throw new IllegalArgumentException("FeatureMatrix: two columns are named '" + n + "'");
            }
        }
        return new FeatureMatrix(data, rows, cols, List.copyOf(columnNames));
    }

    /** The number of rows (samples). */
    public int rows() {
        return rows;
    }

    /** The number of columns (features). */
    public int cols() {
        return cols;
    }

    /** The value in row {@code r}, column {@code c}. */
    public float get(int r, int c) {
        if (r < 0 || r >= rows || c < 0 || c >= cols) {
            throw new IndexOutOfBoundsException("FeatureMatrix: (" + r + ", " + c + ") is outside " + shape());
        }
        return data[r * cols + c];
    }

    /** A copy of row {@code r}. */
    public float[] row(int r) {
        if (r < 0 || r >= rows) {
            throw new IndexOutOfBoundsException("FeatureMatrix: row " + r + " is outside " + shape());
        }
        return Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
    }

    /** A copy of column {@code c}. */
    public float[] column(int c) {
        if (c < 0 || c >= cols) {
            throw new IndexOutOfBoundsException("FeatureMatrix: column " + c + " is outside " + shape());
        }
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = data[r * cols + c];
        }
        return out;
    }

    /** Whether the columns were given names with {@link #withNames}. */
    public boolean hasNames() {
        return names != null;
    }

    /** The column names: the given ones, or {@code x0, x1, ...}. */
    public List<String> names() {
        if (names != null) {
            return names;
        }
        List<String> generic = new ArrayList<>(cols);
        for (int c = 0; c < cols; c++) {
            generic.add("x" + c);
        }
        return generic;
    }

    /** The name of column {@code c}: the given one, or {@code x<c>}. */
    public String name(int c) {
        if (c < 0 || c >= cols) {
            throw new IndexOutOfBoundsException("FeatureMatrix: column " + c + " is outside " + shape());
        }
        return names != null ? names.get(c) : "x" + c;
    }

    /** The values row after row, a copy. */
    public float[] toRowMajor() {
        return data.clone();
    }

    /** The values as rows, copied. */
    public float[][] toArray() {
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
        }
        return out;
    }

    /**
     * The rows at {@code indices}, in that order (repeats allowed), with the same names.
     *
     * @throws IllegalArgumentException for no indices or one outside the matrix
     */
    public FeatureMatrix selectRows(int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("FeatureMatrix: selecting no rows of " + shape() + " gives an empty matrix");
        }
        float[] out = new float[Math.multiplyExact(indices.length, cols)];
        for (int i = 0; i < indices.length; i++) {
            int r = indices[i];
            if (r < 0 || r >= rows) {
                throw new IllegalArgumentException("FeatureMatrix: row index " + r + " (position " + i + ") is outside "
                        + shape());
            }
            System.arraycopy(data, r * cols, out, i * cols, cols);
        }
        return new FeatureMatrix(out, indices.length, cols, names);
    }

    /**
     * Checks that every value is finite, for a model about to train or predict.
     *
     * @param who the caller, leading the message (e.g. {@code "LinearRegression.fit"})
     * @throws IllegalArgumentException naming the first NaN or infinite value's row and column
     */
    public void requireFinite(String who) {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                int c = i % cols;
                throw new IllegalArgumentException(who + ": feature '" + name(c) + "' (column " + c + ") is " + data[i]
                        + " at row " + i / cols + "; replace or impute missing values first");
            }
        }
    }

    /** {@code [rows x cols]}, for messages. */
    public String shape() {
        return "[" + rows + " x " + cols + "]";
    }

    /**
     * The values without copying, for this library's models (which never write into them).
     */
    float[] data() {
        return data;
    }

    @Override
    public String toString() {
        return "FeatureMatrix" + shape() + " " + names();
    }
}
