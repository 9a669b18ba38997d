package dev.brisk.marketing.segment;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * How much two labelings of the same customers agree, corrected for chance: the adjusted Rand index
 * of Hubert and Arabie (1985), as scikit-learn's {@code adjusted_rand_score} computes it.
 *
 * <pre>{@code
 * AdjustedRandIndex.of(new int[]{0, 0, 1, 1}, new int[]{1, 1, 0, 0});   // 1.0: the same grouping, renamed
 * AdjustedRandIndex.of(new int[]{0, 0, 1, 2}, new int[]{0, 0, 1, 1});   // 4/7 = 0.571...
 * AdjustedRandIndex.of(new int[]{0, 0, 1, 1}, new int[]{0, 1, 0, 1});   // -0.5: worse than chance
 * }</pre>
 *
 * <h2>The formula</h2>
 * Count, for every pair of a cluster {@code i} of the first labeling and a cluster {@code j} of the
 * second, the customers they share, {@code n_ij}; let {@code a_i} and {@code b_j} be the cluster sizes
 * and {@code n} the number of customers. Counting pairs of customers:
 * <pre>
 *   index    = Σ_ij C(n_ij, 2)                      pairs put together by both labelings
 *   expected = Σ_i C(a_i, 2) · Σ_j C(b_j, 2) / C(n, 2)   its expectation for random labelings of these sizes
 *   maximum  = (Σ_i C(a_i, 2) + Σ_j C(b_j, 2)) / 2
 *   ARI      = (index - expected) / (maximum - expected)
 * </pre>
 * It is 1 for the same grouping whatever the label numbers, about 0 for unrelated labelings, and
 * negative when they agree less than chance would. The denominator is 0 only when both labelings put
 * every customer in one cluster, or both put every customer in a cluster of their own: the same
 * grouping, so the index is then 1, as in scikit-learn; so is it for a single item. The sums are
 * taken in double precision, exact up to 2<sup>53</sup> pairs (about 134 million customers).
 *
 * <p>Labels may be any {@code int}s, not only {@code 0..k-1}.
 */
public final class AdjustedRandIndex {

    private AdjustedRandIndex() {
    }

    /**
     * The adjusted Rand index of two labelings of the same items ({@code a[i]} and {@code b[i]} label
     * item i).
     *
     * @throws IllegalArgumentException if the lengths differ or there are no items
     */
    public static double of(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("adjusted Rand index: the labelings have " + a.length + " and "
                    + b.length + " labels; they must label the same items");
        }
        int n = a.length;
        if (n == 0) {
            throw new IllegalArgumentException("adjusted Rand index: no items labelled");
        }
        if (n == 1) {
            return 1.0; // one item has one grouping; there are no pairs to count
        }
        int[] ca = dense(a);
        int[] cb = dense(b);
        int ka = max(ca) + 1;
        int kb = max(cb) + 1;
        long[] sizesA = new long[ka];
        long[] sizesB = new long[kb];
        // The contingency table, sparse: at most n of its ka * kb cells are non-zero.
        Map<Long, long[]> cells = new HashMap<>();
        for (int i = 0; i < n; i++) {
            sizesA[ca[i]]++;
            sizesB[cb[i]]++;
            cells.computeIfAbsent((long) ca[i] * kb + cb[i], key -> new long[1])[0]++;
        }
        double index = 0;
        for (long[] c : cells.values()) {
            index += pairs(c[0]);
        }
        double sumA = 0;
        for (long s : sizesA) {
            sumA += pairs(s);
        }
        double sumB = 0;
        for (long s : sizesB) {
            sumB += pairs(s);
        }
        double expected = sumA * sumB / pairs(n);
        double maximum = (sumA + sumB) / 2;
        if (maximum == expected) {
            return 1.0; // both one cluster, or both all singletons: the same grouping
        }
        return (index - expected) / (maximum - expected);
    }

    /**
     * The mean adjusted Rand index over every pair of labelings in {@code labelings}: how much
     * repeated runs agree with each other.
     *
     * @throws IllegalArgumentException for fewer than two labelings, or labelings of different lengths
     */
    public static double meanPairwise(int[][] labelings) {
        return pairwise(labelings)[0];
    }

    /** {mean, min} of the pairwise indices. */
    static double[] pairwise(int[][] labelings) {
        if (labelings.length < 2) {
            throw new IllegalArgumentException("adjusted Rand index: need at least 2 labelings to compare, got "
                    + labelings.length);
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        int count = 0;
        for (int i = 0; i < labelings.length; i++) {
            for (int j = i + 1; j < labelings.length; j++) {
                double ari = of(labelings[i], labelings[j]);
                sum += ari;
                min = Math.min(min, ari);
                count++;
            }
        }
        return new double[]{sum / count, min};
    }

    /** C(m, 2) = m (m - 1) / 2, in double (exact below 2^53). */
    private static double pairs(long m) {
        return m * (m - 1) / 2.0;
    }

    /** The labels renumbered 0, 1, ... in increasing order of the original values. */
    private static int[] dense(int[] labels) {
        int[] ids = Arrays.stream(labels).distinct().sorted().toArray();
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = Arrays.binarySearch(ids, labels[i]);
        }
        return out;
    }

    private static int max(int[] values) {
        int m = 0;
        for (int v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
