package dev.brisk.engine.optim;

/**
 * The learning rate as a function of the optimizer's step count (0 for the first update), as
 * Keras' {@code LearningRateSchedule}. An {@link Optimizer} asks it once per {@code step}.
 *
 * <pre>{@code
 * new Adam(LearningRateSchedule.cosineDecay(0.0, 1e-3, 500, 10_000, 0.0));   // warm up, then decay
 * new SGD(LearningRateSchedule.stepDecay(0.1, 0.5, 1000), 0.9, false);         // halve every 1000 steps
 * }</pre>
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The learning rate for the update after {@code step} earlier ones. */
    double learningRate(long step);

    /** The same rate at every step. */
    static LearningRateSchedule constant(double rate) {
        return new ConstantSchedule(rate);
    }

    /** {@code initial · factor^floor(step / stepSize)}: e.g. halve every 1000 steps. */
    static LearningRateSchedule stepDecay(double initial, double factor, long stepSize) {
        return new StepDecay(initial, factor, stepSize);
    }

    /** {@code initial · rate^(step / decaySteps)}, smooth (Keras' {@code ExponentialDecay}, not staircase). */
    static LearningRateSchedule exponentialDecay(double initial, long decaySteps, double rate) {
        return new ExponentialDecay(initial, decaySteps, rate);
    }

    /**
     * A linear warm-up from {@code warmupFrom} to {@code peak} over {@code warmupSteps}, then a
     * cosine decay from {@code peak} to {@code alpha · peak} over {@code decaySteps}, then flat
     * (Keras 3's {@code CosineDecay} with {@code warmup_target}).
     */
    static LearningRateSchedule cosineDecay(double warmupFrom, double peak, long warmupSteps, long decaySteps, double alpha) {
        return new CosineDecay(warmupFrom, peak, warmupSteps, decaySteps, alpha);
    }
}
