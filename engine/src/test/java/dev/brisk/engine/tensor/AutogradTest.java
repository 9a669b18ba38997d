package dev.brisk.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The autodiff engine's contract: what records a graph, how gradients accumulate, and what is released. */
class AutogradTest {

    @Test
    void micrograd_style_example() {
        // y = relu(a*b + c); dy/da = b, dy/db = a, dy/dc = 1 where a*b + c > 0
        Tensor a = Tensor.scalar(2f).requiresGrad(true);
        Tensor b = Tensor.scalar(-3f).requiresGrad(true);
        Tensor c = Tensor.scalar(10f).requiresGrad(true);
        Tensor y = a.mul(b).add(c).relu();
        y.backward();
        assertEquals(4f, y.item());
        assertEquals(-3f, a.grad().item());
        assertEquals(2f, b.grad().item());
        assertEquals(1f, c.grad().item());
    }

    @Test
    void onlyTensorsThatNeedGradientsRecordAGraph() {
        Tensor constant = Tensor.ones(3);
        Tensor y = constant.mul(2f).exp();
        assertTrue(y.isLeaf());
        assertFalse(y.requiresGrad());
        assertEquals("leaf", y.op());

        Tensor w = Tensor.ones(3).requiresGrad(true);
        Tensor z = constant.mul(w);
        assertFalse(z.isLeaf());
        assertTrue(z.requiresGrad());
        assertEquals("mul", z.op());
    }

    @Test
    void noGradRecordsNothingAndNests() {
        Tensor w = Tensor.ones(2, 2).requiresGrad(true);
        try (NoGrad outer = NoGrad.enter()) {
            try (NoGrad inner = NoGrad.enter()) {
                assertTrue(NoGrad.isActive());
            }
            assertTrue(NoGrad.isActive(), "still inside the outer scope");
            Tensor y = w.matmul(w).sum();
            assertTrue(y.isLeaf());
            assertFalse(y.requiresGrad());
            assertThrows(IllegalStateException.class, y::backward);
        }
        assertFalse(NoGrad.isActive());
        assertTrue(w.matmul(w).sum().requiresGrad(), "recording resumes after the scope");
    }

    @Test
    void detachSharesStorageButStopsGradients() {
        Tensor x = Tensor.of(new float[]{1, 2, 3}).requiresGrad(true);
        Tensor d = x.detach();
        assertSame(x.data(), d.data());
        assertFalse(d.requiresGrad());
        x.mul(d).sum().backward();          // d is a constant: d(x·d)/dx = d
        assertArrayEquals(new float[]{1, 2, 3}, x.grad().toArray());
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroGrad() {
        Tensor x = Tensor.of(new float[]{1, 2, 3}).requiresGrad(true);
        Tensor loss = x.mul(x).sum();         // d/dx = 2x
        loss.backward();
        assertArrayEquals(new float[]{2, 4, 6}, x.grad().toArray());
        loss.backward();                      // same graph again: intermediate gradients start afresh
        assertArrayEquals(new float[]{4, 8, 12}, x.grad().toArray());
        x.mul(3f).sum().backward();           // a new graph adds too
        assertArrayEquals(new float[]{7, 11, 15}, x.grad().toArray());
        float[] buffer = x.grad().data();
        x.zeroGrad();
        assertArrayEquals(new float[]{0, 0, 0}, x.grad().toArray());
        assertSame(buffer, x.grad().data(), "zeroGrad keeps the buffer an optimizer may hold");
    }

    @Test
    void sharedSubexpressionsSumTheirPaths() {
        Tensor x = Tensor.scalar(3f).requiresGrad(true);
        Tensor h = x.mul(x);                  // used twice below
        h.add(h.mul(x)).backward();           // x² + x³ -> 2x + 3x² = 33
        assertEquals(33f, x.grad().item());
    }

    @Test
    void intermediateGradientsAreReleasedAfterBackward() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        Tensor h = x.mul(2f);
        h.sum().backward();
        assertNull(h.grad());
        assertArrayEquals(new float[]{2, 2}, x.grad().toArray());
    }

    @Test
    void requiresGradIsForLeaves() {
        Tensor y = Tensor.ones(2).requiresGrad(true).mul(2f);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
        assertEquals("requiresGrad: [2] is the output of 'mul', not a leaf; call detach() to get a leaf sharing its storage",
                e.getMessage());
    }

    @Test
    void gradientOfATransposedViewLandsTransposedInTheBase() {
        Tensor w = Tensor.zeros(2, 3).requiresGrad(true);
        Tensor c = Tensor.arange(6).reshape(3, 2);
        w.T().mul(c).sum().backward();
        assertArrayEquals(c.T().toArray(), w.grad().toArray());
    }

    @Test
    void gradientOfASliceLandsInItsSliceAndOfAnExpandIsSummed() {
        Tensor x = Tensor.zeros(2, 4).requiresGrad(true);
        x.slice(1, 1, 4, 2).sum().backward();
        assertArrayEquals(new float[]{0, 1, 0, 1, 0, 1, 0, 1}, x.grad().toArray());

        Tensor b = Tensor.zeros(3).requiresGrad(true);
        b.expand(5, 3).sum().backward();
        assertArrayEquals(new float[]{5, 5, 5}, b.grad().toArray());
    }

    @Test
    void backwardWithAnExplicitGradient() {
        Tensor x = Tensor.of(new float[]{1, 2}).requiresGrad(true);
        x.mul(x).backward(Tensor.of(new float[]{1, 10}));
        assertArrayEquals(new float[]{2, 40}, x.grad().toArray());
    }

    @Test
    void comparisonsCarryNoGradient() {
        Tensor x = Tensor.of(new float[]{1, -1}).requiresGrad(true);
        Tensor mask = x.gt(0f);
        assertFalse(mask.requiresGrad());
        assertFalse(x.argmax(0).requiresGrad());
    }

    @Test
    void deepGraphsDoNotOverflowTheStack() {
        Tensor x = Tensor.scalar(1f).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 20_000; i++) {
            y = y.add(0f);
        }
        y.backward();
        assertEquals(1f, x.grad().item());
    }

    @Test
    void toStringShowsShapeGradFunctionAndValues() {
        Tensor x = Tensor.of(new float[]{1, 2}).requiresGrad(true);
        assertEquals("Tensor[2] requiresGrad [1.0, 2.0]", x.toString());
        assertEquals("Tensor[2] grad_fn=mul [2.0, 4.0]", x.mul(2f).toString());
    }
}
