package dev.brisk.engine.optim;

import dev.brisk.engine.tensor.Tensor;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Updates parameters in place from their gradients. The training step is
 *
 * <pre>{@code
 * Map<String, Tensor> params = model.parameters();
 * optimizer.zeroGrad(params);
 * loss.backward();
 * optimizer.step(params);
 * }</pre>
 *
 * <p>State (momentum, Adam's moments) is kept per parameter <em>name</em>, allocated on the
 * parameter's first step and reused after, together with a per-parameter step counter (a parameter
 * with no gradient in some step, e.g. an unused branch, is skipped and its counter does not move).
 * The learning rate comes from a {@link LearningRateSchedule} evaluated at {@link #iterations()},
 * the number of earlier {@code step} calls.
 *
 * <p>Parameters must be contiguous leaves (as every layer's weights are).
 */
public abstract class Optimizer {

    private LearningRateSchedule schedule;
    private final Map<String, Slot> slots = new HashMap<>();
    private long iterations;

    /** Per-parameter state: the tensor it belongs to, its step count and the subclass's buffers. */
    protected static final class Slot {
        final Tensor param;
        long step;
        /** Zeroed buffers the size of the parameter, as many as the optimizer asked for. */
        public final float[][] buffers;

        Slot(Tensor param, int buffers) {
            this.param = param;
            this.buffers = new float[buffers][param.size()];
        }

        /** The number of updates this parameter has received, including the current one (t, from 1). */
        public long step() {
            return step;
        }
    }

    protected Optimizer(LearningRateSchedule schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning-rate schedule must not be null");
        }
        this.schedule = schedule;
    }

    /** The schedule the learning rate comes from. */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /**
     * Replaces the learning-rate schedule from the next {@link #step} on, keeping the optimizer's
     * state (moments, step counts); what Keras' {@code LearningRateScheduler} callback does.
     */
    public void setSchedule(LearningRateSchedule schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning-rate schedule must not be null");
        }
        this.schedule = schedule;
    }

    /** The number of {@link #step} calls so far (Keras' {@code optimizer.iterations}). */
    public long iterations() {
        return iterations;
    }

    /** The learning rate the next {@link #step} will use. */
    public double currentLearningRate() {
        return schedule.learningRate(iterations);
    }

    /** How many state buffers of the parameter's size this optimizer keeps (0 for plain SGD). */
    protected abstract int buffersPerParameter();

    /**
     * Updates one parameter: {@code param} (contiguous, from {@code offset}) from its gradient
     * {@code grad} (from 0), both of {@code n} elements, with this step's learning rate.
     */
    protected abstract void update(float[] param, int offset, float[] grad, int n, float lr, Slot slot);

    /**
     * Applies one update to every parameter that has a gradient, then advances {@link #iterations()}.
     *
     * @throws IllegalArgumentException if a parameter is not contiguous, or a name now refers to a
     *         parameter of a different size than before
     */
    public void step(Map<String, Tensor> params) {
        float lr = (float) schedule.learningRate(iterations);
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            Tensor p = e.getValue();
            if (!p.hasGrad()) {
                continue;
            }
            Slot slot = slot(e.getKey(), p);
            slot.step++;
            update(p.data(), p.offset(), p.gradBuffer(), p.size(), lr, slot);
        }
        iterations++;
    }

    private Slot slot(String name, Tensor p) {
        Slot slot = slots.get(name);
        if (slot == null) {
            if (!p.isContiguous()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + name + "' "
                        + Arrays.toString(p.shape()) + " is not contiguous; optimizers update storage in place");
            }
            slot = new Slot(p, buffersPerParameter());
            slots.put(name, slot);
        } else if (slot.param.size() != p.size()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + name + "' is now "
                    + Arrays.toString(p.shape()) + " but had " + slot.param.size() + " elements at earlier steps");
        }
        return slot;
    }

    /** Resets every parameter's gradient to zero (keeping the buffers). */
    public void zeroGrad(Map<String, Tensor> params) {
        for (Tensor p : params.values()) {
            p.zeroGrad();
        }
    }
}
