package dev.brisk.engine.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Model#fit} returns: one value per epoch for each logged quantity ({@code loss}, the
 * compiled metrics, and {@code val_loss}, {@code val_accuracy}, ... when there is validation data),
 * as Keras' {@code History.history}, plus the wall-clock seconds of each epoch's training.
 *
 * <pre>{@code
 * History h = model.fit(train, new FitOptions().epochs(5));
 * h.get("loss");                // [0.50, 0.37, ...], one per epoch
 * h.last("val_accuracy");       // the final epoch's validation accuracy
 * }</pre>
 */
public final class History {

    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final List<Double> epochSeconds = new ArrayList<>();

    /** Records one epoch's logs and its training time. */
    void add(Map<String, Double> logs, double seconds) {
        int epoch = epochSeconds.size();
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            List<Double> list = values.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            while (list.size() < epoch) {
                list.add(Double.NaN); // a key that appeared late (never for Model's own logs)
            }
            list.add(e.getValue());
        }
        epochSeconds.add(seconds);
    }

    /** The number of epochs run (fewer than asked if a callback stopped training). */
    public int epochs() {
        return epochSeconds.size();
    }

    /** The per-epoch values of a quantity, e.g. {@code "loss"} or {@code "val_accuracy"}. */
    public List<Double> get(String key) {
        List<Double> v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("History: no '" + key + "' logged; have " + values.keySet());
        }
        return Collections.unmodifiableList(v);
    }

    /** The last epoch's value of a quantity. */
    public double last(String key) {
        List<Double> v = get(key);
        return v.get(v.size() - 1);
    }

    /** Every logged quantity by name, in the order first logged. */
    public Map<String, List<Double>> values() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(v)));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Seconds of training per epoch: the passes over the training batches, without validation
     * (which {@link Model#fit} runs after the clock stops) or callbacks.
     */
    public List<Double> epochSeconds() {
        return Collections.unmodifiableList(epochSeconds);
    }

    /** The sum of {@link #epochSeconds()}. */
    public double trainSeconds() {
        double s = 0;
        for (double d : epochSeconds) {
            s += d;
        }
        return s;
    }

    @Override
    public String toString() {
        return "History" + values + ", epoch seconds " + epochSeconds;
    }
}
