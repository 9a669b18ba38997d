package dev.brisk.datasets;

import dev.brisk.engine.kernels.Parallel;
import dev.brisk.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mini-batches: order, coverage, reuse of buffers, scaling; and subsets of an {@link ImageSet}. */
class BatcherTest {

    private static final List<String> CLASSES = FashionMnist.CLASS_NAMES;

    /** {@code n} 2x3 images; pixel p of image i is {@code (i * 6 + p) mod 256}, label {@code i mod 10}. */
    private static ImageSet data(int n) {
        byte[] images = new byte[n * 6];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 6; p++) {
                images[i * 6 + p] = (byte) (i * 6 + p);
            }
            labels[i] = (byte) (i % 10);
        }
        return new ImageSet(images, labels, 2, 3, CLASSES, "synthetic");
    }

    /** The sample indices of every batch of the current epoch, batch by batch. */
    private static List<int[]> epoch(Batcher b) {
        List<int[]> batches = new ArrayList<>();
        while (b.next()) {
            int[] idx = new int[b.count()];
            for (int r = 0; r < idx.length; r++) {
                idx[r] = b.sampleIndex(r);
            }
            batches.add(idx);
        }
        return batches;
    }

    private static int[] flat(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void coversEveryImageOncePerEpochAndKeepsThePartialLastBatch() {
        ImageSet set = data(103);
        Batcher b = Batcher.shuffled(set, 10, 42);
        assertEquals(11, b.batchesPerEpoch());
        for (int e = 0; e < 3; e++) {
            b.startEpoch(e);
            List<int[]> batches = epoch(b);
            assertEquals(11, batches.size());
            for (int k = 0; k < 10; k++) {
                assertEquals(10, batches.get(k).length);
            }
            assertEquals(3, batches.get(10).length, "103 = 10 * 10 + 3: the last batch keeps the 3");
            int[] all = flat(batches);
            Arrays.sort(all);
            int[] identity = new int[103];
            Arrays.setAll(identity, i -> i);
            assertArrayEquals(identity, all, "epoch " + e + " must visit every image exactly once");
        }
    }

    @Test
    void fillsFeaturesAndLabelsFromTheChosenImages() {
        ImageSet set = data(25);
        Batcher b = Batcher.shuffled(set, 8, 7);
        while (b.next()) {
            float[] x = b.features();
            int[] y = b.labels();
            assertEquals(b.count(), y.length);
            for (int r = 0; r < b.count(); r++) {
                int i = b.sampleIndex(r);
                assertEquals(set.label(i), y[r]);
                for (int p = 0; p < 6; p++) {
                    assertEquals((set.images()[i * 6 + p] & 0xFF) / 255f, x[r * 6 + p]);
                }
            }
        }
    }

    /**
     * Batches of PARALLEL_ROWS rows and more are shared with the pool's helpers when they are awake
     * (as right after a split product): the same floats as on one thread, every row in place.
     */
    @Test
    void batchesScaledWithAwakeHelpersEqualThoseOfOneThread() {
        ImageSet set = data(1000);
        int size = Batcher.PARALLEL_ROWS * 2 + 3;
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            List<float[]> alone = new ArrayList<>();
            Batcher one = Batcher.shuffled(set, size, 9);
            while (one.next()) {
                alone.add(Arrays.copyOf(one.features(), one.count() * 6));
            }
            Parallel.setThreads(2);
            Batcher two = Batcher.shuffled(set, size, 9);
            for (int k = 0; ; k++) {
                Parallel.run(2, (part, parts) -> { });       // helpers awake, as after a product
                if (!two.next()) {
                    assertEquals(alone.size(), k);
                    break;
                }
                assertArrayEquals(alone.get(k), Arrays.copyOf(two.features(), two.count() * 6), 0f, "batch " + k);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void sameSeedSameBatchesOtherSeedOrEpochOtherBatches() {
        ImageSet set = data(200);
        int[] a0 = flat(epoch(Batcher.shuffled(set, 32, 42)));
        int[] again = flat(epoch(Batcher.shuffled(set, 32, 42)));
        assertArrayEquals(a0, again, "same seed, same order");
        assertFalse(Arrays.equals(a0, flat(epoch(Batcher.shuffled(set, 32, 43)))), "another seed, another order");

        Batcher b = Batcher.shuffled(set, 32, 42);
        epoch(b);
        b.startEpoch(1);
        int[] a1 = flat(epoch(b));
        assertFalse(Arrays.equals(a0, a1), "every epoch is reshuffled");
        int[] identity = new int[200];
        Arrays.setAll(identity, i -> i);
        assertFalse(Arrays.equals(identity, a0), "shuffled means not in the data's order");

        Batcher replay = Batcher.shuffled(set, 32, 42);
        replay.startEpoch(1);
        assertArrayEquals(a1, flat(epoch(replay)), "epoch 1's order depends only on (seed, 1)");
    }

    @Test
    void sequentialKeepsTheDataOrder() {
        Batcher b = Batcher.sequential(data(10), 4);
        int[] all = flat(epoch(b));
        assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, all);
        b.startEpoch(5);
        assertArrayEquals(all, flat(epoch(b)));
    }

    @Test
    void reusesItsBuffersAcrossBatches() {
        Batcher b = Batcher.shuffled(data(70), 32, 1);   // batches of 32, 32, 6
        assertTrue(b.next());
        float[] features = b.features();
        Tensor full = b.tensor();
        int[] labels = b.labels();
        assertArrayEquals(new int[]{32, 6}, full.shape());
        assertSame(features, full.data(), "the tensor is a view of the feature buffer, not a copy");

        assertTrue(b.next());
        assertSame(features, b.features());
        assertSame(full, b.tensor());
        assertSame(labels, b.labels());

        assertTrue(b.next());
        assertEquals(6, b.count());
        Tensor last = b.tensor();
        assertArrayEquals(new int[]{6, 6}, last.shape());
        assertSame(features, last.data());
        assertEquals(6, b.labels().length);
        assertFalse(b.next());

        b.startEpoch(1);
        for (int k = 0; k < 3; k++) {
            assertTrue(b.next());
            assertSame(features, b.features());
            assertSame(k < 2 ? full : last, b.tensor(), "one tensor per distinct batch size, created once");
        }
    }

    @Test
    void scalesBytesToUnitIntervalExactly() {
        byte[] images = new byte[256];
        for (int k = 0; k < 256; k++) {
            images[k] = (byte) k;
        }
        ImageSet set = new ImageSet(images, new byte[]{0, 1, 2, 3}, 8, 8, CLASSES, "levels");
        Batcher b = Batcher.sequential(set, 4);
        assertTrue(b.next());
        float[] x = b.features();
        assertEquals(0f, x[0]);
        assertEquals(1.0f, x[255], "255 must scale to exactly 1");
        assertEquals(0.2f, x[51]);
        for (int k = 0; k < 256; k++) {
            assertEquals(k / 255f, x[k], "level " + k);
            assertEquals((float) (k / 255.0), x[k], "level " + k + " as NumPy's float32(k / 255.0)");
        }
        assertEquals(x[255], b.tensor().get(3, 63));
    }

    @Test
    void clampsBatchSizeAndRejectsNonsense() {
        Batcher b = Batcher.shuffled(data(5), 100, 0);
        assertEquals(5, b.batchSize());
        assertTrue(b.next());
        assertEquals(5, b.count());
        assertFalse(b.next());
        IllegalStateException e = assertThrows(IllegalStateException.class, b::labels);
        assertTrue(e.getMessage().contains("call next() first"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Batcher.shuffled(data(5), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> b.startEpoch(-1));
    }

    // ------------------------------------------------------------------ ImageSet

    @Test
    void subsetsCopyTheChosenImages() {
        ImageSet set = data(40);  // 40, not more: 6i must stay below 256 to identify image i
        ImageSet first = set.first(7);
        assertEquals(7, first.size());
        assertEquals(set.label(6), first.label(6));
        assertEquals(set.pixel(6, 1, 2), first.pixel(6, 1, 2));

        ImageSet random = set.randomSubset(20, 3);
        assertEquals(20, random.size());
        assertArrayEquals(random.images(), set.randomSubset(20, 3).images(), "same seed, same subset");
        assertNotEquals(Arrays.toString(random.images()), Arrays.toString(set.randomSubset(20, 4).images()));
        // Pixel 0 of image i is 6i mod 256, so it identifies the image: distinct and in order.
        int previous = -1;
        for (int k = 0; k < random.size(); k++) {
            int i = random.pixel(k, 0, 0) / 6;
            assertTrue(i > previous, "images distinct and in their original order");
            assertEquals(i % 10, random.label(k));
            previous = i;
        }
        assertThrows(IllegalArgumentException.class, () -> set.first(41));
    }

    @Test
    void rejectsInconsistentImageSets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageSet(new byte[12], new byte[]{0, 10}, 2, 3, CLASSES, "bad"));
        assertTrue(e.getMessage().contains("label 10 of image 1 is out of range: expected 0..9"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ImageSet(new byte[11], new byte[2], 2, 3, CLASSES, "bad"));
        assertTrue(e.getMessage().contains("2 labels need 12 pixel bytes for 2x3 images, got 11"), e.getMessage());
        assertArrayEquals(new int[]{1, 1, 0, 0, 0, 0, 0, 0, 0, 0}, new ImageSet(new byte[12], new byte[]{0, 1}, 2, 3, CLASSES, "ok").classCounts());
    }
}
