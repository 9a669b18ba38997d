package dev.brisk.engine.model;

import dev.brisk.engine.io.SafeTensors;
import dev.brisk.engine.metrics.Accuracy;
import dev.brisk.engine.metrics.MeanAbsoluteError;
import dev.brisk.engine.metrics.R2Score;
import dev.brisk.engine.metrics.RootMeanSquaredError;
import dev.brisk.engine.nn.Dense;
import dev.brisk.engine.nn.Dropout;
import dev.brisk.engine.nn.Flatten;
import dev.brisk.engine.nn.Layer;
import dev.brisk.engine.nn.MeanSquaredError;
import dev.brisk.engine.nn.Sequential;
import dev.brisk.engine.nn.SparseCategoricalCrossentropy;
import dev.brisk.engine.optim.Adam;
import dev.brisk.engine.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The Keras-style training API on a small problem: three Gaussian blobs in 4x5 "images". */
class ModelTest {

    static final int CLASSES = 3;

    @BeforeEach
    void resetNames() {
        Layer.resetNames();
    }

    /** {@code n} samples of shape [4, 5], class c centred at +2 on feature group c. */
    static ArrayDataset blobs(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 20];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(CLASSES);
            for (int f = 0; f < 20; f++) {
                x[i * 20 + f] = (float) (r.nextGaussian() + (f % CLASSES == y[i] ? 1.5 : 0));
            }
        }
        return ArrayDataset.ofLabels(x, y, 4, 5);
    }

    static Model softmaxModel() {
        return new Model(new Sequential(List.of(new Flatten(), new Dense(16, "relu", "hidden", 1L),
                new Dropout(0.2f, "drop", 2L), new Dense(CLASSES, "softmax", "out", 3L))))
                .compile(new Adam(0.01), new SparseCategoricalCrossentropy(), new Accuracy());
    }

    static FitOptions quiet() {
        return new FitOptions().verbosity(FitOptions.Verbosity.SILENT);
    }

    @Test
    void fitLearnsAndReturnsPerEpochHistory() {
        Model model = softmaxModel();
        History h = model.fit(blobs(600, 1), quiet().epochs(4).batchSize(32).seed(7).validationSplit(0.25));
        assertEquals(4, h.epochs());
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), List.copyOf(h.values().keySet()));
        assertEquals(4, h.get("loss").size());
        assertEquals(4, h.epochSeconds().size());
        assertTrue(h.get("loss").get(3) < h.get("loss").get(0), h.toString());
        assertTrue(h.last("val_accuracy") > 0.85, h.toString());

        Map<String, Double> test = model.evaluate(blobs(300, 2));
        assertEquals(List.of("loss", "accuracy"), List.copyOf(test.keySet()));
        assertTrue(test.get("accuracy") > 0.85, test.toString());
    }

    @Test
    void fusedSoftmaxPathTrainsExactlyLikeLogitsWithFromLogits() {
        ArrayDataset data = blobs(200, 3);
        Model softmax = softmaxModel();
        Layer.resetNames();
        Model logits = new Model(new Sequential(List.of(new Flatten(), new Dense(16, "relu", "hidden", 1L),
                new Dropout(0.2f, "drop", 2L), new Dense(CLASSES, null, "out", 3L))))
                .compile(new Adam(0.01), new SparseCategoricalCrossentropy(true), new Accuracy());
        History a = softmax.fit(data, quiet().epochs(2).seed(5));
        History b = logits.fit(data, quiet().epochs(2).seed(5));
        assertEquals(a.get("loss"), b.get("loss"));
        for (String name : softmax.network().parameters().keySet()) {
            assertArrayEquals(softmax.network().parameters().get(name).toArray(),
                    logits.network().parameters().get(name).toArray(), name);
        }
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        ArrayDataset data = blobs(200, 4);
        Model a = softmaxModel();
        a.fit(data, quiet().epochs(2).seed(9));
        Layer.resetNames();
        Model b = softmaxModel();
        b.fit(data, quiet().epochs(2).seed(9));
        for (String name : a.network().parameters().keySet()) {
            assertArrayEquals(a.network().parameters().get(name).toArray(), b.network().parameters().get(name).toArray());
        }
    }

    @Test
    void predictGivesProbabilitiesBatchedOrNot() {
        Model model = softmaxModel();
        ArrayDataset data = blobs(2100, 5);
        model.fit(data, quiet());
        Tensor all = model.predict(data, 100);
        assertArrayEquals(new int[]{2100, CLASSES}, all.shape());
        float[] features = new float[2100 * 20];
        Batches b = data.batches(2100, null);
        b.next();
        System.arraycopy(b.x().toArray(), 0, features, 0, features.length);
        Tensor big = model.predict(Tensor.of(features, 2100, 4, 5)); // more than PREDICT_BATCH: sliced
        assertArrayEquals(all.toArray(), big.toArray(), 1e-6f);
        Tensor one = model.predict(Tensor.of(Arrays.copyOf(features, 20), 1, 4, 5));
        assertArrayEquals(Arrays.copyOf(all.toArray(), CLASSES), one.toArray(), 1e-6f);
        float sum = 0;
        for (float p : one.toArray()) {
            sum += p;
        }
        assertEquals(1f, sum, 1e-5f);
        assertFalse(one.requiresGrad());
    }

    @Test
    void summaryShowsShapesAndCounts() {
        Model model = softmaxModel().build(4, 5);
        String s = model.summary();
        assertTrue(s.contains("(None, 20)") && s.contains("(None, 16)") && s.contains("(None, 3)"), s);
        assertTrue(s.contains("Total params: 387"), s); // 20*16+16 + 16*3+3
        Layer.resetNames();
        Model tutorial = new Model(new Sequential(List.of(new Flatten(), new Dense(128, "relu"), new Dropout(0.2f),
                new Dense(10, "softmax")))).build(28, 28);
        assertEquals(101_770, tutorial.parameterCount());
        assertTrue(tutorial.summary().contains("Total params: 101,770"));
    }

    // ------------------------------------------------------------------ progress

    private static String fitOutput(FitOptions.Verbosity verbosity, int epochs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        softmaxModel().fit(blobs(300, 6), new FitOptions().epochs(epochs).verbosity(verbosity).output(out)
                .validationSplit(0.2));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void nonTerminalProgressIsOneLinePerEpoch() {
        String text = fitOutput(FitOptions.Verbosity.LINES, 3);
        String[] lines = text.split("\n");
        assertEquals(3, lines.length, text);
        assertFalse(text.contains("\r"), text);
        for (int e = 0; e < 3; e++) {
            assertTrue(lines[e].matches("Epoch " + (e + 1) + "/3 - 8/8 - \\d+s \\d+(us|ms)/step - loss: \\d\\.\\d{4}"
                    + " - accuracy: \\d\\.\\d{4} - val_loss: \\d\\.\\d{4} - val_accuracy: \\d\\.\\d{4}"), lines[e]);
        }
    }

    @Test
    void autoProgressUnderTestsIsOneLinePerEpoch() {
        assumeFalse(Progress.isTerminal(), "running on a terminal");
        assertEquals(2, fitOutput(FitOptions.Verbosity.AUTO, 2).split("\n").length);
    }

    @Test
    void barProgressEndsEachEpochWithAFullBar() {
        String text = fitOutput(FitOptions.Verbosity.BAR, 2);
        assertTrue(text.startsWith("Epoch 1/2\n\r8/8 [==============================] "), text);
        assertTrue(text.contains("\nEpoch 2/2\n"), text);
        assertTrue(text.endsWith("\n"), text);
        assertEquals("", fitOutput(FitOptions.Verbosity.SILENT, 1));
    }

    // ------------------------------------------------------------------ callbacks

    @Test
    void earlyStoppingStopsAndRestoresTheBestWeights() {
        Model model = softmaxModel();
        // Monitoring loss with a min delta no epoch can reach: epoch 0 is the best, so training stops
        // after 1 + patience epochs and the weights return to epoch 0's.
        float[][] afterFirst = new float[1][];
        Callback capture = new Callback() {
            @Override
            public void onEpochEnd(Model m, int epoch, Map<String, Double> logs) {
                if (epoch == 0) {
                    afterFirst[0] = m.network().parameters().get("out/kernel").toArray();
                }
            }
        };
        EarlyStopping stop = new EarlyStopping("loss", 2, 1e9, true);
        History h = model.fit(blobs(200, 7), quiet().epochs(10).callbacks(capture, stop));
        assertEquals(3, h.epochs());
        assertEquals(0, stop.bestEpoch());
        assertEquals(2, stop.stoppedEpoch());
        assertArrayEquals(afterFirst[0], model.network().parameters().get("out/kernel").toArray());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> softmaxModel().fit(blobs(50, 1), quiet().callbacks(new EarlyStopping("val_loss", 1))));
        assertTrue(e.getMessage().contains("'val_loss' is not logged"), e.getMessage());
    }

    @Test
    void checkpointSavesOnlyImprovementsAndSchedulerSetsTheRate(@TempDir Path dir) throws IOException {
        Model model = softmaxModel();
        ModelCheckpoint best = new ModelCheckpoint(dir.resolve("best"), "loss", true);
        LearningRateScheduler halve = new LearningRateScheduler((epoch, lr) -> epoch == 0 ? lr : lr / 2);
        model.fit(blobs(300, 8), quiet().epochs(3).callbacks(best, halve));
        assertTrue(best.saves() >= 1 && best.saves() <= 3);
        assertTrue(Files.exists(dir.resolve("best").resolve(Model.CONFIG_FILE)));
        assertEquals(0.01 / 4, model.optimizer().currentLearningRate(), 1e-12);
    }

    // ------------------------------------------------------------------ saving and loading

    @Test
    void saveThenLoadPredictsBitIdentically(@TempDir Path dir) throws IOException {
        Model model = softmaxModel().provenance("data", "three blobs");
        ArrayDataset data = blobs(300, 9);
        model.fit(data, quiet().epochs(2));
        model.save(dir);
        assertTrue(Files.exists(dir.resolve(Model.WEIGHTS_FILE)));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }

        Model loaded = Model.load(dir);
        assertArrayEquals(model.predict(data, 64).toArray(), loaded.predict(data, 64).toArray());
        assertEquals(model.evaluate(data), loaded.evaluate(data));
        assertEquals("three blobs", loaded.provenance().get("data"));
        assertEquals("Adam", loaded.provenance().get("optimizer"));

        Map<String, String> metadata = SafeTensors.read(dir.resolve(Model.WEIGHTS_FILE)).metadata();
        assertTrue(metadata.get("engine").startsWith("brisk "), metadata.toString());
        assertEquals("2", metadata.get("epochs"));
        assertTrue(metadata.containsKey("saved_at"));
        assertTrue(Files.readString(dir.resolve(Model.CONFIG_FILE)).contains("\"class\": \"Sequential\""));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loaded.fit(data, quiet()));
        assertTrue(e.getMessage().contains("compile"), e.getMessage());
    }

    @Test
    void regressionMetricsAreLoggedAndRestoredByName(@TempDir Path dir) throws IOException {
        // y = x0 - 2·x1 + 0.5: a Dense(1) learns it, and R² on the training data approaches 1
        SplittableRandom r = new SplittableRandom(4);
        int n = 256;
        float[] x = new float[n * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) r.nextGaussian();
            x[2 * i + 1] = (float) r.nextGaussian();
            y[i] = x[2 * i] - 2 * x[2 * i + 1] + 0.5f;
        }
        ArrayDataset data = ArrayDataset.ofTargets(x, y, new int[]{2}, new int[]{1});
        Model model = new Model(new Sequential(List.of(new Dense(1))))
                .compile(new Adam(0.05), new MeanSquaredError(),
                        new MeanAbsoluteError(), new RootMeanSquaredError(), new R2Score());
        History h = model.fit(data, quiet().epochs(30));
        assertTrue(h.last("r2_score") > 0.99, h.toString());
        model.save(dir);
        Model loaded = Model.load(dir);
        assertEquals(List.of("mean_absolute_error", "root_mean_squared_error", "r2_score"),
                loaded.metrics().stream().map(m -> m.name()).toList());
        assertEquals(model.evaluate(data), loaded.evaluate(data));
    }

    private static Path saved(Path dir) throws IOException {
        Model model = softmaxModel().build(4, 5);
        model.save(dir);
        return dir.resolve(Model.WEIGHTS_FILE);
    }

    @Test
    void truncatedWeightsFailClearly(@TempDir Path dir) throws IOException {
        Path w = saved(dir);
        byte[] b = Files.readAllBytes(w);
        Files.write(w, Arrays.copyOf(b, b.length - 7));
        SafeTensors.FormatException e = assertThrows(SafeTensors.FormatException.class, () -> Model.load(dir));
        assertTrue(e.getMessage().startsWith(w.toString()), e.getMessage());
    }

    @Test
    void oversizedHeaderFailsClearly(@TempDir Path dir) throws IOException {
        Path w = saved(dir);
        byte[] b = Files.readAllBytes(w);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        Files.write(w, b);
        SafeTensors.FormatException e = assertThrows(SafeTensors.FormatException.class, () -> Model.load(dir));
        assertTrue(e.getMessage().startsWith(w.toString()) && e.getMessage().contains("header"), e.getMessage());
    }

    @Test
    void tamperedWeightsFailClearly(@TempDir Path dir) throws IOException {
        Path w = saved(dir);
        // Change a shape in the header without changing its length: [16] -> [15] for out/bias is
        // not possible (3 units), so shrink hidden/bias [16] to [15]: the byte range no longer fits.
        byte[] b = Files.readAllBytes(w);
        String header = new String(b, 8, (int) ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0),
                StandardCharsets.UTF_8);
        int at = header.indexOf("\"shape\":[16]");
        assertTrue(at >= 0, header);
        b[8 + at + "\"shape\":[1".length()] = '5';
        Files.write(w, b);
        SafeTensors.FormatException e = assertThrows(SafeTensors.FormatException.class, () -> Model.load(dir));
        assertTrue(e.getMessage().contains("hidden/bias"), e.getMessage());
    }

    @Test
    void weightsOfAnotherModelFailClearly(@TempDir Path dir) throws IOException {
        saved(dir);
        Layer.resetNames();
        Path other = dir.resolve("other");
        Model wider = new Model(new Sequential(List.of(new Flatten(), new Dense(17, "relu", "hidden", 1L),
                new Dropout(0.2f, "drop", 2L), new Dense(CLASSES, "softmax", "out", 3L)))).build(4, 5);
        wider.save(other);
        Files.copy(dir.resolve(Model.WEIGHTS_FILE), other.resolve(Model.WEIGHTS_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Model.load(other));
        assertTrue(e.getMessage().contains("does not fit the model") && e.getMessage().contains("hidden/kernel"),
                e.getMessage());

        Files.delete(other.resolve(Model.CONFIG_FILE));
        IOException missing = assertThrows(IOException.class, () -> Model.load(other));
        assertTrue(missing.getMessage().contains(Model.CONFIG_FILE), missing.getMessage());
    }

    @Test
    void predictOverBatchesCopiesOutputsThatAliasTheReusedInputBuffer() {
        // A network that is the identity at inference returns its input tensor, whose buffer the
        // next batch overwrites; every row must still come back as it went in.
        float[] features = new float[10 * 3];
        for (int i = 0; i < features.length; i++) {
            features[i] = i;
        }
        int[] labels = new int[10];
        dev.brisk.engine.nn.Sequential net = new dev.brisk.engine.nn.Sequential(
                java.util.List.of(new dev.brisk.engine.nn.Dropout(0.5f)));
        Model model = new Model(net);
        model.build(3);
        Tensor out = model.predict(ArrayDataset.ofLabels(features, labels, 3), 4);
        org.junit.jupiter.api.Assertions.assertArrayEquals(features, out.toArray());
    }
}
