/**
 * Predicting a number per customer (how much they will spend) and judging the predictions.
 *
 * <ul>
 *   <li>{@link dev.brisk.marketing.regression.MeanBaseline}: everyone spends the average; the line to beat.</li>
 *   <li>{@link dev.brisk.marketing.regression.LinearRegression}: the tutorial's {@code y = wx + b} with
 *   many features, fitted by gradient descent on the engine to the least-squares solution.</li>
 *   <li>{@link dev.brisk.marketing.regression.MlpRegressor}: dense layers, MSE or Huber, Adam and early
 *   stopping, for effects that are not straight lines.</li>
 *   <li>{@link dev.brisk.marketing.regression.Split} and
 *   {@link dev.brisk.marketing.regression.RegressionReport}: hold customers out, then compare RMSE, MAE
 *   and R² of several models on them.</li>
 * </ul>
 *
 * <pre>{@code
 * Split split = Split.trainTest(x.rows(), 0.2, 42);
 * RegressionReport report = RegressionReport.compare(split.train(x), split.train(y), split.test(x), split.test(y),
 *         new MeanBaseline(), new LinearRegression(), new MlpRegressor());
 * System.out.print(report.table());
 * }</pre>
 */
package dev.brisk.marketing.regression;
