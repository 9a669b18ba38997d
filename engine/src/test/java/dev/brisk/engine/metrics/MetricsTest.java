package dev.brisk.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brisk.engine.tensor.Tensor;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Metrics against hand examples, and ROC AUC against the pairwise definition. */
class MetricsTest {

    private static final Tensor SCORES = Tensor.of(new float[][]{
            {0.1f, 0.7f, 0.2f},   // predicts 1
            {0.5f, 0.3f, 0.2f},   // predicts 0
            {0.3f, 0.3f, 0.4f},   // predicts 2
            {0.2f, 0.2f, 0.6f}}); // predicts 2

    @Test
    void accuracyAndTopK() {
        int[] labels = {1, 2, 2, 0};
        assertEquals(0.5, Accuracy.of(SCORES, labels));
        Accuracy streaming = new Accuracy();
        streaming.update(SCORES.narrow(0, 0, 2), Tensor.of(new float[]{1, 2}));
        streaming.update(SCORES.narrow(0, 2, 2), Tensor.of(new float[]{2, 0}));
        assertEquals(0.5, streaming.result());
        streaming.reset();
        assertTrue(Double.isNaN(streaming.result()));

        TopKAccuracy top2 = new TopKAccuracy(2);
        top2.update(SCORES, labels);
        // row 1: label 2 scores 0.2, below 0.5 and 0.3: miss. Row 3: label 0 ties 0.2 with class 1 at
        // the boundary: both count as top 2, as TensorFlow's in_top_k
        assertEquals(0.75, top2.result());
        assertEquals("top_2_accuracy", top2.name());
        var e = assertThrows(IllegalArgumentException.class, () -> Accuracy.of(SCORES, new int[]{0, 1, 2, 3}));
        assertTrue(e.getMessage().contains("label 3 at row 3 is outside [0, 3)"), e.getMessage());
    }

    @Test
    void maeAndRmse() {
        Tensor p = Tensor.of(new float[]{1, 2, 3, 4});
        Tensor y = Tensor.of(new float[]{2, 2, 1, 4});
        MeanAbsoluteError mae = new MeanAbsoluteError();
        mae.update(p, y);
        assertEquals(0.75, mae.result(), 1e-12);
        RootMeanSquaredError rmse = new RootMeanSquaredError();
        rmse.update(p.narrow(0, 0, 1), y.narrow(0, 0, 1));
        rmse.update(p.narrow(0, 1, 3), y.narrow(0, 1, 3));
        assertEquals(Math.sqrt(5.0 / 4), rmse.result(), 1e-12);
    }

    @Test
    void r2ScoreByHand() {
        // y = 1, 2, 4: mean 7/3, SS_tot = (16 + 1 + 25) / 9 = 14/3; p = 1, 2, 3: SS_res = 1
        Tensor y = Tensor.of(new float[]{1, 2, 4});
        assertEquals(1 - 3.0 / 14, R2Score.of(Tensor.of(new float[]{1, 2, 3}), y), 1e-12);
        assertEquals(1.0, R2Score.of(y, y), 1e-12);
        // predicting the targets' own mean explains nothing; a worse constant goes below zero
        assertEquals(0.0, R2Score.of(Tensor.full(7f / 3, 3), y), 1e-6);
        // constant 0: SS_res = 1 + 4 + 16 = 21
        assertEquals(1 - 21 / (14.0 / 3), R2Score.of(Tensor.zeros(3), y), 1e-12);
        assertEquals("r2_score", new R2Score().name());
    }

    @Test
    void r2ScoreStreamsAcrossBatchesWithoutCancellation() {
        // targets near a million varying by a few units: Σy² - (Σy)²/n would lose every digit in double
        SplittableRandom rng = new SplittableRandom(3);
        int n = 1000;
        float[] y = new float[n];
        float[] p = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = 1_000_000f + (float) (8 * rng.nextDouble());
            p[i] = y[i] + (rng.nextBoolean() ? 1f : -1f) * (float) rng.nextDouble();
        }
        double mean = 0;
        for (float v : y) {
            mean += v;
        }
        mean /= n;
        double ssTot = 0;
        double ssRes = 0;
        for (int i = 0; i < n; i++) {
            ssTot += (y[i] - mean) * (y[i] - mean);
            ssRes += ((double) y[i] - p[i]) * ((double) y[i] - p[i]);
        }
        R2Score streaming = new R2Score();
        for (int from = 0; from < n; from += 77) {
            int len = Math.min(77, n - from);
            streaming.update(Tensor.of(java.util.Arrays.copyOfRange(p, from, from + len)),
                    Tensor.of(java.util.Arrays.copyOfRange(y, from, from + len)));
        }
        assertEquals(1 - ssRes / ssTot, streaming.result(), 1e-9);
        assertEquals(1 - ssRes / ssTot, R2Score.of(Tensor.of(p), Tensor.of(y)), 1e-9);
        streaming.reset();
        assertTrue(Double.isNaN(streaming.result()));
    }

    @Test
    void r2ScoreAveragesColumnsAndRejectsBadInput() {
        // column 0 as r2ScoreByHand (1 - 3/14), column 1 perfect (1): uniform average
        Tensor y = Tensor.of(new float[][]{{1, 5}, {2, 6}, {4, 9}});
        Tensor p = Tensor.of(new float[][]{{1, 5}, {2, 6}, {3, 9}});
        assertEquals((1 - 3.0 / 14 + 1) / 2, R2Score.of(p, y), 1e-12);
        // constant targets: R² undefined
        assertTrue(Double.isNaN(R2Score.of(Tensor.of(new float[]{1, 2}), Tensor.of(new float[]{3, 3}))));
        var e = assertThrows(IllegalArgumentException.class,
                () -> R2Score.of(Tensor.zeros(3, 1), Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("r2_score: predictions [3, 1] and targets [3]"), e.getMessage());
        R2Score twoColumns = new R2Score();
        twoColumns.update(p, y);
        e = assertThrows(IllegalArgumentException.class, () -> twoColumns.update(Tensor.zeros(2), Tensor.zeros(2)));
        assertTrue(e.getMessage().contains("had 2 output column(s)"), e.getMessage());
    }

    @Test
    void rocAucByHand() {
        // positives score 0.8, 0.4, 0.35; negatives 0.5, 0.4, 0.1
        // pairs won by the positive: 0.8 beats all 3; 0.4 beats 0.1 and ties 0.4 (½); 0.35 beats 0.1
        // (3 + 1.5 + 1) / 9 = 5.5 / 9
        float[] s = {0.8f, 0.5f, 0.4f, 0.4f, 0.35f, 0.1f};
        int[] y = {1, 0, 1, 0, 1, 0};
        assertEquals(5.5 / 9, RocAuc.of(s, y), 1e-12);
        assertEquals(1.0, RocAuc.of(new float[]{0, 1}, new int[]{0, 1}));
        assertEquals(0.5, RocAuc.of(new float[]{3, 3, 3}, new int[]{0, 1, 0}));
        assertTrue(Double.isNaN(RocAuc.of(new float[]{1, 2}, new int[]{1, 1})));
    }

    @Test
    void rocAucMatchesPairwiseDefinitionOnRandomData() {
        SplittableRandom rng = new SplittableRandom(17);
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + rng.nextInt(300);
            float[] s = new float[n];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                s[i] = rng.nextInt(20) / 4f; // coarse scores: many ties
                y[i] = rng.nextDouble() < 0.3 + 0.1 * s[i] / 5 ? 1 : 0;
            }
            y[0] = 0;
            y[1] = 1;
            double wins = 0;
            long pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (y[i] == 1 && y[j] == 0) {
                        pairs++;
                        wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    }
                }
            }
            RocAuc streaming = new RocAuc();
            int half = n / 2;
            streaming.update(Tensor.of(java.util.Arrays.copyOf(s, half)), Tensor.of(toFloat(y, 0, half)));
            streaming.add(java.util.Arrays.copyOfRange(s, half, n), java.util.Arrays.copyOfRange(y, half, n));
            assertEquals(wins / pairs, streaming.result(), 1e-12, "trial " + trial);
        }
    }

    private static float[] toFloat(int[] y, int from, int to) {
        float[] f = new float[to - from];
        for (int i = from; i < to; i++) {
            f[i - from] = y[i];
        }
        return f;
    }
}
