package dev.brisk.marketing.regression;

import dev.brisk.engine.nn.Huber;
import dev.brisk.marketing.data.FeatureMatrix;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlpRegressorTest {

    /** {@code y = sin(x1) + x2² + noise(σ = 0.05)}, x uniform on [-2, 2]²: curved in both features. */
    static float[][] curved(int n, long seed, float[] y) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][];
        for (int i = 0; i < n; i++) {
            float a = (float) (4 * r.nextDouble() - 2);
            float b = (float) (4 * r.nextDouble() - 2);
            x[i] = new float[]{a, b};
            y[i] = (float) (Math.sin(a) + b * b + 0.05 * r.nextGaussian());
        }
        return x;
    }

    @Test
    void fitsANonlinearFunctionFarBetterThanALine() {
        float[] yTrain = new float[1500];
        float[][] xTrain = curved(1500, 1, yTrain);
        float[] yTest = new float[500];
        float[][] xTest = curved(500, 2, yTest);

        MlpRegressor mlp = new MlpRegressor().hiddenSizes(32, 32).learningRate(3e-3).epochs(60).batchSize(32).seed(3);
        RegressionReport report = RegressionReport.compare(FeatureMatrix.of(xTrain), yTrain,
                FeatureMatrix.of(xTest), yTest, new MeanBaseline(), new LinearRegression(), mlp);
        System.out.print(report.table());
        double linear = report.row("linear regression").rmse();
        double net = report.row(mlp.name()).rmse();
        // x2² is invisible to a line (it is symmetric in x2), so the line explains only sin(x1)'s share
        assertTrue(net < 0.25 * linear, "MLP RMSE " + net + " vs linear " + linear);
        assertTrue(report.row(mlp.name()).r2() > 0.97, report.table());
        assertTrue(report.row("linear regression").r2() < 0.5, report.table());
        assertEquals(1200, mlp.rowsUsed()[0]);
        assertEquals(300, mlp.rowsUsed()[1]);
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestWeights() {
        // 80 noisy rows and a wide network at a high learning rate: it starts memorising the noise
        // quickly, the validation loss turns up, and training stops long before 500 epochs
        SplittableRandom r = new SplittableRandom(5);
        float[][] x = new float[80][];
        float[] y = new float[80];
        for (int i = 0; i < 80; i++) {
            x[i] = new float[]{(float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian()};
            y[i] = (float) (x[i][0] + r.nextGaussian());
        }
        MlpRegressor mlp = new MlpRegressor().hiddenSizes(128, 128).learningRate(1e-2).epochs(500).batchSize(8)
                .validationSplit(0.25).patience(5).seed(9).fit(x, y);
        List<Double> val = mlp.history().get("val_loss");
        double best = Collections.min(val);
        assertTrue(mlp.stoppedEarly(), mlp.toString());
        assertTrue(mlp.epochsRun() < 100, "ran " + mlp.epochsRun() + " epochs");
        assertEquals(mlp.epochsRun(), mlp.bestEpoch() + 5 + 1, "stops patience epochs after the best");
        assertEquals(best, val.get(mlp.bestEpoch()));
        assertTrue(val.get(val.size() - 1) > best, "the last epoch was worse, so restoring matters: " + val);
        // evaluated afresh on the final weights: the best epoch's loss, not the last one's
        assertEquals(best, mlp.validationLoss(), 1e-6 * best);
    }

    @Test
    void sameSeedSameModelOtherSeedOtherModel() {
        float[] y = new float[300];
        float[][] x = curved(300, 4, y);
        float[][] probe = {{0.5f, -1}, {1.5f, 0.25f}};
        MlpRegressor a = new MlpRegressor().hiddenSizes(16).epochs(15).seed(11).fit(x, y);
        MlpRegressor b = new MlpRegressor().hiddenSizes(16).epochs(15).seed(11).fit(x, y);
        MlpRegressor c = new MlpRegressor().hiddenSizes(16).epochs(15).seed(12).fit(x, y);
        assertArrayEquals(a.predict(probe), b.predict(probe));
        assertEquals(a.history().get("val_loss"), b.history().get("val_loss"));
        assertFalse(java.util.Arrays.equals(a.predict(probe), c.predict(probe)));
        // refitting the same object starts from scratch: the same result again
        assertArrayEquals(a.predict(probe), a.fit(x, y).predict(probe));
    }

    @Test
    void huberIsPulledLessByOutliers() {
        // y = 3x + small noise, but one row in ten is an outlier 60 above the line
        SplittableRandom r = new SplittableRandom(6);
        int n = 600;
        float[][] x = new float[n][];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = new float[]{(float) r.nextGaussian()};
            y[i] = (float) (3 * x[i][0] + 0.1 * r.nextGaussian() + (i % 10 == 0 ? 60 : 0));
        }
        float[][] clean = new float[200][];
        float[] truth = new float[200];
        for (int i = 0; i < 200; i++) {
            clean[i] = new float[]{(float) (4 * r.nextDouble() - 2)};
            truth[i] = 3 * clean[i][0];
        }
        MlpRegressor mse = new MlpRegressor().hiddenSizes(16).epochs(40).validationSplit(0).seed(2).fit(x, y);
        MlpRegressor huber = new MlpRegressor().hiddenSizes(16).epochs(40).validationSplit(0).seed(2)
                .loss(new Huber(0.5f)).fit(x, y);
        RegressionReport report = new RegressionReport(truth)
                .add("mse", mse.predict(clean)).add("huber", huber.predict(clean));
        System.out.print(report.table());
        // MSE chases the mean, which the outliers lift by about 6; Huber stays near the line
        assertTrue(report.row("huber").mae() < 0.5 * report.row("mse").mae(), report.table());
        assertEquals(40, mse.epochsRun());
        assertTrue(Double.isNaN(mse.validationLoss()));
    }

    @Test
    void untargetedTrainingAndBadInput() {
        float[] y = new float[100];
        float[][] x = curved(100, 7, y);
        MlpRegressor mlp = new MlpRegressor().hiddenSizes(8).epochs(3).standardizeTarget(false);
        var e = assertThrows(IllegalStateException.class, () -> mlp.predict(x));
        assertTrue(e.getMessage().contains("not fitted"), e.getMessage());
        mlp.fit(x, y);
        assertEquals(100, mlp.predict(x).length);
        assertTrue(mlp.summary().contains("hidden_1 (Dense)"), mlp.summary());

        var wrong = assertThrows(IllegalArgumentException.class, () -> mlp.predict(new float[][]{{1, 2, 3}}));
        assertTrue(wrong.getMessage().contains("MlpRegressor.predict: fitted on 2 features [x0, x1], got a matrix [1 x 3]"),
                wrong.getMessage());
        var nan = assertThrows(IllegalArgumentException.class, () -> mlp.predict(new float[][]{{1, Float.NaN}}));
        assertTrue(nan.getMessage().contains("feature 'x1' (column 1) is NaN at row 0"), nan.getMessage());
        var mismatch = assertThrows(IllegalArgumentException.class, () -> mlp.fit(x, new float[99]));
        assertTrue(mismatch.getMessage().contains("[100 x 2] have 100 rows but there are 99 targets"), mismatch.getMessage());
        var single = assertThrows(IllegalArgumentException.class,
                () -> new MlpRegressor().fit(new float[][]{{1, 2}}, new float[]{3}));
        assertTrue(single.getMessage().contains("1 row(s) [1 x 2] cannot be split"), single.getMessage());

        assertThrows(IllegalArgumentException.class, () -> new MlpRegressor().hiddenSizes(8, 0));
        assertThrows(IllegalArgumentException.class, () -> new MlpRegressor().hiddenSizes());
        assertThrows(IllegalArgumentException.class, () -> new MlpRegressor().validationSplit(1));
        assertThrows(IllegalArgumentException.class, () -> new MlpRegressor().activation("softmax"));
        assertThrows(IllegalArgumentException.class, () -> new MlpRegressor().activation("swish"));
        assertThrows(IllegalArgumentException.class, () -> new MlpRegressor().learningRate(0));
    }
}
