/**
 * Customer spend prediction: from how customers bought during a first period, predict how much each
 * will spend in the next, and judge the prediction on customers the models never saw.
 *
 * <pre>{@code
 * RetailData raw = OnlineRetail.load();                                          // load (BRISK_DATA_DIR)
 * CleaningResult clean = RetailCleaner.standard().clean(raw.transactions());    // clean
 * System.out.println(clean.report());
 * SpendData data = SpendData.prepare(clean.transactions());                     // features: first 9 months;
 *                                                                               // target: log1p(later spend)
 * SpendModel model = SpendModel.fit(data);                                      // baseline, linear, MLP
 * System.out.print(model.report().table());                                     // RMSE, MAE, R² on held-out customers
 * List<SpendForecast> next = model.predict(clean.transactions(), data.end());   // the quarter after the data
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.brisk.marketing.spend.SpendData}: the time windows, the seven features (RFM, tenure,
 *   basket, variety, UK or not), the log1p target and the held-out customers.</li>
 *   <li>{@link dev.brisk.marketing.spend.SpendModel}: the three fitted models, their report, and
 *   {@link dev.brisk.marketing.spend.SpendModel#predict predict} for customers' transactions at any date.</li>
 *   <li>{@link dev.brisk.marketing.spend.SpendForecast}: one customer's prediction, on the log scale and in
 *   pounds.</li>
 * </ul>
 * The runnable walk-through is {@code dev.brisk.examples.SpendPredictionExample}.
 */
package dev.brisk.marketing.spend;
