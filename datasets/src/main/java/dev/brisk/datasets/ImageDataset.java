package dev.brisk.datasets;

import dev.brisk.engine.model.Batches;
import dev.brisk.engine.model.Dataset;
import dev.brisk.engine.model.Model;
import dev.brisk.engine.tensor.Tensor;

import java.util.Arrays;

/**
 * An {@link ImageSet} as the engine's {@link Dataset}, so {@link Model#fit} can train on it: samples
 * are {@code [rows, cols]} images with pixels scaled to {@code [0, 1]} per batch, targets their class
 * labels.
 *
 * <pre>{@code
 * MnistData data = FashionMnist.load();
 * model.fit(new ImageDataset(data.train()), new FitOptions().epochs(5).seed(42));
 * model.evaluate(new ImageDataset(data.test()));
 * }</pre>
 *
 * <p>Batches come from a {@link Batcher}: the images stay bytes and are scaled into its reused
 * buffer, and the {@code [count, rows, cols]} tensor handed to the model is a view of that buffer
 * (made once per batch size). Nothing is copied per epoch. {@link #slice} (for a validation split)
 * copies the slice's bytes once.
 */
public final class ImageDataset implements Dataset {

    private final ImageSet images;

    public ImageDataset(ImageSet images) {
        this.images = images;
    }

    /** The images. */
    public ImageSet images() {
        return images;
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public int[] sampleShape() {
        return new int[]{images.rows(), images.cols()};
    }

    @Override
    public ImageDataset slice(int from, int to) {
        if (from < 0 || to < from || to > size()) {
            throw new IllegalArgumentException("ImageDataset.slice: [" + from + ", " + to + ") does not fit " + size() + " images");
        }
        int p = images.pixels();
        return new ImageDataset(new ImageSet(Arrays.copyOfRange(images.images(), from * p, to * p),
                Arrays.copyOfRange(images.labels(), from, to), images.rows(), images.cols(), images.classNames(),
                images.source() + " [" + from + ", " + to + ")"));
    }

    @Override
    public Batches batches(int batchSize, Long shuffleSeed) {
        return new ImageBatches(shuffleSeed == null ? Batcher.sequential(images, batchSize)
                : Batcher.shuffled(images, batchSize, shuffleSeed));
    }

    @Override
    public String description() {
        return images.size() + " images " + images.rows() + "x" + images.cols() + " from " + images.source()
                + ", pixels / 255";
    }

    @Override
    public String toString() {
        return "ImageDataset(" + description() + ")";
    }

    /** A {@link Batcher} seen through the engine's {@link Batches}. */
    private static final class ImageBatches implements Batches {
        private final Batcher batcher;
        private final int rows;
        private final int cols;
        private Tensor viewedSource;
        private Tensor view;
        private Tensor targets;

        ImageBatches(Batcher batcher) {
            this.batcher = batcher;
            this.rows = batcher.data().rows();
            this.cols = batcher.data().cols();
        }

        @Override
        public int batchSize() {
            return batcher.batchSize();
        }

        @Override
        public int batchesPerEpoch() {
            return batcher.batchesPerEpoch();
        }

        @Override
        public void startEpoch(int epoch) {
            batcher.startEpoch(epoch);
        }

        @Override
        public boolean next() {
            return batcher.next();
        }

        @Override
        public int count() {
            return batcher.count();
        }

        @Override
        public Tensor x() {
            // The batcher returns the same [count, pixels] tensor for every batch of a size, so the
            // [count, rows, cols] view is made again only when the size changes (the last batch).
            Tensor flat = batcher.tensor();
            if (flat != viewedSource) {
                viewedSource = flat;
                view = flat.reshape(flat.dim(0), rows, cols);
            }
            return view;
        }

        @Override
        public int[] labels() {
            return batcher.labels();
        }

        @Override
        public Tensor y() {
            int[] labels = batcher.labels();
            if (targets == null || targets.dim(0) != labels.length) {
                targets = Tensor.zeros(labels.length);
            }
            float[] t = targets.data();
            for (int i = 0; i < labels.length; i++) {
                t[i] = labels[i];
            }
            return targets;
        }
    }
}
