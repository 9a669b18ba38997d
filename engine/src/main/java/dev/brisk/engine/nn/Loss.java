package dev.brisk.engine.nn;

import dev.brisk.engine.tensor.Tensor;

import java.util.Arrays;

/**
 * A training objective: {@link #loss(Tensor, Tensor)} compares a batch of predictions with its
 * targets and returns the <em>mean</em> over the batch as a scalar tensor, ready for
 * {@link Tensor#backward()}.
 *
 * <pre>{@code
 * Loss mse = new MeanSquaredError();
 * Tensor l = mse.loss(model.call(x, true), y);
 * l.backward();
 * }</pre>
 */
public abstract class Loss {

    /** The Keras name of the loss, e.g. {@code "mean_squared_error"}. */
    public abstract String name();

    /**
     * The mean loss of {@code predictions} against {@code targets}, a scalar tensor.
     *
     * @throws IllegalArgumentException if the shapes do not fit, naming the loss and both shapes
     */
    public abstract Tensor loss(Tensor predictions, Tensor targets);

    /** Requires equal shapes (the elementwise losses do not broadcast, to catch {@code [N]} vs {@code [N, 1]}). */
    protected final void requireSameShape(Tensor predictions, Tensor targets) {
        if (!Arrays.equals(predictions.shape(), targets.shape())) {
            throw new IllegalArgumentException(name() + ": predictions " + Arrays.toString(predictions.shape())
                    + " and targets " + Arrays.toString(targets.shape()) + " must have the same shape");
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
