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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentationExampleTest {

    @Test
    void optionsAreParsedByHandWithClearErrors() {
        assertEquals(new SegmentationExample.Options(Path.of("r.csv"), 5, 7, Path.of("rfm.csv")),
                SegmentationExample.parse(new String[]{"--data", "r.csv", "--k", "5", "--seed", "7", "--export-rfm",
                        "rfm.csv"}));
        assertEquals(new SegmentationExample.Options(null, 4, 42, null), SegmentationExample.parse(new String[0]));
        assertEquals(0, SegmentationExample.parse(new String[]{"--k", "auto"}).k());
        assertNull(SegmentationExample.parse(new String[]{"-h"}));
        assertEquals("--k needs a whole number from 2 to 10, or auto; got '11'", assertThrows(
                IllegalArgumentException.class, () -> SegmentationExample.parse(new String[]{"--k", "11"})).getMessage());
        assertEquals("--k needs a whole number from 2 to 10, or auto; got 'four'", assertThrows(
                IllegalArgumentException.class, () -> SegmentationExample.parse(new String[]{"--k", "four"})).getMessage());
        assertEquals("--seed needs a whole number, got 'x'", assertThrows(IllegalArgumentException.class,
                () -> SegmentationExample.parse(new String[]{"--seed", "x"})).getMessage());
        assertEquals("--export-rfm needs a value", assertThrows(IllegalArgumentException.class,
                () -> SegmentationExample.parse(new String[]{"--export-rfm"})).getMessage());
        assertEquals("unknown option '--epochs'", assertThrows(IllegalArgumentException.class,
                () -> SegmentationExample.parse(new String[]{"--epochs", "3"})).getMessage());
    }

    @Test
    void aMissingDataFileSaysHowToConfigureIt(@TempDir Path dir) {
        Path missing = dir.resolve("nothing.csv.gz");
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> SegmentationExample.dataFile(
                new SegmentationExample.Options(missing, 4, 42, null)));
        assertTrue(e.getMessage().startsWith("--data " + missing + ": no such file."), e.getMessage());
    }

    @Test
    void wrapsLongDescriptions() {
        String text = "word ".repeat(60).trim();
        String wrapped = SegmentationExample.wrap(text);
        for (String line : wrapped.split("\n")) {
            assertTrue(line.length() <= 100, line);
        }
        assertEquals(text, wrapped.trim().replace('\n', ' '));
    }

    /** The whole example on the committed excerpt (the first 10,000 lines: five days of December 2010). */
    @Test
    void runsOnTheExcerptAndExportsTheMatrix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("excerpt.csv.gz");
        try (InputStream in = getClass().getResourceAsStream("/online-retail/online-retail-first-10000.csv.gz")) {
            assertNotNull(in, "the excerpt from brisk-datasets' test-jar");
            Files.copy(in, file);
        }
        Path export = dir.resolve("rfm.csv");
        SegmentationExample.Options options = SegmentationExample.parse(
                new String[]{"--data", file.toString(), "--k", "3", "--export-rfm", export.toString()});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SegmentationExample.run(SegmentationExample.dataFile(options), options,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        for (String expected : new String[]{
                "10,000 data lines: 10,000 rows read, 0 malformed",
                "Cleaning 10,000 transactions:",
                "4. Choosing k: one k-means++ start per k, seed 42",
                "Using k = 3 (--k).",
                "5. Segments", " segment  label", "6. Assigning customers", "new customer: last purchase",
                "7. k-means as scikit-learn runs it (k = 3", "standardized RFM matrix to " + export,
                "8. Deep segmentation", "Comparison, k = 3", "RFM k-means", "autoencoder k-means", "Done in"}) {
            assertTrue(out.contains(expected), "missing '" + expected + "' in:\n" + out);
        }
        List<String> lines = Files.readAllLines(export);
        String customers = out.lines().filter(l -> l.startsWith("CustomerTable[")).findFirst().orElseThrow();
        int n = Integer.parseInt(customers.substring("CustomerTable[".length(), customers.indexOf(' ')).replace(",", ""));
        assertEquals(n, lines.size(), "one row per customer");
        assertEquals(3, lines.getFirst().split(",").length);
    }
}
