package dev.brisk.engine.nn;

import dev.brisk.engine.tensor.Tensor;

/**
 * The Huber loss: quadratic for small errors and linear for large ones, so outliers pull less than
 * under squared error. With {@code e = p - y}, each element costs {@code e²/2} where
 * {@code |e| <= delta} and {@code delta·(|e| - delta/2)} beyond; the two pieces meet with equal
 * value and slope at {@code |e| = delta}. The mean over all elements is returned.
 */
public final class Huber extends Loss {

    private final float delta;

    /** Keras' default, {@code delta = 1}. */
    public Huber() {
        this(1f);
    }

    /** @param delta where the loss turns from quadratic to linear, positive */
    public Huber(float delta) {
        if (!(delta > 0f)) {
            throw new IllegalArgumentException("huber: delta must be positive, got " + delta);
        }
        this.delta = delta;
    }

    @Override
    public String name() {
        return "huber";
    }

    @Override
    public Tensor loss(Tensor predictions, Tensor targets) {
        requireSameShape(predictions, targets);
        Tensor e = predictions.sub(targets);
        Tensor a = e.abs();
        Tensor quadratic = e.mul(e).mul(0.5f);
        Tensor linear = a.sub(0.5f * delta).mul(delta);
        return Tensor.where(a.le(delta), quadratic, linear).mean();
    }
}
