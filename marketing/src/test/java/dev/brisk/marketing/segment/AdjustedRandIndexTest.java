package dev.brisk.marketing.segment;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adjusted Rand index against values worked out by hand, and against pair counting. */
class AdjustedRandIndexTest {

    @Test
    void identicalAndRenamedLabelingsScoreOne() {
        int[] a = {0, 0, 1, 1, 2, 2, 2};
        assertEquals(1.0, AdjustedRandIndex.of(a, a), 0);
        assertEquals(1.0, AdjustedRandIndex.of(a, new int[]{2, 2, 0, 0, 1, 1, 1}), 1e-15);
        // any int labels, not only 0..k-1
        assertEquals(1.0, AdjustedRandIndex.of(a, new int[]{-7, -7, 40, 40, 3, 3, 3}), 1e-15);
    }

    @Test
    void matchesHandComputedSmallCases() {
        // a = {0,0,1,2}, b = {0,0,1,1}: cells n_ij = 2, 1, 1 -> index = C(2,2) = 1; sizes a: 2,1,1 -> 1,
        // sizes b: 2,2 -> 2; C(4,2) = 6; expected = 1*2/6 = 1/3; maximum = 3/2;
        // ARI = (1 - 1/3) / (3/2 - 1/3) = (2/3) / (7/6) = 4/7
        assertEquals(4.0 / 7, AdjustedRandIndex.of(new int[]{0, 0, 1, 2}, new int[]{0, 0, 1, 1}), 1e-15);
        assertEquals(4.0 / 7, AdjustedRandIndex.of(new int[]{0, 0, 1, 1}, new int[]{0, 0, 1, 2}), 1e-15);
        // a = {0,0,1,1}, b = {0,1,0,1}: every cell 1 -> index 0; sums 2 and 2; expected 4/6; maximum 2;
        // ARI = (0 - 2/3) / (2 - 2/3) = -1/2: worse than chance
        assertEquals(-0.5, AdjustedRandIndex.of(new int[]{0, 0, 1, 1}, new int[]{0, 1, 0, 1}), 1e-15);
        // one cluster against all singletons: sums C(4,2) = 6 and 0, expected 0, maximum 3, index 0 -> 0
        assertEquals(0.0, AdjustedRandIndex.of(new int[]{0, 0, 0, 0}, new int[]{0, 1, 2, 3}), 0);
        // a = {0,0,0,1,1,1}, b = {0,0,1,1,2,2}: cells (0,0)=2, (0,1)=1, (1,1)=1, (1,2)=2 -> index 2;
        // sums a: 3+3 = 6, b: 1+1+1 = 3; C(6,2) = 15; expected 18/15 = 6/5; maximum 9/2;
        // ARI = (2 - 6/5) / (9/2 - 6/5) = (4/5) / (33/10) = 8/33
        assertEquals(8.0 / 33, AdjustedRandIndex.of(new int[]{0, 0, 0, 1, 1, 1}, new int[]{0, 0, 1, 1, 2, 2}), 1e-15);
    }

    @Test
    void degenerateLabelingsThatAgreeScoreOne() {
        assertEquals(1.0, AdjustedRandIndex.of(new int[]{5, 5, 5}, new int[]{1, 1, 1}), 0);
        assertEquals(1.0, AdjustedRandIndex.of(new int[]{0, 1, 2}, new int[]{2, 0, 1}), 0);
        assertEquals(1.0, AdjustedRandIndex.of(new int[]{0}, new int[]{3}), 0);
    }

    @Test
    void agreesWithPairCountingOnRandomLabelings() {
        SplittableRandom r = new SplittableRandom(5);
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + r.nextInt(60);
            int[] a = new int[n];
            int[] b = new int[n];
            for (int i = 0; i < n; i++) {
                a[i] = r.nextInt(1 + trial % 5);
                // b agrees with a on about half the items
                b[i] = r.nextBoolean() ? a[i] : r.nextInt(1 + trial % 4);
            }
            double expected = byPairs(a, b);
            assertEquals(expected, AdjustedRandIndex.of(a, b), 1e-12, "trial " + trial);
            assertEquals(AdjustedRandIndex.of(a, b), AdjustedRandIndex.of(b, a), 1e-15, "symmetric");
        }
    }

    /**
     * The index from the four pair counts (together in both, in a only, in b only, in neither):
     * ARI = 2 (n11 n00 - n10 n01) / ((n11 + n10)(n10 + n00) + (n11 + n01)(n01 + n00)), Steinley's form,
     * an independent route to the same number; 1 when the denominator is 0.
     */
    private static double byPairs(int[] a, int[] b) {
        double n11 = 0, n10 = 0, n01 = 0, n00 = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = i + 1; j < a.length; j++) {
                boolean sa = a[i] == a[j];
                boolean sb = b[i] == b[j];
                if (sa && sb) {
                    n11++;
                } else if (sa) {
                    n10++;
                } else if (sb) {
                    n01++;
                } else {
                    n00++;
                }
            }
        }
        double den = (n11 + n10) * (n10 + n00) + (n11 + n01) * (n01 + n00);
        return den == 0 ? 1.0 : 2 * (n11 * n00 - n10 * n01) / den;
    }

    @Test
    void averagesOverPairsOfRuns() {
        int[] x = {0, 0, 1, 1};
        int[] y = {0, 1, 0, 1};
        // pairs: (x, x) = 1, (x, y) = -0.5, (x, y) = -0.5 -> mean 0, min -0.5
        double[] mm = AdjustedRandIndex.pairwise(new int[][]{x, x, y});
        assertEquals(0.0, mm[0], 1e-15);
        assertEquals(-0.5, mm[1], 1e-15);
        assertEquals(0.0, AdjustedRandIndex.meanPairwise(new int[][]{x, x, y}), 1e-15);
    }

    @Test
    void refusesLabelingsOfDifferentItems() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdjustedRandIndex.of(new int[]{0, 1}, new int[]{0, 1, 1}));
        assertEquals("adjusted Rand index: the labelings have 2 and 3 labels; they must label the same items",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AdjustedRandIndex.of(new int[0], new int[0]));
        e = assertThrows(IllegalArgumentException.class, () -> AdjustedRandIndex.meanPairwise(new int[][]{{0}}));
        assertTrue(e.getMessage().contains("at least 2 labelings"), e.getMessage());
    }
}
