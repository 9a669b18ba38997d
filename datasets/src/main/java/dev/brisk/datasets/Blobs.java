package dev.brisk.datasets;

import java.util.SplittableRandom;

/**
 * Synthetic clusters for testing and benchmarking clustering, with the semantics of
 * scikit-learn's {@code make_blobs}: {@code centers} centres drawn uniformly in (-10, 10) per
 * coordinate, {@code rows / centers} points around each (the first {@code rows % centers} centres get
 * one more), each point its centre plus independent normal noise of standard deviation {@code std},
 * rows shuffled. Seeded, so the same arguments give the same data; the numbers are not numpy's.
 *
 * <pre>{@code
 * Blobs b = Blobs.generate(100_000, 16, 8, 3.0, 0);   // b.data(): 100,000 x 16, row-major
 * }</pre>
 *
 * @param data    the points, {@code rows × cols} row-major
 * @param labels  the centre each point was drawn around
 * @param centres the centres, {@code centers × cols} row-major
 * @param rows    points
 * @param cols    coordinates per point
 */
public record Blobs(float[] data, int[] labels, float[] centres, int rows, int cols) {

    /** make_blobs' {@code center_box}. */
    public static final double BOX_LOW = -10;
    /** make_blobs' {@code center_box}. */
    public static final double BOX_HIGH = 10;

    /**
     * Draws {@code rows} points of {@code cols} coordinates around {@code centers} centres.
     *
     * @throws IllegalArgumentException if a size is not positive, {@code std} is negative or not finite
     */
    public static Blobs generate(int rows, int cols, int centers, double std, long seed) {
        if (rows < 1 || cols < 1 || centers < 1) {
            throw new IllegalArgumentException("Blobs: rows, cols and centers must be positive, got "
                    + rows + ", " + cols + ", " + centers);
        }
        if (!(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("Blobs: std must be a finite number >= 0, got " + std);
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] centres = new float[centers * cols];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) (BOX_LOW + (BOX_HIGH - BOX_LOW) * random.nextDouble());
        }
        // a shuffled order of the points, so that clusters are not stored one after the other
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float[] data = new float[Math.multiplyExact(rows, cols)];
        int[] labels = new int[rows];
        int next = 0;
        for (int c = 0; c < centers; c++) {
            int count = rows / centers + (c < rows % centers ? 1 : 0);
            for (int i = 0; i < count; i++) {
                int r = order[next++];
                labels[r] = c;
                for (int j = 0; j < cols; j++) {
                    data[r * cols + j] = (float) (centres[c * cols + j] + std * random.nextGaussian());
                }
            }
        }
        return new Blobs(data, labels, centres, rows, cols);
    }
}
