package dev.brisk.marketing.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brisk.datasets.Blobs;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The silhouette score against a brute-force computation of its definition, and its sampling. */
class SilhouetteTest {

    /** The definition, in double, every pair of points: scikit-learn's silhouette_samples, averaged. */
    static double bruteForce(float[] x, int n, int d, int[] labels) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            java.util.Map<Integer, double[]> byCluster = new java.util.HashMap<>(); // label -> {sum, count}
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int q = 0; q < d; q++) {
                    double diff = (double) x[i * d + q] - x[j * d + q];
                    s += diff * diff;
                }
                double[] acc = byCluster.computeIfAbsent(labels[j], l -> new double[2]);
                acc[0] += Math.sqrt(s);
                acc[1]++;
            }
            double[] own = byCluster.get(labels[i]);
            if (own[1] == 1) {
                continue; // s(i) = 0
            }
            double a = own[0] / (own[1] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (var e : byCluster.entrySet()) {
                if (e.getKey() != labels[i]) {
                    b = Math.min(b, e.getValue()[0] / e.getValue()[1]);
                }
            }
            total += (b - a) / Math.max(a, b);
        }
        return total / n;
    }

    @Test
    void matchesTheDefinition() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int d : new int[]{1, 3, 8, 17}) {
            int n = 211;
            float[] x = new float[n * d];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = rnd.nextInt(4) * 7 - 3; // arbitrary label values: -3, 4, 11, 18
            }
            labels[5] = 99; // a cluster of one point: s = 0 there
            double expected = bruteForce(x, n, d, labels);
            double actual = Silhouette.score(x, n, d, labels);
            assertEquals(expected, actual, 1e-6 * Math.abs(expected) + 1e-9, "d = " + d);
        }
    }

    @Test
    void separatedBlobsScoreNearOne() {
        Blobs b = Blobs.generate(600, 2, 3, 0.1, 4);
        double s = Silhouette.score(b.data(), b.rows(), b.cols(), b.labels());
        assertTrue(s > 0.9, "silhouette " + s);
        float[][] rows = new float[b.rows()][];
        for (int r = 0; r < b.rows(); r++) {
            rows[r] = Arrays.copyOfRange(b.data(), 2 * r, 2 * r + 2);
        }
        assertEquals(s, Silhouette.score(rows, b.labels()), 0.0);
    }

    @Test
    void aSampleIsScoredAsIfItWereTheData() {
        Blobs b = Blobs.generate(3000, 4, 5, 2.0, 6);
        double sampled = Silhouette.score(b.data(), b.rows(), b.cols(), b.labels(), 500, 42);
        assertEquals(sampled, Silhouette.score(b.data(), b.rows(), b.cols(), b.labels(), 500, 42), 0.0, "seeded");
        assertNotEquals(sampled, Silhouette.score(b.data(), b.rows(), b.cols(), b.labels(), 500, 43));
        int[] rows = Silhouette.sample(b.rows(), 500, 42);
        assertEquals(500, Arrays.stream(rows).distinct().count(), "without replacement");
        float[] sub = new float[500 * 4];
        int[] subLabels = new int[500];
        for (int i = 0; i < 500; i++) {
            System.arraycopy(b.data(), rows[i] * 4, sub, i * 4, 4);
            subLabels[i] = b.labels()[rows[i]];
        }
        assertEquals(bruteForce(sub, 500, 4, subLabels), sampled, 1e-6);
        // a sample as large as the data is the data
        assertEquals(Silhouette.score(b.data(), b.rows(), b.cols(), b.labels()),
                Silhouette.score(b.data(), b.rows(), b.cols(), b.labels(), 10_000, 1), 0.0);
    }

    @Test
    void refusesWhatHasNoSilhouette() {
        float[] x = {0, 1, 2, 3};
        assertMessage("got 1", () -> Silhouette.score(x, 4, 1, new int[]{0, 0, 0, 0}));
        assertMessage("got 4", () -> Silhouette.score(x, 4, 1, new int[]{0, 1, 2, 3}));
        assertMessage("3 labels for 4 rows", () -> Silhouette.score(x, 4, 1, new int[]{0, 1, 1}));
        assertMessage("at least 2 rows", () -> Silhouette.score(x, 4, 1, new int[]{0, 1, 1, 0}, 1, 0));
        assertMessage("row 2, column 0 is NaN",
                () -> Silhouette.score(new float[]{0, 1, Float.NaN, 3}, 4, 1, new int[]{0, 1, 1, 0}));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
