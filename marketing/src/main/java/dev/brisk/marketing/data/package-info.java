/**
 * Feature tables for the marketing models, and how they are made from raw invoice lines: cleaning,
 * per-customer features (RFM and a few more), a time split for spend prediction, and scalers.
 *
 * <p>{@link dev.brisk.marketing.data.FeatureMatrix} is the models' input: one row per customer, one
 * column per feature, optional column names, stored row after row as the engine's tensors are.
 * {@link dev.brisk.marketing.data.Standardizer} gives its columns mean 0 and deviation 1, fitted on
 * training data and reused unchanged on everything else. For the Online Retail data:
 *
 * <pre>{@code
 * RetailData raw = OnlineRetail.load();                                   // datasets module; finds the file via BRISK_DATA_DIR
 * CleaningResult clean = RetailCleaner.standard().clean(raw.transactions());
 * System.out.println(clean.report());                                     // what each rule removed
 *
 * CustomerTable table = CustomerTable.build(clean.transactions());        // one row per customer
 * FeatureScaler scaler = FeatureScaler.fit(table.columnNames(), table.values(), CustomerTable.LOG1P_COLUMNS);
 * Tensor x = Tensor.of(scaler.transformToFloat(table.values()), table.size(), table.columnCount());
 * scaler.save(Path.of("scaler.json"));                                    // new customers get the same transform
 *
 * SpendSplit split = SpendSplit.at(clean.transactions(),                  // features before the cutoff,
 *         LocalDateTime.of(2010, 12, 1, 0, 0), LocalDateTime.of(2011, 9, 1, 0, 0),
 *         LocalDateTime.of(2011, 12, 10, 0, 0));                          // target: spend after it
 * }</pre>
 *
 * <h2>The steps, and why each exists</h2>
 * <ol>
 *   <li>{@link dev.brisk.marketing.data.RetailCleaner}: the raw data mix purchases with cancellations,
 *       anonymous lines, adjustments and double entries. Features of a customer must describe what they
 *       bought, so everything else goes, and the {@link dev.brisk.marketing.data.CleaningReport} says how
 *       much each rule removed (on the full data: 541,909 lines in, 392,692 out).</li>
 *   <li>{@link dev.brisk.marketing.data.CustomerTable}: RFM, the marketer's oldest segmentation: how
 *       <b>r</b>ecently a customer bought, how <b>f</b>requently, for how much <b>m</b>oney; plus how long
 *       they have been a customer (tenure), how large their baskets are and how varied their purchases.
 *       All are measured inside a time window and as of a reference time, so that a model trained on
 *       one period can be applied to the next.</li>
 *   <li>{@link dev.brisk.marketing.data.SpendSplit}: supervised learning needs a target from the future
 *       of the features; the split computes features before a cutoff and spend after it.</li>
 *   <li>{@link dev.brisk.marketing.data.FeatureScaler}: a customer's spend ranges from £3.75 to
 *       £280,206, five orders of magnitude; log1p and standardization bring every column to a comparable
 *       range, which distance-based methods (k-means) and gradient descent need. Its parameters are
 *       saved, because a customer scored next month must be scaled with this month's mean and
 *       standard deviation, not their own.</li>
 * </ol>
 * Dependencies point one way: this package uses the datasets module's records and the engine's JSON
 * writer; nothing below it knows about customers.
 */
package dev.brisk.marketing.data;
