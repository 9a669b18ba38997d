package dev.brisk.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The distance kernels over {@link RowTiles} on SIMD vectors: k-means' fused assignment step, the
 * k-means++ helpers and the distance sums of a silhouette score, as specified in
 * {@link KernelProvider}.
 *
 * <h2>How it is fast</h2>
 * With 8 or 16 coordinates a row is a fraction of a vector, so these kernels vectorize <em>across
 * rows</em>: a tile of {@code L} rows (16 with AVX-512) stores each coordinate as one vector, and
 * every lane follows its own row, with no horizontal reduction anywhere. The k-means step goes
 * through the rows in blocks of at most 16 KiB, in two passes per block while it is in L1:
 * <ul>
 *   <li><b>Nearest centres</b> ({@link #nearestTiles}), register-blocked like a matrix product:
 *       four tiles by four centres, {@code ||c||² - 2 x·c} by one fused multiply-add per
 *       coordinate; then a compare and two blends per centre keep the lane-wise minimum and its
 *       index. The group's cache lines are touched first, so that data streaming from memory
 *       arrives in parallel.</li>
 *   <li><b>Sums per centre</b> for the update step ({@link #sumTiles}): per pair of centres, a mask
 *       of each one's lanes and one masked add (or multiply-add by a 0/1 indicator) per coordinate
 *       into register accumulators running down the block, {@code k·d} adds per tile. Or, updating
 *       a previous assignment ({@link KernelProvider#reassignNearest}), nothing at all for the rows
 *       that keep their centre: a compare of old and new labels per tile, and only the few rows that
 *       changed are moved between sums. Near convergence that removes nearly all of the summing
 *       work, which cost about as much as the distances; other layouts tried for it (summing from
 *       a row-major copy, transposing tiles in registers) saved little or nothing.</li>
 * </ul>
 * Without the inertia (Lloyd's iterations do not need it) the rows' squared norms are skipped.
 *
 * <h2>Exactly reproducible</h2>
 * Distances are computed lane by lane with the operations, in the order, that {@link ScalarKernels}
 * uses row by row, so labels and the k-means++ distances are bit-identical to the scalar twin's, and
 * so are the sums of an update (the same double additions, rows in the same order).
 * Sums are kept in float for at most {@link #FLUSH} tiles, then added into doubles, and lanes are
 * added in a fixed order at the end: never {@code reduceLanes}, whose order (and so last bit) may
 * differ between the interpreter and compiled code. The rows before the first whole tile and after
 * the last go through the scalar twin's row loops.
 *
 * <h2>Written for the JIT</h2>
 * Each hot loop is one method with its vectors as local variables: a helper that took or returned a
 * vector would box it whenever the JIT declined to inline it. Masks are made and used in the same
 * method. Loads inside a tile use constant strides ({@code base + j·L}), which lets the JIT check
 * bounds once per loop rather than per load. Nothing allocates: scratch arrays are per thread
 * ({@link TileScratch}).
 */
final class VectorDistances {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Int lanes as wide as the float lanes, for labels. */
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final int L = F.length();
    /**
     * Tiles summed in float lanes before those are added into double lanes: each float lane then
     * adds at most 64 terms, about 4e-6 relative error in the worst case, while the flush (a few
     * operations per accumulator) costs a few percent of the 64 tiles' work.
     */
    static final int FLUSH = 64;

    private VectorDistances() {
    }

    static int rowTile() {
        return L;
    }

    // ---------------------------------------------------------------- packing

    static void packRowTiles(float[] x, int xOff, int d, int from, int to, float[] shift, float[] tiles, int tile) {
        if (tile != L) {
            ScalarKernels.INSTANCE.packRowTiles(x, xOff, d, from, to, shift, tiles, tile);
            return;
        }
        int head = Math.min(to, roundUp(from));
        ScalarKernels.INSTANCE.packRowTiles(x, xOff, d, from, head, shift, tiles, tile);
        int t0 = head / L;
        int t1 = head % L == 0 ? to / L : t0; // whole tiles in [head, to); none if head stopped at an unaligned to
        int tail = Math.max(head, t1 * L);
        if (L == 16 && d == 16) {
            packTiles16(x, xOff, t0, t1, shift, tiles);
        } else if (L == 16 && d == 8) {
            packTiles8(x, xOff, t0, t1, shift, tiles);
        } else {
            packGathered(x, xOff, d, t0, t1, shift, tiles);
        }
        ScalarKernels.INSTANCE.packRowTiles(x, xOff, d, tail, to, shift, tiles, tile);
    }

    /**
     * Whole tiles {@code [t0, t1)} of any width: one gather per coordinate and tile, lane i reading
     * {@code x[row0 + i][j]} (offsets {@code i·d}). Six times slower than copying the same memory;
     * 8 and 16 columns, the common case, have in-register transposes about three times faster.
     */
    private static void packGathered(float[] x, int xOff, int d, int t0, int t1, float[] shift, float[] tiles) {
        int[] lanes = TileScratch.get().gather(L, d);
        for (int t = t0; t < t1; t++) {
            int src = xOff + t * L * d;
            int dst = t * L * d;
            for (int j = 0; j < d; j++) {
                FloatVector v = FloatVector.fromArray(F, x, src + j, lanes, 0);
                if (shift != null) {
                    v = v.sub(shift[j]);
                }
                v.intoArray(tiles, dst + j * L);
            }
        }
    }

    /**
     * Two-vector selection indexes for transposing a tile in registers ({@link #packTiles8},
     * {@link #packTiles16}): for each lane bit b = 3, 2, 1, 0, {@code s_b} then {@code t_b}, 16 lanes
     * each, then the lane rotation that finishes the 16 × 8 case. Swapping "vector bit" v with lane
     * bit b between a pair of vectors whose numbers differ in bit v: the low output takes the lanes
     * with bit b clear, the high output those with bit b set, from both (see
     * {@link #transposeIndexes}).
     */
    private static final float[] TRANSPOSE = transposeIndexes();

    private static float[] transposeIndexes() {
        float[] idx = new float[9 * 16];
        for (int b = 3, at = 0; b >= 0; b--, at += 32) {
            for (int l = 0; l < 16; l++) {
                int high = (l >> b) & 1;                           // which vector of the pair holds it
                idx[at + l] = 16 * high + (l & ~(1 << b));         // s_b
                idx[at + 16 + l] = 16 * high + (l | (1 << b));     // t_b
            }
        }
        // after three swaps a 16 x 8 tile has its row bits in the order (i0 i3 i2 i1): rotate them
        for (int l = 0; l < 16; l++) {
            idx[128 + l] = ((l & 1) << 3) | (l >> 1);
        }
        return idx;
    }

    /**
     * Whole tiles {@code [t0, t1)} of 16-column rows: the 16 rows of a tile are 16 vectors, and a
     * 16 × 16 transpose in registers (four rounds of 16 two-vector selections, each swapping one bit
     * of the row number between vector and lane) turns them into its 16 coordinate vectors.
     */
    private static void packTiles16(float[] x, int xOff, int t0, int t1, float[] shift, float[] tiles) {
        FloatVector s3 = FloatVector.fromArray(F, TRANSPOSE, 0);
        FloatVector t3 = FloatVector.fromArray(F, TRANSPOSE, 16);
        FloatVector s2 = FloatVector.fromArray(F, TRANSPOSE, 32);
        FloatVector t2 = FloatVector.fromArray(F, TRANSPOSE, 48);
        FloatVector s1 = FloatVector.fromArray(F, TRANSPOSE, 64);
        FloatVector t1v = FloatVector.fromArray(F, TRANSPOSE, 80);
        FloatVector s0 = FloatVector.fromArray(F, TRANSPOSE, 96);
        FloatVector t0v = FloatVector.fromArray(F, TRANSPOSE, 112);
        FloatVector sh = shift == null ? FloatVector.zero(F) : FloatVector.fromArray(F, shift, 0);
        for (int t = t0; t < t1; t++) {
            int src = xOff + t * 256;
            int dst = t * 256;
            FloatVector r0 = FloatVector.fromArray(F, x, src + 0).sub(sh);
            FloatVector r1 = FloatVector.fromArray(F, x, src + 16).sub(sh);
            FloatVector r2 = FloatVector.fromArray(F, x, src + 32).sub(sh);
            FloatVector r3 = FloatVector.fromArray(F, x, src + 48).sub(sh);
            FloatVector r4 = FloatVector.fromArray(F, x, src + 64).sub(sh);
            FloatVector r5 = FloatVector.fromArray(F, x, src + 80).sub(sh);
            FloatVector r6 = FloatVector.fromArray(F, x, src + 96).sub(sh);
            FloatVector r7 = FloatVector.fromArray(F, x, src + 112).sub(sh);
            FloatVector r8 = FloatVector.fromArray(F, x, src + 128).sub(sh);
            FloatVector r9 = FloatVector.fromArray(F, x, src + 144).sub(sh);
            FloatVector r10 = FloatVector.fromArray(F, x, src + 160).sub(sh);
            FloatVector r11 = FloatVector.fromArray(F, x, src + 176).sub(sh);
            FloatVector r12 = FloatVector.fromArray(F, x, src + 192).sub(sh);
            FloatVector r13 = FloatVector.fromArray(F, x, src + 208).sub(sh);
            FloatVector r14 = FloatVector.fromArray(F, x, src + 224).sub(sh);
            FloatVector r15 = FloatVector.fromArray(F, x, src + 240).sub(sh);
            FloatVector u;
            u = s3.selectFrom(r0, r8);
            r8 = t3.selectFrom(r0, r8);
            r0 = u;
            u = s3.selectFrom(r1, r9);
            r9 = t3.selectFrom(r1, r9);
            r1 = u;
            u = s3.selectFrom(r2, r10);
            r10 = t3.selectFrom(r2, r10);
            r2 = u;
            u = s3.selectFrom(r3, r11);
            r11 = t3.selectFrom(r3, r11);
            r3 = u;
            u = s3.selectFrom(r4, r12);
            r12 = t3.selectFrom(r4, r12);
            r4 = u;
            u = s3.selectFrom(r5, r13);
            r13 = t3.selectFrom(r5, r13);
            r5 = u;
            u = s3.selectFrom(r6, r14);
            r14 = t3.selectFrom(r6, r14);
            r6 = u;
            u = s3.selectFrom(r7, r15);
            r15 = t3.selectFrom(r7, r15);
            r7 = u;
            u = s2.selectFrom(r0, r4);
            r4 = t2.selectFrom(r0, r4);
            r0 = u;
            u = s2.selectFrom(r1, r5);
            r5 = t2.selectFrom(r1, r5);
            r1 = u;
            u = s2.selectFrom(r2, r6);
            r6 = t2.selectFrom(r2, r6);
            r2 = u;
            u = s2.selectFrom(r3, r7);
            r7 = t2.selectFrom(r3, r7);
            r3 = u;
            u = s2.selectFrom(r8, r12);
            r12 = t2.selectFrom(r8, r12);
            r8 = u;
            u = s2.selectFrom(r9, r13);
            r13 = t2.selectFrom(r9, r13);
            r9 = u;
            u = s2.selectFrom(r10, r14);
            r14 = t2.selectFrom(r10, r14);
            r10 = u;
            u = s2.selectFrom(r11, r15);
            r15 = t2.selectFrom(r11, r15);
            r11 = u;
            u = s1.selectFrom(r0, r2);
            r2 = t1v.selectFrom(r0, r2);
            r0 = u;
            u = s1.selectFrom(r1, r3);
            r3 = t1v.selectFrom(r1, r3);
            r1 = u;
            u = s1.selectFrom(r4, r6);
            r6 = t1v.selectFrom(r4, r6);
            r4 = u;
            u = s1.selectFrom(r5, r7);
            r7 = t1v.selectFrom(r5, r7);
            r5 = u;
            u = s1.selectFrom(r8, r10);
            r10 = t1v.selectFrom(r8, r10);
            r8 = u;
            u = s1.selectFrom(r9, r11);
            r11 = t1v.selectFrom(r9, r11);
            r9 = u;
            u = s1.selectFrom(r12, r14);
            r14 = t1v.selectFrom(r12, r14);
            r12 = u;
            u = s1.selectFrom(r13, r15);
            r15 = t1v.selectFrom(r13, r15);
            r13 = u;
            u = s0.selectFrom(r0, r1);
            r1 = t0v.selectFrom(r0, r1);
            r0 = u;
            u = s0.selectFrom(r2, r3);
            r3 = t0v.selectFrom(r2, r3);
            r2 = u;
            u = s0.selectFrom(r4, r5);
            r5 = t0v.selectFrom(r4, r5);
            r4 = u;
            u = s0.selectFrom(r6, r7);
            r7 = t0v.selectFrom(r6, r7);
            r6 = u;
            u = s0.selectFrom(r8, r9);
            r9 = t0v.selectFrom(r8, r9);
            r8 = u;
            u = s0.selectFrom(r10, r11);
            r11 = t0v.selectFrom(r10, r11);
            r10 = u;
            u = s0.selectFrom(r12, r13);
            r13 = t0v.selectFrom(r12, r13);
            r12 = u;
            u = s0.selectFrom(r14, r15);
            r15 = t0v.selectFrom(r14, r15);
            r14 = u;
            r0.intoArray(tiles, dst + 0);
            r1.intoArray(tiles, dst + 16);
            r2.intoArray(tiles, dst + 32);
            r3.intoArray(tiles, dst + 48);
            r4.intoArray(tiles, dst + 64);
            r5.intoArray(tiles, dst + 80);
            r6.intoArray(tiles, dst + 96);
            r7.intoArray(tiles, dst + 112);
            r8.intoArray(tiles, dst + 128);
            r9.intoArray(tiles, dst + 144);
            r10.intoArray(tiles, dst + 160);
            r11.intoArray(tiles, dst + 176);
            r12.intoArray(tiles, dst + 192);
            r13.intoArray(tiles, dst + 208);
            r14.intoArray(tiles, dst + 224);
            r15.intoArray(tiles, dst + 240);
        }
    }

    /**
     * Whole tiles {@code [t0, t1)} of 8-column rows: the tile's 128 floats are 8 vectors of two rows
     * each; three rounds of 8 two-vector selections move the coordinate into the vector number and
     * the row into the lane, and one rotation per vector puts the rows in order.
     */
    /** Gather offsets 0..7, 0..7: the 8 column shifts for each of a vector's two rows. */
    private static final int[] SHIFT_TWICE_8 = {0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7};

    private static void packTiles8(float[] x, int xOff, int t0, int t1, float[] shift, float[] tiles) {
        FloatVector s2 = FloatVector.fromArray(F, TRANSPOSE, 32);
        FloatVector t2 = FloatVector.fromArray(F, TRANSPOSE, 48);
        FloatVector s1 = FloatVector.fromArray(F, TRANSPOSE, 64);
        FloatVector t1v = FloatVector.fromArray(F, TRANSPOSE, 80);
        FloatVector s0 = FloatVector.fromArray(F, TRANSPOSE, 96);
        FloatVector t0v = FloatVector.fromArray(F, TRANSPOSE, 112);
        FloatVector rotate = FloatVector.fromArray(F, TRANSPOSE, 128);
        // the shift, once per row of a two-row vector
        FloatVector sh = shift == null ? FloatVector.zero(F)
                : FloatVector.fromArray(F, shift, 0, SHIFT_TWICE_8, 0);
        for (int t = t0; t < t1; t++) {
            int src = xOff + t * 128;
            int dst = t * 128;
            FloatVector r0 = FloatVector.fromArray(F, x, src + 0).sub(sh);
            FloatVector r1 = FloatVector.fromArray(F, x, src + 16).sub(sh);
            FloatVector r2 = FloatVector.fromArray(F, x, src + 32).sub(sh);
            FloatVector r3 = FloatVector.fromArray(F, x, src + 48).sub(sh);
            FloatVector r4 = FloatVector.fromArray(F, x, src + 64).sub(sh);
            FloatVector r5 = FloatVector.fromArray(F, x, src + 80).sub(sh);
            FloatVector r6 = FloatVector.fromArray(F, x, src + 96).sub(sh);
            FloatVector r7 = FloatVector.fromArray(F, x, src + 112).sub(sh);
            FloatVector u;
            u = s2.selectFrom(r0, r4);
            r4 = t2.selectFrom(r0, r4);
            r0 = u;
            u = s2.selectFrom(r1, r5);
            r5 = t2.selectFrom(r1, r5);
            r1 = u;
            u = s2.selectFrom(r2, r6);
            r6 = t2.selectFrom(r2, r6);
            r2 = u;
            u = s2.selectFrom(r3, r7);
            r7 = t2.selectFrom(r3, r7);
            r3 = u;
            u = s1.selectFrom(r0, r2);
            r2 = t1v.selectFrom(r0, r2);
            r0 = u;
            u = s1.selectFrom(r1, r3);
            r3 = t1v.selectFrom(r1, r3);
            r1 = u;
            u = s1.selectFrom(r4, r6);
            r6 = t1v.selectFrom(r4, r6);
            r4 = u;
            u = s1.selectFrom(r5, r7);
            r7 = t1v.selectFrom(r5, r7);
            r5 = u;
            u = s0.selectFrom(r0, r1);
            r1 = t0v.selectFrom(r0, r1);
            r0 = u;
            u = s0.selectFrom(r2, r3);
            r3 = t0v.selectFrom(r2, r3);
            r2 = u;
            u = s0.selectFrom(r4, r5);
            r5 = t0v.selectFrom(r4, r5);
            r4 = u;
            u = s0.selectFrom(r6, r7);
            r7 = t0v.selectFrom(r6, r7);
            r6 = u;
            rotate.selectFrom(r0).intoArray(tiles, dst + 0);
            rotate.selectFrom(r1).intoArray(tiles, dst + 16);
            rotate.selectFrom(r2).intoArray(tiles, dst + 32);
            rotate.selectFrom(r3).intoArray(tiles, dst + 48);
            rotate.selectFrom(r4).intoArray(tiles, dst + 64);
            rotate.selectFrom(r5).intoArray(tiles, dst + 80);
            rotate.selectFrom(r6).intoArray(tiles, dst + 96);
            rotate.selectFrom(r7).intoArray(tiles, dst + 112);
        }
    }

    // ---------------------------------------------------------------- k-means: assignment and sums

    /**
     * {@link KernelProvider#assignNearest} or, with {@code update},
     * {@link KernelProvider#reassignNearest}.
     */
    static double assign(float[] x, int tile, int d, int from, int to, float[] centres, int k, boolean inertia,
                         int[] labels, long[] counts, double[] sums, long[] moved, boolean update) {
        TileScratch scratch = TileScratch.get();
        float[] norms = scratch.norms(k);
        ScalarKernels.centreNorms(centres, k, d, norms);
        if (tile != L) {
            return update
                    ? ScalarKernels.reassignRows(x, tile, d, from, to, centres, k, norms, inertia, labels, counts, sums, moved)
                    : ScalarKernels.assignRows(x, tile, d, from, to, centres, k, norms, inertia, labels, counts, sums, moved);
        }
        int head = Math.min(to, roundUp(from));
        int t0 = head / L;
        int t1 = head % L == 0 ? to / L : t0; // whole tiles in [head, to); none if head stopped at an unaligned to
        int tail = Math.max(head, t1 * L);
        double total = update
                ? ScalarKernels.reassignRows(x, tile, d, from, head, centres, k, norms, inertia, labels, counts, sums, moved)
                : ScalarKernels.assignRows(x, tile, d, from, head, centres, k, norms, inertia, labels, counts, sums, moved);
        if (t1 > t0) {
            float[] coef = scratch.coef(k * d);
            for (int i = 0; i < k * d; i++) {
                coef[i] = -2f * centres[i];
            }
            boolean fresh = sums != null && !update;
            int accumulators = fresh ? k * d * L : 0;
            float[] acc = scratch.lanes(accumulators);
            double[] accD = scratch.lanesD(accumulators);
            // room for a last group of four tiles that sticks out of the block
            float[] tileLabels = scratch.tileLabels((blockTiles(d) + 3) * L);
            float[] spill = scratch.small(L + 1);
            int sinceFlush = 0;
            for (int b0 = t0, blk = blockTiles(d); b0 < t1; b0 += blk) {
                int b1 = Math.min(t1, b0 + blk);
                total += nearestTiles(x, d, b0, b1, coef, norms, k, inertia, labels, tileLabels, spill,
                        counts, sums, moved, update);
                if (fresh) {
                    sumTiles(x, d, b0, b1, k, tileLabels, counts, acc);
                    sinceFlush += b1 - b0;
                    if (sinceFlush >= FLUSH || b1 == t1) {
                        flush(acc, accD, accumulators);
                        sinceFlush = 0;
                    }
                }
            }
            if (fresh) {
                addLanes(accD, k * d, sums);
            }
        }
        total += update
                ? ScalarKernels.reassignRows(x, tile, d, tail, to, centres, k, norms, inertia, labels, counts, sums, moved)
                : ScalarKernels.assignRows(x, tile, d, tail, to, centres, k, norms, inertia, labels, counts, sums, moved);
        return total;
    }

    /**
     * Tiles per block: the assignment pass and the summing pass go over one block after the other,
     * so the block's {@code L·d} floats per tile, at most 16 KiB, are still in L1 for the second.
     * A multiple of 4, since the assignment pass takes tiles four at a time.
     */
    static int blockTiles(int d) {
        return Math.max(4, (4096 / (L * d)) & ~3);
    }

    /**
     * The nearest centres of tiles {@code [b0, b1)}: labels into {@code labels} (as ints) and
     * {@code tileLabels} (as floats, for {@link #sumTiles}); returns their inertia (0 without
     * {@code withInertia}, which skips the rows' norms). With {@code moved}, rows whose label changes
     * are counted and, with {@code update}, moved between {@code counts} and {@code sums}.
     *
     * <p>Register-blocked like a matrix product: four tiles by four centres at a time, sixteen
     * accumulators, so each coordinate vector loaded serves four multiply-adds and each broadcast
     * coefficient four; leftover centres go in pairs, then singly. (On this machine a load or a
     * broadcast costs about a third of a multiply-add: one tile by one centre ran at half the
     * speed, two tiles by four at three quarters.) The hot loop holds 16 accumulators, 4 coordinate
     * vectors, a coefficient and the 4 tiles' running minima and labels: 29 of the 32 vector
     * registers. Each group is finished (labels stored, moved rows, inertia) before the next. A
     * last group of fewer than four tiles repeats its last tile and stores only its real ones.
     *
     * <p>Before a group's arithmetic, one float of each of its cache lines is read. On data that
     * streams from memory this sends all the group's cache misses at once instead of one by one as
     * the coordinate loop reaches them (the hardware prefetcher does not cover this pattern):
     * measured on 1,000,000 × 8, a pass went from 3.4 to 2.5 ms, and the four-tile loop, twice as
     * slow as a two-tile one there without it, became as fast (and 10-30% faster on data in the
     * caches). Reading further ahead, a group or more, was slower.
     * Each lane's arithmetic is exactly {@link ScalarKernels#assignRows}': best starts at +∞ with
     * label 0 and a centre wins with a strictly smaller distance.
     */
    private static double nearestTiles(float[] x, int d, int b0, int b1, float[] coef, float[] norms, int k,
                                       boolean withInertia, int[] labels, float[] tileLabels, float[] spill,
                                       long[] counts, double[] sums, long[] moved, boolean update) {
        int tileLen = L * d;
        FloatVector infinity = FloatVector.broadcast(F, Float.POSITIVE_INFINITY);
        FloatVector zero = FloatVector.zero(F);
        FloatVector inertia = zero;
        int touched = 0;
        for (int g = b0; g < b1; g += 4) {
            int o = (g - b0) * L;
            int ta = g * tileLen;
            // one float per cache line of the group's tiles: all their misses on their way at once
            for (int p = ta, e = Math.min(ta + 4 * tileLen, b1 * tileLen); p < e; p += 16) {
                touched ^= Float.floatToRawIntBits(x[p]);
            }
            int tb = g + 1 < b1 ? ta + tileLen : ta;
            int tc = g + 2 < b1 ? ta + 2 * tileLen : tb;
            int td = g + 3 < b1 ? ta + 3 * tileLen : tc;
            FloatVector bestA = infinity;
            FloatVector bestB = infinity;
            FloatVector bestC = infinity;
            FloatVector bestD = infinity;
            FloatVector labelA = zero;
            FloatVector labelB = zero;
            FloatVector labelC = zero;
            FloatVector labelD = zero;
            int c = 0;
            for (; c + 4 <= k; c += 4) {
                int cb0 = c * d;
                int cb1 = (c + 1) * d;
                int cb2 = (c + 2) * d;
                int cb3 = (c + 3) * d;
                FloatVector ra0 = FloatVector.broadcast(F, norms[c]);
                FloatVector rb0 = ra0;
                FloatVector rc0 = ra0;
                FloatVector rd0 = ra0;
                FloatVector ra1 = FloatVector.broadcast(F, norms[c + 1]);
                FloatVector rb1 = ra1;
                FloatVector rc1 = ra1;
                FloatVector rd1 = ra1;
                FloatVector ra2 = FloatVector.broadcast(F, norms[c + 2]);
                FloatVector rb2 = ra2;
                FloatVector rc2 = ra2;
                FloatVector rd2 = ra2;
                FloatVector ra3 = FloatVector.broadcast(F, norms[c + 3]);
                FloatVector rb3 = ra3;
                FloatVector rc3 = ra3;
                FloatVector rd3 = ra3;
                for (int j = 0; j < d; j++) {
                    FloatVector xa = FloatVector.fromArray(F, x, ta + j * L);
                    FloatVector xb = FloatVector.fromArray(F, x, tb + j * L);
                    FloatVector xc = FloatVector.fromArray(F, x, tc + j * L);
                    FloatVector xd = FloatVector.fromArray(F, x, td + j * L);
                    FloatVector w = FloatVector.broadcast(F, coef[cb0 + j]);
                    ra0 = xa.fma(w, ra0);
                    rb0 = xb.fma(w, rb0);
                    rc0 = xc.fma(w, rc0);
                    rd0 = xd.fma(w, rd0);
                    w = FloatVector.broadcast(F, coef[cb1 + j]);
                    ra1 = xa.fma(w, ra1);
                    rb1 = xb.fma(w, rb1);
                    rc1 = xc.fma(w, rc1);
                    rd1 = xd.fma(w, rd1);
                    w = FloatVector.broadcast(F, coef[cb2 + j]);
                    ra2 = xa.fma(w, ra2);
                    rb2 = xb.fma(w, rb2);
                    rc2 = xc.fma(w, rc2);
                    rd2 = xd.fma(w, rd2);
                    w = FloatVector.broadcast(F, coef[cb3 + j]);
                    ra3 = xa.fma(w, ra3);
                    rb3 = xb.fma(w, rb3);
                    rc3 = xc.fma(w, rc3);
                    rd3 = xd.fma(w, rd3);
                }
                VectorMask<Float> m;
                m = ra0.lt(bestA);
                bestA = bestA.blend(ra0, m);
                labelA = labelA.blend((float) c, m);
                m = ra1.lt(bestA);
                bestA = bestA.blend(ra1, m);
                labelA = labelA.blend((float) (c + 1), m);
                m = ra2.lt(bestA);
                bestA = bestA.blend(ra2, m);
                labelA = labelA.blend((float) (c + 2), m);
                m = ra3.lt(bestA);
                bestA = bestA.blend(ra3, m);
                labelA = labelA.blend((float) (c + 3), m);
                m = rb0.lt(bestB);
                bestB = bestB.blend(rb0, m);
                labelB = labelB.blend((float) c, m);
                m = rb1.lt(bestB);
                bestB = bestB.blend(rb1, m);
                labelB = labelB.blend((float) (c + 1), m);
                m = rb2.lt(bestB);
                bestB = bestB.blend(rb2, m);
                labelB = labelB.blend((float) (c + 2), m);
                m = rb3.lt(bestB);
                bestB = bestB.blend(rb3, m);
                labelB = labelB.blend((float) (c + 3), m);
                m = rc0.lt(bestC);
                bestC = bestC.blend(rc0, m);
                labelC = labelC.blend((float) c, m);
                m = rc1.lt(bestC);
                bestC = bestC.blend(rc1, m);
                labelC = labelC.blend((float) (c + 1), m);
                m = rc2.lt(bestC);
                bestC = bestC.blend(rc2, m);
                labelC = labelC.blend((float) (c + 2), m);
                m = rc3.lt(bestC);
                bestC = bestC.blend(rc3, m);
                labelC = labelC.blend((float) (c + 3), m);
                m = rd0.lt(bestD);
                bestD = bestD.blend(rd0, m);
                labelD = labelD.blend((float) c, m);
                m = rd1.lt(bestD);
                bestD = bestD.blend(rd1, m);
                labelD = labelD.blend((float) (c + 1), m);
                m = rd2.lt(bestD);
                bestD = bestD.blend(rd2, m);
                labelD = labelD.blend((float) (c + 2), m);
                m = rd3.lt(bestD);
                bestD = bestD.blend(rd3, m);
                labelD = labelD.blend((float) (c + 3), m);
            }
            for (; c + 2 <= k; c += 2) {
                int cb0 = c * d;
                int cb1 = (c + 1) * d;
                FloatVector ra0 = FloatVector.broadcast(F, norms[c]);
                FloatVector rb0 = ra0;
                FloatVector rc0 = ra0;
                FloatVector rd0 = ra0;
                FloatVector ra1 = FloatVector.broadcast(F, norms[c + 1]);
                FloatVector rb1 = ra1;
                FloatVector rc1 = ra1;
                FloatVector rd1 = ra1;
                for (int j = 0; j < d; j++) {
                    FloatVector xa = FloatVector.fromArray(F, x, ta + j * L);
                    FloatVector xb = FloatVector.fromArray(F, x, tb + j * L);
                    FloatVector xc = FloatVector.fromArray(F, x, tc + j * L);
                    FloatVector xd = FloatVector.fromArray(F, x, td + j * L);
                    FloatVector w = FloatVector.broadcast(F, coef[cb0 + j]);
                    ra0 = xa.fma(w, ra0);
                    rb0 = xb.fma(w, rb0);
                    rc0 = xc.fma(w, rc0);
                    rd0 = xd.fma(w, rd0);
                    w = FloatVector.broadcast(F, coef[cb1 + j]);
                    ra1 = xa.fma(w, ra1);
                    rb1 = xb.fma(w, rb1);
                    rc1 = xc.fma(w, rc1);
                    rd1 = xd.fma(w, rd1);
                }
                VectorMask<Float> m;
                m = ra0.lt(bestA);
                bestA = bestA.blend(ra0, m);
                labelA = labelA.blend((float) c, m);
                m = ra1.lt(bestA);
                bestA = bestA.blend(ra1, m);
                labelA = labelA.blend((float) (c + 1), m);
                m = rb0.lt(bestB);
                bestB = bestB.blend(rb0, m);
                labelB = labelB.blend((float) c, m);
                m = rb1.lt(bestB);
                bestB = bestB.blend(rb1, m);
                labelB = labelB.blend((float) (c + 1), m);
                m = rc0.lt(bestC);
                bestC = bestC.blend(rc0, m);
                labelC = labelC.blend((float) c, m);
                m = rc1.lt(bestC);
                bestC = bestC.blend(rc1, m);
                labelC = labelC.blend((float) (c + 1), m);
                m = rd0.lt(bestD);
                bestD = bestD.blend(rd0, m);
                labelD = labelD.blend((float) c, m);
                m = rd1.lt(bestD);
                bestD = bestD.blend(rd1, m);
                labelD = labelD.blend((float) (c + 1), m);
            }
            for (; c < k; c++) {
                int cb0 = c * d;
                FloatVector ra0 = FloatVector.broadcast(F, norms[c]);
                FloatVector rb0 = ra0;
                FloatVector rc0 = ra0;
                FloatVector rd0 = ra0;
                for (int j = 0; j < d; j++) {
                    FloatVector xa = FloatVector.fromArray(F, x, ta + j * L);
                    FloatVector xb = FloatVector.fromArray(F, x, tb + j * L);
                    FloatVector xc = FloatVector.fromArray(F, x, tc + j * L);
                    FloatVector xd = FloatVector.fromArray(F, x, td + j * L);
                    FloatVector w = FloatVector.broadcast(F, coef[cb0 + j]);
                    ra0 = xa.fma(w, ra0);
                    rb0 = xb.fma(w, rb0);
                    rc0 = xc.fma(w, rc0);
                    rd0 = xd.fma(w, rd0);
                }
                VectorMask<Float> m;
                m = ra0.lt(bestA);
                bestA = bestA.blend(ra0, m);
                labelA = labelA.blend((float) c, m);
                m = rb0.lt(bestB);
                bestB = bestB.blend(rb0, m);
                labelB = labelB.blend((float) c, m);
                m = rc0.lt(bestC);
                bestC = bestC.blend(rc0, m);
                labelC = labelC.blend((float) c, m);
                m = rd0.lt(bestD);
                bestD = bestD.blend(rd0, m);
                labelD = labelD.blend((float) c, m);
            }
            // the group's labels, moved rows and inertia, while the group is in registers and L1
            IntVector labelsInt;
            int tA = g;
            labelsInt = (IntVector) labelA.convert(VectorOperators.F2I, 0);
            labelA.intoArray(tileLabels, o);
            if (moved != null) {
                long changed = labelsInt.compare(VectorOperators.NE, IntVector.fromArray(I, labels, tA * L)).toLong();
                if (changed != 0) {
                    moved[0] += update ? moveRows(x, d, tA, changed, labels, tileLabels, o, counts, sums)
                            : Long.bitCount(changed);
                }
            }
            labelsInt.intoArray(labels, tA * L);
            if (withInertia) {
                FloatVector norm = FloatVector.zero(F);
                for (int j = 0; j < d; j++) {
                    FloatVector xj = FloatVector.fromArray(F, x, tA * tileLen + j * L);
                    norm = xj.fma(xj, norm);
                }
                FloatVector term = bestA.add(norm);
                inertia = inertia.add(term.blend(0f, term.lt(0f))); // rounding can take a point on its centre below 0
            }
            if (g + 1 < b1) {
                int tB = g + 1;
                labelsInt = (IntVector) labelB.convert(VectorOperators.F2I, 0);
                labelB.intoArray(tileLabels, o + 1 * L);
                if (moved != null) {
                    long changed = labelsInt.compare(VectorOperators.NE, IntVector.fromArray(I, labels, tB * L)).toLong();
                    if (changed != 0) {
                        moved[0] += update ? moveRows(x, d, tB, changed, labels, tileLabels, o + 1 * L, counts, sums)
                                : Long.bitCount(changed);
                    }
                }
                labelsInt.intoArray(labels, tB * L);
                if (withInertia) {
                    FloatVector norm = FloatVector.zero(F);
                    for (int j = 0; j < d; j++) {
                        FloatVector xj = FloatVector.fromArray(F, x, tB * tileLen + j * L);
                        norm = xj.fma(xj, norm);
                    }
                    FloatVector term = bestB.add(norm);
                    inertia = inertia.add(term.blend(0f, term.lt(0f))); // rounding can take a point on its centre below 0
                }
            }
            if (g + 2 < b1) {
                int tC = g + 2;
                labelsInt = (IntVector) labelC.convert(VectorOperators.F2I, 0);
                labelC.intoArray(tileLabels, o + 2 * L);
                if (moved != null) {
                    long changed = labelsInt.compare(VectorOperators.NE, IntVector.fromArray(I, labels, tC * L)).toLong();
                    if (changed != 0) {
                        moved[0] += update ? moveRows(x, d, tC, changed, labels, tileLabels, o + 2 * L, counts, sums)
                                : Long.bitCount(changed);
                    }
                }
                labelsInt.intoArray(labels, tC * L);
                if (withInertia) {
                    FloatVector norm = FloatVector.zero(F);
                    for (int j = 0; j < d; j++) {
                        FloatVector xj = FloatVector.fromArray(F, x, tC * tileLen + j * L);
                        norm = xj.fma(xj, norm);
                    }
                    FloatVector term = bestC.add(norm);
                    inertia = inertia.add(term.blend(0f, term.lt(0f))); // rounding can take a point on its centre below 0
                }
            }
            if (g + 3 < b1) {
                int tD = g + 3;
                labelsInt = (IntVector) labelD.convert(VectorOperators.F2I, 0);
                labelD.intoArray(tileLabels, o + 3 * L);
                if (moved != null) {
                    long changed = labelsInt.compare(VectorOperators.NE, IntVector.fromArray(I, labels, tD * L)).toLong();
                    if (changed != 0) {
                        moved[0] += update ? moveRows(x, d, tD, changed, labels, tileLabels, o + 3 * L, counts, sums)
                                : Long.bitCount(changed);
                    }
                }
                labelsInt.intoArray(labels, tD * L);
                if (withInertia) {
                    FloatVector norm = FloatVector.zero(F);
                    for (int j = 0; j < d; j++) {
                        FloatVector xj = FloatVector.fromArray(F, x, tD * tileLen + j * L);
                        norm = xj.fma(xj, norm);
                    }
                    FloatVector term = bestD.add(norm);
                    inertia = inertia.add(term.blend(0f, term.lt(0f))); // rounding can take a point on its centre below 0
                }
            }
        }
        inertia.intoArray(spill, 0);
        spill[L] = Float.intBitsToFloat(touched); // the JIT would drop reads whose values go nowhere
        return sumInOrder(spill, L);
    }

    /**
     * Sums of tiles {@code [b0, b1)} by centre, with masks: for each pair of centres and eight
     * coordinates, sixteen register accumulators run down the block adding the lanes whose label is
     * their centre; then they are added to {@code acc} ({@code (c·d + j)·L + lane}). Counts too.
     * Pairs of centres load each coordinate vector once for two centres and keep both the adders
     * and the multiply-add units busy: measured on 16,384 × 16 with k = 8, 45% less time than one
     * centre at a time.
     */
    private static void sumTiles(float[] x, int d, int b0, int b1, int k, float[] tileLabels, long[] counts,
                                 float[] acc) {
        int tileLen = L * d;
        int n = b1 - b0;
        FloatVector zero = FloatVector.zero(F);
        int c = 0;
        for (; c + 2 <= k; c += 2) {
            // two centres at a time: the first by masked adds, the second by multiply-adds with a 0/1
            // indicator (x·1 + s and x·0 + s round exactly as s + x and s), so that each coordinate
            // vector loaded feeds both the adders and the multiply-add units
            float fa = c;
            float fb = c + 1;
            long countA = 0;
            long countB = 0;
            for (int t = 0; t < n; t++) {
                FloatVector lab = FloatVector.fromArray(F, tileLabels, t * L);
                countA += lab.eq(fa).trueCount();
                countB += lab.eq(fb).trueCount();
            }
            counts[c] += countA;
            counts[c + 1] += countB;
            if (countA + countB == 0) {
                continue;
            }
            int j = 0;
            for (; j + 8 <= d; j += 8) {
                FloatVector a0 = zero;
                FloatVector a1 = zero;
                FloatVector a2 = zero;
                FloatVector a3 = zero;
                FloatVector a4 = zero;
                FloatVector a5 = zero;
                FloatVector a6 = zero;
                FloatVector a7 = zero;
                FloatVector e0 = zero;
                FloatVector e1 = zero;
                FloatVector e2 = zero;
                FloatVector e3 = zero;
                FloatVector e4 = zero;
                FloatVector e5 = zero;
                FloatVector e6 = zero;
                FloatVector e7 = zero;
                for (int t = 0; t < n; t++) {
                    FloatVector lab = FloatVector.fromArray(F, tileLabels, t * L);
                    VectorMask<Float> mineA = lab.eq(fa);
                    FloatVector ownB = zero.blend(1f, lab.eq(fb));
                    int base = (b0 + t) * tileLen + j * L;
                    FloatVector v;
                    v = FloatVector.fromArray(F, x, base);
                    a0 = a0.add(v, mineA);
                    e0 = v.fma(ownB, e0);
                    v = FloatVector.fromArray(F, x, base + L);
                    a1 = a1.add(v, mineA);
                    e1 = v.fma(ownB, e1);
                    v = FloatVector.fromArray(F, x, base + 2 * L);
                    a2 = a2.add(v, mineA);
                    e2 = v.fma(ownB, e2);
                    v = FloatVector.fromArray(F, x, base + 3 * L);
                    a3 = a3.add(v, mineA);
                    e3 = v.fma(ownB, e3);
                    v = FloatVector.fromArray(F, x, base + 4 * L);
                    a4 = a4.add(v, mineA);
                    e4 = v.fma(ownB, e4);
                    v = FloatVector.fromArray(F, x, base + 5 * L);
                    a5 = a5.add(v, mineA);
                    e5 = v.fma(ownB, e5);
                    v = FloatVector.fromArray(F, x, base + 6 * L);
                    a6 = a6.add(v, mineA);
                    e6 = v.fma(ownB, e6);
                    v = FloatVector.fromArray(F, x, base + 7 * L);
                    a7 = a7.add(v, mineA);
                    e7 = v.fma(ownB, e7);
                }
                int at = (c * d + j) * L;
                int bt = ((c + 1) * d + j) * L;
                FloatVector.fromArray(F, acc, at).add(a0).intoArray(acc, at);
                FloatVector.fromArray(F, acc, at + L).add(a1).intoArray(acc, at + L);
                FloatVector.fromArray(F, acc, at + 2 * L).add(a2).intoArray(acc, at + 2 * L);
                FloatVector.fromArray(F, acc, at + 3 * L).add(a3).intoArray(acc, at + 3 * L);
                FloatVector.fromArray(F, acc, at + 4 * L).add(a4).intoArray(acc, at + 4 * L);
                FloatVector.fromArray(F, acc, at + 5 * L).add(a5).intoArray(acc, at + 5 * L);
                FloatVector.fromArray(F, acc, at + 6 * L).add(a6).intoArray(acc, at + 6 * L);
                FloatVector.fromArray(F, acc, at + 7 * L).add(a7).intoArray(acc, at + 7 * L);
                FloatVector.fromArray(F, acc, bt).add(e0).intoArray(acc, bt);
                FloatVector.fromArray(F, acc, bt + L).add(e1).intoArray(acc, bt + L);
                FloatVector.fromArray(F, acc, bt + 2 * L).add(e2).intoArray(acc, bt + 2 * L);
                FloatVector.fromArray(F, acc, bt + 3 * L).add(e3).intoArray(acc, bt + 3 * L);
                FloatVector.fromArray(F, acc, bt + 4 * L).add(e4).intoArray(acc, bt + 4 * L);
                FloatVector.fromArray(F, acc, bt + 5 * L).add(e5).intoArray(acc, bt + 5 * L);
                FloatVector.fromArray(F, acc, bt + 6 * L).add(e6).intoArray(acc, bt + 6 * L);
                FloatVector.fromArray(F, acc, bt + 7 * L).add(e7).intoArray(acc, bt + 7 * L);
            }
            for (; j < d; j++) {
                FloatVector sa = zero;
                FloatVector sb = zero;
                for (int t = 0; t < n; t++) {
                    FloatVector lab = FloatVector.fromArray(F, tileLabels, t * L);
                    FloatVector v = FloatVector.fromArray(F, x, (b0 + t) * tileLen + j * L);
                    sa = sa.add(v, lab.eq(fa));
                    sb = v.fma(zero.blend(1f, lab.eq(fb)), sb);
                }
                int at = (c * d + j) * L;
                int bt = ((c + 1) * d + j) * L;
                FloatVector.fromArray(F, acc, at).add(sa).intoArray(acc, at);
                FloatVector.fromArray(F, acc, bt).add(sb).intoArray(acc, bt);
            }
        }
        if (c < k) {
            // the last centre of an odd k: half its coordinates on each kind of unit
            float fc = c;
            long count = 0;
            for (int t = 0; t < n; t++) {
                count += FloatVector.fromArray(F, tileLabels, t * L).eq(fc).trueCount();
            }
            counts[c] += count;
            if (count == 0) {
                return;
            }
            for (int j = 0; j < d; j += 2) {
                boolean two = j + 1 < d;
                FloatVector s0 = zero;
                FloatVector s1 = zero;
                for (int t = 0; t < n; t++) {
                    FloatVector lab = FloatVector.fromArray(F, tileLabels, t * L);
                    int base = (b0 + t) * tileLen + j * L;
                    s0 = s0.add(FloatVector.fromArray(F, x, base), lab.eq(fc));
                    if (two) {
                        s1 = FloatVector.fromArray(F, x, base + L).fma(zero.blend(1f, lab.eq(fc)), s1);
                    }
                }
                int at = (c * d + j) * L;
                FloatVector.fromArray(F, acc, at).add(s0).intoArray(acc, at);
                if (two) {
                    FloatVector.fromArray(F, acc, at + L).add(s1).intoArray(acc, at + L);
                }
            }
        }
    }

    /**
     * The rows of tile {@code t} flagged in {@code changed} (bit i: lane i) move from their old label
     * ({@code labels}, not yet overwritten) to their new one ({@code newLabels[off + i]}), lanes in
     * order: the scalar twin's {@link ScalarKernels#moveRow} sequence, so the sums agree to the bit.
     */
    private static int moveRows(float[] x, int d, int t, long changed, int[] labels, float[] newLabels, int off,
                                long[] counts, double[] sums) {
        int base = t * L * d;
        for (long bits = changed; bits != 0; bits &= bits - 1) {
            int i = Long.numberOfTrailingZeros(bits);
            ScalarKernels.moveRow(x, base + i, L, d, labels[t * L + i], (int) newLabels[off + i], counts, sums);
        }
        return Long.bitCount(changed);
    }

    // ---------------------------------------------------------------- k-means++

    static void lowerDistances(float[] x, int tile, int d, int from, int to, float[] point, int pOff, float[] closest) {
        if (tile != L) {
            ScalarKernels.INSTANCE.lowerDistances(x, tile, d, from, to, point, pOff, closest);
            return;
        }
        int head = Math.min(to, roundUp(from));
        int t0 = head / L;
        int t1 = head % L == 0 ? to / L : t0; // whole tiles in [head, to); none if head stopped at an unaligned to
        int tail = Math.max(head, t1 * L);
        ScalarKernels.INSTANCE.lowerDistances(x, tile, d, from, head, point, pOff, closest);
        int tileLen = L * d;
        for (int t = t0; t < t1; t++) {
            int base = t * tileLen;
            FloatVector dist = FloatVector.zero(F);
            for (int j = 0; j < d; j++) {
                FloatVector diff = FloatVector.fromArray(F, x, base + j * L).sub(point[pOff + j]);
                dist = diff.fma(diff, dist);
            }
            FloatVector near = FloatVector.fromArray(F, closest, t * L);
            near.blend(dist, dist.lt(near)).intoArray(closest, t * L);
        }
        ScalarKernels.INSTANCE.lowerDistances(x, tile, d, tail, to, point, pOff, closest);
    }

    static void candidatePotentials(float[] x, int tile, int d, int from, int to, float[] candidates, int m,
                                    float[] closest, double[] potentials) {
        if (tile != L) {
            ScalarKernels.INSTANCE.candidatePotentials(x, tile, d, from, to, candidates, m, closest, potentials);
            return;
        }
        int head = Math.min(to, roundUp(from));
        int t0 = head / L;
        int t1 = head % L == 0 ? to / L : t0; // whole tiles in [head, to); none if head stopped at an unaligned to
        int tail = Math.max(head, t1 * L);
        ScalarKernels.INSTANCE.candidatePotentials(x, tile, d, from, head, candidates, m, closest, potentials);
        if (t1 > t0) {
            TileScratch scratch = TileScratch.get();
            float[] lanes = scratch.lanes(m * L);
            double[] lanesD = scratch.lanesD(m * L);
            potentialTiles(x, d, t0, t1, candidates, m, closest, lanes, lanesD);
            addLanes(lanesD, m, potentials);
        }
        ScalarKernels.INSTANCE.candidatePotentials(x, tile, d, tail, to, candidates, m, closest, potentials);
    }

    private static void potentialTiles(float[] x, int d, int t0, int t1, float[] candidates, int m,
                                       float[] closest, float[] lanes, double[] lanesD) {
        int tileLen = L * d;
        int window = 0;
        for (int t = t0; t < t1; t++) {
            int base = t * tileLen;
            FloatVector near = FloatVector.fromArray(F, closest, t * L);
            for (int c = 0; c < m; c++) {
                int cb = c * d;
                FloatVector dist = FloatVector.zero(F);
                for (int j = 0; j < d; j++) {
                    FloatVector diff = FloatVector.fromArray(F, x, base + j * L).sub(candidates[cb + j]);
                    dist = diff.fma(diff, dist);
                }
                FloatVector.fromArray(F, lanes, c * L)
                        .add(near.blend(dist, dist.lt(near)))
                        .intoArray(lanes, c * L);
            }
            if (++window == FLUSH || t == t1 - 1) {
                flush(lanes, lanesD, m * L);
                window = 0;
            }
        }
    }

    // ---------------------------------------------------------------- silhouette

    static double sumDistances(float[] x, int tile, int d, int from, int to, float[] point, int pOff) {
        if (tile != L) {
            return ScalarKernels.INSTANCE.sumDistances(x, tile, d, from, to, point, pOff);
        }
        int head = Math.min(to, roundUp(from));
        int t0 = head / L;
        int t1 = head % L == 0 ? to / L : t0; // whole tiles in [head, to); none if head stopped at an unaligned to
        int tail = Math.max(head, t1 * L);
        double sum = ScalarKernels.INSTANCE.sumDistances(x, tile, d, from, head, point, pOff);
        if (t1 > t0) {
            sum += distanceTiles(x, d, t0, t1, point, pOff, TileScratch.get().small(L));
        }
        return sum + ScalarKernels.INSTANCE.sumDistances(x, tile, d, tail, to, point, pOff);
    }

    private static double distanceTiles(float[] x, int d, int t0, int t1, float[] point, int pOff, float[] spill) {
        int tileLen = L * d;
        double sum = 0;
        FloatVector acc = FloatVector.zero(F);
        int window = 0;
        for (int t = t0; t < t1; t++) {
            int base = t * tileLen;
            FloatVector dist = FloatVector.zero(F);
            for (int j = 0; j < d; j++) {
                FloatVector diff = FloatVector.fromArray(F, x, base + j * L).sub(point[pOff + j]);
                dist = diff.fma(diff, dist);
            }
            acc = acc.add(dist.sqrt());
            if (++window == FLUSH || t == t1 - 1) {
                acc.intoArray(spill, 0);
                sum += sumInOrder(spill, L);
                acc = FloatVector.zero(F);
                window = 0;
            }
        }
        return sum;
    }

    // ---------------------------------------------------------------- helpers (arrays only, no vectors)

    /** The first row index at or after {@code row} that starts a tile. */
    private static int roundUp(int row) {
        return (row + L - 1) / L * L;
    }

    /** {@code lanesD[i] += lanes[i]; lanes[i] = 0} for the first {@code n}. */
    private static void flush(float[] lanes, double[] lanesD, int n) {
        for (int i = 0; i < n; i++) {
            lanesD[i] += lanes[i];
            lanes[i] = 0f;
        }
    }

    /** {@code out[a] += Σ_lane lanesD[a·L + lane]}, lanes in order, for each of {@code n} accumulators. */
    private static void addLanes(double[] lanesD, int n, double[] out) {
        for (int a = 0; a < n; a++) {
            double s = 0;
            for (int lane = 0; lane < L; lane++) {
                s += lanesD[a * L + lane];
            }
            out[a] += s;
        }
    }

    private static double sumInOrder(float[] v, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += v[i];
        }
        return s;
    }
}
