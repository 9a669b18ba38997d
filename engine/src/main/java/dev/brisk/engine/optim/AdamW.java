package dev.brisk.engine.optim;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter): besides the Adam step, every parameter
 * shrinks by {@code lr · weightDecay · p}. Unlike an L2 term in the loss, the decay is not divided
 * by {@code sqrt(v̂)}, so it shrinks all weights at the same relative rate.
 * Keras' defaults: learning rate 0.001, weight decay 0.004, beta1 0.9, beta2 0.999, epsilon 1e-7.
 *
 * <p>It applies to every parameter it is given, biases included (pass a filtered map to exempt some).
 */
public final class AdamW extends Adam {

    /** Keras' defaults. */
    public AdamW() {
        this(0.001, 0.004);
    }

    /** A fixed learning rate and weight decay, Keras' other defaults. */
    public AdamW(double learningRate, double weightDecay) {
        this(LearningRateSchedule.constant(learningRate), weightDecay, 0.9, 0.999, 1e-7);
    }

    /** Every hyperparameter. */
    public AdamW(LearningRateSchedule schedule, double weightDecay, double beta1, double beta2, double epsilon) {
        super(schedule, beta1, beta2, epsilon, weightDecay);
    }
}
