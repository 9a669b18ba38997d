package dev.brisk.engine.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brisk.engine.metrics.Accuracy;
import dev.brisk.engine.optim.Adam;
import dev.brisk.engine.tensor.NoGrad;
import dev.brisk.engine.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Layers, loss, optimizer and metric together: a small MLP learns three separable clusters. */
class EndToEndTest {

    @Test
    void mlpLearnsThreeClusters() {
        int n = 300;
        float[][] centres = {{0, 2}, {-2, -1}, {2, -1}};
        float[] x = new float[n * 2];
        int[] y = new int[n];
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            x[2 * i] = centres[y[i]][0] + (float) (0.5 * (rng.nextDouble() * 2 - 1));
            x[2 * i + 1] = centres[y[i]][1] + (float) (0.5 * (rng.nextDouble() * 2 - 1));
        }
        Tensor inputs = Tensor.of(x, n, 2);
        Sequential model = new Sequential(List.of(new Dense(16, "relu"), new Dropout(0.1f), new Dense(3)));
        SparseCategoricalCrossentropy loss = new SparseCategoricalCrossentropy(true);
        Adam adam = new Adam(0.01);
        model.build(new int[]{2});
        Map<String, Tensor> params = model.parameters();
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < 200; step++) {
            adam.zeroGrad(params);
            Tensor l = loss.modelLoss(model, inputs, y, true);
            l.backward();
            adam.step(params);
            if (step == 0) {
                first = l.item();
            }
            last = l.item();
        }
        double accuracy;
        try (NoGrad g = NoGrad.enter()) {
            accuracy = Accuracy.of(model.call(inputs, false), y);
        }
        assertTrue(last < first / 4, "loss fell from " + first + " to " + last);
        assertTrue(accuracy > 0.9, "accuracy " + accuracy);
    }
}
