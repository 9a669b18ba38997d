package dev.brisk.datasets;

import dev.brisk.engine.model.Batches;
import dev.brisk.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class ImageDatasetTest {

    /** 10 images of 2x3 pixels, image i filled with grey level 10 * i, label i % 4. */
    static ImageSet tiny() {
        byte[] images = new byte[10 * 6];
        byte[] labels = new byte[10];
        for (int i = 0; i < 10; i++) {
            for (int p = 0; p < 6; p++) {
                images[i * 6 + p] = (byte) (10 * i);
            }
            labels[i] = (byte) (i % 4);
        }
        return new ImageSet(images, labels, 2, 3, List.of("a", "b", "c", "d"), "tiny");
    }

    @Test
    void batchesAreScaledImageViewsWithTheBatchersOrder() {
        ImageDataset data = new ImageDataset(tiny());
        assertArrayEquals(new int[]{2, 3}, data.sampleShape());
        Batches b = data.batches(4, 7L);
        Batcher reference = Batcher.shuffled(tiny(), 4, 7);
        assertEquals(3, b.batchesPerEpoch());
        b.startEpoch(1);
        reference.startEpoch(1);
        Tensor firstView = null;
        int batch = 0;
        while (b.next()) {
            reference.next();
            Tensor x = b.x();
            assertArrayEquals(new int[]{b.count(), 2, 3}, x.shape());
            assertArrayEquals(reference.labels(), b.labels());
            assertArrayEquals(java.util.Arrays.copyOf(reference.features(), b.count() * 6), x.toArray());
            assertEquals((float) b.labels()[0], b.y().get(0));
            if (batch == 0) {
                firstView = x;
            } else if (batch == 1) {
                assertSame(firstView, x, "the view is reused for batches of the same size");
            }
            batch++;
        }
        assertEquals(3, batch);
    }

    @Test
    void sliceKeepsTheChosenImagesInOrder() {
        ImageDataset last = new ImageDataset(tiny()).slice(7, 10);
        assertEquals(3, last.size());
        Batches b = last.batches(8, null);
        b.next();
        assertArrayEquals(new int[]{3, 0, 1}, b.labels());
        assertEquals(70 / 255f, b.x().get(0, 0, 0));
    }
}
