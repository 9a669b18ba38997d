package dev.brisk.engine.optim;

/** A fixed learning rate. */
public record ConstantSchedule(double rate) implements LearningRateSchedule {

    public ConstantSchedule {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("learning rate must be finite and non-negative, got " + rate);
        }
    }

    @Override
    public double learningRate(long step) {
        return rate;
    }
}
