package dev.brisk.marketing.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brisk.datasets.Blobs;
import dev.brisk.engine.kernels.Kernels;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * k-means as a specification: it finds the clusters that are there, it computes exactly Lloyd's
 * algorithm (checked against a plain double-precision implementation written here from the
 * textbook), k-means++ behaves as described, results do not depend on threads, and bad input is
 * refused with a message that says what and where.
 */
class KMeansTest {

    // ------------------------------------------------------------------ finding clusters

    @Test
    void recoversTheCentresOfSeparatedBlobs() {
        Blobs b = Blobs.generate(3000, 5, 3, 0.5, 1);
        KMeansResult r = new KMeans(3).seed(42).fit(b.data(), b.rows(), b.cols());
        assertTrue(r.converged(), r.toString());
        float[][] found = r.centres();
        for (int c = 0; c < 3; c++) {
            // each true centre has a found centre within a few standard errors (0.5 / sqrt(1000))
            double nearest = Double.POSITIVE_INFINITY;
            for (float[] f : found) {
                double s = 0;
                for (int j = 0; j < 5; j++) {
                    double diff = f[j] - b.centres()[c * 5 + j];
                    s += diff * diff;
                }
                nearest = Math.min(nearest, Math.sqrt(s));
            }
            assertTrue(nearest < 0.1, "true centre " + c + " is " + nearest + " from the nearest found one");
        }
        // the clusters are the blobs: the same partition up to renaming
        int[] map = new int[]{-1, -1, -1};
        int[] labels = r.labels();
        for (int i = 0; i < b.rows(); i++) {
            int t = b.labels()[i];
            if (map[t] < 0) {
                map[t] = labels[i];
            }
            assertEquals(map[t], labels[i], "row " + i);
        }
        assertEquals(3, Arrays.stream(map).distinct().count());
        assertEquals(b.rows(), Arrays.stream(r.sizes()).sum());
    }

    // ------------------------------------------------------------------ exactly Lloyd's algorithm

    /**
     * From given centres, with overlapping blobs so that many rows change cluster: the same labels,
     * iteration count and (to float rounding) centres and inertia as the reference.
     */
    @Test
    void matchesReferenceLloydFromGivenCentres() {
        Blobs b = Blobs.generate(2000, 4, 5, 3.0, 7);
        float[] init = Arrays.copyOf(b.data(), 5 * 4); // the first five rows
        for (int maxIter : new int[]{1, 3, 300}) {
            KMeansResult r = new KMeans(5).initialCentres(init, 4).maxIterations(maxIter).fit(b.data(), b.rows(), b.cols());
            Reference ref = Reference.lloyd(b.data(), b.rows(), 4, init, 5, maxIter, 1e-4);
            String what = "maxIterations " + maxIter;
            assertEquals(ref.iterations, r.iterations(), what + ": iterations");
            assertEquals(ref.converged, r.converged(), what + ": converged");
            assertArrayEquals(ref.labels, r.labels(), what + ": labels");
            assertEquals(ref.inertia, r.inertia(), 1e-5 * ref.inertia, what + ": inertia");
            float[] centres = r.centresFlat();
            for (int i = 0; i < centres.length; i++) {
                assertEquals(ref.centres[i], centres[i], 1e-4, what + ": centre value " + i);
            }
        }
    }

    @Test
    void anEmptyClusterTakesTheFarthestRowAsScikitLearnDoes() {
        // two tight groups, a far outlier, and a third initial centre nowhere near any row
        float[] data = {
            0, 0, 0.1f, 0, 0, 0.1f, 0.1f, 0.1f,
            10, 10, 10.1f, 10, 10, 10.1f,
            30, 0};
        int rows = data.length / 2;
        float[] init = {0, 0, 10, 10, -100, -100};
        KMeansResult one = new KMeans(3).initialCentres(init, 2).maxIterations(1).fit(data, rows, 2);
        Reference ref = Reference.lloyd(data, rows, 2, init, 3, 1, 1e-4);
        float[] c = one.centresFlat();
        // the outlier (30, 0) was farthest from its centre: it becomes cluster 2 and leaves cluster 1
        assertEquals(30f, c[4], 1e-6);
        assertEquals(0f, c[5], 1e-6);
        assertArrayEquals(ref.centres, c, 1e-5f);
        assertArrayEquals(ref.labels, one.labels());
        KMeansResult full = new KMeans(3).initialCentres(init, 2).fit(data, rows, 2);
        assertTrue(full.converged());
        assertTrue(Arrays.stream(full.sizes()).allMatch(s -> s > 0), Arrays.toString(full.sizes()));
    }

    @Test
    void stopsAtTheIterationCapOrTheTolerance() {
        Blobs b = Blobs.generate(3000, 2, 6, 3.0, 3);
        KMeansResult capped = new KMeans(6).seed(1).maxIterations(2).tolerance(0).fit(b.data(), b.rows(), b.cols());
        assertEquals(2, capped.iterations());
        assertFalse(capped.converged());
        KMeansResult loose = new KMeans(6).seed(1).tolerance(10).fit(b.data(), b.rows(), b.cols());
        assertTrue(loose.converged());
        assertEquals(1, loose.iterations(), "a tolerance of 10 variances stops after the first move");
        KMeansResult exact = new KMeans(6).seed(1).tolerance(0).fit(b.data(), b.rows(), b.cols());
        assertTrue(exact.converged() && exact.iterations() > 2, exact.toString());
        // run to the end, the labels are a fixed point: one more iteration changes nothing
        // (at most two iterations, and the same centres to rounding: the fit ended on sums updated
        // row by row, the new one starts with sums added afresh, and re-centring may round an ulp)
        KMeansResult again = new KMeans(6).initialCentres(exact.centres()).tolerance(0).fit(b.data(), b.rows(), b.cols());
        assertTrue(again.iterations() <= 2, again.toString());
        assertArrayEquals(exact.labels(), again.labels());
        assertArrayEquals(exact.centresFlat(), again.centresFlat(), 1e-5f);
    }

    // ------------------------------------------------------------------ k-means++

    @Test
    void kMeansPlusPlusIsSeededAndPicksDistinctRows() {
        Blobs b = Blobs.generate(5000, 3, 8, 2.0, 5);
        Lloyd lloyd = new Lloyd(b.data(), b.rows(), b.cols(), 8, 2);
        int[] rowsA = new int[8];
        int[] rowsB = new int[8];
        float[] a = new KMeansPlusPlus(lloyd, 2).seed(8, 11, rowsA);
        float[] again = new KMeansPlusPlus(lloyd, 1).seed(8, 11, rowsB);
        assertArrayEquals(a, again, "same seed, any threads: the same centres");
        assertArrayEquals(rowsA, rowsB);
        assertEquals(8, Arrays.stream(rowsA).distinct().count(), Arrays.toString(rowsA));
        float[] other = new KMeansPlusPlus(lloyd, 2).seed(8, 12, null);
        assertFalse(Arrays.equals(a, other), "another seed, other centres");
        // the centres are those rows, in centred coordinates
        float[] user = new float[a.length];
        lloyd.toUser(a, user);
        for (int c = 0; c < 8; c++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(b.data()[rowsA[c] * 3 + j], user[c * 3 + j], 1e-5f);
            }
        }
    }

    @Test
    void kMeansPlusPlusNeverRepeatsARowWhenFewAreDistinct() {
        // 1000 rows but only 4 distinct points: k = 4 must find all four
        float[] data = new float[1000 * 2];
        for (int r = 0; r < 1000; r++) {
            data[2 * r] = r % 4;
            data[2 * r + 1] = (r % 4) * (r % 4);
        }
        for (long seed = 0; seed < 20; seed++) {
            KMeansResult r = new KMeans(4).seed(seed).fit(data, 1000, 2);
            Set<String> centres = new HashSet<>();
            for (float[] c : r.centres()) {
                centres.add(Arrays.toString(c));
            }
            assertEquals(4, centres.size(), "seed " + seed + ": " + centres);
            assertEquals(0, r.inertia(), 1e-9);
        }
    }

    @Test
    void kMeansPlusPlusReachesAFarSmallCluster() {
        // 2000 rows near the origin and 20 far away: the second centre should almost surely go there
        Blobs near = Blobs.generate(2000, 2, 1, 1.0, 1);
        float[] data = Arrays.copyOf(near.data(), 2020 * 2);
        for (int i = 0; i < 20; i++) {
            data[4000 + 2 * i] = 1000 + i * 0.01f;
            data[4000 + 2 * i + 1] = 1000;
        }
        for (long seed = 0; seed < 10; seed++) {
            Lloyd lloyd = new Lloyd(data, 2020, 2, 2, 1);
            int[] rows = new int[2];
            new KMeansPlusPlus(lloyd, 1).seed(2, seed, rows);
            assertTrue(rows[0] >= 2000 || rows[1] >= 2000, "seed " + seed + ": rows " + Arrays.toString(rows));
        }
    }

    // ------------------------------------------------------------------ reproducibility

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Blobs b = Blobs.generate(3 * Lloyd.CHUNK_ROWS + 123, 3, 4, 2.0, 9);
        KMeansResult one = new KMeans(4).seed(3).threads(1).fit(b.data(), b.rows(), b.cols());
        for (int threads : new int[]{2, 3}) {
            KMeansResult many = new KMeans(4).seed(3).threads(threads).fit(b.data(), b.rows(), b.cols());
            assertArrayEquals(one.centresFlat(), many.centresFlat(), threads + " threads");
            assertArrayEquals(one.labels(), many.labels());
            assertEquals(one.inertia(), many.inertia(), 0.0);
            assertEquals(one.iterations(), many.iterations());
        }
    }

    @Test
    void scalarAndVectorKernelsFindTheSameClusters() {
        Blobs b = Blobs.generate(4000, 8, 5, 1.0, 4);
        KMeansResult s = new KMeans(5).seed(2).kernels(Kernels.scalar()).fit(b.data(), b.rows(), b.cols());
        KMeansResult v = new KMeans(5).seed(2).kernels(Kernels.get()).fit(b.data(), b.rows(), b.cols());
        assertArrayEquals(s.labels(), v.labels());
        assertEquals(s.inertia(), v.inertia(), 1e-5 * s.inertia());
        assertArrayEquals(s.centresFlat(), v.centresFlat(), 1e-4f);
    }

    @Test
    void updatedSumsFollowTheReferenceOverManyIterations() {
        // after the first iteration Lloyd only moves the rows that change centre between the sums
        Blobs b = Blobs.generate(5000, 16, 8, 3.0, 6);
        float[] init = Arrays.copyOf(b.data(), 8 * 16);
        KMeansResult r = new KMeans(8).initialCentres(init, 16).maxIterations(40).tolerance(0)
                .fit(b.data(), b.rows(), b.cols());
        Reference ref = Reference.lloyd(b.data(), b.rows(), 16, init, 8, 40, 0);
        assertEquals(ref.iterations, r.iterations());
        assertArrayEquals(ref.labels, r.labels());
        assertEquals(ref.inertia, r.inertia(), 1e-5 * ref.inertia);
        assertArrayEquals(ref.centres, r.centresFlat(), 1e-4f);
    }

    @Test
    void updatingTheSumsGivesWhatSummingAfreshGives() {
        Blobs b = Blobs.generate(3 * Lloyd.CHUNK_ROWS, 8, 5, 3.0, 13);
        Lloyd updated = new Lloyd(b.data(), b.rows(), b.cols(), 5, 2);
        Lloyd afresh = new Lloyd(b.data(), b.rows(), b.cols(), 5, 2);
        float[] cu = Arrays.copyOf(b.data(), 40);
        float[] ca = cu.clone();
        float[] nu = new float[40];
        float[] na = new float[40];
        long movedLate = -1;
        for (int i = 0; i < 15; i++) {
            updated.iterate(cu, nu);
            afresh.recomputeSums();
            afresh.iterate(ca, na);
            assertArrayEquals(afresh.labels(), updated.labels(), "iteration " + i);
            assertArrayEquals(afresh.counts(), updated.counts(), "iteration " + i);
            assertArrayEquals(na, nu, 1e-4f, "iteration " + i);
            System.arraycopy(nu, 0, cu, 0, 40);
            System.arraycopy(na, 0, ca, 0, 40);
            movedLate = updated.moved();
        }
        assertTrue(movedLate < b.rows() / 20, "late iterations move few rows: " + movedLate);
    }

    // ------------------------------------------------------------------ using the result

    @Test
    void predictGivesFittedRowsTheirLabels() {
        Blobs b = Blobs.generate(1000, 3, 4, 1.5, 8);
        KMeansResult r = new KMeans(4).seed(1).fit(b.data(), b.rows(), b.cols());
        assertArrayEquals(r.labels(), r.predict(b.data(), b.rows(), b.cols()));
        float[][] centres = r.centres();
        for (int c = 0; c < 4; c++) {
            assertEquals(c, r.predict(centres[c]), "a centre is nearest to itself");
        }
        assertEquals(0, r.predict(new float[0][]).length);
        assertThrows(IllegalArgumentException.class, () -> r.predict(new float[]{1, 2}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> r.predict(new float[]{1, Float.NaN, 3}));
        assertTrue(e.getMessage().contains("column 1"), e.getMessage());
    }

    @Test
    void lloydIteratesInTheDataCoordinates() {
        Blobs b = Blobs.generate(500, 2, 3, 1.0, 2);
        Lloyd lloyd = new Lloyd(b.data(), b.rows(), b.cols(), 3, 1);
        float[] centres = Arrays.copyOf(b.data(), 6);
        float[] next = new float[6];
        lloyd.iterate(centres, next);
        Reference ref = Reference.lloyd(b.data(), b.rows(), 2, centres, 3, 1, 0);
        assertArrayEquals(ref.firstLabels, lloyd.labels());
        assertArrayEquals(ref.centres, next, 1e-4f);
        assertEquals(b.rows(), Arrays.stream(lloyd.counts()).sum());
        assertEquals(ref.firstInertia, lloyd.assign(centres), 1e-5 * ref.firstInertia);
        assertArrayEquals(ref.firstLabels, lloyd.labels());
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void refusesBadInputSayingWhatAndWhere() {
        assertMessage("k must be at least 1", () -> new KMeans(0));
        assertMessage("no rows", () -> new KMeans(2).fit(new float[0][]));
        assertMessage("no rows", () -> new KMeans(2).fit(new float[0], 0, 3));
        assertMessage("row 1 has 3 values, row 0 has 2", () -> new KMeans(1).fit(new float[][]{{1, 2}, {1, 2, 3}}));
        assertMessage("array holds 5", () -> new KMeans(1).fit(new float[5], 2, 3));
        float[] nan = {0, 0, 1, 1, 2, Float.NaN, 3, 3};
        assertMessage("row 2, column 1 is NaN", () -> new KMeans(2).fit(nan, 4, 2));
        float[] inf = {0, 0, 1, 1, 2, 2, Float.NEGATIVE_INFINITY, 3};
        assertMessage("row 3, column 0 is -Infinity", () -> new KMeans(2).fit(inf, 4, 2));
        assertMessage("k = 5 clusters but only 4 row(s)", () -> new KMeans(5).fit(new float[8], 4, 2));
        float[] twoDistinct = {1, 1, 2, 2, 1, 1, 2, 2, 1, 1};
        assertMessage("only 2 distinct row(s)", () -> new KMeans(3).fit(twoDistinct, 5, 2));
        assertMessage("3 initial centres given for k = 2",
                () -> new KMeans(2).initialCentres(new float[][]{{1}, {2}, {3}}));
        assertMessage("initial centre 1, column 0 is NaN",
                () -> new KMeans(2).initialCentres(new float[]{1, Float.NaN}, 1));
        assertMessage("the initial centres have 1 columns, the data 2",
                () -> new KMeans(2).initialCentres(new float[]{1, 2}, 1).fit(new float[]{0, 0, 1, 1, 2, 2}, 3, 2));
        assertMessage("tolerance must be a finite number", () -> new KMeans(2).tolerance(Double.NaN));
        assertMessage("maxIterations must be at least 1", () -> new KMeans(2).maxIterations(0));
    }

    @Test
    void constantColumnsAreFineAndChangeNothing() {
        Blobs b = Blobs.generate(600, 2, 3, 0.5, 12);
        float[] padded = new float[600 * 3];
        for (int r = 0; r < 600; r++) {
            padded[3 * r] = b.data()[2 * r];
            padded[3 * r + 1] = 42f; // constant
            padded[3 * r + 2] = b.data()[2 * r + 1];
        }
        KMeansResult plain = new KMeans(3).seed(4).fit(b.data(), 600, 2);
        KMeansResult withConstant = new KMeans(3).seed(4).fit(padded, 600, 3);
        assertArrayEquals(plain.labels(), withConstant.labels());
        assertEquals(plain.inertia(), withConstant.inertia(), 1e-4 * plain.inertia());
        // all columns constant: one distinct row, so one cluster is all k-means can make
        float[] flat = new float[50 * 2];
        Arrays.fill(flat, 3f);
        KMeansResult single = new KMeans(1).fit(flat, 50, 2);
        assertEquals(0, single.inertia(), 0.0);
        assertTrue(single.converged());
        assertMessage("only 1 distinct row(s)", () -> new KMeans(2).fit(flat, 50, 2));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    // ------------------------------------------------------------------ the reference

    /**
     * Lloyd's algorithm from the textbook, in double, row by row: exact squared distances, ties to
     * the lower centre, empty clusters given the farthest rows (scikit-learn's rule), scikit-learn's
     * stopping rules and final relabelling.
     */
    static final class Reference {
        int[] labels;
        float[] centres;
        double inertia;
        double firstInertia = Double.NaN;
        int[] firstLabels;
        int iterations;
        boolean converged;

        static Reference lloyd(float[] x, int n, int d, float[] init, int k, int maxIter, double tol) {
            Reference out = new Reference();
            double[] c = new double[k * d];
            for (int i = 0; i < c.length; i++) {
                c[i] = init[i];
            }
            double tolAbs = tol * meanVariance(x, n, d);
            int[] labels = new int[n];
            int[] previous = null;
            boolean strict = false;
            int it = 0;
            while (it < maxIter) {
                double inertia = assign(x, n, d, c, k, labels);
                if (Double.isNaN(out.firstInertia)) {
                    out.firstInertia = inertia;
                    out.firstLabels = labels.clone();
                }
                double[] sums = new double[k * d];
                long[] counts = new long[k];
                for (int r = 0; r < n; r++) {
                    counts[labels[r]]++;
                    for (int j = 0; j < d; j++) {
                        sums[labels[r] * d + j] += x[r * d + j];
                    }
                }
                relocate(x, n, d, c, k, labels, sums, counts);
                double[] next = new double[k * d];
                double shift = 0;
                for (int q = 0; q < k; q++) {
                    for (int j = 0; j < d; j++) {
                        next[q * d + j] = counts[q] > 0 ? sums[q * d + j] / counts[q] : c[q * d + j];
                        double diff = next[q * d + j] - c[q * d + j];
                        shift += diff * diff;
                    }
                }
                c = next;
                it++;
                if (previous != null && Arrays.equals(previous, labels)) {
                    strict = true;
                    out.converged = true;
                    break;
                }
                if (shift <= tolAbs) {
                    out.converged = true;
                    break;
                }
                previous = labels.clone();
            }
            out.iterations = it;
            out.inertia = assign(x, n, d, c, k, labels);
            out.labels = labels;
            out.centres = new float[k * d];
            for (int i = 0; i < c.length; i++) {
                out.centres[i] = (float) c[i];
            }
            assertTrue(strict || out.iterations > 0);
            return out;
        }

        static double assign(float[] x, int n, int d, double[] c, int k, int[] labels) {
            double inertia = 0;
            for (int r = 0; r < n; r++) {
                double best = Double.POSITIVE_INFINITY;
                for (int q = 0; q < k; q++) {
                    double s = dist(x, r, d, c, q);
                    if (s < best) {
                        best = s;
                        labels[r] = q;
                    }
                }
                inertia += best;
            }
            return inertia;
        }

        static void relocate(float[] x, int n, int d, double[] c, int k, int[] labels, double[] sums, long[] counts) {
            Integer[] order = new Integer[n];
            for (int r = 0; r < n; r++) {
                order[r] = r;
            }
            Arrays.sort(order, (a, b) -> Double.compare(dist(x, b, d, c, labels[b]), dist(x, a, d, c, labels[a])));
            int next = 0;
            for (int q = 0; q < k; q++) {
                if (counts[q] != 0) {
                    continue;
                }
                int r = order[next++];
                for (int j = 0; j < d; j++) {
                    sums[labels[r] * d + j] -= x[r * d + j];
                    sums[q * d + j] = x[r * d + j];
                }
                counts[labels[r]]--;
                counts[q] = 1;
            }
        }

        static double dist(float[] x, int r, int d, double[] c, int q) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double diff = x[r * d + j] - c[q * d + j];
                s += diff * diff;
            }
            return s;
        }

        static double meanVariance(float[] x, int n, int d) {
            double total = 0;
            for (int j = 0; j < d; j++) {
                double mean = 0;
                for (int r = 0; r < n; r++) {
                    mean += x[r * d + j];
                }
                mean /= n;
                double var = 0;
                for (int r = 0; r < n; r++) {
                    double diff = x[r * d + j] - mean;
                    var += diff * diff;
                }
                total += var / n;
            }
            return total / d;
        }
    }
}
