package dev.brisk.engine.optim;

/**
 * Stochastic gradient descent, optionally with momentum, in Keras' formulation:
 *
 * <pre>
 *   momentum = 0:   p -= lr·g
 *   otherwise:      v = momentum·v - lr·g
 *                   p += v                       (classical)
 *                   p += momentum·v - lr·g       (Nesterov: looks one step ahead)
 * </pre>
 *
 * Keras' defaults: learning rate 0.01, momentum 0, no Nesterov. The velocity starts at zero.
 */
public final class SGD extends Optimizer {

    private final float momentum;
    private final boolean nesterov;

    /** Learning rate 0.01, no momentum (Keras' defaults). */
    public SGD() {
        this(0.01);
    }

    /** Plain SGD with a fixed learning rate. */
    public SGD(double learningRate) {
        this(LearningRateSchedule.constant(learningRate), 0, false);
    }

    /** SGD with a fixed learning rate and momentum. */
    public SGD(double learningRate, double momentum, boolean nesterov) {
        this(LearningRateSchedule.constant(learningRate), momentum, nesterov);
    }

    /** @param momentum in {@code [0, 1)} */
    public SGD(LearningRateSchedule schedule, double momentum, boolean nesterov) {
        super(schedule);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("SGD: momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = (float) momentum;
        this.nesterov = nesterov;
    }

    @Override
    protected int buffersPerParameter() {
        return momentum == 0f ? 0 : 1;
    }

    @Override
    protected void update(float[] param, int offset, float[] grad, int n, float lr, Slot slot) {
        if (momentum == 0f) {
            for (int i = 0; i < n; i++) {
                param[offset + i] -= lr * grad[i];
            }
            return;
        }
        float[] v = slot.buffers[0];
        for (int i = 0; i < n; i++) {
            float vi = momentum * v[i] - lr * grad[i];
            v[i] = vi;
            param[offset + i] += nesterov ? momentum * vi - lr * grad[i] : vi;
        }
    }
}
