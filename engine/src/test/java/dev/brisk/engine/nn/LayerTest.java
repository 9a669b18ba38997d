package dev.brisk.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brisk.engine.io.Json;
import dev.brisk.engine.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Layers as a user meets them: lazy building, names, shapes, configs, dropout, embeddings, errors. */
class LayerTest {

    @BeforeEach
    void freshNames() {
        Layer.resetNames();
    }

    private static Sequential tutorialModel() {
        return new Sequential(List.of(new Flatten(), new Dense(128, "relu"), new Dropout(0.2f), new Dense(10)));
    }

    @Test
    void tutorialModelHas101770Parameters() {
        Sequential model = tutorialModel();
        assertFalse(model.isBuilt());
        assertEquals(0, model.parameterCount(), "nothing is allocated before the input shape is known");
        model.build(new int[]{28, 28});
        assertEquals(101_770, model.parameterCount());
        List<Sequential.LayerInfo> infos = model.layerInfos();
        assertEquals(List.of("flatten", "dense", "dropout", "dense_1"), infos.stream().map(Sequential.LayerInfo::name).toList());
        assertArrayEquals(new int[]{784}, infos.get(0).outputShape());
        assertArrayEquals(new int[]{128}, infos.get(1).outputShape());
        assertEquals(100_480, infos.get(1).parameterCount());
        assertEquals(0, infos.get(2).parameterCount());
        assertEquals(1_290, infos.get(3).parameterCount());
        assertEquals("(None, 10)", infos.get(3).outputShapeString());
        String summary = model.summary();
        assertTrue(summary.contains("Total params: 101,770"), summary);
        assertTrue(summary.contains("dense_1 (Dense)"), summary);
    }

    @Test
    void firstBatchBuildsLazily() {
        Dense dense = new Dense(5, "tanh");
        assertTrue(dense.parameters().isEmpty());
        Tensor y = dense.call(Tensor.rand(1, 3, 7), true);
        assertArrayEquals(new int[]{3, 5}, y.shape());
        assertArrayEquals(new int[]{7, 5}, dense.kernel().shape());
        assertArrayEquals(new int[]{5}, dense.bias().shape());
        assertArrayEquals(new int[]{7}, dense.inputShape());
        assertTrue(dense.kernel().requiresGrad());
        // Glorot-uniform: |w| <= sqrt(6 / (7 + 5)); zero bias
        float limit = (float) Math.sqrt(6.0 / 12);
        for (float w : dense.kernel().toArray()) {
            assertTrue(Math.abs(w) <= limit);
        }
        assertArrayEquals(new float[5], dense.bias().toArray());
    }

    @Test
    void parameterNamesAreUniqueAndOrdered() {
        Sequential model = new Sequential(List.of(new Embedding(10, 6, "items", 1L), new Flatten(),
                new Dense(4, "relu"), new Dense(3)));
        assertEquals("dense", model.layers().get(2).name());
        assertEquals("dense_1", model.layers().get(3).name());
        model.build(new int[]{2});   // two ids per sample -> [2, 6] -> [12] -> [4] -> [3]
        assertEquals(List.of("items/embeddings", "dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"),
                new ArrayList<>(model.parameters().keySet()));
        assertArrayEquals(new int[]{12, 4}, model.parameters().get("dense/kernel").shape());
        assertEquals("sequential", model.name());
        assertEquals("dense_2", new Dense(1).name());
    }

    @Test
    void sameNameTwiceIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Sequential(List.of(new Dense(2, null, "head", null), new Dense(2, null, "head", null))));
        assertTrue(e.getMessage().contains("'head'"), e.getMessage());
    }

    @Test
    void wrongInputShapeNamesLayerAndShapes() {
        Dense dense = new Dense(3);
        dense.call(Tensor.zeros(2, 4), false);
        var e = assertThrows(IllegalArgumentException.class, () -> dense.call(Tensor.zeros(2, 5), false));
        assertEquals("Dense 'dense': expects input of shape [None, 4] but got [2, 5]", e.getMessage());
        var r = assertThrows(IllegalArgumentException.class, () -> dense.build(new int[]{6}));
        assertTrue(r.getMessage().contains("already built for input shape [4]"), r.getMessage());
        var a = assertThrows(IllegalArgumentException.class, () -> new Dense(3, "rleu"));
        assertTrue(a.getMessage().contains("unknown activation 'rleu'"), a.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1f));
    }

    @Test
    void configRoundTripRebuildsTheSameModel() {
        Sequential model = new Sequential(List.of(new Flatten(), new Dense(8, "relu"), new Dropout(0.2f), new Dense(3, "softmax"),
                new ReLU(), new Sigmoid(), new Tanh(), new Softmax()));
        model.build(new int[]{2, 3});
        String json = Json.write(model.config());
        Layer.resetNames(); // a fresh process: nothing to collide with
        Sequential copy = (Sequential) LayerRegistry.fromConfig(Json.parseObject(json));
        assertTrue(copy.isBuilt());
        assertEquals(json, Json.write(copy.config()));
        assertEquals(model.parameters().keySet(), copy.parameters().keySet());
        for (Map.Entry<String, Tensor> e : model.parameters().entrySet()) {
            Tensor other = copy.parameters().get(e.getKey());
            assertArrayEquals(e.getValue().shape(), other.shape());
            // seeds are part of the config, so even the initial weights agree
            assertArrayEquals(e.getValue().toArray(), other.toArray());
        }
        assertEquals(0.2, ((Map<?, ?>) ((List<?>) Json.parseObject(json).get("layers")).get(2)).get("rate"));
        assertTrue(json.contains("\"activation\":\"softmax\""), json);
        var e = assertThrows(IllegalArgumentException.class, () -> LayerRegistry.fromConfig(Map.of("class", "Conv2D")));
        assertTrue(e.getMessage().contains("unknown class 'Conv2D'"), e.getMessage());
    }

    @Test
    void dropoutIsIdentityAtInferenceAndReproducibleInTraining() {
        Tensor x = Tensor.ones(4, 50);
        Dropout a = new Dropout(0.5f, null, 7L);
        assertArrayEquals(x.toArray(), a.call(x, false).toArray());
        float[] first = a.call(x, true).toArray();
        float[] second = a.call(x, true).toArray();
        assertFalse(java.util.Arrays.equals(first, second), "each training call draws a new mask");
        int kept = 0;
        for (float v : first) {
            assertTrue(v == 0f || v == 2f, "survivors are scaled by 1/(1-rate)");
            kept += v == 2f ? 1 : 0;
        }
        assertTrue(kept > 60 && kept < 140, "about half of 200 kept, got " + kept);
        Dropout b = new Dropout(0.5f, "other", 7L);
        assertArrayEquals(first, b.call(x, true).toArray(), "same seed, same sequence of masks");
        assertArrayEquals(second, b.call(x, true).toArray());
        b.resetCalls();
        assertArrayEquals(first, b.call(x, true).toArray());
        assertNotEquals(Dropout.mix(7, 0), Dropout.mix(8, 0));
    }

    @Test
    void flattenAndEmbeddingShapes() {
        Flatten f = new Flatten();
        assertArrayEquals(new int[]{2, 12}, f.call(Tensor.zeros(2, 3, 4), false).shape());
        Embedding emb = new Embedding(10, 4);
        Tensor v = emb.call(Tensor.of(new float[]{1, 2, 3, 9, 1, 0}, 2, 3), true);
        assertArrayEquals(new int[]{2, 3, 4}, v.shape());
        assertArrayEquals(emb.lookup(new int[]{9}).toArray(), v.narrow(0, 1, 1).narrow(1, 0, 1).reshape(4).toArray());
        var e = assertThrows(IllegalArgumentException.class, () -> emb.lookup(new int[]{10}));
        assertTrue(e.getMessage().contains("id 10 at position 0 is outside [0, 10)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> emb.call(Tensor.of(new float[]{1.5f, 2, 3}, 1, 3), false));
    }

    @Test
    void logitsViewSkipsTheFinalSoftmax() {
        Sequential withLayer = new Sequential(List.of(new Dense(5, "tanh"), new Dense(3), new Softmax()));
        Sequential withActivation = new Sequential(List.of(new Dense(5, "tanh"), new Dense(3, "softmax")));
        Sequential logitsOnly = new Sequential(List.of(new Dense(3)));
        assertTrue(withLayer.endsInSoftmax());
        assertTrue(withActivation.endsInSoftmax());
        assertFalse(logitsOnly.endsInSoftmax());
        Tensor x = Tensor.randn(3, 4, 6);
        for (Sequential m : List.of(withLayer, withActivation, logitsOnly)) {
            float[] probabilities = m.call(x, false).toArray();
            float[] viaLogits = (m.endsInSoftmax() ? m.logits(x, false).softmax(-1) : m.logits(x, false)).toArray();
            assertArrayEquals(probabilities, viaLogits, 1e-6f);
        }
    }
}
