package dev.brisk.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** make_blobs' semantics: centres in the box, points split evenly, noise of the given spread, seeded. */
class BlobsTest {

    @Test
    void followsMakeBlobs() {
        int rows = 10_003;
        int cols = 3;
        int centers = 4;
        Blobs b = Blobs.generate(rows, cols, centers, 2.0, 5);
        assertEquals(rows * cols, b.data().length);
        for (float c : b.centres()) {
            assertTrue(c > Blobs.BOX_LOW && c < Blobs.BOX_HIGH, "centre coordinate " + c);
        }
        int[] counts = new int[centers];
        double[] sq = new double[centers];
        for (int r = 0; r < rows; r++) {
            int c = b.labels()[r];
            counts[c]++;
            for (int j = 0; j < cols; j++) {
                double diff = b.data()[r * cols + j] - b.centres()[c * cols + j];
                sq[c] += diff * diff;
            }
        }
        // rows // centers each, the first rows % centers one more: 2501, 2501, 2501, 2500
        assertArrayEquals(new int[]{2501, 2501, 2501, 2500}, counts);
        for (int c = 0; c < centers; c++) {
            double std = Math.sqrt(sq[c] / (counts[c] * cols));
            assertEquals(2.0, std, 0.05, "spread around centre " + c);
        }
        // shuffled: the first rows do not all come from centre 0
        int fromZero = 0;
        for (int r = 0; r < 100; r++) {
            fromZero += b.labels()[r] == 0 ? 1 : 0;
        }
        assertTrue(fromZero < 60, fromZero + " of the first 100 rows from centre 0");
        Blobs again = Blobs.generate(rows, cols, centers, 2.0, 5);
        assertArrayEquals(b.data(), again.data(), "seeded");
        assertThrows(IllegalArgumentException.class, () -> Blobs.generate(0, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Blobs.generate(10, 1, 1, -1, 0));
    }
}
