package dev.brisk.marketing.segment;

import dev.brisk.engine.io.AtomicFiles;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a numeric matrix as CSV without a header, one row per line, so that another tool can run on
 * exactly the values ours did, e.g. scikit-learn's k-means on the standardized RFM matrix:
 *
 * <pre>{@code
 * MatrixCsv.write(Path.of("rfm.csv"), segments.points(), table.size(), segments.dims());
 * // python3: X = np.loadtxt("rfm.csv", delimiter=",").astype(np.float32)   -> the same floats
 * }</pre>
 *
 * Each float is written as its shortest decimal ({@link Float#toString}) when that decimal, parsed
 * into a double and narrowed to float32 as numpy does, gives back the same float, bit for bit;
 * otherwise (rounding twice can in principle land on the neighbouring float) as the shortest decimal
 * of its exact value in double precision ({@link Double#toString(double)} of the widened float), which
 * a double parse gets exactly.
 *
 * <p>The file is written atomically: to a temporary file beside it, forced to disk, then renamed over
 * the target, so a reader sees the old file or the whole new one. It is readable by all
 * ({@code rw-r--r--}) where the file system has POSIX permissions.
 */
public final class MatrixCsv {

    private MatrixCsv() {
    }

    /**
     * Writes {@code rows x cols} values, row-major, to {@code file}.
     *
     * @throws IllegalArgumentException if the shape does not match the array or a value is not finite
     *                                  (naming its row and column)
     * @throws IOException              if the file cannot be written; it then keeps its old content
     */
    public static void write(Path file, float[] data, int rows, int cols) throws IOException {
        if (rows < 0 || cols < 1 || (long) rows * cols != data.length) {
            throw new IllegalArgumentException("MatrixCsv: " + rows + " rows x " + cols + " columns do not match "
                    + data.length + " values");
        }
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new IllegalArgumentException("MatrixCsv: row " + i / cols + ", column " + i % cols + " is "
                        + data[i] + "; a numeric CSV holds finite values only");
            }
        }
        AtomicFiles.write(file, ch -> {
            // not closed here: AtomicFiles forces and closes the channel
            Writer out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(ch),
                    StandardCharsets.US_ASCII), 1 << 16);
            StringBuilder line = new StringBuilder();
            for (int r = 0; r < rows; r++) {
                line.setLength(0);
                for (int j = 0; j < cols; j++) {
                    if (j > 0) {
                        line.append(',');
                    }
                    line.append(format(data[r * cols + j]));
                }
                line.append('\n');
                out.append(line);
            }
            out.flush();
        });
        // the export is for other tools and users: an ordinary file's rw-r--r--, whatever the umask
        if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** The decimal a float is written as (see the class comment). */
    static String format(float v) {
        String s = Float.toString(v);
        if (Float.floatToRawIntBits((float) Double.parseDouble(s)) != Float.floatToRawIntBits(v)) {
            s = Double.toString(v);
        }
        return s;
    }
}
