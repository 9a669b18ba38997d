package dev.brisk.marketing.embedding;

import dev.brisk.engine.model.ArrayDataset;
import dev.brisk.engine.model.EarlyStopping;
import dev.brisk.engine.model.FitOptions;
import dev.brisk.engine.model.History;
import dev.brisk.engine.model.Model;
import dev.brisk.engine.nn.Activation;
import dev.brisk.engine.nn.Dense;
import dev.brisk.engine.nn.Layer;
import dev.brisk.engine.nn.MeanSquaredError;
import dev.brisk.engine.nn.Sequential;
import dev.brisk.engine.optim.Adam;
import dev.brisk.engine.tensor.Tensor;
import dev.brisk.marketing.data.FeatureMatrix;
import dev.brisk.marketing.data.Standardizer;
import dev.brisk.marketing.regression.Split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An autoencoder: a network trained to reproduce its input through a narrow middle layer, so that
 * the middle layer's few numbers, the <em>embedding</em>, must summarise each customer. Customers
 * that behave alike get nearby embeddings, which is what segmentation (k-means on the embeddings)
 * and look-alike search need; the reconstruction error flags customers unlike the rest.
 *
 * <pre>{@code
 * Autoencoder ae = new Autoencoder()
 *         .hiddenSizes(32, 16).embeddingSize(4)     // 12 features → 32 → 16 → 4 → 16 → 32 → 12
 *         .epochs(100).seed(7)
 *         .fit(customerFeatures);
 * float[][] z = ae.encode(customerFeatures);        // one 4-number embedding per customer
 * float[][] back = ae.reconstruct(customerFeatures);
 * double[] unusual = ae.reconstructionErrors(customerFeatures);
 * }</pre>
 *
 * <h2>The network</h2>
 * The <b>encoder</b> is {@code Dense(h₁, act) → ... → Dense(k)}, the last layer linear so the
 * embedding can take any value; the <b>decoder</b> mirrors it, {@code Dense(h_last, act) → ... →
 * Dense(d)}, linear at the end to output standardized features of any sign. The two are trained as
 * one engine {@link Model} whose target is its own input, with the mean squared error and
 * {@link Adam}; afterwards the encoder runs on its own.
 *
 * <p>With linear activations this is principal component analysis: the best rank-{@code k}
 * reconstruction, and the embedding spans the top {@code k} principal directions. Non-linear
 * activations let it follow curved structure PCA cannot.
 *
 * <h2>Units</h2>
 * Features are standardized with the training data's statistics ({@link Standardizer}) before
 * encoding, so a feature in euros does not drown one in visits; {@link #reconstruct} maps back to the
 * original units. {@link #reconstructionErrors} measures in standardized units, so every feature
 * counts equally: predicting every feature's training mean scores about 1 there (the variance of a
 * standardized feature), and a useful autoencoder scores far below 1.
 *
 * <p>An optional {@link #validationSplit(double) validation split} (random rows, seeded) enables
 * early stopping that restores the best epoch's weights. Everything random derives from
 * {@link #seed(long)}: the same seed on the same data gives identical embeddings.
 */
public final class Autoencoder {

    private int[] hiddenSizes = {32};
    private int embeddingSize = 2;
    private String activation = "relu";
    private double learningRate = 1e-3;
    private int epochs = 100;
    private int batchSize = 32;
    private long seed = 42;
    private double validationSplit = 0;
    private int patience = 10;

    // The fit.
    private Standardizer scale;
    private Sequential encoder;
    private Model model;
    private Model encoderModel;
    private List<String> names;
    private boolean named;
    private History history;
    private EarlyStopping stopping;
    private double validationLoss = Double.NaN;

    /** One hidden layer of 32 relu units, a 2-number embedding, Adam(1e-3), 100 epochs of 32, no validation. */
    public Autoencoder() {
    }

    /** The encoder's hidden layer sizes, input side first (the decoder mirrors them); none is allowed. */
    public Autoencoder hiddenSizes(int... sizes) {
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1) {
                throw new IllegalArgumentException("Autoencoder: hidden layer " + i + " has " + sizes[i]
                        + " units; every layer needs at least 1 (got " + Arrays.toString(sizes) + ")");
            }
        }
        this.hiddenSizes = sizes.clone();
        return this;
    }

    /** The number of values per embedding, {@code k} (default 2). */
    public Autoencoder embeddingSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("Autoencoder: embedding size must be at least 1, got " + size);
        }
        this.embeddingSize = size;
        return this;
    }

    /** The hidden layers' activation by Keras name: relu (default), tanh, sigmoid or linear. */
    public Autoencoder activation(String activation) {
        if (Activation.of(activation, "Autoencoder") == Activation.SOFTMAX) {
            throw new IllegalArgumentException("Autoencoder: softmax is not a hidden-layer activation; use relu, tanh, "
                    + "sigmoid or linear");
        }
        this.activation = activation;
        return this;
    }

    /** Adam's learning rate (default 1e-3). */
    public Autoencoder learningRate(double learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("Autoencoder: learning rate must be positive, got " + learningRate);
        }
        this.learningRate = learningRate;
        return this;
    }

    /** The most passes over the data (default 100). */
    public Autoencoder epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("Autoencoder: epochs must be at least 1, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** Rows per Adam step (default 32). */
    public Autoencoder batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Autoencoder: batch size must be at least 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** The seed of the initial weights, the validation rows and the batch order (default 42). */
    public Autoencoder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The fraction of rows held out for early stopping, in {@code [0, 1)}; 0 (default) disables it. */
    public Autoencoder validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("Autoencoder: validation split must be in [0, 1), got " + fraction);
        }
        this.validationSplit = fraction;
        return this;
    }

    /** Epochs without a better validation loss before stopping (default 10); used with a validation split. */
    public Autoencoder patience(int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("Autoencoder: patience must be at least 0, got " + patience);
        }
        this.patience = patience;
        return this;
    }

    /** {@link #fit(FeatureMatrix)} with rows given as arrays. */
    public Autoencoder fit(float[][] x) {
        return fit(FeatureMatrix.of(x));
    }

    /**
     * Trains a new autoencoder on the rows of {@code x}, from scratch.
     *
     * @throws IllegalArgumentException if a value is NaN or infinite (naming row and column), or there
     *         are too few rows for the validation split
     */
    public Autoencoder fit(FeatureMatrix x) {
        if (x == null) {
            throw new IllegalArgumentException("Autoencoder.fit: no features given");
        }
        x.requireFinite("Autoencoder.fit");
        int d = x.cols();
        FeatureMatrix train = x;
        FeatureMatrix validation = null;
        if (validationSplit > 0) {
            if (x.rows() < 2) {
                throw new IllegalArgumentException("Autoencoder.fit: " + x.rows() + " row(s) " + x.shape()
                        + " cannot be split for validation; use validationSplit(0)");
            }
            Split split = Split.trainTest(x.rows(), validationSplit, seed);
            train = split.train(x);
            validation = split.test(x);
        }
        scale = Standardizer.fit(train);

        SplittableRandom seeds = new SplittableRandom(seed);
        List<Layer> encoderLayers = new ArrayList<>();
        for (int i = 0; i < hiddenSizes.length; i++) {
            encoderLayers.add(new Dense(hiddenSizes[i], activation, "encoder_" + (i + 1), seeds.nextLong()));
        }
        encoderLayers.add(new Dense(embeddingSize, null, "embedding", seeds.nextLong()));
        List<Layer> decoderLayers = new ArrayList<>();
        for (int i = hiddenSizes.length - 1; i >= 0; i--) {
            decoderLayers.add(new Dense(hiddenSizes[i], activation, "decoder_" + (hiddenSizes.length - i), seeds.nextLong()));
        }
        decoderLayers.add(new Dense(d, null, "reconstruction", seeds.nextLong()));
        encoder = new Sequential(encoderLayers, "encoder");
        Sequential decoder = new Sequential(decoderLayers, "decoder");
        model = new Model(new Sequential(List.of(encoder, decoder), "autoencoder")).build(d);
        model.compile(new Adam(learningRate), new MeanSquaredError());

        FitOptions options = new FitOptions().epochs(epochs).batchSize(batchSize).seed(seed)
                .verbosity(FitOptions.Verbosity.SILENT);
        stopping = null;
        if (validation != null) {
            stopping = new EarlyStopping("val_loss", patience, 0, true);
            options.validationData(selfTargets(validation, "validation")).callbacks(stopping);
        }
        history = model.fit(selfTargets(train, "training"), options);
        validationLoss = validation == null ? Double.NaN
                : model.evaluate(selfTargets(validation, "validation"), 256).get("loss");
        encoderModel = new Model(encoder);
        names = x.names();
        named = x.hasNames();
        return this;
    }

    /** Standardized rows as both input and target: the autoencoder learns the identity through the bottleneck. */
    private ArrayDataset selfTargets(FeatureMatrix x, String part) {
        float[] z = scale.transform(x);
        int d = x.cols();
        return ArrayDataset.ofTargets(z, z, new int[]{d}, new int[]{d})
                .describedAs(part + " rows " + x.shape() + ", standardized, reconstructing themselves");
    }

    /** The embedding of each row of {@code x}: {@code x.rows()} arrays of {@link #embeddingSize(int)} values. */
    public float[][] encode(FeatureMatrix x) {
        Tensor z = encoderModel.predict(standardized(x, "Autoencoder.encode"));
        return rows(z.toArray(), z.dim(1));
    }

    /** {@link #encode(FeatureMatrix)} with rows given as arrays. */
    public float[][] encode(float[][] x) {
        return encode(FeatureMatrix.of(x));
    }

    /** Each row passed through the bottleneck and back, in the original units. */
    public float[][] reconstruct(FeatureMatrix x) {
        float[] out = reconstructStandardized(x, "Autoencoder.reconstruct");
        return rows(scale.inverse(out), x.cols());
    }

    /** {@link #reconstruct(FeatureMatrix)} with rows given as arrays. */
    public float[][] reconstruct(float[][] x) {
        return reconstruct(FeatureMatrix.of(x));
    }

    /**
     * Each row's reconstruction error: the mean over features of the squared difference between the
     * standardized row and its reconstruction (see the class comment for the units).
     */
    public double[] reconstructionErrors(FeatureMatrix x) {
        float[] out = reconstructStandardized(x, "Autoencoder.reconstructionErrors");
        float[] in = scale.transform(x);
        int d = x.cols();
        double[] errors = new double[x.rows()];
        for (int i = 0; i < errors.length; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double e = (double) out[i * d + j] - in[i * d + j];
                s += e * e;
            }
            errors[i] = s / d;
        }
        return errors;
    }

    /** {@link #reconstructionErrors(FeatureMatrix)} with rows given as arrays. */
    public double[] reconstructionErrors(float[][] x) {
        return reconstructionErrors(FeatureMatrix.of(x));
    }

    /** The mean of {@link #reconstructionErrors(FeatureMatrix)} over the rows of {@code x}. */
    public double reconstructionError(FeatureMatrix x) {
        double s = 0;
        double[] errors = reconstructionErrors(x);
        for (double e : errors) {
            s += e;
        }
        return s / errors.length;
    }

    /** {@link #reconstructionError(FeatureMatrix)} with rows given as arrays. */
    public double reconstructionError(float[][] x) {
        return reconstructionError(FeatureMatrix.of(x));
    }

    private float[] reconstructStandardized(FeatureMatrix x, String who) {
        return model.predict(standardized(x, who)).toArray();
    }

    private Tensor standardized(FeatureMatrix x, String who) {
        if (model == null) {
            throw new IllegalStateException(who + ": the autoencoder is not fitted yet; call fit(x) first");
        }
        if (x == null) {
            throw new IllegalArgumentException(who + ": no features given");
        }
        if (x.cols() != names.size()) {
            throw new IllegalArgumentException(who + ": fitted on " + names.size() + " features " + names
                    + ", got a matrix " + x.shape() + " with " + x.cols());
        }
        if (named && x.hasNames() && !x.names().equals(names)) {
            throw new IllegalArgumentException(who + ": fitted on features " + names + " but got columns " + x.names()
                    + "; pass the columns in the fitted order");
        }
        x.requireFinite(who);
        return Tensor.of(scale.transform(x), x.rows(), x.cols());
    }

    private static float[][] rows(float[] flat, int width) {
        float[][] out = new float[flat.length / width][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return out;
    }

    /** The embedding size configured (that of the fitted encoder unless changed since). */
    public int embeddingSize() {
        return embeddingSize;
    }

    /** Per-epoch logs of the last fit: {@code loss}, and {@code val_loss} with a validation split. */
    public History history() {
        requireFitted("history");
        return history;
    }

    /** The epochs the last fit ran. */
    public int epochsRun() {
        requireFitted("epochsRun");
        return history.epochs();
    }

    /** Whether early stopping ended the last fit before {@link #epochs(int)}. */
    public boolean stoppedEarly() {
        requireFitted("stoppedEarly");
        return stopping != null && stopping.stoppedEpoch() >= 0;
    }

    /**
     * The reconstruction loss on the validation rows of the final weights (after early stopping
     * restored the best epoch's), standardized units; NaN without a validation split.
     */
    public double validationLoss() {
        requireFitted("validationLoss");
        return validationLoss;
    }

    /** The network's layer table (Keras' summary): the encoder and the decoder as two blocks. */
    public String summary() {
        requireFitted("summary");
        return encoder.summary() + model.summary();
    }

    private void requireFitted(String what) {
        if (model == null) {
            throw new IllegalStateException("Autoencoder." + what + ": the autoencoder is not fitted yet; call fit(x) first");
        }
    }

    @Override
    public String toString() {
        return "Autoencoder(hidden " + Arrays.toString(hiddenSizes) + " " + activation + ", embedding " + embeddingSize
                + (model == null ? ", not fitted" : ", " + history.epochs() + " epoch(s)") + ")";
    }
}
