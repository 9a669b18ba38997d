package dev.brisk.marketing.regression;

import dev.brisk.marketing.data.FeatureMatrix;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mean baseline, the regression report and the train/test split, against hand computations. */
class ReportAndSplitTest {

    static final FeatureMatrix TRAIN_X = FeatureMatrix.of(new float[][]{{0}, {1}, {2}, {3}});
    static final float[] TRAIN_Y = {1, 2, 3, 4};
    static final FeatureMatrix TEST_X = FeatureMatrix.of(new float[][]{{4}, {5}, {6}});
    static final float[] TEST_Y = {2, 4, 6};

    @Test
    void meanBaselineAndReportByHand() {
        MeanBaseline baseline = new MeanBaseline().fit(TRAIN_X, TRAIN_Y);
        assertEquals(2.5, baseline.mean());
        assertArrayEquals(new float[]{2.5f, 2.5f, 2.5f}, baseline.predict(TEST_X));

        RegressionReport report = new RegressionReport(TEST_Y)
                .add(baseline.name(), baseline.predict(TEST_X))
                .add("hand model", new float[]{2, 5, 5});
        // baseline: misses 0.5, 1.5, 3.5. Test mean 4, SS_tot = 4 + 0 + 4 = 8, SS_res = 14.75
        RegressionReport.Row b = report.row("mean baseline");
        assertEquals(Math.sqrt(14.75 / 3), b.rmse(), 1e-12);
        assertEquals(5.5 / 3, b.mae(), 1e-12);
        assertEquals(1 - 14.75 / 8, b.r2(), 1e-12);
        // hand model: misses 0, 1, 1: SS_res = 2
        RegressionReport.Row h = report.row("hand model");
        assertEquals(Math.sqrt(2.0 / 3), h.rmse(), 1e-12);
        assertEquals(2.0 / 3, h.mae(), 1e-12);
        assertEquals(0.75, h.r2(), 1e-12);
        assertEquals(3, report.samples());

        String table = report.table();
        assertEquals("""
                Regression on 3 held-out samples
                model             RMSE      MAE        R²
                mean baseline   2.2174   1.8333   -0.8438
                hand model      0.8165   0.6667    0.7500
                """, table);
        // on its own training data the baseline explains exactly nothing
        assertEquals(0, new RegressionReport(TRAIN_Y).add("b", baseline.predict(TRAIN_X)).row("b").r2(), 1e-12);
    }

    @Test
    void aTrainingMeanScoresAtMostZeroOnTestData() {
        // R² of any constant c on the test set is -n·(test mean - c)² / SS_tot: zero or negative
        SplittableRandom r = new SplittableRandom(3);
        float[] y = new float[400];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (100 + 30 * r.nextGaussian());
        }
        FeatureMatrix x = FeatureMatrix.of(new float[400], 1);
        Split split = Split.trainTest(400, 0.25, 1);
        MeanBaseline baseline = new MeanBaseline().fit(split.train(x), split.train(y));
        float[] test = split.test(y);
        double testMean = 0;
        for (float v : test) {
            testMean += v;
        }
        testMean /= test.length;
        double ssTot = 0;
        for (float v : test) {
            ssTot += (v - testMean) * (v - testMean);
        }
        float c = (float) baseline.mean();
        double r2 = new RegressionReport(test).add("b", baseline.predict(split.test(x))).row("b").r2();
        assertEquals(-test.length * (testMean - c) * (testMean - c) / ssTot, r2, 1e-9);
        assertTrue(r2 <= 0 && r2 > -0.05, "R² " + r2);
    }

    @Test
    void reportRejectsBadRows() {
        RegressionReport report = new RegressionReport(TEST_Y).add("a", new float[]{1, 2, 3});
        var length = assertThrows(IllegalArgumentException.class, () -> report.add("b", new float[]{1, 2}));
        assertTrue(length.getMessage().contains("'b' gave 2 predictions for 3 targets"), length.getMessage());
        var twice = assertThrows(IllegalArgumentException.class, () -> report.add("a", new float[]{1, 2, 3}));
        assertTrue(twice.getMessage().contains("'a' is already in the report"), twice.getMessage());
        var nan = assertThrows(IllegalArgumentException.class, () -> report.add("c", new float[]{1, Float.NaN, 3}));
        assertTrue(nan.getMessage().contains("'c' predicted NaN at row 1"), nan.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> report.row("z"));
        assertTrue(missing.getMessage().contains("no model 'z'; have [a]"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RegressionReport(new float[0]));
        var badTarget = assertThrows(IllegalArgumentException.class, () -> new RegressionReport(new float[]{1, Float.NaN}));
        assertTrue(badTarget.getMessage().contains("target at row 1 is NaN"), badTarget.getMessage());

        var unfitted = assertThrows(IllegalStateException.class, () -> new MeanBaseline().predict(TEST_X));
        assertTrue(unfitted.getMessage().contains("not fitted"), unfitted.getMessage());
        var mismatch = assertThrows(IllegalArgumentException.class, () -> new MeanBaseline().fit(TRAIN_X, TEST_Y));
        assertTrue(mismatch.getMessage().contains("features [4 x 1] have 4 rows but there are 3 targets"), mismatch.getMessage());
        var width = assertThrows(IllegalArgumentException.class,
                () -> new MeanBaseline().fit(TRAIN_X, TRAIN_Y).predict(new float[][]{{1, 2}}));
        assertTrue(width.getMessage().contains("fitted on 1 features, got a matrix [1 x 2]"), width.getMessage());
    }

    @Test
    void splitIsSeededDisjointAndComplete() {
        Split s = Split.trainTest(10, 0.3, 42);
        assertEquals(3, s.testIndices().length);
        assertEquals(7, s.trainIndices().length);
        int[] all = IntStream.concat(Arrays.stream(s.trainIndices()), Arrays.stream(s.testIndices())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 10).toArray(), all);
        assertArrayEquals(Arrays.stream(s.testIndices()).sorted().toArray(), s.testIndices());
        assertEquals(s, Split.trainTest(10, 0.3, 42));
        assertNotEquals(s, Split.trainTest(10, 0.3, 43));
        // different seeds give different test sets (here, over a range of seeds, not all the same)
        assertTrue(IntStream.range(0, 20).mapToObj(seed -> Arrays.toString(Split.trainTest(10, 0.3, seed).testIndices()))
                .distinct().count() > 10);

        // rows and targets are cut the same way
        float[] y = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90};
        float[][] rows = new float[10][];
        for (int i = 0; i < 10; i++) {
            rows[i] = new float[]{i};
        }
        FeatureMatrix x = FeatureMatrix.of(rows);
        FeatureMatrix xTest = s.test(x);
        float[] yTest = s.test(y);
        for (int i = 0; i < 3; i++) {
            assertEquals(10 * xTest.get(i, 0), yTest[i]);
        }
        assertEquals(7, s.train(x).rows());
        assertEquals(1, Split.trainTest(3, 0.01, 0).testIndices().length, "at least one test row");
        assertEquals(1, Split.trainTest(2, 0.99, 0).trainIndices().length, "at least one training row");
        assertFalse(Arrays.equals(Split.permutation(50, 1), Split.permutation(50, 2)));

        var other = assertThrows(IllegalArgumentException.class, () -> s.train(new float[9]));
        assertTrue(other.getMessage().contains("made for 10 rows, applied to 9 targets"), other.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Split.trainTest(10, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Split.trainTest(10, 1, 1));
        var tiny = assertThrows(IllegalArgumentException.class, () -> Split.trainTest(1, 0.5, 1));
        assertTrue(tiny.getMessage().contains("1 row(s) cannot be split"), tiny.getMessage());
    }
}
