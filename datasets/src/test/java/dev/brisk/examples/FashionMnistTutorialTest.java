package dev.brisk.examples;

import dev.brisk.datasets.FashionMnist;
import dev.brisk.datasets.ImageDataset;
import dev.brisk.datasets.MnistData;
import dev.brisk.engine.metrics.Accuracy;
import dev.brisk.engine.model.FitOptions;
import dev.brisk.engine.model.History;
import dev.brisk.engine.model.Model;
import dev.brisk.engine.nn.Dense;
import dev.brisk.engine.nn.Dropout;
import dev.brisk.engine.nn.Flatten;
import dev.brisk.engine.nn.Layer;
import dev.brisk.engine.nn.Sequential;
import dev.brisk.engine.nn.SparseCategoricalCrossentropy;
import dev.brisk.engine.optim.Adam;
import dev.brisk.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FashionMnistTutorialTest {

    /**
     * The tutorial's model and training, end to end on a subset: 10,000 training images, the Keras
     * defaults (Adam, batch 32), then the full test set. One epoch on this subset lands at 0.78-0.81
     * depending on the seed (measured for seeds 42, 1, 2), too close to call; two epochs (626 steps)
     * clear 0.80 for each
     * (0.820-0.828). Needs Debian's dataset-fashion-mnist (installed by .ci/run); a second or two.
     */
    @Test
    void twoEpochsOnTenThousandImagesReachEightyPercent() throws Exception {
        assumeTrue(Files.exists(Path.of(FashionMnist.DEBIAN_DIR, "train-images-idx3-ubyte.gz")),
                "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        MnistData data = FashionMnist.load(Path.of(FashionMnist.DEBIAN_DIR));
        for (long seed : SEEDS) {
            Layer.resetNames();
            Model model = new Model(new Sequential(List.of(new Flatten(), new Dense(128, "relu", null, seed),
                    new Dropout(0.2f, null, seed + 1), new Dense(10, "softmax", null, seed + 2))));
            model.compile(new Adam(), new SparseCategoricalCrossentropy(), new Accuracy());
            History h = model.fit(new ImageDataset(data.train().randomSubset(10_000, seed)),
                    new FitOptions().epochs(2).batchSize(32).seed(seed).verbosity(FitOptions.Verbosity.SILENT));
            assertEquals(2, h.epochs());
            Map<String, Double> test = model.evaluate(new ImageDataset(data.test()), 256);
            assertTrue(test.get("accuracy") >= 0.80, "seed " + seed + ": " + test);

            Tensor p = model.predict(new ImageDataset(data.test().first(300)), 100);
            assertArrayEquals(new int[]{300, 10}, p.shape());
        }
    }

    /** One seed in CI; 1 and 2 also passed (0.820, 0.828; seed 42: 0.825) when this test was written. */
    static final long[] SEEDS = {42};

    @Test
    void optionsAreParsedByHandWithClearErrors() {
        FashionMnistTutorial.Options o = FashionMnistTutorial.parse(
                new String[]{"--epochs", "2", "--batch", "256", "--threads", "1", "--seed", "7", "--json", "r.json"});
        assertEquals(new FashionMnistTutorial.Options(2, 256, 1, 7, Path.of("r.json")), o);
        FashionMnistTutorial.Options d = FashionMnistTutorial.parse(new String[0]);
        assertEquals(5, d.epochs());
        assertEquals(32, d.batch());
        assertEquals(42, d.seed());
        assertNull(d.json());
        assertNull(FashionMnistTutorial.parse(new String[]{"--help"}));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> FashionMnistTutorial.parse(new String[]{"--epochs", "0"})).getMessage().contains("--epochs"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> FashionMnistTutorial.parse(new String[]{"--batch"})).getMessage().contains("needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> FashionMnistTutorial.parse(new String[]{"--speed", "3"})).getMessage().contains("unknown option"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> FashionMnistTutorial.parse(new String[]{"--seed", "x"})).getMessage().contains("whole number"));
    }
}
