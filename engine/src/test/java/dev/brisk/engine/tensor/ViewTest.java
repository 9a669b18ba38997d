package dev.brisk.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Movement ops are zero-copy views; contiguous() and reshape copy only when the strides force it. */
class ViewTest {

    private final Tensor x = Tensor.arange(12).reshape(3, 4);   // [[0..3], [4..7], [8..11]]

    @Test
    void transposeIsAViewWithSwappedStrides() {
        Tensor t = x.T();
        assertSame(x.data(), t.data());
        assertArrayEquals(new int[]{4, 3}, t.shape());
        assertArrayEquals(new int[]{1, 4}, t.strides());
        assertFalse(t.isContiguous());
        assertEquals(9f, t.get(1, 2));
        assertArrayEquals(new float[]{0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, t.toArray());
    }

    @Test
    void contiguousCopiesOnlyWhenNeeded() {
        assertSame(x, x.contiguous());
        Tensor c = x.T().contiguous();
        assertNotSame(x.data(), c.data());
        assertTrue(c.isContiguous());
        assertArrayEquals(x.T().toArray(), c.toArray());
    }

    @Test
    void reshapeIsAViewWhenTheStridesAllowIt() {
        assertSame(x.data(), x.reshape(2, 6).data());
        assertSame(x.data(), x.reshape(-1).data());
        assertSame(x.data(), x.T().reshape(2, 2, 3).data(), "splitting a transposed axis keeps the view");
        assertSame(x.data(), x.T().unsqueeze(0).data());
        assertNotSame(x.data(), x.T().reshape(-1).data(), "flattening a transpose must copy");
        assertArrayEquals(x.T().toArray(), x.T().reshape(-1).toArray());
        assertArrayEquals(new float[]{0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, x.T().reshape(2, 2, 3).toArray());
    }

    @Test
    void narrowAndSliceAreViews() {
        Tensor n = x.narrow(1, 1, 2);
        assertSame(x.data(), n.data());
        assertEquals(1, n.offset());
        assertArrayEquals(new float[]{1, 2, 5, 6, 9, 10}, n.toArray());
        Tensor s = x.slice(1, 0, 4, 2);
        assertArrayEquals(new int[]{4, 2}, s.strides());
        assertArrayEquals(new float[]{0, 2, 4, 6, 8, 10}, s.toArray());
        assertArrayEquals(new float[]{8, 9, 10, 11}, x.slice(0, -1, 3).toArray());
        assertArrayEquals(new float[]{1, 3, 5, 7, 9, 11}, x.reshape(-1).slice(0, 1, 100, 2).toArray());
        assertEquals(0, x.slice(0, 2, 1).size());
    }

    @Test
    void expandRepeatsWithStrideZero() {
        Tensor row = Tensor.of(new float[]{1, 2, 3});
        Tensor e = row.expand(2, 3);
        assertSame(row.data(), e.data());
        assertArrayEquals(new int[]{0, 1}, e.strides());
        assertArrayEquals(new float[]{1, 2, 3, 1, 2, 3}, e.toArray());
        Tensor col = Tensor.of(new float[]{1, 2}, 2, 1).expand(2, 3);
        assertArrayEquals(new float[]{1, 1, 1, 2, 2, 2}, col.toArray());
    }

    @Test
    void permuteSqueezeUnsqueezeFlatten() {
        Tensor t = Tensor.arange(24).reshape(2, 3, 4);
        Tensor p = t.permute(2, 0, 1);
        assertArrayEquals(new int[]{4, 2, 3}, p.shape());
        assertEquals(t.get(1, 2, 3), p.get(3, 1, 2));
        assertArrayEquals(new int[]{2, 1, 3, 4}, t.unsqueeze(1).shape());
        assertArrayEquals(new int[]{2, 3, 4, 1}, t.unsqueeze(-1).shape());
        assertArrayEquals(new int[]{2, 3, 4}, t.unsqueeze(1).squeeze(1).shape());
        assertArrayEquals(new int[]{2, 12}, t.flatten(1).shape());
        assertArrayEquals(new int[]{24}, t.flatten(0).shape());
    }

    @Test
    void viewsOfViewsComposeOffsetsAndStrides() {
        Tensor t = Tensor.arange(60).reshape(3, 4, 5);
        Tensor v = t.transpose(0, 2).narrow(0, 1, 3).slice(2, 1, 3, 1).T();
        // v[i][j][k] = t.transpose(0,2)[1+i][k][1+j] = t[1+j][k][1+i]
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(t.get(1 + j, k, 1 + i), v.get(i, j, k));
                }
            }
        }
        assertSame(t.data(), v.data());
    }
}
