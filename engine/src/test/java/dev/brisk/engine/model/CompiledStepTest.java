package dev.brisk.engine.model;

import dev.brisk.engine.metrics.Accuracy;
import dev.brisk.engine.nn.Dense;
import dev.brisk.engine.nn.Dropout;
import dev.brisk.engine.nn.Embedding;
import dev.brisk.engine.nn.Flatten;
import dev.brisk.engine.nn.Layer;
import dev.brisk.engine.nn.ReLU;
import dev.brisk.engine.nn.Sequential;
import dev.brisk.engine.nn.Sigmoid;
import dev.brisk.engine.nn.Softmax;
import dev.brisk.engine.nn.SparseCategoricalCrossentropy;
import dev.brisk.engine.nn.Tanh;
import dev.brisk.engine.optim.Adam;
import dev.brisk.engine.tensor.NoGrad;
import dev.brisk.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A compiled network ({@link Sequential#compile}) must compute what the autodiff graph computes,
 * bit for bit: the graph is the reference, the compiled step the fast path {@link Model} takes.
 */
class CompiledStepTest {

    private static Tensor pixels(int n, long seed) {
        float[] v = new float[n * 6 * 5];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() < 0.3 ? 0f : (float) r.nextDouble();
        }
        return Tensor.of(v, n, 6, 5);
    }

    private static int[] labels(int n, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = r.nextInt(classes);
        }
        return l;
    }

    /** The step {@code Model} took before compiled steps existed: record a graph, backward, update. */
    private static float graphStep(Sequential net, Adam adam, Tensor x, int[] labels) {
        Map<String, Tensor> params = net.parameters();
        adam.zeroGrad(params);
        Tensor loss = net.logits(x, true).sparseCrossEntropy(labels);
        loss.backward();
        adam.step(params);
        return loss.item();
    }

    private static void assertSameWeights(Sequential a, Sequential b) {
        Map<String, Tensor> pa = a.parameters();
        Map<String, Tensor> pb = b.parameters();
        assertEquals(pa.keySet(), pb.keySet());
        for (String name : pa.keySet()) {
            assertArrayEquals(pb.get(name).toArray(), pa.get(name).toArray(), 0f, name);
        }
    }

    private static void checkTrainingMatchesGraph(Supplier<List<Layer>> layers) {
        Layer.resetNames();
        Sequential compiledNet = new Sequential(layers.get());
        Layer.resetNames();
        Sequential graphNet = new Sequential(layers.get());
        Model model = new Model(compiledNet).build(6, 5);
        graphNet.build(new int[]{6, 5});
        model.compile(new Adam(), new SparseCategoricalCrossentropy(), new Accuracy());
        assertNotNull(compiledNet.compile(7), "every layer here has a compiled step");
        Adam graphAdam = new Adam();
        for (int step = 0; step < 6; step++) {
            int batch = step % 3 == 2 ? 3 : 7;                  // two batch sizes, as an epoch's last batch
            Tensor x = pixels(batch, step);
            int[] y = labels(batch, 4, 100 + step);
            double fast = model.trainOnBatch(x, y);
            float reference = graphStep(graphNet, graphAdam, x, y);
            assertEquals(reference, (float) fast, 0f, "loss of step " + step);
            assertSameWeights(graphNet, compiledNet);
        }
        Tensor x = pixels(5, 99);
        Tensor reference;
        try (NoGrad g = NoGrad.enter()) {
            reference = graphNet.call(x, false);
        }
        Tensor predicted = model.predict(x);
        assertArrayEquals(reference.shape(), predicted.shape());
        assertArrayEquals(reference.toArray(), predicted.toArray(), 0f);
    }

    @Test
    void tutorialShapedNetworkTrainsAndPredictsBitForBitAsTheGraph() {
        checkTrainingMatchesGraph(() -> List.of(new Flatten(), new Dense(9, "relu"), new Dropout(0.25f),
                new Dense(4, "softmax")));
    }

    @Test
    void everyActivationAndStandaloneLayerMatchesTheGraph() {
        checkTrainingMatchesGraph(() -> List.of(new Flatten(), new Dense(8, "sigmoid"), new Dense(7, "tanh"),
                new Dense(6), new ReLU(), new Dense(5), new Sigmoid(), new Dense(5), new Tanh(), new Dropout(0.1f),
                new Dense(4), new Softmax()));
    }

    @Test
    void networksWithoutCompiledStepsFallBackToTheGraph() {
        Sequential inner = new Sequential(List.of(new Flatten(), new Dense(3, "softmax"), new Dense(4)));
        inner.build(new int[]{6, 5});
        assertNull(inner.compile(2), "a softmax inside the network has no compiled step");
        Sequential embed = new Sequential(List.of(new Embedding(10, 3), new Flatten(), new Dense(2, "softmax")));
        embed.build(new int[]{4});
        assertNull(embed.compile(2));
        Model m = new Model(embed).compile(new Adam(), new SparseCategoricalCrossentropy());
        Tensor ids = Tensor.of(new float[]{1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
        double loss = m.trainOnBatch(ids, new int[]{0, 1});
        assertTrue(Double.isFinite(loss));
    }

    @Test
    void compiledStepRejectsBadLabelsWithTheShapes() {
        Model m = new Model(new Sequential(List.of(new Flatten(), new Dense(4, "softmax")))).build(6, 5);
        m.compile(new Adam(), new SparseCategoricalCrossentropy());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.trainOnBatch(pixels(3, 1), new int[]{0, 4, 1}));
        assertEquals("sparseCrossEntropy: label 4 at position 1 is out of range for logits [3, 4] (classes 0..3)",
                e.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> m.trainOnBatch(pixels(3, 1), new int[]{0, 1}));
        assertTrue(count.getMessage().contains("[3, 6, 5]"), count.getMessage());
    }

    @Test
    void denseOnSamplesOfSeveralAxesAndOutputsOfSeveralAxesStayOnTheGraph() {
        // Dense maps along the last axis of [5, 8] samples: not a [batch, 40] product
        Model m = new Model(new Sequential(List.of(new Dense(4, "relu"), new Flatten(), new Dense(3, "softmax"))))
                .build(5, 8);
        assertNull(m.network().compile(2));
        Tensor x = Tensor.of(new float[2 * 5 * 8], 2, 5, 8);
        assertArrayEquals(new int[]{2, 3}, m.predict(x).shape());
        // a softmax over the last of two axes: the compiled network would take 6 values for a row
        Model two = new Model(new Sequential(List.of(new ReLU(), new Softmax()))).build(2, 3);
        assertNull(two.network().compile(4));
        Tensor y = pixels(4, 3).reshape(4, 30).narrow(1, 0, 6).contiguous().reshape(4, 2, 3);
        Tensor reference;
        try (NoGrad g = NoGrad.enter()) {
            reference = two.network().call(y, false);
        }
        assertArrayEquals(reference.toArray(), two.predict(y).toArray(), 0f);
    }

    @Test
    void frozenParametersStayFrozenOnTheCompiledPath() {
        Layer.resetNames();
        Dense hidden = new Dense(5, "relu");
        Model m = new Model(new Sequential(List.of(new Flatten(), hidden, new Dense(4, "softmax")))).build(6, 5);
        m.compile(new Adam(), new SparseCategoricalCrossentropy());
        hidden.kernel().requiresGrad(false);
        float[] before = hidden.kernel().toArray();
        float[] biasBefore = hidden.bias().toArray();
        m.trainOnBatch(pixels(7, 1), labels(7, 4, 2));
        assertArrayEquals(before, hidden.kernel().toArray(), 0f, "a kernel that requires no gradient is not trained");
        assertTrue(!java.util.Arrays.equals(biasBefore, hidden.bias().toArray()), "the bias still trains");
    }

    @Test
    void predictionsAtOtherSizesDoNotEvictTheTrainingBatch() {
        Model m = new Model(new Sequential(List.of(new Flatten(), new Dense(5, "relu"), new Dense(4, "softmax"))))
                .build(6, 5);
        m.compile(new Adam(), new SparseCategoricalCrossentropy());
        Tensor x = pixels(7, 1);
        int[] y = labels(7, 4, 2);
        m.trainOnBatch(x, y);
        Sequential.Compiled first = compiledFor(m, 7);
        for (int round = 0; round < 3; round++) {
            for (int n = 1; n <= 5; n++) {
                m.predict(pixels(n, n));
            }
            m.trainOnBatch(x, y);
        }
        assertTrue(first == compiledFor(m, 7), "the batch-7 network was recompiled");
    }

    private static Sequential.Compiled compiledFor(Model m, int batch) {
        try {
            java.lang.reflect.Field f = Model.class.getDeclaredField("trainingCache");
            f.setAccessible(true);
            for (Object o : (List<?>) f.get(m)) {
                Sequential.Compiled c = (Sequential.Compiled) o;
                if (c.batch() == batch) {
                    return c;
                }
            }
            return null;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void concurrentPredictionsGetTheirOwnResults() throws Exception {
        Model m = new Model(new Sequential(List.of(new Flatten(), new Dense(16, "relu"), new Dropout(0.2f),
                new Dense(4, "softmax")))).build(6, 5);
        Tensor a = pixels(8, 1);
        Tensor b = pixels(8, 2);
        float[] expectA = m.predict(a).toArray();
        float[] expectB = m.predict(b).toArray();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<Integer> fa = pool.submit(() -> mismatches(m, a, expectA));
            java.util.concurrent.Future<Integer> fb = pool.submit(() -> mismatches(m, b, expectB));
            assertEquals(0, fa.get() + fb.get(), "predictions from two threads mixed up their buffers");
        } finally {
            pool.shutdownNow();
        }
    }

    private static int mismatches(Model m, Tensor x, float[] expected) {
        int bad = 0;
        for (int i = 0; i < 500; i++) {
            if (!java.util.Arrays.equals(expected, m.predict(x).toArray())) {
                bad++;
            }
        }
        return bad;
    }

    @Test
    void predictOfMoreThanOneSliceMatchesTheGraph() {
        Model m = new Model(new Sequential(List.of(new Flatten(), new Dense(6, "relu"), new Dense(3, "softmax"))))
                .build(6, 5);
        Tensor x = pixels(Model.PREDICT_BATCH + 37, 5);
        Tensor reference;
        try (NoGrad g = NoGrad.enter()) {
            reference = m.network().call(x, false);
        }
        assertArrayEquals(reference.toArray(), m.predict(x).toArray(), 0f);
    }
}
