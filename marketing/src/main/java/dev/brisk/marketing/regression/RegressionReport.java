package dev.brisk.marketing.regression;

import dev.brisk.engine.metrics.MeanAbsoluteError;
import dev.brisk.engine.metrics.Metric;
import dev.brisk.engine.metrics.R2Score;
import dev.brisk.engine.metrics.RootMeanSquaredError;
import dev.brisk.engine.tensor.Tensor;
import dev.brisk.marketing.data.FeatureMatrix;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Several models' predictions for the same held-out samples, scored side by side:
 *
 * <ul>
 *   <li><b>RMSE</b>, {@code sqrt(mean((p - y)²))}: the typical error in the target's units (euros),
 *   weighing large misses heavily;</li>
 *   <li><b>MAE</b>, {@code mean(|p - y|)}: the average miss, in the same units, less swayed by a few
 *   big spenders;</li>
 *   <li><b>R²</b>, {@code 1 - SS_res / SS_tot}: the share of the spread in {@code y} the model explains,
 *   1 at best, 0 for predicting the test mean, negative for worse than that.</li>
 * </ul>
 *
 * <pre>{@code
 * RegressionReport report = new RegressionReport(yTest)
 *         .add("mean baseline", baseline.predict(xTest))
 *         .add("linear regression", linear.predict(xTest));
 * System.out.print(report.table());
 * // Regression on 200 held-out samples
 * // model                RMSE      MAE       R²
 * // mean baseline        41.2087   33.0512   -0.0031
 * // linear regression    12.9710    9.8842    0.9006
 * }</pre>
 *
 * <p>The metrics are the engine's ({@link RootMeanSquaredError}, {@link MeanAbsoluteError},
 * {@link R2Score}), accumulated in double precision.
 */
public final class RegressionReport {

    /** One model's scores. */
    public record Row(String model, double rmse, double mae, double r2) {
    }

    private final float[] targets;
    private final List<Row> rows = new ArrayList<>();

    /**
     * A report for these held-out targets (copied).
     *
     * @throws IllegalArgumentException for no targets, or a NaN or infinite one
     */
    public RegressionReport(float[] targets) {
        if (targets == null || targets.length == 0) {
            throw new IllegalArgumentException("RegressionReport: no targets to score against");
        }
        for (int i = 0; i < targets.length; i++) {
            if (!Float.isFinite(targets[i])) {
                throw new IllegalArgumentException("RegressionReport: target at row " + i + " is " + targets[i]);
            }
        }
        this.targets = targets.clone();
    }

    /**
     * Fits each model on the training data, scores it on the test data, and returns the report: the
     * whole comparison in one call.
     */
    public static RegressionReport compare(FeatureMatrix xTrain, float[] yTrain, FeatureMatrix xTest, float[] yTest,
                                           Regressor... models) {
        RegressionReport report = new RegressionReport(yTest);
        for (Regressor m : models) {
            m.fit(xTrain, yTrain);
            report.add(m.name(), m.predict(xTest));
        }
        return report;
    }

    /**
     * Scores one model's predictions, one per target, and adds the row.
     *
     * @throws IllegalArgumentException if the number of predictions differs from the number of
     *         targets, a prediction is not finite, or the name is already in the report
     */
    public RegressionReport add(String model, float[] predictions) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("RegressionReport: a model needs a name");
        }
        for (Row r : rows) {
            if (r.model().equals(model)) {
                throw new IllegalArgumentException("RegressionReport: '" + model + "' is already in the report");
            }
        }
        if (predictions.length != targets.length) {
            throw new IllegalArgumentException("RegressionReport: '" + model + "' gave " + predictions.length
                    + " predictions for " + targets.length + " targets");
        }
        for (int i = 0; i < predictions.length; i++) {
            if (!Float.isFinite(predictions[i])) {
                throw new IllegalArgumentException("RegressionReport: '" + model + "' predicted " + predictions[i]
                        + " at row " + i);
            }
        }
        Tensor p = Tensor.of(predictions.clone());
        Tensor y = Tensor.of(targets);
        rows.add(new Row(model, score(new RootMeanSquaredError(), p, y), score(new MeanAbsoluteError(), p, y),
                score(new R2Score(), p, y)));
        return this;
    }

    private static double score(Metric metric, Tensor p, Tensor y) {
        metric.update(p, y);
        return metric.result();
    }

    /** The number of held-out samples. */
    public int samples() {
        return targets.length;
    }

    /** The rows, in the order added. */
    public List<Row> rows() {
        return Collections.unmodifiableList(rows);
    }

    /**
     * One model's row.
     *
     * @throws IllegalArgumentException if no model of that name was added
     */
    public Row row(String model) {
        for (Row r : rows) {
            if (r.model().equals(model)) {
                return r;
            }
        }
        throw new IllegalArgumentException("RegressionReport: no model '" + model + "'; have "
                + rows.stream().map(Row::model).toList());
    }

    /**
     * The scores as a table with aligned columns, one model per line, four decimals (as Keras logs).
     * R² of an undefined case (constant targets) shows as NaN.
     */
    public String table() {
        int nameWidth = "model".length();
        for (Row r : rows) {
            nameWidth = Math.max(nameWidth, r.model().length());
        }
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows) {
            cells.add(new String[]{fmt(r.rmse()), fmt(r.mae()), fmt(r.r2())});
        }
        int[] widths = {"RMSE".length(), "MAE".length(), "R²".length()};
        for (String[] c : cells) {
            for (int k = 0; k < 3; k++) {
                widths[k] = Math.max(widths[k], c[k].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Regression on ").append(String.format(Locale.ROOT, "%,d", targets.length))
                .append(" held-out samples\n");
        sb.append(pad("model", nameWidth, false));
        String[] headers = {"RMSE", "MAE", "R²"};
        for (int k = 0; k < 3; k++) {
            sb.append("   ").append(pad(headers[k], widths[k], true));
        }
        sb.append('\n');
        for (int i = 0; i < rows.size(); i++) {
            sb.append(pad(rows.get(i).model(), nameWidth, false));
            for (int k = 0; k < 3; k++) {
                sb.append("   ").append(pad(cells.get(i)[k], widths[k], true));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    @Override
    public String toString() {
        return table();
    }
}
