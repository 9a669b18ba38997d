package dev.brisk.engine.model;

/**
 * Samples with targets that {@link Model#fit}, {@link Model#evaluate} and {@link Model#predict}
 * read in mini-batches. The engine's own implementation is {@link ArrayDataset} (features and labels
 * in memory); other modules adapt their data to this interface (the datasets module adapts its
 * images, which it keeps as bytes and scales per batch).
 *
 * <pre>{@code
 * Dataset train = ArrayDataset.ofLabels(features, labels, 28, 28);   // features: n * 784 floats
 * Batches b = train.batches(32, 42L);                                  // shuffled from seed 42
 * b.startEpoch(0);
 * while (b.next()) { model.trainStep(b.x(), b.labels()); }
 * }</pre>
 */
public interface Dataset {

    /** The number of samples. */
    int size();

    /** The shape of one sample, without the batch axis (e.g. {@code [28, 28]}). */
    int[] sampleShape();

    /**
     * Samples {@code from} (inclusive) to {@code to} (exclusive), in order. Used for Keras'
     * {@code validation_split}, which holds out the <em>last</em> samples before any shuffling.
     */
    Dataset slice(int from, int to);

    /**
     * A reader of mini-batches of {@code batchSize} samples (the last one of an epoch may be smaller).
     *
     * @param shuffleSeed null to keep the data's order (evaluation, prediction); otherwise every epoch
     *                    gets a new order that depends only on this seed and the epoch number
     */
    Batches batches(int batchSize, Long shuffleSeed);

    /** Where the data came from, recorded in a saved model's provenance. */
    String description();
}
