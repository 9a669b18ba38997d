package dev.brisk.engine.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves the model ({@link Model#save}) at the end of epochs, as Keras' {@code ModelCheckpoint}:
 * every epoch, or with {@code saveBestOnly} only when the monitored quantity improves on the best so
 * far (lower for losses and errors, higher otherwise), so the directory holds the best model.
 *
 * <pre>{@code
 * new ModelCheckpoint(Path.of("best-model"), "val_accuracy", true)
 * }</pre>
 *
 * Each save replaces the files atomically, so an interrupted run leaves the previous checkpoint intact.
 */
public final class ModelCheckpoint implements Callback {

    private final Path dir;
    private final String monitor;
    private final boolean saveBestOnly;
    private final boolean lowerIsBetter;
    private double best;
    private int saves;

    /**
     * @param dir          the directory to save into
     * @param monitor      the logged quantity to compare, e.g. {@code "val_loss"}
     * @param saveBestOnly true to save only on improvement, false to save every epoch
     */
    public ModelCheckpoint(Path dir, String monitor, boolean saveBestOnly) {
        this.dir = dir;
        this.monitor = monitor;
        this.saveBestOnly = saveBestOnly;
        this.lowerIsBetter = monitor.contains("loss") || monitor.contains("error");
    }

    @Override
    public void onTrainBegin(Model model) {
        best = lowerIsBetter ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    @Override
    public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        if (saveBestOnly) {
            Double value = logs.get(monitor);
            if (value == null) {
                throw new IllegalArgumentException("ModelCheckpoint: '" + monitor + "' is not logged; available: " + logs.keySet());
            }
            if (!(lowerIsBetter ? value < best : value > best)) {
                return;
            }
            best = value;
        }
        try {
            model.recordProvenance("checkpoint_epoch", Integer.toString(epoch + 1));
            model.save(dir);
            saves++;
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: cannot save to " + dir, e);
        }
    }

    /** How many times the model was saved. */
    public int saves() {
        return saves;
    }
}
