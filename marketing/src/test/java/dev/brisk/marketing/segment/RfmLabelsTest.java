package dev.brisk.marketing.segment;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The scoring and labelling rule of {@link RfmLabels}, case by case. */
class RfmLabelsTest {

    @Test
    void scoresAreQuintilesOfTheShareBelow() {
        assertEquals(1, RfmLabels.score(0));
        assertEquals(1, RfmLabels.score(0.1999));
        assertEquals(2, RfmLabels.score(0.2));
        assertEquals(3, RfmLabels.score(0.5));
        assertEquals(4, RfmLabels.score(0.79));
        assertEquals(5, RfmLabels.score(0.8));
        assertEquals(5, RfmLabels.score(1)); // the top value is in the top fifth, not a sixth
        assertThrows(IllegalArgumentException.class, () -> RfmLabels.score(-0.01));
        assertThrows(IllegalArgumentException.class, () -> RfmLabels.score(Double.NaN));
    }

    @Test
    void shareBelowCountsTiesHalf() {
        float[] sorted = {1, 2, 2, 2, 3};
        assertEquals(0.0, RfmLabels.shareBelow(sorted, 0.5), 0);
        assertEquals(0.1, RfmLabels.shareBelow(sorted, 1), 1e-15);       // (0 + 1/2) / 5
        assertEquals(0.2, RfmLabels.shareBelow(sorted, 1.5), 1e-15);
        assertEquals(0.5, RfmLabels.shareBelow(sorted, 2), 1e-15);       // (1 + 3/2) / 5
        assertEquals(0.9, RfmLabels.shareBelow(sorted, 3), 1e-15);
        assertEquals(1.0, RfmLabels.shareBelow(sorted, 7), 0);
        assertThrows(IllegalArgumentException.class, () -> RfmLabels.shareBelow(new float[0], 1));
    }

    @Test
    void labelsFollowTheDocumentedRulesInOrder() {
        assertEquals("champions", RfmLabels.label(5, 5, 5));
        assertEquals("champions", RfmLabels.label(4, 5, 5));
        assertEquals("loyal", RfmLabels.label(5, 4, 5));            // FM = floor(9/2) = 4
        assertEquals("loyal", RfmLabels.label(3, 5, 5));
        assertEquals("loyal", RfmLabels.label(4, 3, 4));            // FM 3
        assertEquals("promising", RfmLabels.label(4, 3, 2));        // FM = floor(5/2) = 2
        assertEquals("new", RfmLabels.label(5, 1, 2));              // FM 1
        assertEquals("can't lose them", RfmLabels.label(1, 4, 5));  // FM 4
        assertEquals("at risk", RfmLabels.label(1, 3, 3));
        assertEquals("at risk", RfmLabels.label(2, 5, 5));
        assertEquals("needs attention", RfmLabels.label(3, 2, 2));
        assertEquals("hibernating", RfmLabels.label(2, 1, 4));      // FM 2
        assertEquals("lost", RfmLabels.label(1, 1, 1));
        assertEquals(4, RfmLabels.valueScore(4, 5));
        assertThrows(IllegalArgumentException.class, () -> RfmLabels.label(0, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> RfmLabels.label(3, 6, 3));
    }

    @Test
    void everyScoreCombinationHasALabel() {
        for (int r = 1; r <= 5; r++) {
            for (int f = 1; f <= 5; f++) {
                for (int m = 1; m <= 5; m++) {
                    String label = RfmLabels.label(r, f, m);
                    int fm = (f + m) / 2;
                    String expected = r >= 4 && fm == 5 ? "champions"
                            : r >= 3 && fm >= 3 ? "loyal"
                            : r == 1 && fm >= 4 ? "can't lose them"
                            : r <= 2 && fm >= 3 ? "at risk"
                            : r >= 4 ? (fm == 1 ? "new" : "promising")
                            : r == 3 ? "needs attention" : r == 2 ? "hibernating" : "lost";
                    assertEquals(expected, label, "R" + r + " F" + f + " M" + m);
                }
            }
        }
    }
}
