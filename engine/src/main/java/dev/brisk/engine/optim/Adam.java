package dev.brisk.engine.optim;

import dev.brisk.engine.kernels.Kernels;

/**
 * Adam: gradient descent scaled per parameter by running estimates of the gradient's mean
 * {@code m} and uncentred variance {@code v}, corrected for their zero start (bias correction):
 *
 * <pre>
 *   m = beta1·m + (1-beta1)·g          m̂ = m / (1 - beta1^t)
 *   v = beta2·v + (1-beta2)·g²         v̂ = v / (1 - beta2^t)
 *   p -= lr · m̂ / (sqrt(v̂) + epsilon)
 * </pre>
 *
 * with {@code t} the parameter's step count from 1. At {@code t = 1}, {@code m̂ = g} and
 * {@code v̂ = g²}: the first step moves every parameter by about {@code lr} against its gradient's sign.
 * Keras' defaults: learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. (Keras adds epsilon to
 * {@code sqrt(v)} before bias correction, PyTorch to {@code sqrt(v̂)} as here; they differ only
 * while {@code sqrt(v̂)} is comparable to epsilon.)
 *
 * <p>The update runs as one fused pass per parameter ({@link dev.brisk.engine.kernels.KernelProvider#adam}).
 */
public class Adam extends Optimizer {

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;

    /** Keras' defaults. */
    public Adam() {
        this(0.001);
    }

    /** A fixed learning rate and Keras' other defaults. */
    public Adam(double learningRate) {
        this(LearningRateSchedule.constant(learningRate));
    }

    /** A schedule and Keras' other defaults. */
    public Adam(LearningRateSchedule schedule) {
        this(schedule, 0.9, 0.999, 1e-7);
    }

    /** Every hyperparameter. */
    public Adam(LearningRateSchedule schedule, double beta1, double beta2, double epsilon) {
        this(schedule, beta1, beta2, epsilon, 0);
    }

    protected Adam(LearningRateSchedule schedule, double beta1, double beta2, double epsilon, double weightDecay) {
        super(schedule);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0 && weightDecay >= 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + ": needs beta1, beta2 in [0, 1), epsilon > 0, weightDecay >= 0; got "
                    + beta1 + ", " + beta2 + ", " + epsilon + ", " + weightDecay);
        }
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.epsilon = (float) epsilon;
        this.weightDecay = (float) weightDecay;
    }

    @Override
    protected final int buffersPerParameter() {
        return 2;
    }

    @Override
    protected final void update(float[] param, int offset, float[] grad, int n, float lr, Slot slot) {
        Kernels.get().adam(param, offset, grad, 0, slot.buffers[0], 0, slot.buffers[1], 0, n,
                lr, beta1, beta2, epsilon, weightDecay, slot.step());
    }
}
