package dev.brisk.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The distance kernels over {@link RowTiles} (k-means' assignment step, the k-means++ helpers, the
 * silhouette's distance sums): the SIMD versions against their scalar twins, and the scalar twins
 * against plain double-precision arithmetic.
 *
 * <p>Row counts are awkward for 16-row tiles (1, 3, 15, 16, 17, 31, 33, 127, 1000), as are the
 * dimensions (1, 2, 3, 8, 16, 17: below, at and above the 8-coordinate blocks and one vector) and
 * the numbers of centres (1, 2, 5, 8, 11: every mix of the four-, two- and one-centre blocks). Each
 * call also runs on a range that starts and ends inside a tile.
 *
 * <p>What must agree, and how closely: labels, counts and the k-means++ distances are computed by
 * the same float operations in the same order on both sides, so they must be <b>identical</b>. Sums
 * and inertia are added in a different order (lanes, then doubles), so they agree to <b>1e-5 of
 * the sum of magnitudes</b>: float rounding of at most 64 terms per lane is below 4e-6 of it, while a
 * row counted twice or missed is off by far more.
 */
class DistanceKernelsTest {

    private static final KernelProvider SCALAR = ScalarKernels.INSTANCE;

    static Stream<Arguments> shapes() {
        return IntStream.of(1, 3, 15, 16, 17, 31, 33, 127, 1000).boxed().flatMap(n ->
                IntStream.of(1, 2, 3, 8, 16, 17).boxed().flatMap(d ->
                        IntStream.of(1, 2, 5, 8, 11).mapToObj(k -> Arguments.of(n, d, k))));
    }

    private static KernelProvider vector() {
        Assumptions.assumeTrue(Kernels.vectorAvailable(), "jdk.incubator.vector is not loaded in this JVM");
        return Kernels.vector();
    }

    /** Rows around a few random centres, so that labels are neither all equal nor all different. */
    private static float[] data(int n, int d, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[][] hubs = new float[4][d];
        for (float[] h : hubs) {
            for (int j = 0; j < d; j++) {
                h[j] = (float) (rnd.nextDouble() * 10 - 5);
            }
        }
        float[] x = new float[n * d];
        for (int r = 0; r < n; r++) {
            float[] h = hubs[rnd.nextInt(hubs.length)];
            for (int j = 0; j < d; j++) {
                x[r * d + j] = h[j] + (float) rnd.nextGaussian();
            }
        }
        return x;
    }

    private static float[] tiles(KernelProvider kp, float[] x, int n, int d, int tile) {
        float[] t = new float[RowTiles.length(n, d, tile)];
        kp.packRowTiles(x, 0, d, 0, n, null, t, tile);
        return t;
    }

    /** k centres taken from the rows (some duplicated when k > n, which makes exact ties). */
    private static float[] centresFrom(float[] x, int n, int d, int k, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] c = new float[k * d];
        for (int i = 0; i < k; i++) {
            System.arraycopy(x, rnd.nextInt(n) * d, c, i * d, d);
        }
        return c;
    }

    /** One assignNearest call's outputs. */
    private record Step(int[] labels, long[] counts, double[] sums, double inertia) {
    }

    private static Step step(KernelProvider kp, float[] t, int tile, int d, int n, int from, int to,
                             float[] centres, int k) {
        int[] labels = new int[n];
        Arrays.fill(labels, -7); // rows outside [from, to) must keep this
        long[] counts = new long[k];
        double[] sums = new double[k * d];
        double inertia = kp.assignNearest(t, tile, d, from, to, centres, k, true, labels, counts, sums, null);
        return new Step(labels, counts, sums, inertia);
    }

    private static double magnitude(float[] x, int d, int from, int to) {
        double s = 0;
        for (int i = from * d; i < to * d; i++) {
            s += Math.abs(x[i]);
        }
        return s;
    }

    // ---------------------------------------------------------------- assignNearest: vector against scalar

    @ParameterizedTest(name = "n={0} d={1} k={2}")
    @MethodSource("shapes")
    void assignNearestMatchesScalarTwin(int n, int d, int k) {
        KernelProvider vec = vector();
        int tile = vec.rowTile();
        float[] x = data(n, d, 31L * n + d);
        float[] t = tiles(vec, x, n, d, tile);
        float[] centres = centresFrom(x, n, d, k, 7L * k + n);
        int[][] ranges = {{0, n}, {Math.min(n, 5), Math.max(Math.min(n, 5), n - 3)}};
        for (int[] range : ranges) {
            String what = "n=" + n + " d=" + d + " k=" + k + " rows [" + range[0] + ", " + range[1] + ")";
            Step s = step(SCALAR, t, tile, d, n, range[0], range[1], centres, k);
            Step v = step(vec, t, tile, d, n, range[0], range[1], centres, k);
            assertArrayEquals(s.labels(), v.labels(), what + ": labels");
            assertArrayEquals(s.counts(), v.counts(), what + ": counts");
            double scale = magnitude(x, d, range[0], range[1]) + 1;
            for (int i = 0; i < s.sums().length; i++) {
                assertEquals(s.sums()[i], v.sums()[i], 1e-5 * scale, what + ": sums[" + i + "]");
            }
            assertEquals(s.inertia(), v.inertia(), 1e-5 * (s.inertia() + 1), what + ": inertia");
        }
    }

    /**
     * Updating an assignment: from the scalar twin's assignment to one set of centres, reassigning to
     * another moves the same rows, to the bit, on both implementations, and ends where a fresh
     * assignment to the new centres ends (sums to rounding).
     */
    @ParameterizedTest(name = "n={0} d={1} k={2}")
    @MethodSource("shapes")
    void reassignNearestMovesTheRowsThatChanged(int n, int d, int k) {
        KernelProvider vec = vector();
        int tile = vec.rowTile();
        float[] x = data(n, d, 17L * n + d);
        float[] t = tiles(vec, x, n, d, tile);
        float[] before = centresFrom(x, n, d, k, 2L * k + n);
        float[] after = centresFrom(x, n, d, k, 9L * k + d);
        int from = Math.min(n, 5);
        int to = Math.max(from, n - 3);
        String what = "n=" + n + " d=" + d + " k=" + k;
        Step start = step(SCALAR, t, tile, d, n, from, to, before, k);
        Step[] updated = new Step[2];
        long[][] moved = new long[2][1];
        KernelProvider[] both = {SCALAR, vec};
        for (int i = 0; i < 2; i++) {
            int[] labels = start.labels().clone();
            long[] counts = start.counts().clone();
            double[] sums = start.sums().clone();
            double inertia = both[i].reassignNearest(t, tile, d, from, to, after, k, true, labels, counts, sums, moved[i]);
            updated[i] = new Step(labels, counts, sums, inertia);
        }
        assertArrayEquals(updated[0].labels(), updated[1].labels(), what + ": labels");
        assertArrayEquals(updated[0].counts(), updated[1].counts(), what + ": counts");
        assertArrayEquals(updated[0].sums(), updated[1].sums(), 0.0, what + ": sums, bit for bit");
        assertEquals(moved[0][0], moved[1][0], what + ": moved rows");
        assertEquals(updated[0].inertia(), updated[1].inertia(), 1e-5 * (updated[0].inertia() + 1), what + ": inertia");

        Step fresh = step(SCALAR, t, tile, d, n, from, to, after, k);
        assertArrayEquals(fresh.labels(), updated[0].labels(), what + ": labels against a fresh assignment");
        assertArrayEquals(fresh.counts(), updated[0].counts(), what + ": counts against a fresh assignment");
        double scale = magnitude(x, d, from, to) + 1;
        for (int i = 0; i < fresh.sums().length; i++) {
            assertEquals(fresh.sums()[i], updated[0].sums()[i], 1e-9 * scale, what + ": sums[" + i + "] against fresh");
        }
        long changed = 0;
        for (int r = from; r < to; r++) {
            changed += start.labels()[r] != fresh.labels()[r] ? 1 : 0;
        }
        assertEquals(changed, moved[0][0], what + ": moved rows are the rows whose label changed");
        // a fresh assignment counts them too, when asked
        for (KernelProvider kp : both) {
            int[] labels = start.labels().clone();
            long[] count = new long[1];
            kp.assignNearest(t, tile, d, from, to, after, k, false, labels, new long[k], new double[k * d], count);
            assertEquals(changed, count[0], what + ": " + kp.name() + " assignNearest's count of changed labels");
        }
    }

    @Test
    void assignmentAloneGivesTheSameLabels() {
        KernelProvider vec = vector();
        int n = 100;
        int d = 8;
        int k = 5;
        float[] x = data(n, d, 3);
        float[] t = tiles(vec, x, n, d, vec.rowTile());
        float[] centres = centresFrom(x, n, d, k, 4);
        for (KernelProvider kp : new KernelProvider[]{SCALAR, vec}) {
            int[] labels = new int[n];
            double withSums = kp.assignNearest(t, vec.rowTile(), d, 0, n, centres, k, true, labels, new long[k], new double[k * d], null);
            int[] labelsOnly = new int[n];
            double without = kp.assignNearest(t, vec.rowTile(), d, 0, n, centres, k, true, labelsOnly, null, null, null);
            assertArrayEquals(labels, labelsOnly, kp.name());
            assertEquals(withSums, without, 1e-9 * withSums, kp.name());
            int[] noInertia = new int[n];
            assertEquals(0.0, kp.assignNearest(t, vec.rowTile(), d, 0, n, centres, k, false, noInertia, null, null, null),
                    kp.name() + ": no inertia asked, none computed");
            assertArrayEquals(labels, noInertia, kp.name());
        }
    }

    // ---------------------------------------------------------------- assignNearest: scalar against double precision

    /**
     * The scalar twin against the textbook definition in double: each row's centre is at (to
     * rounding) the smallest distance, counts and sums are those of the labels, and the inertia is
     * the sum of exact squared distances. Float rounding of {@code ||x||² - 2x·c + ||c||²} is about
     * 1e-7 of {@code ||x||² + ||c||²}, so a centre within that of the best is an acceptable answer.
     */
    @ParameterizedTest(name = "n={0} d={1} k={2}")
    @MethodSource("shapes")
    void scalarTwinAgreesWithDefinition(int n, int d, int k) {
        int tile = 16;
        float[] x = data(n, d, 11L * n + d);
        float[] t = tiles(SCALAR, x, n, d, tile);
        float[] centres = centresFrom(x, n, d, k, 5L * k + d);
        Step s = step(SCALAR, t, tile, d, n, 0, n, centres, k);
        long[] counts = new long[k];
        double[] sums = new double[k * d];
        double inertia = 0;
        for (int r = 0; r < n; r++) {
            double best = Double.POSITIVE_INFINITY;
            double scale = 0;
            for (int c = 0; c < k; c++) {
                best = Math.min(best, exactDistance(x, r, centres, c, d));
                scale = Math.max(scale, norm(x, r * d, d) + norm(centres, c * d, d));
            }
            int label = s.labels()[r];
            double mine = exactDistance(x, r, centres, label, d);
            assertTrue(mine <= best + 1e-6 * scale + 1e-6,
                    "row " + r + ": label " + label + " is at " + mine + ", the nearest at " + best);
            // ties go to the lowest index: no centre before the label is as near
            for (int c = 0; c < label; c++) {
                assertTrue(exactDistance(x, r, centres, c, d) > mine - 1e-6 * scale - 1e-6,
                        "row " + r + ": centre " + c + " is nearer than label " + label);
            }
            counts[label]++;
            for (int j = 0; j < d; j++) {
                sums[label * d + j] += x[r * d + j];
            }
            inertia += mine;
        }
        assertArrayEquals(counts, s.counts());
        for (int i = 0; i < sums.length; i++) {
            assertEquals(sums[i], s.sums()[i], 1e-9 * (Math.abs(sums[i]) + 1), "sums[" + i + "]");
        }
        assertEquals(inertia, s.inertia(), 1e-5 * inertia + 1e-3, "inertia");
    }

    @Test
    void tiesGoToTheLowestIndex() {
        int d = 3;
        int n = 40;
        float[] x = data(n, d, 9);
        float[] centres = new float[4 * d];
        // centres 1 and 3 are copies of centres 0 and 2: they must never win
        System.arraycopy(x, 0, centres, 0, d);
        System.arraycopy(x, 0, centres, d, d);
        System.arraycopy(x, 5 * d, centres, 2 * d, d);
        System.arraycopy(x, 5 * d, centres, 3 * d, d);
        for (KernelProvider kp : providers()) {
            float[] t = tiles(kp, x, n, d, kp.rowTile());
            int[] labels = new int[n];
            kp.assignNearest(t, kp.rowTile(), d, 0, n, centres, 4, false, labels, null, null, null);
            for (int r = 0; r < n; r++) {
                assertTrue(labels[r] == 0 || labels[r] == 2, kp.name() + ": row " + r + " got label " + labels[r]);
            }
            assertEquals(0, labels[0], kp.name() + ": a row equal to centres 0 and 1");
            assertEquals(2, labels[5], kp.name() + ": a row equal to centres 2 and 3");
        }
    }

    // ---------------------------------------------------------------- k-means++ helpers and silhouette sums

    @ParameterizedTest(name = "n={0} d={1} k={2}")
    @MethodSource("shapes")
    void distanceKernelsMatchScalarTwin(int n, int d, int m) {
        KernelProvider vec = vector();
        int tile = vec.rowTile();
        float[] x = data(n, d, 13L * n + d);
        float[] t = tiles(vec, x, n, d, tile);
        float[] points = centresFrom(x, n, d, m, 3L * m + d);
        int from = Math.min(n, 2);
        int to = Math.max(from, n - 1);
        String what = "n=" + n + " d=" + d + " m=" + m;

        // lowerDistances: bit for bit, starting from +inf, then from the first point's distances
        float[] closestS = new float[n];
        Arrays.fill(closestS, Float.POSITIVE_INFINITY);
        float[] closestV = closestS.clone();
        for (int p = 0; p < m; p++) {
            SCALAR.lowerDistances(t, tile, d, from, to, points, p * d, closestS);
            vec.lowerDistances(t, tile, d, from, to, points, p * d, closestV);
            assertBitIdentical(what + " lowerDistances after point " + p, closestS, closestV);
        }
        for (int r = from; r < to; r++) {
            double exact = Double.POSITIVE_INFINITY;
            for (int p = 0; p < m; p++) {
                exact = Math.min(exact, exactDistance(x, r, points, p, d));
            }
            assertEquals(exact, closestS[r], 1e-5 * exact + 1e-5, what + ": closest[" + r + "]");
        }

        // candidatePotentials: to rounding
        float[] closest = new float[n];
        Arrays.fill(closest, Float.POSITIVE_INFINITY);
        SCALAR.lowerDistances(t, tile, d, 0, n, points, 0, closest);
        double[] potS = new double[m];
        double[] potV = new double[m];
        SCALAR.candidatePotentials(t, tile, d, from, to, points, m, closest, potS);
        vec.candidatePotentials(t, tile, d, from, to, points, m, closest, potV);
        for (int p = 0; p < m; p++) {
            double exact = 0;
            for (int r = from; r < to; r++) {
                exact += Math.min(closest[r], exactDistance(x, r, points, p, d));
            }
            assertEquals(potS[p], potV[p], 1e-5 * potS[p] + 1e-6, what + ": potentials[" + p + "]");
            assertEquals(exact, potS[p], 1e-5 * exact + 1e-4, what + ": potentials[" + p + "] against double");
        }

        // sumDistances: to rounding, and against double
        for (int p = 0; p < m; p++) {
            double s = SCALAR.sumDistances(t, tile, d, from, to, points, p * d);
            double v = vec.sumDistances(t, tile, d, from, to, points, p * d);
            double exact = 0;
            for (int r = from; r < to; r++) {
                exact += Math.sqrt(exactDistance(x, r, points, p, d));
            }
            assertEquals(s, v, 1e-5 * s + 1e-6, what + ": sumDistances to point " + p);
            assertEquals(exact, s, 1e-5 * exact + 1e-4, what + ": sumDistances to point " + p + " against double");
        }
    }

    // ---------------------------------------------------------------- packing

    @Test
    void packingPlacesEveryRowAndSubtractsTheShift() {
        for (KernelProvider kp : providers()) {
            for (int tile : new int[]{1, 4, kp.rowTile()}) {
                for (int d : new int[]{1, 3, 8, 16, 17}) { // 8 and 16 have their own transposes
                    int n = 70;
                    float[] x = data(n, d, d);
                    float[] shift = new float[d];
                    for (int j = 0; j < d; j++) {
                        shift[j] = 0.5f * j - 1f;
                    }
                    float[] t = new float[RowTiles.length(n, d, tile)];
                    Arrays.fill(t, Float.NaN); // slots of no row must stay as they were
                    kp.packRowTiles(x, 0, d, 0, 20, shift, t, tile); // two calls, as two threads would
                    kp.packRowTiles(x, 0, d, 20, n, shift, t, tile);
                    for (int r = 0; r < n; r++) {
                        for (int j = 0; j < d; j++) {
                            assertEquals(x[r * d + j] - shift[j], RowTiles.get(t, tile, d, r, j), 0f,
                                    kp.name() + " tile " + tile + " d " + d + ": row " + r + " col " + j);
                        }
                    }
                    int padding = 0;
                    for (float v : t) {
                        padding += Float.isNaN(v) ? 1 : 0;
                    }
                    assertEquals(t.length - n * d, padding, kp.name() + ": padding slots written");
                    float[] row = new float[d];
                    RowTiles.row(t, tile, d, 30, row, 0);
                    assertEquals(x[30 * d] - shift[0], row[0], 0f);
                }
            }
        }
    }

    @Test
    void rowTilesRejectsImpossibleShapes() {
        try {
            RowTiles.length(Integer.MAX_VALUE / 2, 8, 16);
            fail("a matrix larger than an array was accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("do not fit"), e.getMessage());
        }
        try {
            RowTiles.tiles(10, 0);
            fail("tile width 0 was accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("tile width"), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- helpers

    private static KernelProvider[] providers() {
        return Kernels.vectorAvailable() ? new KernelProvider[]{SCALAR, Kernels.vector()} : new KernelProvider[]{SCALAR};
    }

    private static double exactDistance(float[] x, int r, float[] p, int c, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double diff = (double) x[r * d + j] - p[c * d + j];
            s += diff * diff;
        }
        return s;
    }

    private static double norm(float[] a, int off, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            s += (double) a[off + j] * a[off + j];
        }
        return s;
    }

    private static void assertBitIdentical(String what, float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                fail(what + ": differs at [" + i + "]: scalar " + expected[i] + ", vector " + actual[i]);
            }
        }
    }
}
