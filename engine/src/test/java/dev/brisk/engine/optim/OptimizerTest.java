package dev.brisk.engine.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.brisk.engine.tensor.Tensor;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Optimizers against updates worked out by hand, and the schedules at several steps. */
class OptimizerTest {

    /** Gives {@code p} exactly the gradient {@code g}: d(Σ p·g)/dp = g. */
    private static void setGradient(Tensor p, float... g) {
        p.zeroGrad();
        p.mul(Tensor.of(g)).sum().backward();
    }

    @Test
    void adamFirstTwoStepsByHand() {
        Tensor p = Tensor.of(new float[]{1f, -2f}).requiresGrad(true);
        Map<String, Tensor> params = Map.of("w", p);
        Adam adam = new Adam(LearningRateSchedule.constant(0.1), 0.9, 0.999, 1e-7);

        // t = 1, g = [0.5, -1]:  m = 0.1·g = [0.05, -0.1], v = 0.001·g² = [0.00025, 0.001]
        // bias correction: m̂ = m / 0.1 = g, v̂ = v / 0.001 = g², so the step is lr·g/(|g| + 1e-7)
        // p = [1 - 0.1·0.5/0.5000001, -2 + 0.1·1/1.0000001] = [0.90000002, -1.90000001]
        setGradient(p, 0.5f, -1f);
        adam.step(params);
        assertEquals(0.90000002, p.get(0), 1e-6);
        assertEquals(-1.90000001, p.get(1), 1e-6);

        // t = 2, g = [0.25, 2]:  m = 0.9·m + 0.1·g = [0.07, 0.11]
        // v = 0.999·v + 0.001·g² = [0.00031225, 0.004999]
        // m̂ = m / (1 - 0.9²) = m / 0.19 = [0.36842105, 0.57894737]
        // v̂ = v / (1 - 0.999²) = v / 0.001999 = [0.15620310, 2.50075038], sqrt = [0.39522538, 1.58137610]
        // p -= 0.1·m̂/(sqrt(v̂) + 1e-7):  [0.90000002 - 0.09321802, -1.90000001 - 0.03661035]
        setGradient(p, 0.25f, 2f);
        adam.step(params);
        assertEquals(0.80678208, p.get(0), 1e-6);
        assertEquals(-1.93661036, p.get(1), 1e-6);
        assertEquals(2, adam.iterations());
    }

    @Test
    void adamWAlsoShrinksWeights() {
        // with a zero gradient Adam's step is 0, leaving only the decay: p -= lr·wd·p
        Tensor p = Tensor.of(new float[]{2f, -4f}).requiresGrad(true);
        AdamW adamW = new AdamW(0.1, 0.5);
        setGradient(p, 0f, 0f);
        adamW.step(Map.of("w", p));
        assertEquals(2f * (1 - 0.05f), p.get(0), 1e-6);
        assertEquals(-4f * (1 - 0.05f), p.get(1), 1e-6);
    }

    @Test
    void sgdMomentumAndNesterovByHand() {
        // momentum 0.9, lr 0.1, p = 1, gradients 0.5 then 0.25:
        // v1 = -0.05, v2 = 0.9·(-0.05) - 0.025 = -0.07
        // classical: p = 1 - 0.05 = 0.95, then 0.95 - 0.07 = 0.88
        // Nesterov:  p = 1 + 0.9·(-0.05) - 0.05 = 0.905, then 0.905 + 0.9·(-0.07) - 0.025 = 0.817
        double[][] expected = {{0.95, 0.88}, {0.905, 0.817}};
        for (int nesterov = 0; nesterov < 2; nesterov++) {
            Tensor p = Tensor.of(new float[]{1f}).requiresGrad(true);
            SGD sgd = new SGD(0.1, 0.9, nesterov == 1);
            setGradient(p, 0.5f);
            sgd.step(Map.of("w", p));
            assertEquals(expected[nesterov][0], p.get(0), 1e-6);
            setGradient(p, 0.25f);
            sgd.step(Map.of("w", p));
            assertEquals(expected[nesterov][1], p.get(0), 1e-6);
        }
        Tensor q = Tensor.of(new float[]{1f}).requiresGrad(true);
        setGradient(q, 0.5f);
        new SGD().step(Map.of("q", q));
        assertEquals(1 - 0.01 * 0.5, q.get(0), 1e-7, "Keras default: lr 0.01, no momentum");
    }

    @Test
    void parametersWithoutGradientAreSkippedAndZeroGradClears() {
        Tensor used = Tensor.of(new float[]{1f}).requiresGrad(true);
        Tensor unused = Tensor.of(new float[]{1f}).requiresGrad(true);
        Map<String, Tensor> params = Map.of("used", used, "unused", unused);
        Adam adam = new Adam();
        setGradient(used, 1f);
        adam.step(params);
        assertEquals(1f, unused.get(0));
        adam.zeroGrad(params);
        assertEquals(0f, used.grad().item());
    }

    @Test
    void schedulesAtSeveralSteps() {
        LearningRateSchedule c = LearningRateSchedule.constant(0.01);
        assertEquals(0.01, c.learningRate(0));
        assertEquals(0.01, c.learningRate(1_000_000));

        LearningRateSchedule s = LearningRateSchedule.stepDecay(0.1, 0.5, 10);
        assertEquals(0.1, s.learningRate(0), 1e-12);
        assertEquals(0.1, s.learningRate(9), 1e-12);
        assertEquals(0.05, s.learningRate(10), 1e-12);
        assertEquals(0.025, s.learningRate(25), 1e-12);

        LearningRateSchedule e = LearningRateSchedule.exponentialDecay(0.1, 100, 0.5);
        assertEquals(0.1, e.learningRate(0), 1e-12);
        assertEquals(0.1 * Math.sqrt(0.5), e.learningRate(50), 1e-12);
        assertEquals(0.025, e.learningRate(200), 1e-12);

        // warm up 0 -> 1 over 10 steps, then cosine down to alpha·peak = 0.1 over 100 steps
        LearningRateSchedule w = LearningRateSchedule.cosineDecay(0, 1, 10, 100, 0.1);
        assertEquals(0.0, w.learningRate(0), 1e-12);
        assertEquals(0.5, w.learningRate(5), 1e-12);
        assertEquals(1.0, w.learningRate(10), 1e-12);
        assertEquals(0.1 + 0.9 * 0.5, w.learningRate(60), 1e-12); // halfway: cos(π/2) = 0
        assertEquals(0.1, w.learningRate(110), 1e-12);
        assertEquals(0.1, w.learningRate(5000), 1e-12);

        // the optimizer asks the schedule at its iteration count
        Tensor p = Tensor.of(new float[]{0f}).requiresGrad(true);
        SGD sgd = new SGD(s, 0, false);
        for (int i = 0; i < 10; i++) {
            setGradient(p, 1f);
            sgd.step(Map.of("p", p));
        }
        assertEquals(-1.0, p.get(0), 1e-6);
        assertEquals(0.05, sgd.currentLearningRate(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new SGD(0.1, 1.0, false));
    }
}
