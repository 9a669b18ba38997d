package dev.brisk.marketing.regression;

import dev.brisk.marketing.data.FeatureMatrix;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Linear regression by gradient descent against the closed-form least-squares solution (commons-math3's
 * QR-based {@link OLSMultipleLinearRegression}, in double precision, on the very same float data).
 */
class LinearRegressionTest {

    /** Each coefficient and the intercept must match OLS to this, relative to the OLS value. */
    static final double RELATIVE = 1e-4;

    /**
     * Customers with four features in very different units: age (years, ~40), income (~50,000,
     * correlated with age), visits (0-20) and a ratio (~0.3), and spend
     * {@code 3.5·age + 0.002·income + 12·visits - 80·ratio + 25 + noise(σ = 10)}. Every true
     * coefficient and the intercept are well away from 0, so a relative comparison is meaningful;
     * {@code incomeNoise} sets how tightly income follows age (smaller: more correlated).
     */
    static Data customers(int n, double incomeNoise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double age = 40 + 12 * r.nextGaussian();
            double income = 50_000 + 600 * (age - 40) + incomeNoise * r.nextGaussian();
            double visits = 20 * r.nextDouble();
            double ratio = 0.3 + 0.1 * r.nextGaussian();
            x[i] = new float[]{(float) age, (float) income, (float) visits, (float) ratio};
            y[i] = (float) (3.5 * x[i][0] + 0.002 * x[i][1] + 12 * x[i][2] - 80 * x[i][3] + 25 + 10 * r.nextGaussian());
        }
        return new Data(FeatureMatrix.of(x).withNames("age", "income", "visits", "ratio"), y);
    }

    record Data(FeatureMatrix x, float[] y) {
    }

    /** OLS in double on the same values: {@code [intercept, w1, ..., wd]}. */
    static double[] ols(FeatureMatrix x, float[] y) {
        double[][] xd = new double[x.rows()][x.cols()];
        double[] yd = new double[y.length];
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.cols(); j++) {
                xd[i][j] = x.get(i, j);
            }
            yd[i] = y[i];
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(yd, xd);
        return ols.estimateRegressionParameters();
    }

    /** The largest relative difference between our intercept and coefficients and OLS's. */
    static double maxRelativeError(LinearRegression model, double[] beta) {
        double worst = Math.abs(model.intercept() - beta[0]) / Math.abs(beta[0]);
        double[] w = model.coefficients();
        for (int j = 0; j < w.length; j++) {
            worst = Math.max(worst, Math.abs(w[j] - beta[j + 1]) / Math.abs(beta[j + 1]));
        }
        return worst;
    }

    @Test
    void matchesClosedFormLeastSquaresOnFeaturesOfDifferentScales() {
        // income noise 6,000 against 600 · 12 = 7,200 from age: correlation about 0.77
        Data d = customers(2000, 6_000, 11);
        LinearRegression model = new LinearRegression().fit(d.x(), d.y());
        double[] beta = ols(d.x(), d.y());
        double worst = maxRelativeError(model, beta);
        System.out.printf("LinearRegression vs OLS (correlated features, κ = %.1f): max relative error %.2e "
                + "after %d steps%n%s%n", model.conditionNumber(), worst, model.iterations(), model);
        assertTrue(model.converged(), model.toString());
        assertTrue(worst < RELATIVE, "max relative error " + worst + " vs OLS " + Arrays.toString(beta) + ": " + model);
        // the fit is the least-squares one, so its training MSE is OLS's (and no other line's is lower)
        double olsMse = 0;
        for (int i = 0; i < d.y().length; i++) {
            double p = beta[0];
            for (int j = 0; j < 4; j++) {
                p += beta[j + 1] * d.x().get(i, j);
            }
            olsMse += (p - d.y()[i]) * (p - d.y()[i]);
        }
        olsMse /= d.y().length;
        assertEquals(olsMse, model.finalLoss(), 1e-6 * olsMse);
        assertEquals(beta[2], model.coefficientsByName().get("income"), RELATIVE * Math.abs(beta[2]));
    }

    @Test
    void stronglyCorrelatedFeaturesStillMatch() {
        // income noise 600: correlation 0.996 with age, a narrow valley (κ in the hundreds). The
        // gradient norm bounds the distance to the solution by norm / μ, and μ is small here, so the
        // tolerance is tightened tenfold (still above float rounding's floor at this size).
        Data d = customers(2000, 600, 12);
        double[] beta = ols(d.x(), d.y());
        LinearRegression model = new LinearRegression().tolerance(1e-7).fit(d.x(), d.y());
        double worst = maxRelativeError(model, beta);
        System.out.printf("LinearRegression vs OLS (strongly correlated, κ = %.0f): max relative error %.2e after %d steps%n",
                model.conditionNumber(), worst, model.iterations());
        assertTrue(model.conditionNumber() > 100, "κ = " + model.conditionNumber());
        assertTrue(model.converged(), model.toString());
        assertTrue(worst < RELATIVE, "max relative error " + worst + ": " + model);
    }

    @Test
    void plainDescentReachesTheSameSolutionInManyMoreSteps() {
        // income noise 1,500: correlation 0.98, κ around 100. A tolerance of 3e-7 keeps the distance
        // bound (norm / μ) well inside 1e-4 relative, and stays above float rounding's floor (~1e-7
        // here), which plain descent, creeping along the valley, would otherwise stall on.
        Data d = customers(2000, 1_500, 17);
        double[] beta = ols(d.x(), d.y());
        LinearRegression heavyBall = new LinearRegression().tolerance(3e-7).fit(d.x(), d.y());
        LinearRegression plain = new LinearRegression().tolerance(3e-7).momentum(false).fit(d.x(), d.y());
        System.out.printf("κ = %.0f: momentum %d steps (error %.2e), plain %d steps (error %.2e)%n",
                heavyBall.conditionNumber(), heavyBall.iterations(), maxRelativeError(heavyBall, beta),
                plain.iterations(), maxRelativeError(plain, beta));
        assertTrue(heavyBall.converged() && plain.converged(), heavyBall + " / " + plain);
        assertTrue(maxRelativeError(heavyBall, beta) < RELATIVE, heavyBall.toString());
        assertTrue(maxRelativeError(plain, beta) < RELATIVE, plain.toString());
        assertTrue(heavyBall.iterations() * 4 < plain.iterations(), heavyBall.iterations() + " vs " + plain.iterations());
        assertEquals(0, plain.momentumUsed());
        assertEquals(1 / (2 * 1.05 * LinearRegression.largestEigenvalue(
                LinearRegression.correlation(standardized(d.x()), 2000, 4, dev.brisk.marketing.data.Standardizer.fit(d.x())))),
                plain.stepSize(), 1e-12, "plain descent steps by 1/L");
        assertTrue(heavyBall.momentumUsed() > 0.5, "momentum " + heavyBall.momentumUsed());
    }

    private static float[] standardized(FeatureMatrix x) {
        return dev.brisk.marketing.data.Standardizer.fit(x).transform(x);
    }

    @Test
    void powerIterationFindsTheTopEigenvalue() {
        // two negatively correlated features: eigenvalues 1.9 (along (1, -1)) and 0.1 (along (1, 1),
        // where a start of all ones would have stuck)
        assertEquals(1.9, LinearRegression.largestEigenvalue(new double[][]{{1, -0.9}, {-0.9, 1}}), 1e-9);
        assertEquals(3, LinearRegression.largestEigenvalue(new double[][]{{2, 1, 0}, {1, 2, 0}, {0, 0, 0.5}}), 1e-9);
        assertEquals(0, LinearRegression.largestEigenvalue(new double[][]{{0, 0}, {0, 0}}));
    }

    @Test
    void recoversTheTutorialsLine() {
        // y = 2x + 1 exactly, x spread over [-10, 10): nothing but w = 2 and b = 1 fits
        float[][] x = new float[100][];
        float[] y = new float[100];
        for (int i = 0; i < 100; i++) {
            x[i] = new float[]{-10 + 0.2f * i};
            y[i] = 2 * x[i][0] + 1;
        }
        LinearRegression line = new LinearRegression().fit(x, y);
        assertEquals(2, line.coefficients()[0], 1e-5);
        assertEquals(1, line.intercept(), 1e-5);
        assertTrue(line.finalLoss() < 1e-9, "training MSE " + line.finalLoss());
        assertEquals(7f, line.predict(new float[][]{{3}})[0], 1e-4f);
        assertEquals("linear regression", line.name());
        assertTrue(line.toString().contains("x0"), line.toString());
    }

    @Test
    void aConstantFeatureGetsZeroAndTheOthersStillMatch() {
        Data d = customers(500, 6_000, 13);
        float[][] rows = d.x().toArray();
        float[][] withConstant = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            withConstant[i] = new float[]{rows[i][0], rows[i][1], 7f, rows[i][2], rows[i][3]};
        }
        LinearRegression model = new LinearRegression()
                .fit(FeatureMatrix.of(withConstant).withNames("age", "income", "store", "visits", "ratio"), d.y());
        assertEquals(java.util.List.of("store"), model.constantFeatures());
        assertEquals(0, model.coefficients()[2]);
        double[] beta = ols(d.x(), d.y());
        double[] w = model.coefficients();
        double[] without = {w[0], w[1], w[3], w[4]};
        for (int j = 0; j < 4; j++) {
            assertEquals(beta[j + 1], without[j], RELATIVE * Math.abs(beta[j + 1]), "coefficient " + j);
        }
        assertEquals(beta[0], model.intercept(), RELATIVE * Math.abs(beta[0]));
    }

    @Test
    void aConstantTargetIsItsOwnPrediction() {
        Data d = customers(50, 6_000, 14);
        float[] y = new float[50];
        Arrays.fill(y, 42.5f);
        LinearRegression model = new LinearRegression().fit(d.x(), y);
        assertArrayEquals(new double[4], model.coefficients());
        assertEquals(42.5, model.intercept(), 1e-12);
    }

    @Test
    void fittingTwiceGivesIdenticalResults() {
        Data d = customers(300, 6_000, 15);
        LinearRegression a = new LinearRegression().fit(d.x(), d.y());
        LinearRegression b = new LinearRegression().fit(d.x(), d.y());
        assertArrayEquals(a.coefficients(), b.coefficients());
        assertEquals(a.intercept(), b.intercept());
        assertEquals(a.iterations(), b.iterations());
        assertArrayEquals(a.predict(d.x()), b.predict(d.x()));
    }

    @Test
    void badInputIsRejectedWithTheShapes() {
        Data d = customers(20, 6_000, 16);
        LinearRegression model = new LinearRegression();
        var e = assertThrows(IllegalStateException.class, () -> model.predict(d.x()));
        assertTrue(e.getMessage().contains("not fitted"), e.getMessage());

        var mismatch = assertThrows(IllegalArgumentException.class,
                () -> model.fit(d.x(), Arrays.copyOf(d.y(), 19)));
        assertTrue(mismatch.getMessage().contains("[20 x 4] have 20 rows but there are 19 targets"), mismatch.getMessage());

        var empty = assertThrows(IllegalArgumentException.class, () -> model.fit(new float[0][], new float[0]));
        assertTrue(empty.getMessage().contains("no rows"), empty.getMessage());

        float[][] rows = d.x().toArray();
        rows[7][2] = Float.NaN;
        var nan = assertThrows(IllegalArgumentException.class,
                () -> model.fit(FeatureMatrix.of(rows).withNames(d.x().names()), d.y()));
        assertTrue(nan.getMessage().contains("LinearRegression.fit: feature 'visits' (column 2) is NaN at row 7"),
                nan.getMessage());

        float[] y = d.y().clone();
        y[3] = Float.POSITIVE_INFINITY;
        var badTarget = assertThrows(IllegalArgumentException.class, () -> model.fit(d.x(), y));
        assertTrue(badTarget.getMessage().contains("target at row 3 is Infinity"), badTarget.getMessage());

        model.fit(d.x(), d.y());
        var wrongCount = assertThrows(IllegalArgumentException.class,
                () -> model.predict(new float[][]{{1, 2, 3}}));
        assertTrue(wrongCount.getMessage().contains("fitted on 4 features [age, income, visits, ratio], got a matrix [1 x 3]"),
                wrongCount.getMessage());
        var reordered = assertThrows(IllegalArgumentException.class,
                () -> model.predict(FeatureMatrix.of(new float[][]{{1, 2, 3, 4}}).withNames("income", "age", "visits", "ratio")));
        assertTrue(reordered.getMessage().contains("got columns [income, age, visits, ratio]"), reordered.getMessage());
        var ragged = assertThrows(IllegalArgumentException.class,
                () -> model.predict(new float[][]{{1, 2, 3, 4}, {1, 2}}));
        assertTrue(ragged.getMessage().contains("row 1 has 2 values but row 0 has 4"), ragged.getMessage());

        assertThrows(IllegalArgumentException.class, () -> new LinearRegression().tolerance(0));
        assertThrows(IllegalArgumentException.class, () -> new LinearRegression().maxIterations(0));
    }
}
