package dev.brisk.engine.nn;

import dev.brisk.engine.tensor.GradCheck;
import dev.brisk.engine.tensor.Tensor;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every layer's backward pass, with respect to its input and its weights, agrees with finite
 * differences. Inputs stay away from ReLU's kink at 0 (see {@link GradCheck}).
 */
class LayerGradientTest {

    private static Tensor input(long seed, int... shape) {
        return Tensor.uniform(seed, -1f, 1f, shape).requiresGrad(true);
    }

    @Test
    void denseWithEachSmoothActivation() {
        for (String activation : new String[]{null, "sigmoid", "tanh", "softmax"}) {
            Dense d = new Dense(4, activation);
            d.build(new int[]{3});
            GradCheck.check(in -> d.call(in[0], true), input(1, 5, 3), d.kernel(), d.bias());
        }
    }

    @Test
    void denseOnRank3Input() {
        Dense d = new Dense(2, "tanh");
        d.build(new int[]{4, 3});
        GradCheck.check(in -> d.call(in[0], true), input(2, 2, 4, 3), d.kernel(), d.bias());
    }

    @Test
    void activationLayers() {
        GradCheck.check(in -> new ReLU().call(in[0], true), GradCheck.awayFromZero(3, 0.1f, 4, 5).requiresGrad(true));
        GradCheck.check(in -> new Sigmoid().call(in[0], true), input(4, 4, 5));
        GradCheck.check(in -> new Tanh().call(in[0], true), input(5, 4, 5));
        GradCheck.check(in -> new Softmax().call(in[0], true), input(6, 4, 5));
    }

    @Test
    void dropoutWithAFixedMaskAndFlatten() {
        Dropout drop = new Dropout(0.3f, null, 11L);
        GradCheck.check(in -> {
            drop.resetCalls(); // the check evaluates many times: rewind so the mask stays the same
            return drop.call(in[0], true);
        }, input(7, 6, 8));
        GradCheck.check(in -> new Flatten().call(in[0], true).mul(in[0].reshape(3, 8)), input(8, 3, 2, 4));
    }

    @Test
    void embeddingTableWithRepeatedIds() {
        Embedding emb = new Embedding(5, 3);
        Tensor ids = Tensor.of(new float[]{4, 1, 4, 0, 1, 1}, 2, 3);
        emb.call(ids, true);
        GradCheck.check(in -> emb.call(ids, true).tanh(), emb.embeddings());
    }

    @Test
    void smallMlpEndToEnd() {
        Sequential m = new Sequential(List.of(new Flatten(), new Dense(6, "tanh"), new Dense(3, "softmax")));
        m.build(new int[]{2, 2});
        Tensor[] params = m.parameters().values().toArray(new Tensor[0]);
        Tensor x = Tensor.uniform(9, -1f, 1f, 4, 2, 2);
        GradCheck.check(in -> m.call(x, true), params);
    }
}
