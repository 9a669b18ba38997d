package dev.brisk.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpendPredictionExampleTest {

    @Test
    void optionsAreParsedByHandWithClearErrors() {
        SpendPredictionExample.Options o = SpendPredictionExample.parse(new String[]{
                "--data", "retail.csv.gz", "--seed", "7", "--test-fraction", "0.25", "--cutoff", "2011-06-01"});
        assertEquals(new SpendPredictionExample.Options(Path.of("retail.csv.gz"), 7, 0.25, LocalDate.of(2011, 6, 1)), o);
        assertEquals(new SpendPredictionExample.Options(null, 42, 0.2, null), SpendPredictionExample.parse(new String[0]));
        assertNull(SpendPredictionExample.parse(new String[]{"--help"}));
        assertEquals("--test-fraction needs a number between 0 and 1 (exclusive), got '1'", assertThrows(
                IllegalArgumentException.class, () -> SpendPredictionExample.parse(new String[]{"--test-fraction", "1"}))
                .getMessage());
        assertEquals("--test-fraction needs a number between 0 and 1 (exclusive), got 'a fifth'", assertThrows(
                IllegalArgumentException.class, () -> SpendPredictionExample.parse(new String[]{"--test-fraction", "a fifth"}))
                .getMessage());
        assertEquals("--seed needs a whole number, got '4.5'", assertThrows(IllegalArgumentException.class,
                () -> SpendPredictionExample.parse(new String[]{"--seed", "4.5"})).getMessage());
        assertEquals("--cutoff needs a date YYYY-MM-DD, got '1/6/2011'", assertThrows(IllegalArgumentException.class,
                () -> SpendPredictionExample.parse(new String[]{"--cutoff", "1/6/2011"})).getMessage());
        assertEquals("--data needs a value", assertThrows(IllegalArgumentException.class,
                () -> SpendPredictionExample.parse(new String[]{"--data"})).getMessage());
        assertEquals("unknown option '--epochs'", assertThrows(IllegalArgumentException.class,
                () -> SpendPredictionExample.parse(new String[]{"--epochs", "3"})).getMessage());
    }

    @Test
    void aMissingDataFileSaysHowToConfigureIt(@TempDir Path dir) {
        Path missing = dir.resolve("nothing.csv.gz");
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> SpendPredictionExample.dataFile(
                new SpendPredictionExample.Options(missing, 42, 0.2, null)));
        assertTrue(e.getMessage().startsWith("--data " + missing + ": no such file."), e.getMessage());
        assertTrue(e.getMessage().contains("-Dbrisk.data.dir or BRISK_DATA_DIR"), e.getMessage());
    }

    /** The whole example on the committed excerpt (five days of December 2010), cut after two days. */
    @Test
    void runsOnTheExcerpt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("excerpt.csv.gz");
        try (InputStream in = getClass().getResourceAsStream("/online-retail/online-retail-first-10000.csv.gz")) {
            assertNotNull(in, "the excerpt from brisk-datasets' test-jar");
            Files.copy(in, file);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SpendPredictionExample.Options options = SpendPredictionExample.parse(
                new String[]{"--data", file.toString(), "--cutoff", "2010-12-03"});
        SpendPredictionExample.run(SpendPredictionExample.dataFile(options), options, new PrintStream(bytes, true,
                StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        for (String expected : new String[]{
                "10,000 data lines: 10,000 rows read, 0 malformed",
                "Cleaning 10,000 transactions:",
                "features from [2010-12-01T00:00, 2010-12-03T00:00) (2 days), target: log1p(spend in "
                        + "[2010-12-03T00:00, 2010-12-06T00:00)) (3 days)",
                "188 customers bought before the cutoff; 9 of them (4.8%) bought again after it",
                "150 customers to fit on, 38 held out (20%, seed 42)",
                "Regression on 38 held-out samples",
                "mean baseline", "linear regression", "mlp [64,32]",
                "MLP vs linear regression on the held-out customers",
                "6. Forecast from 2010-12-06T00:00 for the next 3 days"}) {
            assertTrue(out.contains(expected), "missing '" + expected + "' in:\n" + out);
        }
    }

    @Test
    void theOracleKnowsOnlyWhoComesBack() {
        // y = 0, 0, 2, 4: the oracle predicts 0, 0, 3, 3; residual 2, total 11 (mean 1.5).
        assertEquals(1 - 2.0 / 11.0, SpendPredictionExample.whoComesBackR2(new float[]{0, 0, 2, 4}), 1e-12);
    }
}
