package dev.brisk.marketing.segment;

/**
 * Names for segments, from the RFM scores of their centres: the marketer's vocabulary of
 * "champions", "loyal customers", "at risk" and "lost", made into a rule that can be checked.
 *
 * <h2>Scores</h2>
 * Each of recency, frequency and monetary value gets a score from 1 to 5: the quintile in which a
 * value falls among all customers' values. For frequency and monetary value, 5 is the top fifth
 * (most invoices, most spend); recency is inverted, so 5 is the fifth who bought <em>most
 * recently</em>. With {@code q} the share of customers below the value (ties counted half, so a value
 * shared by many customers sits in the middle of their block rather than at its bottom):
 * <pre>
 *   F, M score = min(5, 1 + floor(5 q))          R score = min(5, 1 + floor(5 (1 - q)))
 * </pre>
 * A segment is scored at its centre: the mean of its customers' log1p-standardized values (which is
 * also where k-means puts the centre). Since log1p and standardizing keep the order of values, the
 * quintile is the same as that of the centre mapped back to days, invoices and pounds; for frequency
 * and monetary value that is close to the segment's geometric mean.
 *
 * <h2>Labels</h2>
 * From the recency score R and the value score {@code FM = floor((F + M) / 2)} (a segment earns a
 * value score only with both frequency and spend), the first rule that matches:
 * <table>
 * <caption>The rules, in order</caption>
 * <tr><th>rule</th><th>label</th><th>who they are</th></tr>
 * <tr><td>R ≥ 4 and FM = 5</td><td>{@value #CHAMPIONS}</td><td>bought recently, often, for a lot</td></tr>
 * <tr><td>R ≥ 3 and FM ≥ 3</td><td>{@value #LOYAL}</td><td>regular customers of good value</td></tr>
 * <tr><td>R = 1 and FM ≥ 4</td><td>{@value #CANT_LOSE}</td><td>were among the best, and have not been back for long</td></tr>
 * <tr><td>R ≤ 2 and FM ≥ 3</td><td>{@value #AT_RISK}</td><td>used to buy well, slipping away</td></tr>
 * <tr><td>R ≥ 4 and FM = 1</td><td>{@value #NEW}</td><td>first purchases, recently</td></tr>
 * <tr><td>R ≥ 4 and FM = 2</td><td>{@value #PROMISING}</td><td>recent, not yet of much value</td></tr>
 * <tr><td>R = 3</td><td>{@value #NEEDS_ATTENTION}</td><td>middling recency, little value</td></tr>
 * <tr><td>R = 2</td><td>{@value #HIBERNATING}</td><td>little value, a while ago</td></tr>
 * <tr><td>R = 1</td><td>{@value #LOST}</td><td>little value, long ago</td></tr>
 * </table>
 * The bar for champions is high on purpose: a segment's centre is an average, and averages regress
 * to the middle, so R5 F5 M5 at a centre means a group of customers who are nearly all at the top.
 * Every (R, FM) pair gets exactly one label. Two segments may get the same one;
 * {@link Segments} then tells them apart by a number in the order of the segments:
 * {@code "loyal"}, {@code "loyal (2)"}.
 */
public final class RfmLabels {

    /** R ≥ 4 and FM = 5. */
    public static final String CHAMPIONS = "champions";
    /** R ≥ 3 and FM ≥ 3, not champions. */
    public static final String LOYAL = "loyal";
    /** R = 1 and FM ≥ 4. */
    public static final String CANT_LOSE = "can't lose them";
    /** R ≤ 2 and FM ≥ 3, except R = 1 and FM ≥ 4. */
    public static final String AT_RISK = "at risk";
    /** R ≥ 4 and FM = 1. */
    public static final String NEW = "new";
    /** R ≥ 4 and FM = 2. */
    public static final String PROMISING = "promising";
    /** R = 3 and FM ≤ 2. */
    public static final String NEEDS_ATTENTION = "needs attention";
    /** R = 2 and FM ≤ 2. */
    public static final String HIBERNATING = "hibernating";
    /** R = 1 and FM ≤ 2. */
    public static final String LOST = "lost";

    private RfmLabels() {
    }

    /**
     * The 1-5 score of a value whose share of customers below it (ties counted half) is {@code q}:
     * {@code min(5, 1 + floor(5 q))}. For recency pass {@code 1 - q}.
     *
     * @throws IllegalArgumentException if {@code q} is not in [0, 1]
     */
    public static int score(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("RFM score: the share of customers below must be in [0, 1], got " + q);
        }
        return Math.min(5, 1 + (int) Math.floor(5 * q));
    }

    /**
     * The share of {@code sorted} (ascending) below {@code value}, ties counted half: the "q" of
     * {@link #score}.
     *
     * @throws IllegalArgumentException if {@code sorted} is empty
     */
    public static double shareBelow(float[] sorted, double value) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("RFM score: no customers to rank against");
        }
        int below = firstIndex(sorted, value, false);
        int equal = firstIndex(sorted, value, true) - below;
        return (below + 0.5 * equal) / sorted.length;
    }

    /** The first index whose value is {@code > value} ({@code after}) or {@code >= value}: a binary search. */
    private static int firstIndex(float[] sorted, double value, boolean after) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value || after && sorted[mid] == value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The value score {@code FM = floor((F + M) / 2)}.
     *
     * @throws IllegalArgumentException if a score is outside 1..5
     */
    public static int valueScore(int frequencyScore, int monetaryScore) {
        checkScore("frequency", frequencyScore);
        checkScore("monetary", monetaryScore);
        return (frequencyScore + monetaryScore) / 2;
    }

    /**
     * The label of a segment with these scores (see the class comment for the rule).
     *
     * @throws IllegalArgumentException if a score is outside 1..5
     */
    public static String label(int recencyScore, int frequencyScore, int monetaryScore) {
        checkScore("recency", recencyScore);
        int r = recencyScore;
        int fm = valueScore(frequencyScore, monetaryScore);
        if (r >= 4 && fm == 5) {
            return CHAMPIONS;
        }
        if (r >= 3 && fm >= 3) {
            return LOYAL;
        }
        if (r == 1 && fm >= 4) {
            return CANT_LOSE;
        }
        if (fm >= 3) {
            return AT_RISK;
        }
        if (r >= 4) {
            return fm == 1 ? NEW : PROMISING;
        }
        return r == 3 ? NEEDS_ATTENTION : r == 2 ? HIBERNATING : LOST;
    }

    private static void checkScore(String what, int score) {
        if (score < 1 || score > 5) {
            throw new IllegalArgumentException("RFM score: the " + what + " score must be 1 to 5, got " + score);
        }
    }
}
