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
 * The distances run on the engine's SIMD kernels ({@code KernelProvider#assignNearest} and its
 * companions over {@code RowTiles}), on the engine's thread pool.
 */
package dev.brisk.marketing.segment;
