package dev.brisk.marketing.spend;

import dev.brisk.datasets.RetailTransaction;
import dev.brisk.marketing.regression.MlpRegressor;
import dev.brisk.marketing.regression.RegressionReport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.LocalDateTime;
import java.util.List;

import static dev.brisk.marketing.spend.SpendFixtures.EXCERPT_CUTOFF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spend pipeline end to end: on the excerpt (small but real), and on the full data when configured. */
class SpendModelTest {

    private static SpendData excerptData(long seed) throws IOException {
        return SpendData.from(SpendFixtures.excerpt()).cutoff(EXCERPT_CUTOFF).seed(seed).prepare();
    }

    @Test
    void threeFiniteRowsOnTheExcerptAndTheBaselineByHand() throws IOException {
        SpendData data = excerptData(42);
        SpendModel model = SpendModel.fit(data);
        RegressionReport report = model.report();
        assertEquals(38, report.samples());
        assertEquals(List.of("mean baseline", "linear regression", "mlp [64,32]"),
                report.rows().stream().map(RegressionReport.Row::model).toList());
        for (RegressionReport.Row r : report.rows()) {
            assertTrue(Double.isFinite(r.rmse()) && Double.isFinite(r.mae()) && Double.isFinite(r.r2()), r.toString());
        }
        for (RegressionReport.Row r : model.reportInPounds().rows()) {
            assertTrue(Double.isFinite(r.rmse()) && Double.isFinite(r.mae()) && Double.isFinite(r.r2()), r.toString());
        }

        // The baseline's scores, computed here from the split alone: the training targets' mean, scored
        // on the held-out targets.
        float[] yTrain = data.yTrain();
        float[] yTest = data.yTest();
        double mean = 0;
        for (float v : yTrain) {
            mean += v;
        }
        mean = (float) (mean / yTrain.length);
        double squares = 0;
        double absolute = 0;
        double testMean = 0;
        for (float v : yTest) {
            squares += (mean - v) * (mean - v);
            absolute += Math.abs(mean - v);
            testMean += v;
        }
        testMean /= yTest.length;
        double total = 0;
        for (float v : yTest) {
            total += (v - testMean) * (v - testMean);
        }
        RegressionReport.Row baseline = report.row("mean baseline");
        assertEquals(Math.sqrt(squares / yTest.length), baseline.rmse(), 1e-5);
        assertEquals(absolute / yTest.length, baseline.mae(), 1e-5);
        assertEquals(1 - squares / total, baseline.r2(), 1e-5);
        assertTrue(total > 0, "some held-out customers came back, so R² is defined");
    }

    @Test
    void theSameSeedGivesTheSameNumbers() throws IOException {
        SpendModel a = SpendModel.fit(excerptData(42));
        SpendModel b = SpendModel.fit(excerptData(42));
        assertEquals(a.report().rows(), b.report().rows(), "bit for bit, on the same thread count");
        assertArrayEquals(a.testPredictions(SpendModel.Method.MLP), b.testPredictions(SpendModel.Method.MLP));
        SpendModel c = SpendModel.fit(excerptData(43));
        assertNotEquals(a.report().rows(), c.report().rows());
    }

    @Test
    void predictingAtTheCutoffGivesTheHeldOutPredictions() throws IOException {
        SpendData data = excerptData(42);
        SpendModel model = SpendModel.fit(data);
        List<RetailTransaction> excerpt = SpendFixtures.excerpt();
        int[] test = data.heldOut().testIndices();
        for (SpendModel.Method method : SpendModel.Method.values()) {
            // Measured as of the cutoff over the same span, the features are the ones the model was scored on.
            List<SpendForecast> all = model.predict(excerpt, EXCERPT_CUTOFF, method);
            assertEquals(data.customers(), all.size());
            float[] expected = model.testPredictions(method);
            for (int i = 0; i < test.length; i++) {
                SpendForecast f = all.get(test[i]);
                assertEquals(data.customerId(test[i]), f.customerId());
                assertEquals(expected[i], f.log1pSpend(), 0, method + ", customer " + f.customerId());
                assertEquals(Math.max(0, Math.expm1(f.log1pSpend())), f.spend());
            }
        }
        // One customer's transactions alone give the same forecast as among all the others.
        long id = data.customerId(test[0]);
        List<RetailTransaction> one = excerpt.stream().filter(t -> t.customerId() == id).toList();
        List<SpendForecast> single = model.predict(one, EXCERPT_CUTOFF);
        assertEquals(1, single.size());
        assertEquals(model.testPredictions(SpendModel.Method.MLP)[0], single.getFirst().log1pSpend(), 0);

        List<SpendModel.HeldOutCustomer> heldOut = model.heldOut();
        assertEquals(test.length, heldOut.size());
        double[] spend = data.spend();
        for (int i = 0; i < test.length; i++) {
            assertEquals(data.customerId(test[i]), heldOut.get(i).customerId());
            assertEquals(spend[test[i]], heldOut.get(i).actualSpend());
            assertEquals(SpendForecast.toPounds(model.testPredictions(SpendModel.Method.LINEAR_REGRESSION)[i]),
                    heldOut.get(i).linear());
        }
    }

    @Test
    void predictingWithoutHistoryIsAnError() throws IOException {
        SpendModel model = SpendModel.fit(excerptData(42));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.predict(SpendFixtures.excerpt(), LocalDateTime.of(2011, 6, 1, 0, 0)));
        assertEquals("spend model: no customer bought in [2011-05-30T00:00, 2011-06-01T00:00), the 2 days before "
                + "2011-06-01T00:00 the features are measured over", e.getMessage());
    }

    @Test
    void aGivenMlpIsTheOneFitted() throws IOException {
        MlpRegressor mlp = new MlpRegressor().hiddenSizes(8).epochs(5).seed(3);
        SpendModel model = SpendModel.fit(excerptData(42), mlp);
        assertTrue(model.mlp() == mlp && model.model(SpendModel.Method.MLP) == mlp);
        assertTrue(mlp.epochsRun() <= 5, mlp.toString());
        assertEquals("mlp [8]", model.report().rows().get(2).model());
    }

    /**
     * On the full data (first nine months, 3,317 customers, 663 held out with seed 42) both models explain
     * far more than the baseline. Whether the MLP beats the line is not asserted: it does with seed 42
     * (R² 0.220 vs 0.199) but not with every seed (see SpendPredictionExample's class comment), so it is not
     * a property of the method on these data. What is asserted is that it is never far behind.
     */
    @Test
    void onTheFullDataBothModelsBeatTheBaseline() throws IOException {
        SpendData data = SpendData.prepare(SpendFixtures.full());
        SpendModel model = SpendModel.fit(data);
        RegressionReport report = model.report();
        System.out.print(report.table());
        assertEquals(663, report.samples());
        double baseline = report.row("mean baseline").r2();
        double linear = report.row("linear regression").r2();
        double mlp = report.row("mlp [64,32]").r2();
        assertTrue(Math.abs(baseline) < 0.01, "the training mean is near the test mean: " + baseline);
        assertTrue(linear > baseline + 0.15, report.table());
        assertTrue(mlp > baseline + 0.15, report.table());
        assertTrue(mlp > linear - 0.05, report.table());
        assertTrue(report.row("linear regression").rmse() < report.row("mean baseline").rmse());
        assertTrue(report.row("mlp [64,32]").rmse() < report.row("mean baseline").rmse());
        assertTrue(model.linear().converged());
    }
}
