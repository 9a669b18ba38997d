package dev.brisk.engine.model;

import dev.brisk.engine.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops training when a monitored quantity has stopped improving, as Keras' {@code EarlyStopping}.
 *
 * <pre>{@code
 * // stop when val_loss has not improved by 0.001 for 3 epochs; keep the best epoch's weights
 * new EarlyStopping("val_loss", 3, 0.001, true)
 * }</pre>
 *
 * <p>Quantities whose name contains {@code loss} or {@code error} improve by going down, the others
 * (accuracy, auc) by going up. An epoch improves when it beats the best value so far by more than
 * {@code minDelta}. After {@code patience} epochs in a row without improvement training stops (at
 * once, with patience 0); with
 * {@code restoreBestWeights} the weights of the best epoch are then copied back (also when training
 * ends normally, unlike Keras, so the model always ends on its best epoch).
 */
public final class EarlyStopping implements Callback {

    private final String monitor;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBestWeights;
    private final boolean lowerIsBetter;

    private double best;
    private int bestEpoch;
    private int wait;
    private int stoppedEpoch = -1;
    private Map<String, float[]> bestWeights;

    /** No minimum delta, no restoring. */
    public EarlyStopping(String monitor, int patience) {
        this(monitor, patience, 0, false);
    }

    /**
     * @param monitor            a logged quantity, e.g. {@code "val_loss"}
     * @param patience           epochs without improvement before stopping, at least 0
     * @param minDelta           the smallest change that counts as an improvement, at least 0
     * @param restoreBestWeights whether to end on the best epoch's weights
     */
    public EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBestWeights) {
        if (patience < 0 || !(minDelta >= 0)) {
            throw new IllegalArgumentException("EarlyStopping: patience and minDelta must be >= 0, got " + patience + ", " + minDelta);
        }
        this.monitor = monitor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.restoreBestWeights = restoreBestWeights;
        this.lowerIsBetter = monitor.contains("loss") || monitor.contains("error");
    }

    @Override
    public void onTrainBegin(Model model) {
        best = lowerIsBetter ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        bestEpoch = -1;
        wait = 0;
        stoppedEpoch = -1;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        Double value = logs.get(monitor);
        if (value == null) {
            throw new IllegalArgumentException("EarlyStopping: '" + monitor + "' is not logged; available: " + logs.keySet()
                    + (monitor.startsWith("val_") ? " (val_ quantities need validation data or a validation split)" : ""));
        }
        boolean improved = lowerIsBetter ? value < best - minDelta : value > best + minDelta;
        if (improved) {
            best = value;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = snapshot(model);
            }
        } else if (++wait >= patience) {
            stoppedEpoch = epoch;
            model.stopTraining();
        }
    }

    @Override
    public void onTrainEnd(Model model, Map<String, Double> logs) {
        if (restoreBestWeights && bestWeights != null) {
            for (Map.Entry<String, Tensor> e : model.network().parameters().entrySet()) {
                float[] saved = bestWeights.get(e.getKey());
                Tensor p = e.getValue();
                System.arraycopy(saved, 0, p.data(), p.offset(), saved.length);
            }
        }
    }

    private static Map<String, float[]> snapshot(Model model) {
        Map<String, float[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : model.network().parameters().entrySet()) {
            copy.put(e.getKey(), e.getValue().toArray());
        }
        return copy;
    }

    /** The best value seen. */
    public double best() {
        return best;
    }

    /** The epoch (from 0) with the best value, or -1 before any. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The epoch (from 0) after which training was stopped, or -1 if it ran to the end. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }
}
