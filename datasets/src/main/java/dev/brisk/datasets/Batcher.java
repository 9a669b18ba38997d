package dev.brisk.datasets;

import dev.brisk.engine.kernels.Parallel;
import dev.brisk.engine.tensor.Tensor;

import java.util.SplittableRandom;

/**
 * Cuts an {@link ImageSet} into mini-batches, epoch after epoch, scaling pixels to {@code [0, 1]}
 * one batch at a time into buffers it reuses.
 *
 * <pre>{@code
 * Batcher batches = Batcher.shuffled(data.train(), 32, 42);
 * for (int epoch = 0; epoch < 5; epoch++) {
 *     batches.startEpoch(epoch);              // a new order, a function of (seed, epoch) only
 *     while (batches.next()) {
 *         Tensor x = batches.tensor();        // [count, 784], pixels / 255
 *         int[] y = batches.labels();         // count labels
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <h2>Order</h2>
 * A shuffled batcher puts the images in a new random order at every epoch: a Fisher-Yates shuffle of
 * {@code 0 .. n-1} driven by a {@link SplittableRandom} seeded from the seed and the epoch number, so
 * the same seed gives the same batches on every run and epoch {@code e} can be replayed on its own.
 * Every image appears exactly once per epoch. Batches hold {@code batchSize} images except the last,
 * which keeps the remainder (60,000 images at 32 make 1,875 full batches; at 256, 234 full batches and
 * one of 96), as PyTorch's {@code DataLoader} does by default. A {@link #sequential} batcher keeps the
 * data's order, for evaluation.
 *
 * <h2>Buffers</h2>
 * The scaled pixels go into one {@code float[batchSize * pixels]}, allocated once: {@link #features()}
 * returns that same array for every batch, with {@link #count()} rows filled. {@link #tensor()} is a
 * {@code [count, pixels]} tensor over the same storage, and {@link #labels()} an {@code int[count]};
 * both are created once per distinct batch size (at most two: full and last), so the steady state
 * allocates nothing. Each call to {@link #next()} overwrites the previous batch: copy what you keep.
 * A batcher is not thread-safe.
 */
public final class Batcher {

    private final ImageSet data;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final int[] order;
    /**
     * The labels in this epoch's order, set by startEpoch: a batch's labels are then a copy, not a
     * loop, and next() has no loop of its own (a loop in a method called once per batch gets it
     * compiled twice by the optimizing JIT, once while running and once for the next call, on a
     * core that training needs: measured at 150 ms in the tutorial's second epoch).
     */
    private final int[] orderedLabels;

    private final Tensor fullTensor;
    private final float[] features;
    private final int[] fullLabels;
    private Tensor lastTensor;
    private int[] lastLabels;

    private int epoch;
    private boolean started;
    private int position;
    private int count;

    private Batcher(ImageSet data, int batchSize, long seed, boolean shuffle) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("Batcher: batch size must be positive, got " + batchSize);
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("Batcher: " + data + " has no images");
        }
        this.data = data;
        this.batchSize = Math.min(batchSize, data.size());
        this.seed = seed;
        this.shuffle = shuffle;
        this.order = new int[data.size()];
        this.orderedLabels = new int[data.size()];
        this.fullTensor = Tensor.zeros(this.batchSize, data.pixels());
        this.features = fullTensor.data();
        this.fullLabels = new int[this.batchSize];
        startEpoch(0);
    }

    /**
     * Batches in a new random order each epoch, determined by {@code seed}. A batch size larger than
     * the data is clamped to its size.
     */
    public static Batcher shuffled(ImageSet data, int batchSize, long seed) {
        return new Batcher(data, batchSize, seed, true);
    }

    /** Batches in the data's own order, the same every epoch (for evaluation and prediction). */
    public static Batcher sequential(ImageSet data, int batchSize) {
        return new Batcher(data, batchSize, 0, false);
    }

    /** The data being batched. */
    public ImageSet data() {
        return data;
    }

    /** Images per full batch. */
    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch, the last one possibly partial: {@code ceil(size / batchSize)}. */
    public int batchesPerEpoch() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    /** The current epoch number. */
    public int epoch() {
        return epoch;
    }

    /**
     * Rewinds to the first batch of epoch {@code epoch}, reshuffling if this batcher shuffles. The
     * order depends only on the seed and {@code epoch}. The constructor has already started epoch 0.
     */
    public void startEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("Batcher: epoch must be >= 0, got " + epoch);
        }
        if (started && epoch == this.epoch && position == 0) {
            return;                       // already there, no batch drawn: the same order again
        }
        started = true;
        this.epoch = epoch;
        this.position = 0;
        this.count = 0;
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            // Hashing (seed, epoch) gives unrelated streams per epoch; seeding with seed + epoch would
            // make epoch e's stream that of epoch 0 shifted, which correlates the orders.
            SplittableRandom random = new SplittableRandom(mix64(seed ^ mix64(epoch + 0x9E3779B97F4A7C15L)));
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        byte[] labels = data.labels();
        for (int i = 0; i < order.length; i++) {
            orderedLabels[i] = labels[order[i]] & 0xFF;
        }
    }

    /**
     * Fills the buffers with the next batch of this epoch and returns true, or returns false when the
     * epoch is over (call {@link #startEpoch} for another).
     */
    public boolean next() {
        if (position >= order.length) {
            count = 0;
            return false;
        }
        count = Math.min(batchSize, order.length - position);
        System.arraycopy(orderedLabels, position, labelsFor(count), 0, count);
        // The pixels: rows scattered over the whole set (47 MB for Fashion-MNIST's training images),
        // so each row starts with a cache and TLB miss, ~0.4 µs of a 256-row batch's 110 µs here.
        // Right after a training step whose products used the thread pool, its helpers are still
        // polling: sharing the rows with them then costs no wake-up and halves that wait, and
        // keeps them awake for the next step's first product. Each row is converted the same way
        // whichever thread does it.
        if (count >= PARALLEL_ROWS && Parallel.helpersAwake()) {
            Parallel.run(Parallel.threads(), scaler);
        } else {
            scaler.run(0, 1);
        }
        position += count;
        return true;
    }

    /** Rows from which a batch's pixels are shared with awake helpers (≈ 25 µs of one thread's work). */
    static final int PARALLEL_ROWS = 64;

    /** {@link #scaleRows} as a reusable part: no allocation per batch. */
    private final Parallel.Part scaler = this::scaleRows;

    /** Scales piece {@code part} of {@code parts} of the current batch's rows into {@link #features}. */
    private void scaleRows(int part, int parts) {
        int pixels = data.pixels();
        int from = (int) ((long) count * part / parts);
        int to = (int) ((long) count * (part + 1) / parts);
        data.scaleRowsInto(order, position + from, to - from, features, from * pixels);
    }

    /** The number of images in the current batch ({@code batchSize()}, or fewer for the last one). */
    public int count() {
        return count;
    }

    /**
     * The scaled pixels of the current batch, row after row: the first {@code count() * pixels} floats
     * are valid. Always the same array, overwritten by {@link #next()}.
     */
    public float[] features() {
        return features;
    }

    /**
     * The current batch as a {@code [count, pixels]} tensor sharing {@link #features()}' storage:
     * no copy, and the same tensor instance for every batch of the same size.
     */
    public Tensor tensor() {
        requireBatch("tensor");
        if (count == batchSize) {
            return fullTensor;
        }
        if (lastTensor == null || lastTensor.dim(0) != count) {
            lastTensor = fullTensor.narrow(0, 0, count);
        }
        return lastTensor;
    }

    /** The current batch's labels, exactly {@code count()} of them; reused like {@link #tensor()}. */
    public int[] labels() {
        requireBatch("labels");
        return labelsFor(count);
    }

    private void requireBatch(String what) {
        if (count == 0) {
            throw new IllegalStateException("Batcher." + what + ": no current batch (epoch " + epoch
                    + (position == 0 ? " not begun" : " over") + "): call next() first and use the batch while it returns true");
        }
    }

    /** Which image of {@link #data()} row {@code row} of the current batch holds. */
    public int sampleIndex(int row) {
        if (row < 0 || row >= count) {
            throw new IndexOutOfBoundsException("sampleIndex: row " + row + " of a batch of " + count);
        }
        return order[position - count + row];
    }

    private int[] labelsFor(int n) {
        if (n == batchSize) {
            return fullLabels;
        }
        if (lastLabels == null || lastLabels.length != n) {
            lastLabels = new int[n];
        }
        return lastLabels;
    }

    /** Stafford's variant 13 of the MurmurHash3 finalizer, the mixer SplittableRandom itself uses. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
