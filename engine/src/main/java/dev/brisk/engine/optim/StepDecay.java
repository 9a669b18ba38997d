package dev.brisk.engine.optim;

/** {@code initial · factor^floor(step / stepSize)}: the rate drops by {@code factor} every {@code stepSize} steps. */
public record StepDecay(double initial, double factor, long stepSize) implements LearningRateSchedule {

    public StepDecay {
        if (stepSize <= 0 || !(initial >= 0) || !(factor > 0)) {
            throw new IllegalArgumentException("StepDecay: needs initial >= 0, factor > 0 and stepSize > 0, got "
                    + initial + ", " + factor + ", " + stepSize);
        }
    }

    @Override
    public double learningRate(long step) {
        return initial * Math.pow(factor, Math.floorDiv(step, stepSize));
    }
}
