package dev.brisk.engine.model;

import dev.brisk.engine.tensor.Tensor;

/**
 * Mini-batches of a {@link Dataset}, epoch after epoch, in buffers that are reused: each
 * {@link #next()} overwrites the previous batch, so the steady state allocates nothing. Not
 * thread-safe.
 *
 * <pre>{@code
 * batches.startEpoch(epoch);
 * while (batches.next()) {
 *     Tensor x = batches.x();          // [count, ...sampleShape]
 *     int[] y = batches.labels();      // count class labels
 * }
 * }</pre>
 */
public interface Batches {

    /** Samples per full batch. */
    int batchSize();

    /** Batches per epoch, the last one possibly partial. */
    int batchesPerEpoch();

    /** Rewinds to the first batch of epoch {@code epoch}, reshuffling if these batches shuffle. */
    void startEpoch(int epoch);

    /** Loads the next batch of the epoch and returns true, or returns false at the end of the epoch. */
    boolean next();

    /** The number of samples in the current batch. */
    int count();

    /** The current batch's inputs, {@code [count, ...sampleShape]}; valid until the next {@link #next()}. */
    Tensor x();

    /**
     * The current batch's class labels, exactly {@link #count()} of them, or null when the targets
     * are not class labels (see {@link #y()}).
     */
    int[] labels();

    /**
     * The current batch's targets as a tensor with the batch axis first. For class labels, a
     * {@code [count]} tensor of whole numbers (used only by losses and metrics that need a tensor).
     */
    Tensor y();
}
