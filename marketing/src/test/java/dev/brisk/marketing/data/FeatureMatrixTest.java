package dev.brisk.marketing.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureMatrixTest {

    @Test
    void rowsAndRowMajorGiveTheSameMatrix() {
        float[][] rows = {{1, 2, 3}, {4, 5, 6}};
        FeatureMatrix a = FeatureMatrix.of(rows);
        FeatureMatrix b = FeatureMatrix.of(new float[]{1, 2, 3, 4, 5, 6}, 3);
        assertEquals(2, a.rows());
        assertEquals(3, a.cols());
        assertArrayEquals(b.toRowMajor(), a.toRowMajor());
        assertEquals(6f, a.get(1, 2));
        assertArrayEquals(new float[]{4, 5, 6}, a.row(1));
        assertArrayEquals(new float[]{2, 5}, a.column(1));
        assertEquals("[2 x 3]", a.shape());
        rows[0][0] = 99; // the matrix holds a copy
        assertEquals(1f, a.get(0, 0));
        assertFalse(a.hasNames());
        assertEquals(List.of("x0", "x1", "x2"), a.names());
    }

    @Test
    void namesSelectionAndFiniteness() {
        FeatureMatrix x = FeatureMatrix.of(new float[][]{{1, 2}, {3, 4}, {5, 6}}).withNames("age", "visits");
        assertTrue(x.hasNames());
        assertEquals("visits", x.name(1));
        FeatureMatrix picked = x.selectRows(new int[]{2, 0, 2});
        assertArrayEquals(new float[]{5, 6, 1, 2, 5, 6}, picked.toRowMajor());
        assertEquals(List.of("age", "visits"), picked.names());
        x.requireFinite("test"); // no exception

        FeatureMatrix bad = FeatureMatrix.of(new float[][]{{1, 2}, {3, Float.NEGATIVE_INFINITY}}).withNames("age", "visits");
        var e = assertThrows(IllegalArgumentException.class, () -> bad.requireFinite("Model.fit"));
        assertEquals("Model.fit: feature 'visits' (column 1) is -Infinity at row 1; replace or impute missing values first",
                e.getMessage());
    }

    @Test
    void malformedInputNamesTheProblem() {
        var empty = assertThrows(IllegalArgumentException.class, () -> FeatureMatrix.of(new float[0][]));
        assertTrue(empty.getMessage().contains("no rows"), empty.getMessage());
        var noColumns = assertThrows(IllegalArgumentException.class, () -> FeatureMatrix.of(new float[][]{{}}));
        assertTrue(noColumns.getMessage().contains("row 0 is empty"), noColumns.getMessage());
        var ragged = assertThrows(IllegalArgumentException.class, () -> FeatureMatrix.of(new float[][]{{1, 2}, {3, 4}, {5}}));
        assertTrue(ragged.getMessage().contains("row 2 has 1 values but row 0 has 2"), ragged.getMessage());
        var partial = assertThrows(IllegalArgumentException.class, () -> FeatureMatrix.of(new float[7], 3));
        assertTrue(partial.getMessage().contains("7 values are not whole rows of 3 columns"), partial.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FeatureMatrix.of(new float[0], 3));
        FeatureMatrix x = FeatureMatrix.of(new float[][]{{1, 2}});
        var count = assertThrows(IllegalArgumentException.class, () -> x.withNames("a"));
        assertTrue(count.getMessage().contains("1 names [a] for 2 columns"), count.getMessage());
        var twice = assertThrows(IllegalArgumentException.class, () -> x.withNames("a", "a"));
        assertTrue(twice.getMessage().contains("two columns are named 'a'"), twice.getMessage());
        var outside = assertThrows(IllegalArgumentException.class, () -> x.selectRows(new int[]{0, 1}));
        assertTrue(outside.getMessage().contains("row index 1 (position 1) is outside [1 x 2]"), outside.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> x.get(0, 2));
    }

    @Test
    void standardizerByHand() {
        // column 0: 1, 2, 3 → mean 2, population std sqrt(2/3); column 1 constant 5
        FeatureMatrix x = FeatureMatrix.of(new float[][]{{1, 5}, {2, 5}, {3, 5}});
        Standardizer s = Standardizer.fit(x);
        assertEquals(2, s.mean(0), 1e-12);
        assertEquals(Math.sqrt(2.0 / 3), s.std(0), 1e-12);
        assertTrue(s.isConstant(1));
        assertFalse(s.isConstant(0));
        assertEquals(1, s.std(1));
        float[] z = s.transform(x);
        float k = (float) (1 / Math.sqrt(2.0 / 3));
        assertArrayEquals(new float[]{-k, 0, 0, 0, k, 0}, z, 1e-6f);
        assertArrayEquals(x.toRowMajor(), s.inverse(z), 1e-6f);

        Standardizer y = Standardizer.fit(new float[]{10, 20});
        assertEquals(15, y.mean(0));
        assertEquals(5, y.std(0));
        assertArrayEquals(new float[]{-1, 1}, y.transform(new float[]{10, 20}));

        var wrong = assertThrows(IllegalArgumentException.class, () -> s.transform(FeatureMatrix.of(new float[][]{{1}})));
        assertTrue(wrong.getMessage().contains("fitted on 2 columns, got a matrix [1 x 1]"), wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.inverse(new float[3]));
        assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(new float[0]));
    }
}
