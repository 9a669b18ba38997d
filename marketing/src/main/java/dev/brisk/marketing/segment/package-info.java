/**
 * Customer segmentation: k-means clustering and the tools to choose k.
 *
 * <ul>
 *   <li>{@link dev.brisk.marketing.segment.KMeans}: greedy k-means++ seeding and Lloyd iterations,
 *       with scikit-learn's meanings of every setting; fitting gives a
 *       {@link dev.brisk.marketing.segment.KMeansResult} (centres, labels, inertia, predict).</li>
 *   <li>{@link dev.brisk.marketing.segment.Silhouette}: the silhouette score, exact or on a seeded
 *       sample.</li>
 *   <li>{@link dev.brisk.marketing.segment.KSweep}: inertia (elbow) and silhouette for a range of k.</li>
 *   <li>{@link dev.brisk.marketing.segment.Lloyd}: one Lloyd iteration at a time over packed data,
 *       for benchmarks and custom loops.</li>
 * </ul>
 *
 * Customer segments on top of them:
 * <ul>
 *   <li>{@link dev.brisk.marketing.segment.CustomerSegmentation}: RFM segmentation of a
 *       {@code CustomerTable} (log1p-standardized recency, frequency, monetary value; k given or
 *       chosen by silhouette), giving {@link dev.brisk.marketing.segment.Segments}: a
 *       {@link dev.brisk.marketing.segment.SegmentProfile} per segment (size, revenue share, mean
 *       R, F, M, a label by the rule of {@link dev.brisk.marketing.segment.RfmLabels}) and
 *       {@code assign} for new customers.</li>
 *   <li>{@link dev.brisk.marketing.segment.DeepSegmentation}: k-means on an autoencoder's embedding
 *       of all six customer features; {@link dev.brisk.marketing.segment.SegmentationComparison}
 *       sets it against RFM k-means (silhouettes, stability by the
 *       {@link dev.brisk.marketing.segment.AdjustedRandIndex} over seeds and half-samples).</li>
 *   <li>{@link dev.brisk.marketing.segment.CustomerFeatures} (which columns, which log1p) and
 *       {@link dev.brisk.marketing.segment.MatrixCsv} (the exact matrix k-means ran on, for other
 *       tools).</li>
 * </ul>
 *
 * <pre>{@code
 * CustomerTable table = CustomerTable.build(RetailCleaner.standard().clean(OnlineRetail.load().transactions()).transactions());
 * Segments segments = new CustomerSegmentation().k(4).seed(42).fit(table);
 * System.out.print(segments.table());
 * segments.assign(12.0, 7, 4310.0).label();          // a new customer: days, invoices, pounds
 * }</pre>
 *
 * The distances run on the engine's SIMD kernels ({@code KernelProvider#assignNearest} and its
 * companions over {@code RowTiles}), on the engine's thread pool.
 */
package dev.brisk.marketing.segment;
