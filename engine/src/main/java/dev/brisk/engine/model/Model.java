package dev.brisk.engine.model;

import dev.brisk.engine.io.Json;
import dev.brisk.engine.kernels.KernelProvider;
import dev.brisk.engine.kernels.Kernels;
import dev.brisk.engine.kernels.Warmup;
import dev.brisk.engine.io.SafeTensors;
import dev.brisk.engine.metrics.Accuracy;
import dev.brisk.engine.metrics.MeanAbsoluteError;
import dev.brisk.engine.metrics.Metric;
import dev.brisk.engine.metrics.R2Score;
import dev.brisk.engine.metrics.RootMeanSquaredError;
import dev.brisk.engine.metrics.TopKAccuracy;
import dev.brisk.engine.nn.Layer;
import dev.brisk.engine.nn.LayerRegistry;
import dev.brisk.engine.nn.Loss;
import dev.brisk.engine.nn.MeanSquaredError;
import dev.brisk.engine.nn.Sequential;
import dev.brisk.engine.nn.SparseCategoricalCrossentropy;
import dev.brisk.engine.optim.Optimizer;
import dev.brisk.engine.tensor.NoGrad;
import dev.brisk.engine.tensor.Shape;
import dev.brisk.engine.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A network with its training setup, in Keras' vocabulary: {@link #compile}, {@link #fit},
 * {@link #evaluate}, {@link #predict}, {@link #summary}, {@link #save} and {@link #load}.
 *
 * <pre>{@code
 * Model model = new Model(new Sequential(List.of(
 *         new Flatten(), new Dense(128, "relu"), new Dropout(0.2f), new Dense(10, "softmax"))));
 * model.build(28, 28);
 * System.out.print(model.summary());
 * model.compile(new Adam(), new SparseCategoricalCrossentropy(), new Accuracy());
 * History h = model.fit(train, new FitOptions().epochs(5).batchSize(32).seed(42));
 * Map<String, Double> test = model.evaluate(testData);      // {loss=..., accuracy=...}
 * Tensor p = model.predict(images);                         // probabilities [n, 10]
 * model.save(Path.of("fashion-model"));
 * }</pre>
 *
 * <h2>The training step</h2>
 * Zero the gradients, run the network with {@code training = true} (dropout active), compute the
 * loss, {@link Tensor#backward()}, {@link Optimizer#step}. When the loss is sparse categorical
 * cross-entropy and the network ends in a softmax, the step takes the network's
 * {@linkplain Sequential#logits logits} and the fused softmax + cross-entropy kernel instead of
 * taking the log of probabilities (see {@link SparseCategoricalCrossentropy}); evaluation does the
 * same, and prediction returns the probabilities. The loss reported for an epoch is the mean over
 * its samples of the training-mode loss, as Keras reports it; metrics likewise.
 *
 * <p>Where it can, the step and {@link #predict(Tensor)} run the network
 * {@linkplain Sequential#compile compiled} for the batch size instead of recording a graph: the
 * same kernels in the same order, so the same numbers, with nothing allocated per step. That takes
 * the fused loss above, a contiguous input that needs no gradient, and layers that all have
 * compiled steps; anything else runs through the graph.
 *
 * <h2>Threads</h2>
 * {@link #predict} may be called from several threads at once (calls on the compiled network take
 * turns). Training is for one thread: {@link #fit} and {@link #trainOnBatch} change the weights
 * that concurrent predictions read.
 *
 * <h2>Saved models</h2>
 * {@link #save} writes a directory with {@code config.json} (the network's configuration, from
 * {@link Layer#config()}, and the compile settings) and {@code model.safetensors} (every parameter
 * under its name, and provenance in the metadata: engine version, date, hyperparameters, data).
 * {@link #load} rebuilds the network from the configuration with {@link LayerRegistry} and loads the
 * weights, failing clearly when they do not match.
 */
public final class Model {

    /** The weights file in a saved model's directory. */
    public static final String WEIGHTS_FILE = "model.safetensors";
    /** The configuration file in a saved model's directory. */
    public static final String CONFIG_FILE = "config.json";
    /** The format of {@link #CONFIG_FILE}, bumped on incompatible changes. */
    public static final int FORMAT_VERSION = 1;

    /** Batches of this many samples when {@link #predict(Tensor)} gets a large input. */
    public static final int PREDICT_BATCH = 1024;

    private final Sequential network;
    private Optimizer optimizer;
    private Loss loss;
    private List<Metric> metrics = List.of();
    /** What compile and fit record about themselves. */
    private final Map<String, String> provenance = new LinkedHashMap<>();
    /** What the caller recorded; wins over {@link #provenance} on equal keys. */
    private final Map<String, String> callerProvenance = new LinkedHashMap<>();
    private boolean stopTraining;
    /**
     * The network compiled for the batch sizes used lately (see {@link #compiledFor}), most recent
     * first: training's own (an epoch has at most two sizes, full batches and the last one), so that
     * predictions at other sizes never evict them, and prediction's.
     */
    private final List<Sequential.Compiled> trainingCache = new ArrayList<>();
    private final List<Sequential.Compiled> predictionCache = new ArrayList<>();
    /**
     * Held while a compiled network runs: its buffers serve one call at a time, so predictions from
     * several threads take turns, and a prediction cannot land between a training step's forward
     * and backward passes.
     */
    private final Object compiledLock = new Object();
    /** Set once the network turned out not to compile: every step then runs through the graph. */
    private boolean notCompilable;
    private Map<String, Tensor> parameters;

    /** A model around a network; {@link #compile} it before {@link #fit}. */
    public Model(Sequential network) {
        this.network = network;
    }

    /** The network. */
    public Sequential network() {
        return network;
    }

    /**
     * Builds the network for a per-sample input shape (e.g. {@code 28, 28}) so that
     * {@link #summary()} can show shapes and counts before any data flows; {@link #fit} builds it
     * from the data otherwise.
     */
    public Model build(int... sampleShape) {
        network.build(sampleShape);
        return this;
    }

    /**
     * Sets the optimizer, the loss and the metrics. Compiling again replaces them (the optimizer's
     * state goes with the old optimizer). The optimizer may be null for a model that is only evaluated.
     */
    public Model compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        if (loss == null) {
            throw new IllegalArgumentException("compile: a loss is required");
        }
        this.optimizer = optimizer;
        this.loss = loss;
        this.metrics = List.of(metrics);
        if (optimizer != null) {
            provenance.put("optimizer", optimizer.getClass().getSimpleName());
            provenance.put("learning_rate", Double.toString(optimizer.currentLearningRate()));
        }
        provenance.put("loss", loss.name());
        provenance.put("metrics", String.join(",", metricNames()));
        return this;
    }

    /** The optimizer given to {@link #compile}, or null. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The loss given to {@link #compile}, or null before. */
    public Loss loss() {
        return loss;
    }

    /** The metrics given to {@link #compile}. */
    public List<Metric> metrics() {
        return metrics;
    }

    /**
     * Records a provenance entry, saved in the weights file's metadata by {@link #save} (e.g.
     * {@code "data"}, {@code "preprocessing"}). {@link #compile} and {@link #fit} record their own
     * hyperparameters; a caller's entry under the same key replaces theirs.
     */
    public Model provenance(String key, String value) {
        callerProvenance.put(key, value);
        return this;
    }

    /** Records an entry of the engine's own (compile, fit, callbacks), which the caller's override. */
    void recordProvenance(String key, String value) {
        provenance.put(key, value);
    }

    /** The provenance recorded so far: compile's and fit's entries, then the caller's. */
    public Map<String, String> provenance() {
        Map<String, String> all = new LinkedHashMap<>(provenance);
        all.putAll(callerProvenance);
        return Collections.unmodifiableMap(all);
    }

    /** Asks {@link #fit} to stop after the current epoch (for callbacks, as Keras' {@code model.stop_training = True}). */
    public void stopTraining() {
        stopTraining = true;
    }

    /** The network's parameter count (after building). */
    public long parameterCount() {
        return network.parameterCount();
    }

    /**
     * A Keras-style table of the layers, their output shapes and parameter counts, with the total
     * (101,770 for the Fashion-MNIST tutorial's model).
     *
     * @throws IllegalStateException if the network is not built yet ({@link #build} it)
     */
    public String summary() {
        return network.summary();
    }

    // ================================================================== training

    /**
     * Trains on {@code train} for {@code options.epochs()} epochs and returns the per-epoch logs.
     *
     * @throws IllegalStateException if the model is not compiled with an optimizer
     */
    public History fit(Dataset train, FitOptions options) {
        requireCompiled("fit");
        Dataset trainData = train;
        Dataset validation = options.validationData();
        if (validation == null && options.validationSplit() > 0) {
            int n = train.size();
            int held = (int) (n * options.validationSplit());
            if (held == 0 || held == n) {
                throw new IllegalArgumentException("fit: validation split " + options.validationSplit() + " of "
                        + n + " samples leaves " + (held == 0 ? "no validation" : "no training") + " samples");
            }
            trainData = train.slice(0, n - held);
            validation = train.slice(n - held, n);
        }
        network.build(trainData.sampleShape());
        Map<String, Tensor> params = network.parameters();
        warmUp(trainData.size(), options.epochs());
        Batches batches = trainData.batches(options.batchSize(), options.shuffle() ? options.seed() : null);
        int steps = batches.batchesPerEpoch();
        List<Callback> callbacks = options.callbacks();
        Progress progress = new Progress(options.verbosity(), options.output());
        boolean fused = fusedLoss();
        // Class ids are all that sparse cross-entropy and argmax metrics read: no float targets then
        boolean labelsSuffice = loss instanceof SparseCategoricalCrossentropy
                && metrics.stream().allMatch(m -> m instanceof Accuracy || m instanceof TopKAccuracy);

        provenance.put("epochs", Integer.toString(options.epochs()));
        provenance.put("batch_size", Integer.toString(options.batchSize()));
        provenance.put("shuffle_seed", options.shuffle() ? Long.toString(options.seed()) : "none");
        provenance.put("data", trainData.description());
        if (validation != null) {
            provenance.put("validation_data", validation.description());
        }

        History history = new History();
        stopTraining = false;
        Map<String, Double> logs = Map.of();
        for (Callback c : callbacks) {
            c.onTrainBegin(this);
        }
        for (int epoch = 0; epoch < options.epochs() && !stopTraining; epoch++) {
            for (Callback c : callbacks) {
                c.onEpochBegin(this, epoch);
            }
            progress.epochBegin(epoch, options.epochs(), steps);
            resetMetrics();
            batches.startEpoch(epoch);
            double lossSum = 0;
            long seen = 0;
            int step = 0;
            long start = System.nanoTime();
            while (batches.next()) {
                int count = batches.count();
                int[] labels = batches.labels();
                Tensor y = labels != null && labelsSuffice ? null : batches.y();
                lossSum += trainStep(batches.x(), labels, y, params, fused) * count;
                seen += count;
                step++;
                double meanLoss = lossSum / seen;
                for (Callback c : callbacks) {
                    c.onBatchEnd(this, step - 1, meanLoss);
                }
                progress.batchEnd(step, this, meanLoss);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            logs = new LinkedHashMap<>();
            logs.put("loss", lossSum / seen);
            for (Metric m : metrics) {
                logs.put(m.name(), m.result());
            }
            if (validation != null) {
                for (Map.Entry<String, Double> e : evaluate(validation, options.batchSize()).entrySet()) {
                    logs.put("val_" + e.getKey(), e.getValue());
                }
            }
            logs = Collections.unmodifiableMap(logs);
            history.add(logs, seconds);
            progress.epochEnd(seconds, logs);
            for (Callback c : callbacks) {
                c.onEpochEnd(this, epoch, logs);
            }
        }
        for (Callback c : callbacks) {
            c.onTrainEnd(this, logs);
        }
        return history;
    }

    /**
     * One optimizer step on one batch of labelled samples, exactly as {@link #fit} takes it (training
     * mode, so dropout is active; metrics accumulate), and the batch's mean loss: Keras'
     * {@code train_on_batch}. Use it to write a training loop of your own, or to time a single step.
     *
     * <pre>{@code
     * double loss = model.trainOnBatch(images, labels);   // images [32, 28, 28], labels 32 class ids
     * }</pre>
     *
     * @param x      a batch {@code [n, ...]} of the shape the model was built for
     * @param labels n class ids, for sparse categorical cross-entropy
     * @throws IllegalStateException    if the model is not compiled
     * @throws IllegalArgumentException if the loss does not take class ids, or the shapes disagree
     */
    public double trainOnBatch(Tensor x, int[] labels) {
        if (labels == null) {
            throw new IllegalArgumentException("trainOnBatch: labels must not be null");
        }
        return trainOnBatch(x, labels, null);
    }

    /**
     * One optimizer step on one batch with target tensor {@code y} (regression, binary labels,
     * one-hot classes), as {@link #trainOnBatch(Tensor, int[])} does for class ids.
     */
    public double trainOnBatch(Tensor x, Tensor y) {
        if (y == null) {
            throw new IllegalArgumentException("trainOnBatch: targets must not be null");
        }
        return trainOnBatch(x, null, y);
    }

    /**
     * Work (samples × epochs × parameters, a third of a step's multiply-adds) from which {@link #fit}
     * starts the kernels' JIT warm-up itself and waits for it (see {@link Warmup}): the warm-up
     * takes about 3 s here (2.9-3.2 s on its own, most of it C2 compiling the kernels) and saves
     * seconds of interpreted first steps, which pays from about ten tutorial epochs (3·10¹⁰ per
     * five). A program that started the warm-up while loading its data, as the tutorial does, has
     * fit wait for it whatever the size.
     */
    static final double WARMUP_WORK = 1e11;

    /**
     * The kernels' first calls would run in the interpreter, a hundred times slower than compiled:
     * wait for the warm-up a program started while it loaded its data ({@link Warmup#start}; once
     * per JVM), or, before a long fit, run it first.
     */
    private void warmUp(int samples, int epochs) {
        if ((double) samples * epochs * parameterCount() >= WARMUP_WORK) {
            Warmup.start();
        }
        Warmup.await();
    }

    private void requireCompiled(String op) {
        if (optimizer == null || loss == null) {
            throw new IllegalStateException(op + ": compile(optimizer, loss, metrics...) first"
                    + (loss != null ? " (a loaded model has a loss but no optimizer)" : ""));
        }
    }

    private double trainOnBatch(Tensor x, int[] labels, Tensor y) {
        requireCompiled("trainOnBatch");
        if (labels != null && !(loss instanceof SparseCategoricalCrossentropy)) {
            throw new IllegalArgumentException("trainOnBatch: class ids need sparse categorical cross-entropy, "
                    + "but the loss is " + loss.getClass().getSimpleName());
        }
        if (x.rank() == 0 || (y != null && y.rank() == 0)) {
            throw new IllegalArgumentException("trainOnBatch: inputs " + Arrays.toString(x.shape())
                    + (y != null ? " and targets " + Arrays.toString(y.shape()) : "")
                    + " need a batch axis first");
        }
        int n = x.dim(0);
        int targets = labels != null ? labels.length : y.dim(0);
        if (n != targets) {
            throw new IllegalArgumentException("trainOnBatch: inputs " + Arrays.toString(x.shape()) + " and "
                    + (labels != null ? labels.length + " labels" : "targets " + Arrays.toString(y.shape()))
                    + " disagree on the number of samples");
        }
        if (!network.isBuilt()) {
            network.build(Arrays.copyOfRange(x.shape(), 1, x.rank()));
        }
        if (parameters == null) {
            parameters = network.parameters();
        }
        return trainStep(x, labels, y, parameters, fusedLoss());
    }

    /** One optimizer step on a batch ({@code labels} or {@code y}); returns the batch's mean loss. */
    private double trainStep(Tensor x, int[] labels, Tensor y, Map<String, Tensor> params, boolean fused) {
        if (fused && labels != null) {
            synchronized (compiledLock) {
                Sequential.Compiled c = x.rank() < 1 ? null : compiledFor(x, x.dim(0), trainingCache, 2);
                if (c != null) {
                    return compiledStep(c, x, labels, params);
                }
            }
        }
        optimizer.zeroGrad(params);
        Tensor out;
        Tensor l;
        if (fused && labels != null) {
            out = network.logits(x, true);
            l = out.sparseCrossEntropy(labels);
        } else {
            out = network.call(x, true);
            l = computeLoss(out, labels, y);
        }
        l.backward();
        optimizer.step(params);
        try (NoGrad g = NoGrad.enter()) {
            updateMetrics(out, fused && labels != null, labels, y);
        }
        return l.item();
    }

    /**
     * The training step of a compiled network (see {@link Sequential#compile}): the same kernels as
     * the graph's step, in the same order, on buffers allocated once; the fused softmax +
     * cross-entropy kernel writes the logits' gradient straight into the network's output gradient.
     */
    private double compiledStep(Sequential.Compiled c, Tensor x, int[] labels, Map<String, Tensor> params) {
        int rows = c.batch();
        int classes = c.outputSize();
        Shape.checkClassLabels("sparseCrossEntropy", rows, classes, labels);
        optimizer.zeroGrad(params);
        float[] logits = c.forward(x.data(), x.offset(), true);
        int off = c.outputOffset();
        float[] dLogits = c.outputGrad();
        float l = Kernels.get().softmaxCrossEntropy(logits, off, rows, classes, labels, 0, dLogits, 0, 1f);
        c.backward(dLogits);
        optimizer.step(params);
        if (!metrics.isEmpty()) {
            updateMetrics(logits, off, rows, classes, labels);
        }
        return l;
    }

    /** Metrics on a compiled step's logits: argmax metrics read them in place, others get a tensor. */
    private void updateMetrics(float[] logits, int off, int rows, int classes, int[] labels) {
        boolean allAccuracy = true;
        for (Metric m : metrics) {
            allAccuracy &= m instanceof Accuracy;
        }
        if (allAccuracy) {
            for (Metric m : metrics) {
                ((Accuracy) m).update(logits, off, rows, classes, labels);
            }
            return;
        }
        Tensor out = Tensor.of(Arrays.copyOfRange(logits, off, off + rows * classes), rows, classes);
        try (NoGrad g = NoGrad.enter()) {
            updateMetrics(out, true, labels, null);
        }
    }

    /**
     * The network compiled for batches of {@code batch} samples shaped as {@code x}'s, from
     * {@code cache} (which keeps the {@code capacity} most recently used sizes), or null when
     * {@code x} or the network does not allow it (a non-contiguous input or one that requires a
     * gradient, a per-sample shape other than the built one, a network that does not compile).
     */
    private Sequential.Compiled compiledFor(Tensor x, int batch, List<Sequential.Compiled> cache, int capacity) {
        if (notCompilable || !network.isBuilt() || x.rank() < 1 || !x.isContiguous() || x.requiresGrad()) {
            return null;                                  // an input that wants its gradient: the graph
        }
        int[] built = network.inputShape();
        if (x.rank() != built.length + 1) {
            return null;
        }
        for (int d = 0; d < built.length; d++) {
            if (x.dim(d + 1) != built[d]) {
                return null;
            }
        }
        if (batch == 0) {
            return null;
        }
        for (int i = 0; i < cache.size(); i++) {
            Sequential.Compiled c = cache.get(i);
            if (c.batch() == batch) {
                if (i > 0) {                              // most recently used first
                    cache.remove(i);
                    cache.add(0, c);
                }
                return c;
            }
        }
        Sequential.Compiled c = network.compile(batch);
        if (c == null) {
            notCompilable = true;
            return null;
        }
        cache.add(0, c);
        if (cache.size() > capacity) {
            cache.remove(capacity);
        }
        return c;
    }

    /** Sparse cross-entropy on a network that ends in softmax: train and evaluate on logits. */
    private boolean fusedLoss() {
        return loss instanceof SparseCategoricalCrossentropy && network.endsInSoftmax();
    }

    private Tensor computeLoss(Tensor out, int[] labels, Tensor y) {
        if (loss instanceof SparseCategoricalCrossentropy s && labels != null) {
            return s.loss(out, labels);
        }
        return loss.loss(out, y);
    }

    private void updateMetrics(Tensor out, boolean outAreLogits, int[] labels, Tensor y) {
        Tensor probabilities = null;
        for (Metric m : metrics) {
            // Softmax keeps the order of scores, so argmax-based metrics can read logits directly.
            if (labels != null && m instanceof Accuracy a) {
                a.update(out, labels);
            } else if (labels != null && m instanceof TopKAccuracy k) {
                k.update(out, labels);
            } else {
                if (probabilities == null) {
                    probabilities = outAreLogits ? out.softmax(-1) : out;
                }
                m.update(probabilities, y);
            }
        }
    }

    private void resetMetrics() {
        for (Metric m : metrics) {
            m.reset();
        }
    }

    /** For the progress bar: {@code " - loss: 0.5300 - accuracy: 0.8120"} from the running values. */
    void appendRunningLogs(StringBuilder sb, double meanLoss) {
        sb.append(" - loss: ").append(Progress.format(meanLoss));
        for (Metric m : metrics) {
            sb.append(" - ").append(m.name()).append(": ").append(Progress.format(m.result()));
        }
    }

    private List<String> metricNames() {
        List<String> names = new ArrayList<>();
        for (Metric m : metrics) {
            names.add(m.name());
        }
        return names;
    }

    // ================================================================== evaluation and prediction

    /** {@link #evaluate(Dataset, int)} in batches of 32. */
    public Map<String, Double> evaluate(Dataset data) {
        return evaluate(data, 32);
    }

    /**
     * The loss and the compiled metrics over {@code data}, with {@code training = false} (no dropout)
     * and no gradients: {@code {loss=0.35, accuracy=0.87}}. The compiled metrics are reset first.
     */
    public Map<String, Double> evaluate(Dataset data, int batchSize) {
        if (loss == null) {
            throw new IllegalStateException("evaluate: compile(optimizer, loss, metrics...) first");
        }
        network.build(data.sampleShape());
        boolean fused = fusedLoss();
        resetMetrics();
        Batches batches = data.batches(batchSize, null);
        double lossSum = 0;
        long seen = 0;
        try (NoGrad g = NoGrad.enter()) {
            while (batches.next()) {
                int[] labels = batches.labels();
                boolean logits = fused && labels != null;
                Tensor out = logits ? network.logits(batches.x(), false) : network.call(batches.x(), false);
                Tensor l = logits ? out.sparseCrossEntropy(labels) : computeLoss(out, labels, batches.y());
                lossSum += (double) l.item() * batches.count();
                seen += batches.count();
                updateMetrics(out, logits, labels, batches.y());
            }
        }
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("loss", lossSum / seen);
        for (Metric m : metrics) {
            result.put(m.name(), m.result());
        }
        return result;
    }

    /**
     * The network's outputs (probabilities, for a softmax classifier) for a batch {@code [n, ...]},
     * with {@code training = false} and no gradients. Inputs of more than {@link #PREDICT_BATCH}
     * samples run in slices of that size; a single sample runs directly.
     */
    public Tensor predict(Tensor x) {
        Tensor fast = predictCompiled(x);
        if (fast != null) {
            return fast;
        }
        try (NoGrad g = NoGrad.enter()) {
            int n = x.dim(0);
            if (n <= PREDICT_BATCH) {
                return network.call(x, false);
            }
            List<Tensor> parts = new ArrayList<>();
            for (int start = 0; start < n; start += PREDICT_BATCH) {
                parts.add(network.call(x.narrow(0, start, Math.min(PREDICT_BATCH, n - start)), false));
            }
            return Tensor.concat(0, parts.toArray(new Tensor[0]));
        }
    }

    /**
     * {@link #predict(Tensor)} on the compiled network, slice by slice straight into the result
     * (the final softmax applied there), or null when the network or {@code x} does not compile.
     */
    private Tensor predictCompiled(Tensor x) {
        if (notCompilable || !network.isBuilt() || x.rank() < 1 || !x.isContiguous() || x.dim(0) == 0) {
            return null;
        }
        synchronized (compiledLock) {
            return predictCompiledLocked(x);
        }
    }

    private Tensor predictCompiledLocked(Tensor x) {
        int n = x.dim(0);
        Sequential.Compiled c = compiledFor(x, Math.min(n, PREDICT_BATCH), predictionCache, 2);
        if (c == null) {
            return null;
        }
        int in = c.inputSize();
        int classes = c.outputSize();
        boolean softmax = network.endsInSoftmax();
        float[] result = new float[n * classes];
        KernelProvider k = Kernels.get();
        for (int start = 0; start < n; start += PREDICT_BATCH) {
            int rows = Math.min(PREDICT_BATCH, n - start);
            Sequential.Compiled slice = rows == c.batch() ? c : compiledFor(x, rows, predictionCache, 2);
            float[] out = slice.forward(x.data(), x.offset() + start * in, false);
            int off = slice.outputOffset();
            if (softmax) {
                k.softmaxRows(out, off, rows, classes, result, start * classes);
            } else {
                System.arraycopy(out, off, result, start * classes, rows * classes);
            }
        }
        int[] shape = network.outputShape(network.inputShape());
        int[] full = new int[shape.length + 1];
        full[0] = n;
        System.arraycopy(shape, 0, full, 1, shape.length);
        return Tensor.wrap(result, full);
    }

    /** The outputs for every sample of {@code data}, in order. */
    public Tensor predict(Dataset data, int batchSize) {
        Batches batches = data.batches(batchSize, null);
        List<Tensor> parts = new ArrayList<>();
        try (NoGrad g = NoGrad.enter()) {
            while (batches.next()) {
                // The batch's buffer is reused by the next batch. The output is normally a new tensor,
                // but a network that is the identity at inference (only Dropout, say) returns its input:
                // copy that one, or every part would end up holding the last batch.
                Tensor out = network.call(batches.x(), false);
                parts.add(out.data() == batches.x().data() ? Tensor.of(out.toArray(), out.shape()) : out);
            }
            return parts.size() == 1 ? parts.get(0) : Tensor.concat(0, parts.toArray(new Tensor[0]));
        }
    }

    // ================================================================== saving and loading

    /** The engine's version, from the build ({@code unknown} when run from unpackaged sources). */
    public static String engineVersion() {
        try (InputStream in = Model.class.getResourceAsStream("/dev/brisk/engine/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Saves the model into directory {@code dir} (created if needed): {@value #WEIGHTS_FILE} with
     * the parameters and provenance, and {@value #CONFIG_FILE} with the configuration. Each file is
     * written atomically (a temporary file renamed over the old one), so a reader sees either the old
     * or the new version of each, never a partial file.
     *
     * @throws IllegalStateException if the network is not built (there are no weights yet)
     */
    public void save(Path dir) throws IOException {
        if (!network.isBuilt()) {
            throw new IllegalStateException("save: the network is not built, so it has no weights yet; build or fit it first");
        }
        Files.createDirectories(dir);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "brisk-model");
        metadata.put("engine", "brisk " + engineVersion());
        metadata.put("java", Runtime.version().toString());
        metadata.put("saved_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        metadata.put("parameters", Long.toString(network.parameterCount()));
        metadata.putAll(provenance());
        SafeTensors.write(dir.resolve(WEIGHTS_FILE), network.parameters(), metadata);

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("format", "brisk-model");
        config.put("format_version", FORMAT_VERSION);
        config.put("engine_version", engineVersion());
        config.put("model", network.config());
        if (loss != null) {
            config.put("compile", compileConfig());
        }
        Json.writeFile(dir.resolve(CONFIG_FILE), config);
    }

    private Map<String, Object> compileConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        if (optimizer != null) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("class", optimizer.getClass().getSimpleName());
            o.put("learning_rate", optimizer.currentLearningRate());
            o.put("iterations", optimizer.iterations());
            c.put("optimizer", o);
        }
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("name", loss.name());
        if (loss instanceof SparseCategoricalCrossentropy s) {
            l.put("from_logits", s.fromLogits());
        }
        c.put("loss", l);
        c.put("metrics", metricNames());
        return c;
    }

    /**
     * Rebuilds a model saved by {@link #save}: the network from {@value #CONFIG_FILE}, its weights
     * from {@value #WEIGHTS_FILE}, and the loss and metrics if they are built-in ones (the optimizer's
     * state is not saved: {@link #compile} again to continue training).
     *
     * @throws IOException if a file is missing, or the weights file is malformed (truncated, an
     *         oversized header, bad offsets: {@link SafeTensors.FormatException}, naming the file)
     * @throws IllegalArgumentException if the configuration is invalid or the weights do not match
     *         it (missing, extra or differently shaped tensors, each named)
     */
    public static Model load(Path dir) throws IOException {
        Path configFile = dir.resolve(CONFIG_FILE);
        Path weightsFile = dir.resolve(WEIGHTS_FILE);
        for (Path p : List.of(configFile, weightsFile)) {
            if (!Files.isRegularFile(p)) {
                throw new NoSuchFileException(p.toString(), null, "Model.load: a saved model directory holds "
                        + CONFIG_FILE + " and " + WEIGHTS_FILE + "; this one is missing");
            }
        }
        Map<String, Object> config;
        try {
            config = Json.parseObject(Files.readString(configFile, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Model.load: " + configFile + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!"brisk-model".equals(config.get("format")) || !(config.get("model") instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("Model.load: " + configFile + " is not a Brisk model configuration"
                    + " (expected \"format\": \"brisk-model\" and a \"model\" object)");
        }
        Object version = config.get("format_version");
        if (!(version instanceof Number v) || v.intValue() > FORMAT_VERSION) {
            throw new IllegalArgumentException("Model.load: " + configFile + " has format_version " + version
                    + "; this engine reads up to " + FORMAT_VERSION);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> modelConfig = (Map<String, Object>) config.get("model");
        Layer layer;
        try {
            layer = LayerRegistry.fromConfig(modelConfig);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Model.load: " + configFile + ": " + e.getMessage(), e);
        }
        if (!(layer instanceof Sequential network)) {
            throw new IllegalArgumentException("Model.load: " + configFile + " describes a " + layer.className()
                    + ", not a Sequential model");
        }
        if (!network.isBuilt()) {
            throw new IllegalArgumentException("Model.load: " + configFile + " has no \"input_shape\", so the weights' shapes are unknown");
        }
        Model model = new Model(network);
        Map<String, String> metadata;
        try {
            metadata = SafeTensors.readInto(weightsFile, network.parameters());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Model.load: " + weightsFile + " does not fit the model in "
                    + CONFIG_FILE + ": " + e.getMessage(), e);
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (!List.of("format", "engine", "java", "saved_at", "parameters").contains(e.getKey())) {
                model.provenance.put(e.getKey(), e.getValue());
            }
        }
        if (config.get("compile") instanceof Map<?, ?> compile) {
            model.restoreCompile(compile);
        }
        return model;
    }

    /** Restores a built-in loss and metrics from a saved compile config; anything unknown is left out. */
    private void restoreCompile(Map<?, ?> compile) {
        Loss restored = null;
        if (compile.get("loss") instanceof Map<?, ?> l) {
            Object name = l.get("name");
            if ("sparse_categorical_crossentropy".equals(name)) {
                restored = new SparseCategoricalCrossentropy(Boolean.TRUE.equals(l.get("from_logits")));
            } else if ("mean_squared_error".equals(name)) {
                restored = new MeanSquaredError();
            }
        }
        if (restored == null) {
            return;
        }
        List<Metric> ms = new ArrayList<>();
        if (compile.get("metrics") instanceof List<?> names) {
            for (Object n : names) {
                Metric m = switch (String.valueOf(n)) {
                    case "accuracy" -> new Accuracy();
                    case "mean_absolute_error" -> new MeanAbsoluteError();
                    case "root_mean_squared_error" -> new RootMeanSquaredError();
                    case "r2_score" -> new R2Score();
                    default -> null;
                };
                if (m != null) {
                    ms.add(m);
                }
            }
        }
        this.loss = restored;
        this.metrics = List.copyOf(ms);
    }

    @Override
    public String toString() {
        return "Model(" + network + (loss == null ? ", not compiled" : ", loss " + loss.name() + ", metrics "
                + metricNames()) + ")" + (network.isBuilt() ? ", input " + Arrays.toString(network.inputShape()) : "");
    }
}
