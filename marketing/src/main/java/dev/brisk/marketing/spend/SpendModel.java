package dev.brisk.marketing.spend;

import dev.brisk.datasets.RetailTransaction;
import dev.brisk.marketing.data.CustomerTable;
import dev.brisk.marketing.data.FeatureMatrix;
import dev.brisk.marketing.regression.LinearRegression;
import dev.brisk.marketing.regression.MeanBaseline;
import dev.brisk.marketing.regression.MlpRegressor;
import dev.brisk.marketing.regression.RegressionReport;
import dev.brisk.marketing.regression.Regressor;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Predicts how much each customer will spend in the coming months from how they bought so far: a mean
 * baseline, a linear regression and a multi-layer perceptron, fitted on the training customers of a
 * {@link SpendData} and scored side by side on its held-out customers.
 *
 * <pre>{@code
 * List<RetailTransaction> purchases = RetailCleaner.standard().clean(OnlineRetail.load().transactions()).transactions();
 * SpendData data = SpendData.prepare(purchases);   // features: first 9 months; target: log1p(spend after)
 * SpendModel model = SpendModel.fit(data);         // mean baseline, linear regression, MLP
 * System.out.print(model.report().table());         // RMSE, MAE, R² on the held-out customers (log1p units)
 * System.out.print(model.reportInPounds().table()); // the same predictions back in pounds
 *
 * // Next quarter, for every customer who bought in the 9 months before 10 December 2011:
 * for (SpendForecast f : model.predict(purchases, LocalDateTime.of(2011, 12, 10, 0, 0))) {
 *     System.out.println(f.customerId() + ": £" + f.spend());
 * }
 * }</pre>
 *
 * <h2>The models</h2>
 * <ul>
 *   <li>{@link MeanBaseline}: everyone gets the training customers' mean {@code log1p} spend. A model is
 *   worth only the margin by which it beats this.</li>
 *   <li>{@link LinearRegression}: {@code log1p(spend)} as a weighted sum of the scaled features; on the
 *   log scale that is a product of powers of frequency, monetary value and so on.</li>
 *   <li>{@link MlpRegressor}, configured by {@link #defaultMlp(long)} unless one is given: it can bend
 *   where the line cannot, e.g. treat "has not bought for five months" as "probably gone" whatever the
 *   past spend.</li>
 * </ul>
 *
 * <h2>The scores</h2>
 * {@link #report()} scores the predictions of {@code log1p(spend)} where they were fitted: RMSE and MAE
 * are then in log units (an error of 0.69 is a factor of two), and R² is the share of the held-out
 * customers' variance explained. {@link #reportInPounds()} scores the same predictions after
 * {@code expm1}, against the spend in pounds: there the few largest customers dominate RMSE and R², and
 * a model fitted on the log scale predicts something like a geometric mean, well below the mean spend
 * (see {@link SpendForecast#spend()}), so those figures are for orientation, not what the models optimise.
 *
 * <h2>Predicting</h2>
 * {@link #predict(List, LocalDateTime)} measures the features as of a given time over a window of the
 * same length as in training ({@link SpendData#featureSpan()}) and predicts spend over the following
 * {@link #targetSpan()}. The features are scaled with the training customers' scaler. The model learned
 * one particular season (by default: what customers do from September to mid-December, after nine
 * months of history); predicting from another date assumes the same relation holds then.
 */
public final class SpendModel {

    /** Which of the fitted models {@link #predict(List, LocalDateTime, Method)} uses. */
    public enum Method {
        /** The training customers' mean. */
        MEAN_BASELINE,
        /** The linear regression. */
        LINEAR_REGRESSION,
        /** The multi-layer perceptron. */
        MLP
    }

    private final SpendData data;
    private final MeanBaseline baseline;
    private final LinearRegression linear;
    private final MlpRegressor mlp;
    private final float[][] testPredictions; // by Method ordinal, log1p
    private final RegressionReport report;
    private final RegressionReport reportInPounds;

    private SpendModel(SpendData data, MeanBaseline baseline, LinearRegression linear, MlpRegressor mlp) {
        this.data = data;
        this.baseline = baseline;
        this.linear = linear;
        this.mlp = mlp;
        FeatureMatrix xTest = data.xTest();
        Regressor[] models = {baseline, linear, mlp};
        testPredictions = new float[models.length][];
        report = new RegressionReport(data.yTest());
        reportInPounds = new RegressionReport(toFloat(heldOutSpend()));
        for (int m = 0; m < models.length; m++) {
            testPredictions[m] = models[m].predict(xTest);
            report.add(models[m].name(), testPredictions[m]);
            float[] pounds = new float[testPredictions[m].length];
            for (int i = 0; i < pounds.length; i++) {
                pounds[i] = (float) SpendForecast.toPounds(testPredictions[m][i]);
            }
            reportInPounds.add(models[m].name(), pounds);
        }
    }

    /**
     * The MLP fitted when none is given: two hidden layers of 64 and 32 relu units, mean squared error,
     * Adam at 1e-3, batches of 128, at most 200 epochs, 20% of the training customers held out for early
     * stopping with patience 20 (the best epoch's weights are kept).
     *
     * <p>Chosen by a small experiment on the <em>training</em> customers of the default {@link SpendData}
     * only ({@code SpendMlpExperiment} in the tests, which can be rerun): five further 75/25 divisions of
     * them, eleven candidates (one or two layers of 8 to 128 units, relu or tanh, MSE or Huber, learning
     * rates 3e-4 and 1e-3, batches of 32 to 128). Every candidate's R² on the log1p scale came within 0.011
     * of the linear regression's on the same divisions (0.268 on average), while the divisions themselves
     * ranged from 0.21 to 0.35. This one did best, +0.005 over the line on average and better on four of
     * the five; the larger batch also makes the validation loss that early stopping watches less noisy. The
     * margin is small, and so is what any of these models can explain: see {@code SpendPredictionExample}.
     *
     * @param seed the seed of its initial weights, validation rows and batch order
     */
    public static MlpRegressor defaultMlp(long seed) {
        return new MlpRegressor().hiddenSizes(64, 32).learningRate(1e-3).batchSize(128).epochs(200)
                .validationSplit(0.2).patience(20).seed(seed);
    }

    /** Fits the three models with {@link #defaultMlp(long)} seeded with the data's seed. */
    public static SpendModel fit(SpendData data) {
        return fit(data, defaultMlp(data.seed()));
    }

    /**
     * Fits the mean baseline, the linear regression and {@code mlp} (configured by the caller: its own
     * validation split and early stopping apply, within the training customers) on the training
     * customers, and scores them on the held-out ones.
     */
    public static SpendModel fit(SpendData data, MlpRegressor mlp) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(mlp, "mlp");
        FeatureMatrix x = data.xTrain();
        float[] y = data.yTrain();
        return new SpendModel(data, new MeanBaseline().fit(x, y), new LinearRegression().fit(x, y), mlp.fit(x, y));
    }

    // ------------------------------------------------------------------ results

    /** The data the models were fitted and scored on. */
    public SpendData data() {
        return data;
    }

    /** RMSE, MAE and R² of {@code log1p(spend)} on the held-out customers: baseline, linear, MLP, in that order. */
    public RegressionReport report() {
        return report;
    }

    /** The same predictions as {@link #report()}, scored in pounds after {@code expm1} (see the class comment). */
    public RegressionReport reportInPounds() {
        return reportInPounds;
    }

    /** The fitted mean baseline. */
    public MeanBaseline baseline() {
        return baseline;
    }

    /** The fitted linear regression. */
    public LinearRegression linear() {
        return linear;
    }

    /** The fitted MLP. */
    public MlpRegressor mlp() {
        return mlp;
    }

    /** The fitted model behind {@code method}. */
    public Regressor model(Method method) {
        return switch (method) {
            case MEAN_BASELINE -> baseline;
            case LINEAR_REGRESSION -> linear;
            case MLP -> mlp;
        };
    }

    /** The length of the period a prediction is for (the target window's). */
    public Duration targetSpan() {
        return data.targetSpan();
    }

    /**
     * One held-out customer: what they did and what each model predicted, in pounds.
     *
     * @param customerId  the customer
     * @param country     their country
     * @param pastSpend   their spend in the feature window
     * @param actualSpend their spend in the target window (0 if they did not come back)
     * @param baseline    the mean baseline's prediction
     * @param linear      the linear regression's prediction
     * @param mlp         the MLP's prediction
     */
    public record HeldOutCustomer(long customerId, String country, double pastSpend, double actualSpend,
                                  double baseline, double linear, double mlp) {
    }

    /** The held-out customers with their predictions, in customer-id order. */
    public List<HeldOutCustomer> heldOut() {
        int[] rows = data.heldOut().testIndices();
        CustomerTable table = data.spendSplit().features();
        double[] spend = data.spend();
        List<HeldOutCustomer> out = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            out.add(new HeldOutCustomer(table.customerId(r), table.country(r), table.get(r, CustomerTable.Column.MONETARY),
                    spend[r], SpendForecast.toPounds(testPredictions[0][i]), SpendForecast.toPounds(testPredictions[1][i]),
                    SpendForecast.toPounds(testPredictions[2][i])));
        }
        return out;
    }

    /** The held-out customers' predictions of {@code method}, log1p, in the order of {@link SpendData#yTest()}. A copy. */
    public float[] testPredictions(Method method) {
        return testPredictions[method.ordinal()].clone();
    }

    // ------------------------------------------------------------------ predicting

    /** {@link #predict(List, LocalDateTime, Method)} with the MLP. */
    public List<SpendForecast> predict(List<RetailTransaction> transactions, LocalDateTime asOf) {
        return predict(transactions, asOf, Method.MLP);
    }

    /**
     * Predicts, for every customer who bought in the {@linkplain SpendData#featureSpan() feature span} before
     * {@code asOf}, their spend over the {@link #targetSpan()} from {@code asOf}. The transactions may be one
     * customer's or many customers'; only those in {@code [asOf - featureSpan, asOf)} are used, and they must
     * be cleaned.
     *
     * @return one forecast per such customer, in customer-id order
     * @throws IllegalArgumentException if no customer bought in that window, or a transaction is not clean
     */
    public List<SpendForecast> predict(List<RetailTransaction> transactions, LocalDateTime asOf, Method method) {
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(method, "method");
        LocalDateTime from = asOf.minus(data.featureSpan());
        CustomerTable table = CustomerTable.build(transactions, from, asOf, asOf);
        if (table.size() == 0) {
            throw new IllegalArgumentException("spend model: no customer bought in [" + from + ", " + asOf
                    + "), the " + data.featureSpan().toDays() + " days before " + asOf + " the features are measured over");
        }
        float[] z = model(method).predict(data.scaler().transformToMatrix(SpendData.featureValues(table)));
        List<SpendForecast> out = new ArrayList<>(z.length);
        for (int i = 0; i < z.length; i++) {
            out.add(SpendForecast.of(table.customerId(i), z[i]));
        }
        return out;
    }

    private double[] heldOutSpend() {
        double[] spend = data.spend();
        int[] rows = data.heldOut().testIndices();
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = spend[rows[i]];
        }
        return out;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    @Override
    public String toString() {
        return "SpendModel[" + data + "]\n" + report.table();
    }
}
