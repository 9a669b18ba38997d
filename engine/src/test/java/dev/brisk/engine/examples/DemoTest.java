package dev.brisk.engine.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The demo's promises: it recovers the line it sampled, and the classifier really learns the spirals. */
class DemoTest {

    @ParameterizedTest
    @ValueSource(longs = {Demo.DEFAULT_SEED, 1, 2024})
    void gradientDescentRecoversTheLineTheDataCameFrom(long seed) {
        Demo.LineFit fit = Demo.fitLine(seed);
        assertEquals(2f, fit.w(), 0.05f, "w");
        assertEquals(1f, fit.b(), 0.05f, "b");
        float[] losses = fit.losses();
        assertTrue(losses[losses.length - 1] < 0.1f * losses[0],
                "line loss should fall tenfold: first " + losses[0] + ", last " + losses[losses.length - 1]);
    }

    @Test
    void adamTrainsTheMlpToSeparateTheSpirals() {
        Demo.Training run = Demo.trainClassifier(Demo.DEFAULT_SEED, 300);
        float[] losses = run.losses();
        assertEquals(300, losses.length);
        float first = losses[0];
        float last = losses[losses.length - 1];
        assertTrue(last < 0.3f * first, "loss should fall below 0.3 x its start: first " + first + ", last " + last);
        assertTrue(run.accuracy() > 0.9f, "training accuracy " + run.accuracy());
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        Demo.LineFit first = Demo.fitLine(7);
        Demo.LineFit second = Demo.fitLine(7);
        assertEquals(first.w(), second.w());
        assertEquals(first.b(), second.b());
        assertArrayEquals(first.losses(), second.losses());
    }
}
