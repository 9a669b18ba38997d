package dev.brisk.engine.optim;

/** {@code initial · rate^(step / decaySteps)}, decaying smoothly (Keras' {@code ExponentialDecay}). */
public record ExponentialDecay(double initial, long decaySteps, double rate) implements LearningRateSchedule {

    public ExponentialDecay {
        if (decaySteps <= 0 || !(initial >= 0) || !(rate > 0)) {
            throw new IllegalArgumentException("ExponentialDecay: needs initial >= 0, decaySteps > 0 and rate > 0, got "
                    + initial + ", " + decaySteps + ", " + rate);
        }
    }

    @Override
    public double learningRate(long step) {
        return initial * Math.pow(rate, (double) step / decaySteps);
    }
}
