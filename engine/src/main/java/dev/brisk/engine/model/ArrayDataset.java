package dev.brisk.engine.model;

import dev.brisk.engine.tensor.Tensor;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A {@link Dataset} held in memory: features as one {@code float[]}, sample after sample, and either
 * integer class labels or float targets. Arrays are not copied; {@link #slice} is a view.
 *
 * <pre>{@code
 * // 1,000 samples of 20 features, 3 classes
 * Dataset train = ArrayDataset.ofLabels(x, labels, 20);
 * // regression: one target per sample
 * Dataset points = ArrayDataset.ofTargets(x, y, new int[]{20}, new int[]{1});
 * }</pre>
 *
 * <p>Batches copy the chosen samples' rows into one reused buffer per batch size (shuffling needs a
 * gather anyway); the shuffle is a Fisher-Yates pass seeded from (seed, epoch).
 */
public final class ArrayDataset implements Dataset {

    private final float[] features;
    private final int[] labels;
    private final float[] targets;
    private final int[] sampleShape;
    private final int[] targetShape;
    private final int sampleSize;
    private final int targetSize;
    private final int from;
    private final int to;
    private final String description;

    private ArrayDataset(float[] features, int[] labels, float[] targets, int[] sampleShape, int[] targetShape,
                         int from, int to, String description) {
        this.features = features;
        this.labels = labels;
        this.targets = targets;
        this.sampleShape = sampleShape.clone();
        this.targetShape = targetShape.clone();
        this.sampleSize = product(sampleShape, "sample");
        this.targetSize = product(targetShape, "target");
        this.from = from;
        this.to = to;
        this.description = description;
    }

    /**
     * Classification data: {@code labels.length} samples of shape {@code sampleShape}.
     *
     * @throws IllegalArgumentException if {@code features} does not hold exactly one sample per label
     */
    public static ArrayDataset ofLabels(float[] features, int[] labels, int... sampleShape) {
        int size = product(sampleShape, "sample");
        if ((long) labels.length * size != features.length) {
            throw new IllegalArgumentException("ArrayDataset: " + labels.length + " labels of samples "
                    + Arrays.toString(sampleShape) + " need " + (long) labels.length * size + " features, got " + features.length);
        }
        return new ArrayDataset(features, labels, null, sampleShape, new int[0], 0, labels.length,
                "in-memory: " + labels.length + " samples " + Arrays.toString(sampleShape) + " with class labels");
    }

    /** Regression (or any float targets): one target of shape {@code targetShape} per sample. */
    public static ArrayDataset ofTargets(float[] features, float[] targets, int[] sampleShape, int[] targetShape) {
        int size = product(sampleShape, "sample");
        int tsize = product(targetShape, "target");
        if (features.length % size != 0 || (long) features.length / size * tsize != targets.length) {
            throw new IllegalArgumentException("ArrayDataset: " + features.length + " features of samples "
                    + Arrays.toString(sampleShape) + " and " + targets.length + " targets of shape "
                    + Arrays.toString(targetShape) + " do not give the same number of samples");
        }
        int n = features.length / size;
        return new ArrayDataset(features, null, targets, sampleShape, targetShape, 0, n,
                "in-memory: " + n + " samples " + Arrays.toString(sampleShape) + " with targets " + Arrays.toString(targetShape));
    }

    /** The same data with another description (for a saved model's provenance). */
    public ArrayDataset describedAs(String description) {
        return new ArrayDataset(features, labels, targets, sampleShape, targetShape, from, to, description);
    }

    @Override
    public int size() {
        return to - from;
    }

    @Override
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    @Override
    public ArrayDataset slice(int from, int to) {
        if (from < 0 || to < from || to > size()) {
            throw new IllegalArgumentException("ArrayDataset.slice: [" + from + ", " + to + ") does not fit " + size() + " samples");
        }
        return new ArrayDataset(features, labels, targets, sampleShape, targetShape, this.from + from, this.from + to,
                description + " [" + from + ", " + to + ")");
    }

    @Override
    public Batches batches(int batchSize, Long shuffleSeed) {
        return new ArrayBatches(batchSize, shuffleSeed);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }

    private static int product(int[] shape, String what) {
        long n = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("ArrayDataset: " + what + " shape " + Arrays.toString(shape) + " has a non-positive size");
            }
            n *= d;
        }
        return Math.toIntExact(n);
    }

    /** Stafford's variant 13 mixer, as {@code SplittableRandom} uses: unrelated streams per epoch. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private final class ArrayBatches implements Batches {
        private final int batchSize;
        private final Long seed;
        private final int[] order;
        private final Tensor fullX;
        private final Tensor fullY;
        private final int[] fullLabels;
        private Tensor lastX;
        private Tensor lastY;
        private int[] lastLabels;
        private int position;
        private int count;

        ArrayBatches(int batchSize, Long seed) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batches: batch size must be positive, got " + batchSize);
            }
            if (size() == 0) {
                throw new IllegalArgumentException("batches: " + description + " has no samples");
            }
            this.batchSize = Math.min(batchSize, size());
            this.seed = seed;
            this.order = new int[size()];
            this.fullX = Tensor.zeros(withBatch(this.batchSize, sampleShape));
            this.fullY = Tensor.zeros(withBatch(this.batchSize, targetShape));
            this.fullLabels = labels == null ? null : new int[this.batchSize];
            startEpoch(0);
        }

        @Override
        public int batchSize() {
            return batchSize;
        }

        @Override
        public int batchesPerEpoch() {
            return (order.length + batchSize - 1) / batchSize;
        }

        @Override
        public void startEpoch(int epoch) {
            position = 0;
            count = 0;
            Arrays.setAll(order, i -> i);
            if (seed != null) {
                SplittableRandom random = new SplittableRandom(mix64(seed ^ mix64(epoch + 0x9E3779B97F4A7C15L)));
                for (int i = order.length - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
            }
        }

        @Override
        public boolean next() {
            if (position >= order.length) {
                count = 0;
                return false;
            }
            count = Math.min(batchSize, order.length - position);
            float[] x = fullX.data();
            float[] y = fullY.data();
            int[] lab = labels == null ? null : labelsFor(count);
            for (int r = 0; r < count; r++) {
                int i = from + order[position + r];
                System.arraycopy(features, i * sampleSize, x, r * sampleSize, sampleSize);
                if (lab != null) {
                    lab[r] = labels[i];
                    y[r] = labels[i];
                } else {
                    System.arraycopy(targets, i * targetSize, y, r * targetSize, targetSize);
                }
            }
            position += count;
            return true;
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public Tensor x() {
            requireBatch();
            if (count == batchSize) {
                return fullX;
            }
            if (lastX == null || lastX.dim(0) != count) {
                lastX = fullX.narrow(0, 0, count);
            }
            return lastX;
        }

        @Override
        public int[] labels() {
            requireBatch();
            return labels == null ? null : labelsFor(count);
        }

        @Override
        public Tensor y() {
            requireBatch();
            if (count == batchSize) {
                return fullY;
            }
            if (lastY == null || lastY.dim(0) != count) {
                lastY = fullY.narrow(0, 0, count);
            }
            return lastY;
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

        private void requireBatch() {
            if (count == 0) {
                throw new IllegalStateException("batches: no current batch; call next() and use the batch while it returns true");
            }
        }
    }

    static int[] withBatch(int batch, int[] sampleShape) {
        int[] s = new int[sampleShape.length + 1];
        s[0] = batch;
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        return s;
    }
}
