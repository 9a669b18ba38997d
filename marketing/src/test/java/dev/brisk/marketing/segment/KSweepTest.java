package dev.brisk.marketing.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KSweepTest {

    @Test
    void findsTheNumberOfBlobs() {
        // four groups at the corners of a square, well apart compared with their spread
        float[][] corners = {{-5, -5, 0}, {-5, 5, 0}, {5, -5, 0}, {5, 5, 0}};
        int n = 2000;
        float[] data = new float[n * 3];
        SplittableRandom rnd = new SplittableRandom(21);
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < 3; j++) {
                data[r * 3 + j] = corners[r % 4][j] + (float) (0.7 * rnd.nextGaussian());
            }
        }
        KSweep.Result sweep = new KSweep(2, 7).seed(1).silhouetteSample(800).run(data, n, 3);
        assertEquals(6, sweep.rows().size());
        assertEquals(4, sweep.bestBySilhouette().k(), sweep.table());
        for (int i = 1; i < sweep.rows().size(); i++) {
            assertTrue(sweep.rows().get(i).inertia() <= sweep.rows().get(i - 1).inertia() * 1.0001,
                    "inertia falls as k grows:\n" + sweep.table());
        }
        // the elbow: going from 3 to 4 clusters gains far more than going from 4 to 5
        double drop34 = sweep.rows().get(1).inertia() - sweep.rows().get(2).inertia();
        double drop45 = sweep.rows().get(2).inertia() - sweep.rows().get(3).inertia();
        assertTrue(drop34 > 5 * drop45, sweep.table());
        String[] lines = sweep.table().split("\n");
        assertEquals(7, lines.length, sweep.table());
        assertTrue(lines[0].contains("silhouette") && lines[3].trim().startsWith("4"), sweep.table());
    }

    @Test
    void refusesRangesWithoutASilhouette() {
        assertThrows(IllegalArgumentException.class, () -> new KSweep(1, 5));
        assertThrows(IllegalArgumentException.class, () -> new KSweep(5, 4));
    }
}
