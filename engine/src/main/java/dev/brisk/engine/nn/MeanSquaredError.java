package dev.brisk.engine.nn;

import dev.brisk.engine.tensor.Tensor;

/** The mean of squared differences, {@code mean((p - y)²)}, the usual regression loss. Same shapes required. */
public final class MeanSquaredError extends Loss {

    @Override
    public String name() {
        return "mean_squared_error";
    }

    @Override
    public Tensor loss(Tensor predictions, Tensor targets) {
        requireSameShape(predictions, targets);
        Tensor e = predictions.sub(targets);
        return e.mul(e).mean();
    }
}
