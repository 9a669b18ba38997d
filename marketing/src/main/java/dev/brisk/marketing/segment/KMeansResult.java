package dev.brisk.marketing.segment;

import dev.brisk.engine.kernels.KernelProvider;
import dev.brisk.engine.kernels.RowTiles;
import java.util.Locale;

/**
 * A fitted k-means clustering: the centres, the label of every row it was fitted on, the inertia,
 * how it was made, and {@link #predict} for new rows.
 *
 * <pre>{@code
 * KMeansResult seg = new KMeans(4).seed(42).fit(customers);
 * System.out.println(seg);             // KMeans(k=4, ...): inertia 1.234e+05 after 12 iterations (converged), sizes [...]
 * int[] segments = seg.predict(newCustomers);
 * }</pre>
 *
 * Immutable: the accessors return copies.
 */
public final class KMeansResult {

    private final String made;
    private final int k;
    private final int cols;
    private final long seed;
    private final float[] centresCentred;
    private final float[] shift;
    private final int[] labels;
    private final long[] sizes;
    private final double inertia;
    private final int iterations;
    private final boolean converged;
    private final KernelProvider kernels;

    KMeansResult(KMeans options, float[] centresCentred, float[] shift, int cols, int[] labels, long[] sizes,
                 double inertia, int iterations, boolean converged, KernelProvider kernels) {
        this.made = options.toString();
        this.k = options.k();
        this.seed = options.seed();
        this.cols = cols;
        this.centresCentred = centresCentred;
        this.shift = shift;
        this.labels = labels;
        this.sizes = sizes;
        this.inertia = inertia;
        this.iterations = iterations;
        this.converged = converged;
        this.kernels = kernels;
    }

    /** Clusters. */
    public int k() {
        return k;
    }

    /** Features per row. */
    public int cols() {
        return cols;
    }

    /** The k-means++ seed the fit used. */
    public long seed() {
        return seed;
    }

    /** The centres, {@code k × cols}: each the mean of its cluster's rows (a copy). */
    public float[][] centres() {
        float[][] out = new float[k][cols];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < cols; j++) {
                out[c][j] = centresCentred[c * cols + j] + shift[j];
            }
        }
        return out;
    }

    /** The centres flat, {@code k × cols} row-major (a copy). */
    public float[] centresFlat() {
        float[] out = new float[k * cols];
        for (int i = 0; i < out.length; i++) {
            out[i] = centresCentred[i] + shift[i % cols];
        }
        return out;
    }

    /** The cluster of each row of the fitted data, in {@code [0, k)} (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    /** Rows in each cluster (a copy). */
    public long[] sizes() {
        return sizes.clone();
    }

    /** The sum of squared distances from each row to its centre (scikit-learn's {@code inertia_}). */
    public double inertia() {
        return inertia;
    }

    /** Lloyd iterations run (scikit-learn's {@code n_iter_}). */
    public int iterations() {
        return iterations;
    }

    /** Whether the fit stopped by convergence rather than at the iteration cap. */
    public boolean converged() {
        return converged;
    }

    /** What made this result: the {@link KMeans} settings, as text. */
    public String madeBy() {
        return made;
    }

    /** The nearest centre of one row. */
    public int predict(float[] row) {
        return predict(row, 1, row.length)[0];
    }

    /** The nearest centre of each row. */
    public int[] predict(float[][] rows) {
        if (rows.length == 0) {
            return new int[0];
        }
        float[] flat = new float[Math.multiplyExact(rows.length, cols)];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("KMeansResult.predict: row " + r + " has " + rows[r].length
                        + " values, the clustering has " + cols + " features");
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return predict(flat, rows.length, cols);
    }

    /**
     * The nearest centre of each of {@code rows} rows stored row-major in {@code data}, by the same
     * kernels and arithmetic as the fit, so a fitted row is predicted its own label. Ties go to the
     * lower centre.
     *
     * @throws IllegalArgumentException if the shapes do not match or a value is NaN or infinite
     */
    public int[] predict(float[] data, int rows, int cols) {
        if (cols != this.cols) {
            throw new IllegalArgumentException("KMeansResult.predict: rows have " + cols
                    + " features, the clustering has " + this.cols);
        }
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException("KMeansResult.predict: " + rows + " x " + cols + " = "
                    + (long) rows * cols + " values, but the array holds " + data.length);
        }
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new IllegalArgumentException("KMeansResult.predict: row " + i / cols + ", column " + i % cols
                        + " is " + data[i]);
            }
        }
        int[] out = new int[rows];
        if (rows == 0) {
            return out;
        }
        int tile = kernels.rowTile();
        float[] tiles = new float[RowTiles.length(rows, cols, tile)];
        kernels.packRowTiles(data, 0, cols, 0, rows, shift, tiles, tile);
        kernels.assignNearest(tiles, tile, cols, 0, rows, centresCentred, k, false, out, null, null, null);
        return out;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: inertia %.6g after %d iteration(s)%s, sizes %s", made, inertia,
                iterations, converged ? " (converged)" : " (not converged)", java.util.Arrays.toString(sizes));
    }
}
