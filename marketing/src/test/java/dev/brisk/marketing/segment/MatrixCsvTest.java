package dev.brisk.marketing.segment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MatrixCsvTest {

    @Test
    void valuesComeBackBitForBitThroughDoubles(@TempDir Path dir) throws IOException {
        SplittableRandom r = new SplittableRandom(2);
        int rows = 500;
        int cols = 3;
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-8, 8)));
        }
        data[0] = 0.1f;
        data[1] = -0f;
        data[2] = Float.MIN_VALUE;
        Path file = dir.resolve("x.csv");
        Files.writeString(file, "old content");
        MatrixCsv.write(file, data, rows, cols);

        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        assertEquals(rows, lines.size(), "one line per row, no header");
        for (int row = 0; row < rows; row++) {
            String[] fields = lines.get(row).split(",");
            assertEquals(cols, fields.length);
            for (int j = 0; j < cols; j++) {
                // what numpy.loadtxt(...).astype(float32) does: parse a double, narrow it
                float back = (float) Double.parseDouble(fields[j]);
                assertEquals(Float.floatToRawIntBits(data[row * cols + j]), Float.floatToRawIntBits(back),
                        "row " + row + ", column " + j + ": " + fields[j]);
            }
        }
        if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left beside it");
        }
    }

    @Test
    void refusesShapesThatDoNotMatchAndNonFiniteValues(@TempDir Path dir) {
        Path file = dir.resolve("x.csv");
        assertThrows(IllegalArgumentException.class, () -> MatrixCsv.write(file, new float[5], 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatrixCsv.write(file, new float[]{1, 2, Float.NaN, 4}, 2, 2));
        assertEquals("MatrixCsv: row 1, column 0 is NaN; a numeric CSV holds finite values only", e.getMessage());
        assertEquals(false, Files.exists(file));
    }
}
