package dev.brisk.datasets;

import dev.brisk.engine.kernels.Kernels;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Labelled grey-level images kept as bytes, the way the IDX files store them.
 *
 * <p>Fashion-MNIST's 60,000 training images take 47 MB as bytes but 188 MB as float32, so they stay
 * bytes here and a {@link Batcher} scales one mini-batch at a time into a reused {@code float[]}.
 * Image {@code i} is the {@code rows * cols} bytes starting at {@code i * pixels()} of {@link #images()},
 * row-major; {@code images()[i * pixels() + p] & 0xFF} is its grey level 0..255 (0 is background).
 *
 * <pre>{@code
 * ImageSet train = FashionMnist.load().train();
 * train.size();                          // 60000
 * train.className(train.label(0));       // "Ankle boot"
 * ImageSet small = train.randomSubset(1000, 42);
 * }</pre>
 *
 * <p>Instances are immutable as long as nobody writes into the arrays that {@link #images()} and
 * {@link #labels()} share (they are not copied, to keep loading cheap).
 */
public final class ImageSet {

    private final byte[] images;
    private final byte[] labels;
    private final int rows;
    private final int cols;
    private final List<String> classNames;
    private final String source;

    /**
     * @param images     {@code labels.length * rows * cols} grey levels, image after image (not copied)
     * @param labels     one class number per image, in {@code [0, classNames.size())} (not copied)
     * @param classNames the name of each class, by class number
     * @param source     where the data came from, for messages and provenance
     * @throws IllegalArgumentException if the sizes disagree or a label is out of range
     */
    public ImageSet(byte[] images, byte[] labels, int rows, int cols, List<String> classNames, String source) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("ImageSet: image size must be positive, got " + rows + "x" + cols);
        }
        if ((long) labels.length * rows * cols != images.length) {
            throw new IllegalArgumentException("ImageSet " + source + ": " + labels.length + " labels need "
                    + (long) labels.length * rows * cols + " pixel bytes for " + rows + "x" + cols + " images, got " + images.length);
        }
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xFF;
            if (label >= classNames.size()) {
                throw new IllegalArgumentException("ImageSet " + source + ": label " + label + " of image " + i
                        + " is out of range: expected 0.." + (classNames.size() - 1) + " (" + classNames.size() + " classes)");
            }
        }
        this.images = images;
        this.labels = labels;
        this.rows = rows;
        this.cols = cols;
        this.classNames = List.copyOf(classNames);
        this.source = source;
    }

    /** The number of images. */
    public int size() {
        return labels.length;
    }

    /** Image height in pixels (28 for MNIST). */
    public int rows() {
        return rows;
    }

    /** Image width in pixels (28 for MNIST). */
    public int cols() {
        return cols;
    }

    /** Pixels per image, {@code rows() * cols()}: the width of a flattened batch (784 for MNIST). */
    public int pixels() {
        return rows * cols;
    }

    /** The number of classes. */
    public int classCount() {
        return classNames.size();
    }

    /** The class names, by class number. */
    public List<String> classNames() {
        return classNames;
    }

    /** The name of class {@code label}, e.g. {@code "Trouser"} for 1 in Fashion-MNIST. */
    public String className(int label) {
        return classNames.get(label);
    }

    /** Where the data came from (a directory or file), as given when it was built. */
    public String source() {
        return source;
    }

    /** The class number of image {@code i}. */
    public int label(int i) {
        return labels[i] & 0xFF;
    }

    /** The grey level 0..255 of pixel {@code (row, col)} of image {@code i}. */
    public int pixel(int i, int row, int col) {
        return images[i * pixels() + row * cols + col] & 0xFF;
    }

    /** All pixels, image after image (the array itself, not a copy: do not write to it). */
    public byte[] images() {
        return images;
    }

    /** All labels, one byte per image (the array itself, not a copy: do not write to it). */
    public byte[] labels() {
        return labels;
    }

    /** A new {@code int[]} of the labels, the form losses such as {@code sparseCrossEntropy} take. */
    public int[] labelsAsInts() {
        int[] out = new int[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels[i] & 0xFF;
        }
        return out;
    }

    /** How many images each class has: {@code classCounts()[c]} for class {@code c}. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (byte label : labels) {
            counts[label & 0xFF]++;
        }
        return counts;
    }

    /**
     * Writes image {@code i}'s pixels divided by 255 ({@code 0 -> 0f}, {@code 255 -> 1f}) into
     * {@code dst[dstOffset ..]}, as the Keras tutorial's {@code images / 255.0} does.
     */
    public void scaleInto(int i, float[] dst, int dstOffset) {
        int n = pixels();
        // Correctly rounded k / 255 (not k times 1/255f, which is off by one unit in the last place
        // for half the values): 255 gives exactly 1f and every value is the float nearest k/255.
        Kernels.get().unsignedBytesToFloats(images, i * n, dst, dstOffset, n, 255f);
    }

    /**
     * Writes images {@code indices[from]}, ..., {@code indices[from + count - 1]}, scaled as by
     * {@link #scaleInto}, one after the other into {@code dst[dstOffset ..]}: a shuffled batch in
     * one kernel call.
     */
    public void scaleRowsInto(int[] indices, int from, int count, float[] dst, int dstOffset) {
        Kernels.get().unsignedByteRowsToFloats(images, pixels(), indices, from, count, dst, dstOffset, 255f);
    }

    /** The first {@code n} images (copied), for quick tests and experiments. */
    public ImageSet first(int n) {
        checkSubsetSize(n);
        return new ImageSet(Arrays.copyOf(images, n * pixels()), Arrays.copyOf(labels, n), rows, cols, classNames,
                source + " (first " + n + ")");
    }

    /**
     * {@code n} distinct images chosen at random from {@code seed} (copied, in their original order),
     * so a subset keeps roughly the class balance of the whole. The same seed picks the same images.
     */
    public ImageSet randomSubset(int n, long seed) {
        checkSubsetSize(n);
        // A partial Fisher-Yates shuffle: the first n slots end up a uniform random n-subset.
        int[] order = new int[size()];
        Arrays.setAll(order, i -> i);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] chosen = Arrays.copyOf(order, n);
        Arrays.sort(chosen);
        return select(chosen, source + " (random " + n + ", seed " + seed + ")");
    }

    private ImageSet select(int[] indices, String newSource) {
        int n = pixels();
        byte[] img = new byte[indices.length * n];
        byte[] lab = new byte[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(images, indices[k] * n, img, k * n, n);
            lab[k] = labels[indices[k]];
        }
        return new ImageSet(img, lab, rows, cols, classNames, newSource);
    }

    private void checkSubsetSize(int n) {
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException("subset of " + n + " images: expected 0.." + size() + " (the size of " + source + ")");
        }
    }

    @Override
    public String toString() {
        return "ImageSet[" + size() + " images " + rows + "x" + cols + ", " + classNames.size() + " classes, from " + source + "]";
    }
}
