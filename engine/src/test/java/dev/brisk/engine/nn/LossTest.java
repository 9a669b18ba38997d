package dev.brisk.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brisk.engine.tensor.GradCheck;
import dev.brisk.engine.tensor.Tensor;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Losses: values worked out by hand, gradients against finite differences, the fused path, errors. */
class LossTest {

    private static final int[] LABELS = {2, 0, 1, 2};

    @Test
    void sparseCrossEntropyValues() {
        // probabilities [0.2, 0.3, 0.5] with label 2: -log 0.5; label 0 of [0.1, 0.6, 0.3]: -log 0.1
        Tensor p = Tensor.of(new float[][]{{0.2f, 0.3f, 0.5f}, {0.1f, 0.6f, 0.3f}});
        double expected = -(Math.log(0.5) + Math.log(0.1)) / 2;
        assertEquals(expected, new SparseCategoricalCrossentropy().loss(p, new int[]{2, 0}).item(), 1e-6);
        assertEquals(expected, new SparseCategoricalCrossentropy().loss(p, Tensor.of(new float[]{2, 0})).item(), 1e-6);
        // logits log(p) give the same loss through the fused kernel
        assertEquals(expected, new SparseCategoricalCrossentropy(true).loss(p.log(), new int[]{2, 0}).item(), 1e-6);
        // a certain mistake is capped at -log(1e-7), as in Keras
        Tensor certain = Tensor.of(new float[][]{{1f, 0f}});
        assertEquals(-Math.log(1e-7), new SparseCategoricalCrossentropy().loss(certain, new int[]{1}).item(), 1e-3);
    }

    @Test
    void sparseCrossEntropyGradients() {
        GradCheck.check(in -> new SparseCategoricalCrossentropy(true).loss(in[0], LABELS),
                Tensor.randn(1, 4, 3).requiresGrad(true));
        GradCheck.check(in -> new SparseCategoricalCrossentropy(false).loss(in[0], LABELS),
                Tensor.uniform(2, 0.2f, 1f, 4, 3).requiresGrad(true));
    }

    @Test
    void modelEndingInSoftmaxTrainsThroughTheFusedKernel() {
        Layer.resetNames();
        Sequential m = new Sequential(List.of(new Dense(5, "tanh"), new Dense(3, "softmax")));
        Tensor x = Tensor.randn(3, 4, 2);
        SparseCategoricalCrossentropy loss = new SparseCategoricalCrossentropy();
        Tensor fused = loss.modelLoss(m, x, LABELS, true);
        Tensor unfused = loss.loss(m.call(x, true), LABELS);
        assertEquals(unfused.item(), fused.item(), 1e-5);
        Tensor kernel = m.parameters().get("dense/kernel");
        fused.backward();
        float[] gFused = kernel.grad().toArray();
        m.parameters().values().forEach(Tensor::zeroGrad);
        unfused.backward();
        assertArrayEquals(gFused, kernel.grad().toArray(), 1e-5f);
    }

    @Test
    void binaryCrossEntropy() {
        Tensor y = Tensor.of(new float[]{1, 0, 1, 0, 0.3f, 0.7f}, 2, 3);
        // -(log 0.8 + log(1 - 0.4)) / 2 by hand
        assertEquals(-(Math.log(0.8) + Math.log(0.6)) / 2,
                new BinaryCrossentropy().loss(Tensor.of(new float[]{0.8f, 0.4f}), Tensor.of(new float[]{1, 0})).item(), 1e-6);
        Tensor logits = GradCheck.awayFromZero(4, 0.1f, 2, 3);
        double fromLogits = new BinaryCrossentropy(true).loss(logits, y).item();
        double fromProbabilities = new BinaryCrossentropy().loss(logits.sigmoid(), y).item();
        assertEquals(fromProbabilities, fromLogits, 1e-5);
        assertEquals(100, new BinaryCrossentropy(true).loss(Tensor.of(new float[]{-100f}), Tensor.of(new float[]{1})).item(), 1e-4,
                "stable for large logits: no log(0)");
        GradCheck.check(in -> new BinaryCrossentropy(true).loss(in[0], y), logits.requiresGrad(true));
        GradCheck.check(in -> new BinaryCrossentropy().loss(in[0], y), Tensor.uniform(5, 0.1f, 0.9f, 2, 3).requiresGrad(true));
    }

    @Test
    void meanSquaredErrorAndHuber() {
        Tensor p = Tensor.of(new float[]{0.3f, -0.6f, 1.5f, -2.5f, 0.2f, 3f}, 2, 3);
        Tensor y = Tensor.of(new float[]{0, 0, 0, 0, 0.4f, 0.5f}, 2, 3);
        // errors 0.3, -0.6, 1.5, -2.5, -0.2, 2.5
        assertEquals((0.09 + 0.36 + 2.25 + 6.25 + 0.04 + 6.25) / 6, new MeanSquaredError().loss(p, y).item(), 1e-6);
        // delta 1: quadratic 0.045, 0.18, 0.02; linear 1.5-0.5, 2.5-0.5, 2.5-0.5
        assertEquals((0.045 + 0.18 + 1.0 + 2.0 + 0.02 + 2.0) / 6, new Huber().loss(p, y).item(), 1e-6);
        // delta 2: 1.5 is now quadratic (1.125); 2.5 costs 2·(2.5 - 1) = 3
        assertEquals((0.045 + 0.18 + 1.125 + 3.0 + 0.02 + 3.0) / 6, new Huber(2f).loss(p, y).item(), 1e-6);
        GradCheck.check(in -> new MeanSquaredError().loss(in[0], y), p.detach().requiresGrad(true));
        GradCheck.check(in -> new Huber().loss(in[0], y), Tensor.of(p.toArray(), 2, 3).requiresGrad(true));
    }

    @Test
    void shapeErrorsNameTheLossAndShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().loss(Tensor.zeros(4), Tensor.zeros(4, 1)));
        assertEquals("mean_squared_error: predictions [4] and targets [4, 1] must have the same shape", e.getMessage());
        var l = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy(true).loss(Tensor.zeros(2, 3), new int[]{0, 3}));
        assertTrue(l.getMessage().contains("label 3 at row 1 is outside [0, 3)"), l.getMessage());
        var n = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy(true).loss(Tensor.zeros(2, 3), new int[]{0}));
        assertTrue(n.getMessage().contains("2 rows but there are 1 labels"), n.getMessage());
    }
}
