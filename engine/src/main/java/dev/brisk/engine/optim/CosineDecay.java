package dev.brisk.engine.optim;

/**
 * Linear warm-up then cosine decay (Keras 3's {@code CosineDecay} with a warm-up target).
 *
 * <pre>
 *   step &lt; warmupSteps:  warmupFrom + (peak - warmupFrom) · step / warmupSteps
 *   afterwards, s = min(step - warmupSteps, decaySteps):
 *                        peak · ((1 - alpha) · ½(1 + cos(π · s / decaySteps)) + alpha)
 * </pre>
 *
 * Starting small lets Adam's moment estimates settle before large steps; the cosine then lowers the
 * rate slowly at first, fast in the middle and slowly again towards {@code alpha · peak}.
 */
public record CosineDecay(double warmupFrom, double peak, long warmupSteps, long decaySteps, double alpha)
        implements LearningRateSchedule {

    public CosineDecay {
        if (warmupSteps < 0 || decaySteps <= 0 || !(peak >= 0) || !(warmupFrom >= 0) || !(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("CosineDecay: needs rates >= 0, warmupSteps >= 0, decaySteps > 0 and alpha in [0, 1], got "
                    + warmupFrom + ", " + peak + ", " + warmupSteps + ", " + decaySteps + ", " + alpha);
        }
    }

    @Override
    public double learningRate(long step) {
        if (step < warmupSteps) {
            return warmupFrom + (peak - warmupFrom) * step / warmupSteps;
        }
        double s = Math.min(step - warmupSteps, decaySteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * s / decaySteps));
        return peak * ((1 - alpha) * cosine + alpha);
    }
}
