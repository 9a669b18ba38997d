package dev.brisk.engine.kernels;

/**
 * The "row tiles" layout that the distance kernels ({@link KernelProvider#assignNearest} and its
 * companions) read: a matrix of {@code rows × d} floats cut into tiles of {@code tile} consecutive
 * rows, each tile stored column by column.
 *
 * <pre>
 *   row r, coordinate j  lives at  (r / tile) · tile · d  +  j · tile  +  r % tile
 *
 *   rows 0..3 of a 4-row tile, d = 2:   x00 x10 x20 x30 | x01 x11 x21 x31 | (next tile) ...
 * </pre>
 *
 * <p>Why: with few coordinates (k-means on 8 or 16 features) a row is a fraction of a SIMD vector,
 * so the kernels vectorize <em>across rows</em>. With a tile as wide as a vector, coordinate j of
 * {@code tile} consecutive rows is one vector load, every tile is one contiguous block of memory (a
 * single stream for the hardware prefetcher, unlike a plain transposed copy with d streams), and the
 * loads inside a tile are at constant strides, which lets the JIT hoist their bounds checks.
 * {@link KernelProvider#rowTile()} says which tile width a provider is fastest with.
 *
 * <p>The last tile is padded to full size with zeros; kernels never read padding rows as data.
 * Everything here is plain index arithmetic; {@link KernelProvider#packRowTiles} does the copying.
 */
public final class RowTiles {

    private RowTiles() {
    }

    /** The number of tiles that hold {@code rows} rows. */
    public static int tiles(int rows, int tile) {
        checkTile(tile);
        return (rows + tile - 1) / tile;
    }

    /**
     * The array length a {@code rows × d} matrix needs in this layout, padding included.
     *
     * @throws IllegalArgumentException if it exceeds what a Java array can hold
     */
    public static int length(int rows, int d, int tile) {
        checkTile(tile);
        if (rows < 0 || d < 1) {
            throw new IllegalArgumentException("row tiles: need rows >= 0 and d >= 1, got rows=" + rows + ", d=" + d);
        }
        long n = (long) tiles(rows, tile) * tile * d;
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("row tiles: " + rows + " rows x " + d + " columns (" + n
                    + " floats with padding) do not fit in one Java array");
        }
        return (int) n;
    }

    /** Where row {@code row}, coordinate {@code j} lives. */
    public static int index(int tile, int d, int row, int j) {
        return (row / tile) * tile * d + j * tile + row % tile;
    }

    /** Row {@code row}, coordinate {@code j}. */
    public static float get(float[] tiles, int tile, int d, int row, int j) {
        return tiles[index(tile, d, row, j)];
    }

    /** Copies row {@code row} out of the tiles into {@code out[outOff .. outOff + d)}. */
    public static void row(float[] tiles, int tile, int d, int row, float[] out, int outOff) {
        int base = (row / tile) * tile * d + row % tile;
        for (int j = 0; j < d; j++) {
            out[outOff + j] = tiles[base + j * tile];
        }
    }

    private static void checkTile(int tile) {
        if (tile < 1) {
            throw new IllegalArgumentException("row tiles: tile width must be at least 1, got " + tile);
        }
    }
}
