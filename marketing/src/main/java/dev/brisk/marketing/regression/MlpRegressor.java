package dev.brisk.marketing.regression;

import dev.brisk.engine.model.ArrayDataset;
import dev.brisk.engine.model.EarlyStopping;
import dev.brisk.engine.model.FitOptions;
import dev.brisk.engine.model.History;
import dev.brisk.engine.model.Model;
import dev.brisk.engine.nn.Activation;
import dev.brisk.engine.nn.Dense;
import dev.brisk.engine.nn.Huber;
import dev.brisk.engine.nn.Layer;
import dev.brisk.engine.nn.Loss;
import dev.brisk.engine.nn.MeanSquaredError;
import dev.brisk.engine.nn.Sequential;
import dev.brisk.engine.optim.Adam;
import dev.brisk.engine.tensor.Tensor;
import dev.brisk.marketing.data.FeatureMatrix;
import dev.brisk.marketing.data.Standardizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A multi-layer perceptron for regression: dense layers with a non-linear activation, then one
 * linear output, trained with Adam. Where linear regression can only add up the features' separate
 * effects, hidden units can bend: spend that rises with visits and then levels off, or that depends
 * on recency differently for new and old customers.
 *
 * <pre>{@code
 * MlpRegressor mlp = new MlpRegressor()
 *         .hiddenSizes(64, 32)          // two hidden layers
 *         .loss(new Huber())            // or the default MeanSquaredError
 *         .epochs(200).batchSize(32).learningRate(1e-3).seed(7)
 *         .validationSplit(0.2).patience(10)
 *         .fit(xTrain, yTrain);
 * mlp.predict(xTest);
 * mlp.epochsRun();                      // fewer than 200 if early stopping fired
 * }</pre>
 *
 * <h2>What fit does</h2>
 * <ol>
 *   <li>Holds out a random {@link #validationSplit(double) fraction} of the rows (seeded, see
 *   {@link Split}) to watch for over-fitting; 0 trains on everything for all epochs.</li>
 *   <li>Standardizes the features, and by default the target, with statistics of the training rows
 *   only ({@link Standardizer}): Adam's step sizes and the Glorot-initialised layers assume inputs and
 *   outputs of about unit size. Predictions are mapped back to the target's units.</li>
 *   <li>Trains the engine's {@link Model} ({@code Dense(h₁, relu) → ... → Dense(1)}) with
 *   {@link Adam}, shuffled mini-batches, and the chosen loss: {@link MeanSquaredError}, or
 *   {@link Huber}, which treats large errors linearly so a few extreme spenders pull the fit less.
 *   Huber's {@code delta} is in the units the network is trained in: standard deviations of the
 *   target when it is standardized.</li>
 *   <li>With a validation part, {@link EarlyStopping} ends training once the validation loss has not
 *   improved for {@link #patience(int)} epochs and restores the weights of its best epoch.</li>
 * </ol>
 *
 * <p>Everything random (initial weights, the validation rows, the batch order) derives from
 * {@link #seed(long)}, so the same seed on the same data gives the same model, bit for bit, for a
 * fixed engine thread count.
 */
public final class MlpRegressor implements Regressor {

    private int[] hiddenSizes = {64, 32};
    private String activation = "relu";
    private Loss loss = new MeanSquaredError();
    private double learningRate = 1e-3;
    private int epochs = 200;
    private int batchSize = 32;
    private long seed = 42;
    private double validationSplit = 0.2;
    private int patience = 10;
    private double minDelta = 0;
    private boolean standardizeTarget = true;

    // The fit.
    private Model model;
    private Standardizer xScale;
    private Standardizer yScale;
    private List<String> names;
    private boolean named;
    private History history;
    private EarlyStopping stopping;
    private double validationLoss = Double.NaN;
    private int trainRows;
    private int validationRows;

    /** Two hidden layers of 64 and 32 relu units, MSE, Adam(1e-3), 200 epochs of 32, 20% validation, patience 10. */
    public MlpRegressor() {
    }

    /** The sizes of the hidden layers, input side first; at least one layer, each at least 1 unit. */
    public MlpRegressor hiddenSizes(int... sizes) {
        if (sizes.length == 0) {
            throw new IllegalArgumentException("MlpRegressor: needs at least one hidden layer");
        }
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1) {
                throw new IllegalArgumentException("MlpRegressor: hidden layer " + i + " has " + sizes[i]
                        + " units; every layer needs at least 1 (got " + Arrays.toString(sizes) + ")");
            }
        }
        this.hiddenSizes = sizes.clone();
        return this;
    }

    /** The hidden layers' activation by Keras name: relu (default), tanh or sigmoid. */
    public MlpRegressor activation(String activation) {
        Activation a = Activation.of(activation, "MlpRegressor");
        if (a == Activation.SOFTMAX || a == Activation.LINEAR) {
            throw new IllegalArgumentException("MlpRegressor: hidden activation '" + activation
                    + "' makes no sense here; use relu, tanh or sigmoid");
        }
        this.activation = activation;
        return this;
    }

    /** The training loss: {@link MeanSquaredError} (default) or {@link Huber}, any engine {@link Loss}. */
    public MlpRegressor loss(Loss loss) {
        if (loss == null) {
            throw new IllegalArgumentException("MlpRegressor: loss must not be null");
        }
        this.loss = loss;
        return this;
    }

    /** Adam's learning rate (default 1e-3). */
    public MlpRegressor learningRate(double learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("MlpRegressor: learning rate must be positive, got " + learningRate);
        }
        this.learningRate = learningRate;
        return this;
    }

    /** The most passes over the training rows (default 200). */
    public MlpRegressor epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("MlpRegressor: epochs must be at least 1, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** Rows per Adam step (default 32). */
    public MlpRegressor batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("MlpRegressor: batch size must be at least 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** The seed of the initial weights, the validation rows and the batch order (default 42). */
    public MlpRegressor seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * The fraction of rows held out for early stopping, in {@code [0, 1)} (default 0.2); 0 trains on
     * all rows for every epoch.
     */
    public MlpRegressor validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("MlpRegressor: validation split must be in [0, 1), got " + fraction);
        }
        this.validationSplit = fraction;
        return this;
    }

    /** Epochs without a better validation loss before stopping (default 10). */
    public MlpRegressor patience(int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("MlpRegressor: patience must be at least 0, got " + patience);
        }
        this.patience = patience;
        return this;
    }

    /** The smallest fall of the validation loss that counts as an improvement (default 0). */
    public MlpRegressor minDelta(double minDelta) {
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("MlpRegressor: minDelta must be at least 0, got " + minDelta);
        }
        this.minDelta = minDelta;
        return this;
    }

    /** Whether to train on the standardized target (default true) or on the target as it is. */
    public MlpRegressor standardizeTarget(boolean standardizeTarget) {
        this.standardizeTarget = standardizeTarget;
        return this;
    }

    @Override
    public String name() {
        return "mlp " + Arrays.toString(hiddenSizes).replace(" ", "");
    }

    @Override
    public MlpRegressor fit(float[][] x, float[] y) {
        return fit(FeatureMatrix.of(x), y);
    }

    /** Trains a new network from scratch, as the class comment describes. */
    @Override
    public MlpRegressor fit(FeatureMatrix x, float[] y) {
        Checks.trainingData("MlpRegressor.fit", x, y);
        int d = x.cols();
        FeatureMatrix xTrain = x;
        float[] yTrain = y;
        FeatureMatrix xVal = null;
        float[] yVal = null;
        if (validationSplit > 0) {
            if (x.rows() < 2) {
                throw new IllegalArgumentException("MlpRegressor.fit: " + x.rows() + " row(s) " + x.shape()
                        + " cannot be split for validation; use validationSplit(0)");
            }
            // Random rows, not Keras' last ones: a customer table is often sorted (by date, by id).
            Split split = Split.trainTest(x.rows(), validationSplit, seed);
            xTrain = split.train(x);
            yTrain = split.train(y);
            xVal = split.test(x);
            yVal = split.test(y);
        }

        xScale = Standardizer.fit(xTrain);
        yScale = standardizeTarget ? Standardizer.fit(yTrain) : null;
        ArrayDataset train = dataset(xTrain, yTrain, d, "training");
        ArrayDataset validation = xVal == null ? null : dataset(xVal, yVal, d, "validation");

        model = new Model(network(seed)).build(d);
        model.compile(new Adam(learningRate), loss);
        FitOptions options = new FitOptions().epochs(epochs).batchSize(batchSize).seed(seed)
                .verbosity(FitOptions.Verbosity.SILENT);
        stopping = null;
        if (validation != null) {
            stopping = new EarlyStopping("val_loss", patience, minDelta, true);
            options.validationData(validation).callbacks(stopping);
        }
        history = model.fit(train, options);
        validationLoss = validation == null ? Double.NaN : model.evaluate(validation, 256).get("loss");
        names = x.names();
        named = x.hasNames();
        trainRows = xTrain.rows();
        validationRows = xVal == null ? 0 : xVal.rows();
        return this;
    }

    /** {@code Dense(h₁, act) → ... → Dense(1)}, named and seeded explicitly so refits start alike. */
    private Sequential network(long seed) {
        SplittableRandom seeds = new SplittableRandom(seed);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < hiddenSizes.length; i++) {
            layers.add(new Dense(hiddenSizes[i], activation, "hidden_" + (i + 1), seeds.nextLong()));
        }
        layers.add(new Dense(1, null, "output", seeds.nextLong()));
        return new Sequential(layers, "mlp_regressor");
    }

    private ArrayDataset dataset(FeatureMatrix x, float[] y, int d, String part) {
        float[] targets = yScale == null ? y : yScale.transform(y);
        return ArrayDataset.ofTargets(xScale.transform(x), targets, new int[]{d}, new int[]{1})
                .describedAs(part + " rows " + x.shape() + (yScale == null ? "" : ", standardized target"));
    }

    /** The network's prediction for each row of {@code x}, in the target's units. */
    @Override
    public float[] predict(FeatureMatrix x) {
        Checks.fitted("MlpRegressor.predict", model != null);
        Checks.predictionInput("MlpRegressor.predict", x, names, named);
        float[] out = model.predict(Tensor.of(xScale.transform(x), x.rows(), x.cols())).toArray();
        return yScale == null ? out : yScale.inverse(out);
    }

    @Override
    public float[] predict(float[][] x) {
        return predict(FeatureMatrix.of(x));
    }

    /** Per-epoch logs: {@code loss}, and {@code val_loss} with a validation split (training units). */
    public History history() {
        Checks.fitted("MlpRegressor.history", model != null);
        return history;
    }

    /** The epochs actually run. */
    public int epochsRun() {
        Checks.fitted("MlpRegressor.epochsRun", model != null);
        return history.epochs();
    }

    /** Whether early stopping ended training before {@link #epochs(int)}. */
    public boolean stoppedEarly() {
        Checks.fitted("MlpRegressor.stoppedEarly", model != null);
        return stopping != null && stopping.stoppedEpoch() >= 0;
    }

    /** The epoch (from 0) whose weights the model kept, or the last one without a validation split. */
    public int bestEpoch() {
        Checks.fitted("MlpRegressor.bestEpoch", model != null);
        return stopping != null ? stopping.bestEpoch() : history.epochs() - 1;
    }

    /**
     * The loss on the validation rows of the final weights, evaluated after training (so after the
     * best weights were restored), in the units the network is trained in; NaN without validation.
     */
    public double validationLoss() {
        Checks.fitted("MlpRegressor.validationLoss", model != null);
        return validationLoss;
    }

    /** The numbers of rows trained on and held out. */
    public int[] rowsUsed() {
        Checks.fitted("MlpRegressor.rowsUsed", model != null);
        return new int[]{trainRows, validationRows};
    }

    /** The network's layer table (Keras' summary). */
    public String summary() {
        Checks.fitted("MlpRegressor.summary", model != null);
        return model.summary();
    }

    @Override
    public String toString() {
        return "MlpRegressor(" + Arrays.toString(hiddenSizes) + " " + activation + ", " + loss.name()
                + (model == null ? ", not fitted" : ", " + history.epochs() + " epoch(s)"
                + (stoppedEarly() ? ", stopped early, best epoch " + bestEpoch() : "")) + ")";
    }
}
