package dev.brisk.engine.model;

import java.util.Map;

/**
 * Hooks into {@link Model#fit}, as Keras' callbacks: every method does nothing by default, so a
 * callback overrides only what it needs. Logs map names to values: {@code loss}, the compiled
 * metrics ({@code accuracy}, ...), and with validation data {@code val_loss}, {@code val_accuracy}, ...
 *
 * <pre>{@code
 * Callback printLr = new Callback() {
 *     public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
 *         System.out.println("lr now " + model.optimizer().currentLearningRate());
 *     }
 * };
 * model.fit(train, new FitOptions().epochs(5).callbacks(printLr, new EarlyStopping("val_loss", 2)));
 * }</pre>
 *
 * <p>Epochs count from 0. A callback can end training after the current epoch with
 * {@link Model#stopTraining()}.
 */
public interface Callback {

    /** Before the first epoch. */
    default void onTrainBegin(Model model) {
    }

    /** After the last epoch (or the one in which training was stopped), with that epoch's logs. */
    default void onTrainEnd(Model model, Map<String, Double> logs) {
    }

    /** Before epoch {@code epoch}'s first batch. */
    default void onEpochBegin(Model model, int epoch) {
    }

    /** After epoch {@code epoch}, including its validation, with its logs. */
    default void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
    }

    /**
     * After each training step. Called thousands of times an epoch, so it gets plain numbers rather
     * than a logs map: the batch's index in the epoch and the mean loss over the epoch so far.
     */
    default void onBatchEnd(Model model, int batch, double meanLoss) {
    }
}
