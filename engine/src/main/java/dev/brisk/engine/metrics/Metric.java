package dev.brisk.engine.metrics;

import dev.brisk.engine.tensor.Tensor;

/**
 * A quantity accumulated over batches, as Keras' metrics: {@link #update} with each batch,
 * {@link #result()} for the value over everything seen since the last {@link #reset()}. Metrics
 * are evaluated without gradients, in double precision.
 *
 * <pre>{@code
 * Metric acc = new Accuracy();
 * for (batch : test) acc.update(model.call(batch.x(), false), batch.labels());
 * acc.result();   // fraction correct over the whole test set
 * }</pre>
 */
public interface Metric {

    /** The Keras name, e.g. {@code "accuracy"}. */
    String name();

    /** Adds a batch: predictions and targets (class labels as whole-number floats where relevant). */
    void update(Tensor predictions, Tensor targets);

    /** The value over all batches since the last reset (NaN before any data). */
    double result();

    /** Forgets everything seen. */
    void reset();
}
