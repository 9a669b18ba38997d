package dev.brisk.examples;

import dev.brisk.datasets.DatasetNotFoundException;
import dev.brisk.datasets.FashionMnist;
import dev.brisk.datasets.ImageDataset;
import dev.brisk.datasets.ImageSet;
import dev.brisk.datasets.MnistData;
import dev.brisk.engine.io.Json;
import dev.brisk.engine.kernels.Kernels;
import dev.brisk.engine.kernels.Warmup;
import dev.brisk.engine.kernels.Parallel;
import dev.brisk.engine.metrics.Accuracy;
import dev.brisk.engine.model.FitOptions;
import dev.brisk.engine.model.History;
import dev.brisk.engine.model.Model;
import dev.brisk.engine.nn.Dense;
import dev.brisk.engine.nn.Dropout;
import dev.brisk.engine.nn.Flatten;
import dev.brisk.engine.nn.Sequential;
import dev.brisk.engine.nn.SparseCategoricalCrossentropy;
import dev.brisk.engine.optim.Adam;
import dev.brisk.engine.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The classic Keras tutorial "basic classification" on our engine, meant to be read from top to
 * bottom: train a small network to tell apart ten kinds of clothing in Fashion-MNIST's 28×28
 * grey-level images, then check it on images it has never seen.
 *
 * <ol>
 *   <li>Load 60,000 training and 10,000 test images ({@link FashionMnist#load()}: Debian's
 *   {@code dataset-fashion-mnist} package, or a directory named by {@code BRISK_FASHION_MNIST}).</li>
 *   <li>Scale pixels from 0..255 to 0..1: done per batch, so the images stay bytes in memory.</li>
 *   <li>Build Flatten → Dense(128, relu) → Dropout(0.2) → Dense(10, softmax) and print its summary
 *   (101,770 parameters).</li>
 *   <li>Compile with Adam, sparse categorical cross-entropy and accuracy; fit 5 epochs at batch 32.</li>
 *   <li>Evaluate on the test set and show a few predictions with their class names.</li>
 * </ol>
 *
 * <p>Run it with {@code mvn -q -pl datasets -am -DskipTests package exec:exec@tutorial}, and pass
 * options with {@code -Dtutorial.args="--epochs 1 --json out.json"}:
 * <pre>
 *   --epochs N     passes over the training data (default 5)
 *   --batch N      images per training step (default 32)
 *   --threads N    threads for the kernels (default: all processors, or -Dbrisk.threads)
 *   --seed N       seed of the initial weights, dropout masks and shuffles (default 42)
 *   --json PATH    also write the results as JSON (atomically) to PATH
 * </pre>
 */
public final class FashionMnistTutorial {

    /** The command-line options, with the tutorial's defaults. */
    record Options(int epochs, int batch, int threads, long seed, Path json) {
    }

    static final String USAGE = """
            usage: FashionMnistTutorial [--epochs N] [--batch N] [--threads N] [--seed N] [--json PATH]
              --epochs N   passes over the training data, at least 1 (default 5)
              --batch N    images per training step, at least 1 (default 32)
              --threads N  threads for the kernels, at least 1 (default %d here)
              --seed N     seed of initial weights, dropout and shuffling (default 42)
              --json PATH  also write the results as JSON to PATH""";

    private FashionMnistTutorial() {
    }

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE.formatted(Parallel.threads()));
            System.exit(2);
            return;
        }
        if (options == null) { // --help
            System.out.println(USAGE.formatted(Parallel.threads()));
            return;
        }
        Parallel.setThreads(options.threads());
        System.out.printf("Fashion-MNIST on Brisk %s, Java %s: kernels %s, %d thread(s), seed %d%n%n",
                Model.engineVersion(), Runtime.version(), Kernels.get().name(), Parallel.threads(), options.seed());

        // The JIT compiles the kernels on tiny inputs while the files load (see Warmup); fit waits for it.
        Warmup.start();

        // 1. Load. The images stay bytes (47 MB for the training set; 188 MB as floats).
        MnistData data;
        try {
            data = FashionMnist.load();
        } catch (DatasetNotFoundException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        ImageSet train = data.train();
        ImageSet test = data.test();
        System.out.printf("Loaded %,d training and %,d test images of %dx%d pixels from %s%n%n",
                train.size(), test.size(), train.rows(), train.cols(), data.directory());

        // 2. Scale. ImageDataset hands the model batches of [batch, 28, 28] floats, each pixel / 255,
        //    scaled one batch at a time into a reused buffer.
        ImageDataset trainData = new ImageDataset(train);
        ImageDataset testData = new ImageDataset(test);

        // 3. Build. Flatten turns each 28x28 image into 784 numbers; Dense(128, relu) learns 128
        //    features of them; Dropout(0.2) zeroes a fifth of those at random while training, so no
        //    single feature is relied on; Dense(10, softmax) gives a probability per class.
        //    The seeds make the run reproducible: same seed, same threads, same weights.
        long seed = options.seed();
        Model model = new Model(new Sequential(List.of(
                new Flatten(),
                new Dense(128, "relu", null, seed),
                new Dropout(0.2f, null, seed + 1),
                new Dense(10, "softmax", null, seed + 2))));
        model.build(train.rows(), train.cols());
        System.out.println(model.summary());

        // 4. Compile and fit. The model ends in softmax and the loss is sparse categorical
        //    cross-entropy, so training runs through the fused softmax + cross-entropy kernel.
        model.compile(new Adam(), new SparseCategoricalCrossentropy(), new Accuracy());
        History history = model.fit(trainData, new FitOptions()
                .epochs(options.epochs())
                .batchSize(options.batch())
                .seed(seed));

        // 5. Evaluate on the 10,000 test images the model has never seen (dropout off).
        Map<String, Double> result = model.evaluate(testData, 256);
        double testAccuracy = result.get("accuracy");
        double testLoss = result.get("loss");
        System.out.printf(Locale.ROOT, "%nTest accuracy: %.4f (loss %.4f)%n%n", testAccuracy, testLoss);

        // 6. Predict: the class probabilities of the first few test images.
        int shown = 5;
        float[] pixels = new float[shown * test.pixels()];
        for (int i = 0; i < shown; i++) {
            test.scaleInto(i, pixels, i * test.pixels());
        }
        Tensor probabilities = model.predict(Tensor.of(pixels, shown, test.rows(), test.cols()));
        for (int i = 0; i < shown; i++) {
            int predicted = argmax(probabilities, i);
            int actual = test.label(i);
            System.out.printf(Locale.ROOT, "  image %d: predicted %-12s (%5.1f%%), actually %s%s%n", i,
                    test.className(predicted), 100 * probabilities.get(i, predicted), test.className(actual),
                    predicted == actual ? "" : " (wrong)");
        }

        double trainSeconds = history.trainSeconds();
        double samplesPerSecond = (double) train.size() * history.epochs() / trainSeconds;
        System.out.printf(Locale.ROOT, "%nTrained %d epoch(s) in %.2f s (%s s per epoch), %,.0f images/s%n",
                history.epochs(), trainSeconds, formatSeconds(history.epochSeconds()), samplesPerSecond);

        if (options.json() != null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("test_accuracy", testAccuracy);
            json.put("test_loss", testLoss);
            json.put("epoch_seconds", history.epochSeconds());
            json.put("train_seconds", trainSeconds);
            json.put("samples_per_second", samplesPerSecond);
            json.put("parameters", model.parameterCount());
            json.put("threads", Parallel.threads());
            json.put("batch", options.batch());
            json.put("seed", options.seed());
            json.put("jdk", Runtime.version().toString());
            Json.writeFile(options.json(), json);
            System.out.println("Results written to " + options.json());
        }
    }

    /** Parses the command line by hand; null for {@code --help}. */
    static Options parse(String[] args) {
        int epochs = 5;
        int batch = 32;
        int threads = Parallel.threads();
        long seed = 42;
        Path json = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return null;
            }
            if (!List.of("--epochs", "--batch", "--threads", "--seed", "--json").contains(a)) {
                throw new IllegalArgumentException("unknown option '" + a + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--epochs" -> epochs = positive(a, v);
                case "--batch" -> batch = positive(a, v);
                case "--threads" -> threads = positive(a, v);
                case "--seed" -> seed = parseLong(a, v);
                default -> json = Path.of(v);
            }
        }
        return new Options(epochs, batch, threads, seed, json);
    }

    private static long parseLong(String option, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + value + "'");
        }
    }

    private static int positive(String option, String value) {
        long n = parseLong(option, value);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
        return (int) n;
    }

    private static int argmax(Tensor probabilities, int row) {
        int best = 0;
        for (int c = 1; c < probabilities.dim(1); c++) {
            if (probabilities.get(row, c) > probabilities.get(row, best)) {
                best = c;
            }
        }
        return best;
    }

    private static String formatSeconds(List<Double> seconds) {
        StringBuilder sb = new StringBuilder();
        for (double s : seconds) {
            sb.append(sb.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", s));
        }
        return sb.toString();
    }
}
