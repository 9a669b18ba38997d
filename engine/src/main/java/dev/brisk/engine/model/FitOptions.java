package dev.brisk.engine.model;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@link Model#fit}, with Keras' names and defaults: batch size 32, 1 epoch,
 * shuffling every epoch, no validation, progress shown.
 *
 * <pre>{@code
 * model.fit(train, new FitOptions()
 *         .epochs(5).batchSize(32).seed(42)
 *         .validationSplit(0.1)
 *         .callbacks(new EarlyStopping("val_loss", 2)));
 * }</pre>
 */
public final class FitOptions {

    /** How {@link Model#fit} reports progress. */
    public enum Verbosity {
        /** A bar redrawn in place on a terminal, else one line per epoch (Keras' {@code verbose="auto"}). */
        AUTO,
        /** The bar redrawn in place with {@code \r}, whatever the output is. */
        BAR,
        /** One line per epoch: for logs and CI. */
        LINES,
        /** Nothing. */
        SILENT
    }

    private int epochs = 1;
    private int batchSize = 32;
    private long seed = 0;
    private boolean shuffle = true;
    private Dataset validationData;
    private double validationSplit;
    private final List<Callback> callbacks = new ArrayList<>();
    private Verbosity verbosity = Verbosity.AUTO;
    private PrintStream out = System.out;

    /** Passes over the training data. */
    public FitOptions epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("fit: epochs must be at least 1, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** Samples per training step (the last batch of an epoch keeps the remainder). */
    public FitOptions batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("fit: batch size must be at least 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** The seed of the per-epoch shuffles: epoch {@code e}'s order depends only on (seed, e). */
    public FitOptions seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Whether to shuffle the training data at every epoch (default true). */
    public FitOptions shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** Data evaluated after every epoch, logged as {@code val_loss}, {@code val_accuracy}, ... */
    public FitOptions validationData(Dataset validationData) {
        this.validationData = validationData;
        return this;
    }

    /**
     * Holds out this fraction of the training data, its <em>last</em> samples (before shuffling, as
     * Keras), as validation data. Ignored when {@link #validationData} is given.
     */
    public FitOptions validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("fit: validation split must be in [0, 1), got " + fraction);
        }
        this.validationSplit = fraction;
        return this;
    }

    /** Callbacks, called in the order given. */
    public FitOptions callbacks(Callback... callbacks) {
        this.callbacks.addAll(List.of(callbacks));
        return this;
    }

    /** How to report progress (default {@link Verbosity#AUTO}). */
    public FitOptions verbosity(Verbosity verbosity) {
        this.verbosity = verbosity;
        return this;
    }

    /** Where progress goes (default {@code System.out}). */
    public FitOptions output(PrintStream out) {
        this.out = out;
        return this;
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public long seed() {
        return seed;
    }

    public boolean shuffle() {
        return shuffle;
    }

    public Dataset validationData() {
        return validationData;
    }

    public double validationSplit() {
        return validationSplit;
    }

    public List<Callback> callbacks() {
        return List.copyOf(callbacks);
    }

    public Verbosity verbosity() {
        return verbosity;
    }

    public PrintStream output() {
        return out;
    }
}
