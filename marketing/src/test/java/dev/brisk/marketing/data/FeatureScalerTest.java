package dev.brisk.marketing.data;

import dev.brisk.engine.io.Json;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** log1p + standardization: the fitted parameters, round trips, constant columns, bad values and the saved form. */
class FeatureScalerTest {

    @TempDir
    Path tmp;

    private static final List<String> AB = List.of("a", "b");

    @Test
    void fitsMeanAndPopulationStandardDeviation() {
        // a: 1, 2, 3, 4 -> mean 2.5, variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25.
        // b: log1p of e-1, e^2-1, e^3-1, e^4-1 -> 1, 2, 3, 4 again.
        double e = Math.E;
        double[] x = {1, e - 1, 2, e * e - 1, 3, e * e * e - 1, 4, e * e * e * e - 1};
        FeatureScaler s = FeatureScaler.fit(AB, x, Set.of("b"));
        assertEquals(AB, s.columns());
        assertFalse(s.isLog1p(0));
        assertTrue(s.isLog1p(1));
        assertEquals(2.5, s.mean(0), 1e-15);
        assertEquals(Math.sqrt(1.25), s.scale(0), 1e-15);
        assertEquals(2.5, s.mean(1), 1e-14);
        assertEquals(Math.sqrt(1.25), s.scale(1), 1e-14);
        assertEquals(4, s.fittedRows());
        double z = 1.5 / Math.sqrt(1.25);
        double[] expected = {-z, -z, -z / 3, -z / 3, z / 3, z / 3, z, z};
        assertArrayEquals(expected, s.transform(x), 1e-14);
        assertEquals(List.of(), s.constantColumns());
    }

    @Test
    void agreesWithCommonsMathOnRandomSkewedData() {
        Random rnd = new Random(42);
        int rows = 1000;
        double[] x = new double[rows * 3];
        for (int r = 0; r < rows; r++) {
            x[r * 3] = 1e6 + rnd.nextGaussian();               // large offset: a one-pass formula would lose digits
            x[r * 3 + 1] = Math.exp(3 * rnd.nextGaussian());    // log-normal, like spend
            x[r * 3 + 2] = rnd.nextInt(100);
        }
        FeatureScaler s = FeatureScaler.fit(List.of("offset", "spend", "count"), x, List.of("spend"));
        for (int c = 0; c < 3; c++) {
            double[] col = new double[rows];
            for (int r = 0; r < rows; r++) {
                col[r] = c == 1 ? Math.log1p(x[r * 3 + c]) : x[r * 3 + c];
            }
            assertEquals(new Mean().evaluate(col), s.mean(c), 1e-12 * Math.max(1, Math.abs(s.mean(c))), "mean " + c);
            assertEquals(new StandardDeviation(false).evaluate(col), s.scale(c), 1e-9 * s.scale(c), "scale " + c);
        }
        // The fitted rows come out with mean 0 and standard deviation 1 in every column.
        double[] z = s.transform(x);
        for (int c = 0; c < 3; c++) {
            double[] col = new double[rows];
            for (int r = 0; r < rows; r++) {
                col[r] = z[r * 3 + c];
            }
            assertEquals(0, new Mean().evaluate(col), 1e-9);
            assertEquals(1, new StandardDeviation(false).evaluate(col), 1e-9);
        }
        // And back again.
        double[] back = s.inverse(z);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], back[i], 1e-9 * Math.max(1, Math.abs(x[i])), "value " + i);
        }
        float[] f = s.transformToFloat(x);
        for (int i = 0; i < x.length; i++) {
            assertEquals((float) z[i], f[i]);
        }
        double[] fromFloat = s.inverse(f);
        assertEquals(x[4], fromFloat[4], 1e-5 * x[4], "float inputs are widened, then inverted");
    }

    @Test
    void newRowsAreScaledWithTheFittedParameters() {
        FeatureScaler s = FeatureScaler.fit(AB, new double[]{0, 0, 2, 10, 4, 20}, Set.of("b"));
        double[] z = s.transform(new double[]{6, 99});
        assertEquals((6 - s.mean(0)) / s.scale(0), z[0], 1e-15);
        assertEquals((Math.log1p(99) - s.mean(1)) / s.scale(1), z[1], 1e-15);
        assertEquals(0, s.transform(new double[0]).length, "no rows in, no rows out");
    }

    @Test
    void constantColumnsGetScaleOneAndTransformToZero() {
        // 0.1 three times: the mean computed as (0.1 + 0.1 + 0.1) / 3 is 0.10000000000000002, and a
        // scale computed from it would be about 1e-17; a constant column must come out exactly 0.
        FeatureScaler s = FeatureScaler.fit(List.of("c", "v"), new double[]{0.1, 1, 0.1, 2, 0.1, 3}, List.of());
        assertEquals(0.1, s.mean(0));
        assertEquals(1.0, s.scale(0));
        assertEquals(List.of("c"), s.constantColumns());
        double[] z = s.transform(new double[]{0.1, 2, 0.6, 2});
        assertEquals(0.0, z[0]);
        assertEquals(0.5, z[2], 1e-15, "a new value is shifted but not scaled");
        assertArrayEquals(new double[]{0.1, 2}, s.inverse(new double[]{0, 0}), 1e-15);

        FeatureScaler one = FeatureScaler.fit(AB, new double[]{3, 4}, Set.of("a"));
        assertEquals(AB, one.constantColumns(), "one row: every column is constant");
        assertArrayEquals(new double[]{0, 0}, one.transform(new double[]{3, 4}));
    }

    @Test
    void badInputIsNamedByRowAndColumn() {
        assertEquals("feature scaler: cannot fit on 0 rows",
                assertThrows(IllegalArgumentException.class, () -> FeatureScaler.fit(AB, new double[0], Set.of())).getMessage());
        assertEquals("feature scaler: fit: 3 values are not a whole number of rows of 2 columns",
                assertThrows(IllegalArgumentException.class, () -> FeatureScaler.fit(AB, new double[3], Set.of())).getMessage());
        assertEquals("feature scaler: row 1, column \"b\": value NaN is not finite",
                assertThrows(IllegalArgumentException.class,
                        () -> FeatureScaler.fit(AB, new double[]{1, 2, 3, Double.NaN}, Set.of())).getMessage());
        assertEquals("feature scaler: row 0, column \"a\": value Infinity is not finite",
                assertThrows(IllegalArgumentException.class,
                        () -> FeatureScaler.fit(AB, new double[]{Double.POSITIVE_INFINITY, 2}, Set.of())).getMessage());
        assertEquals("feature scaler: row 2, column \"a\": log1p needs values above -1, got -1.0",
                assertThrows(IllegalArgumentException.class,
                        () -> FeatureScaler.fit(AB, new double[]{0, 0, 1, 1, -1, 2}, Set.of("a"))).getMessage());
        assertEquals("feature scaler: log1p column \"x\" is not one of [a, b]",
                assertThrows(IllegalArgumentException.class, () -> FeatureScaler.fit(AB, new double[2], Set.of("x"))).getMessage());
        assertEquals("feature scaler: column name \"a\" appears twice in [a, a]",
                assertThrows(IllegalArgumentException.class,
                        () -> FeatureScaler.fit(List.of("a", "a"), new double[2], Set.of())).getMessage());

        FeatureScaler s = FeatureScaler.fit(AB, new double[]{0, 0, 1, 1}, Set.of("b"));
        assertEquals("feature scaler: row 1, column \"b\": log1p needs values above -1, got -3.0",
                assertThrows(IllegalArgumentException.class, () -> s.transform(new double[]{0, 0, 0, -3})).getMessage());
        assertEquals("feature scaler: transform: 5 values are not a whole number of rows of 2 columns",
                assertThrows(IllegalArgumentException.class, () -> s.transform(new double[5])).getMessage());
        assertEquals("feature scaler: row 0, column \"a\": value NaN is not finite",
                assertThrows(IllegalArgumentException.class, () -> s.inverse(new double[]{Double.NaN, 0})).getMessage());
        assertEquals("feature scaler: row 0, column \"b\": the inverse of 1.0E10 overflows a double",
                assertThrows(IllegalArgumentException.class, () -> s.inverse(new double[]{0, 1e10})).getMessage());
    }

    @Test
    void savedAndLoadedExactly() throws IOException {
        Random rnd = new Random(7);
        double[] x = new double[300];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.exp(rnd.nextGaussian() * 2);
        }
        FeatureScaler s = FeatureScaler.fit(List.of("recency_days", "monetary", "k"), x, List.of("monetary"));
        Path file = tmp.resolve("scaler.json");
        s.save(file);
        FeatureScaler loaded = FeatureScaler.load(file);
        assertEquals(s, loaded);
        assertEquals(s.hashCode(), loaded.hashCode());
        assertArrayEquals(s.transform(x), loaded.transform(x), "bit for bit");
        assertEquals(s, FeatureScaler.fromJson(Json.parseObject(Json.write(s.toJson()))));
        assertEquals(List.of(), Files.list(tmp).filter(p -> !p.equals(file)).toList(), "no temporary file left behind");

        String text = Files.readString(file);
        assertTrue(text.startsWith("{\n  \"format\": \"brisk.feature-scaler\",\n  \"version\": 1,\n  \"fitted_rows\": 100,\n"), text);
        assertNotEquals(s, FeatureScaler.fit(List.of("recency_days", "monetary", "k"), x, List.of()));
    }

    @Test
    void aSavedFormThatIsWrongIsNamed() throws IOException {
        Map<String, Object> good = FeatureScaler.fit(AB, new double[]{1, 2, 3, 4}, Set.of()).toJson();
        assertEquals("feature scaler: \"format\" is a string \"other\", expected \"brisk.feature-scaler\"",
                fromJsonError(good, "format", "other"));
        assertEquals("feature scaler: version 2 is not supported (this code reads 1)", fromJsonError(good, "version", 2L));
        assertEquals("feature scaler: \"fitted_rows\" is missing or null, expected an integer", fromJsonError(good, "fitted_rows", null));
        assertEquals("feature scaler: \"columns\" is an object, expected an array", fromJsonError(good, "columns", Map.of()));

        Map<String, Object> col = new LinkedHashMap<>(Map.of("name", "a", "log1p", false, "mean", 1.0, "scale", 0.0, "constant", false));
        assertEquals("feature scaler: \"columns[0].scale\" must be positive, got 0.0",
                fromJsonError(good, "columns", List.of(col)));
        col.put("scale", 1.0);
        col.remove("mean");
        assertEquals("feature scaler: \"columns[0].mean\" is missing or null, expected a finite number",
                fromJsonError(good, "columns", List.of(col)));
        col.put("mean", 1.0);
        col.put("log1p", "yes");
        assertEquals("feature scaler: \"columns[0].log1p\" is a string \"yes\", expected true or false",
                fromJsonError(good, "columns", List.of(col)));
        col.put("log1p", false);
        assertEquals("feature scaler: column name \"a\" appears twice in [a, a]", fromJsonError(good, "columns", List.of(col, col)));

        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"format\": \"brisk.feature-scaler\",");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureScaler.load(broken));
        assertTrue(e.getMessage().startsWith(broken + ": json: "), e.getMessage());
    }

    private static String fromJsonError(Map<String, Object> json, String key, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(json);
        changed.put(key, value);
        return assertThrows(IllegalArgumentException.class, () -> FeatureScaler.fromJson(changed)).getMessage();
    }

    @Test
    void onTheCustomerTableOfTheExcerpt() throws IOException {
        CustomerTable t = CustomerTable.build(RetailCleaner.standard().clean(Fixtures.excerpt().transactions()).transactions());
        FeatureScaler s = FeatureScaler.fit(t.columnNames(), t.values(), CustomerTable.LOG1P_COLUMNS);
        for (String name : CustomerTable.LOG1P_COLUMNS) {
            assertTrue(s.isLog1p(s.indexOf(name)), name);
        }
        assertFalse(s.isLog1p(s.indexOf("tenure_days")));
        float[] x = s.transformToFloat(t.values());
        assertEquals(t.size() * t.columnCount(), x.length);
        FeatureMatrix m = s.transformToMatrix(t.values());
        assertArrayEquals(x, m.toRowMajor());
        assertEquals(t.columnNames(), m.names());
        assertThrows(IllegalArgumentException.class, () -> s.transformToMatrix(new double[0]));
        // The log1p'd monetary mean is the mean of log1p(spend) over the 303 customers.
        double sum = 0;
        for (double spend : t.column(CustomerTable.Column.MONETARY)) {
            sum += Math.log1p(spend);
        }
        assertEquals(sum / t.size(), s.mean(s.indexOf("monetary")), 1e-12);
    }
}
