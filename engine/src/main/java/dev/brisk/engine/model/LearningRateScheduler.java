package dev.brisk.engine.model;

import dev.brisk.engine.optim.LearningRateSchedule;

/**
 * Sets the learning rate at the start of every epoch from a function of the epoch (from 0) and the
 * current rate, as Keras' {@code LearningRateScheduler}. The optimizer keeps its state.
 *
 * <pre>{@code
 * // halve the rate every 2 epochs
 * new LearningRateScheduler((epoch, lr) -> epoch > 0 && epoch % 2 == 0 ? lr / 2 : lr)
 * }</pre>
 *
 * For per-step schedules (warm-up, cosine decay) give the optimizer a {@link LearningRateSchedule} instead.
 */
public final class LearningRateScheduler implements Callback {

    /** The new learning rate for an epoch. */
    @FunctionalInterface
    public interface Rule {
        double learningRate(int epoch, double currentRate);
    }

    private final Rule rule;

    public LearningRateScheduler(Rule rule) {
        this.rule = rule;
    }

    @Override
    public void onEpochBegin(Model model, int epoch) {
        double current = model.optimizer().currentLearningRate();
        double next = rule.learningRate(epoch, current);
        if (!(next > 0) || Double.isInfinite(next)) {
            throw new IllegalArgumentException("LearningRateScheduler: epoch " + epoch + " gave learning rate " + next
                    + "; it must be positive and finite");
        }
        model.optimizer().setSchedule(LearningRateSchedule.constant(next));
    }
}
