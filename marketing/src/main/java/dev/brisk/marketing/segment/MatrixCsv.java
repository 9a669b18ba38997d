package dev.brisk.marketing.segment;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 * Each float is written as the shortest decimal of its exact value <em>in double precision</em>
 * ({@link Double#toString(double)} of the widened float): a reader that parses into doubles gets that
 * double exactly, and narrowing it to float32 gives back the original float, bit for bit. (The
 * shortest decimal of the float itself, {@link Float#toString}, is one digit shorter on average but
 * is parsed through a double there, and rounding twice can in principle land on the neighbouring float.)
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
        Path target = file.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(ch),
                         StandardCharsets.US_ASCII), 1 << 16)) {
                StringBuilder line = new StringBuilder();
                for (int r = 0; r < rows; r++) {
                    line.setLength(0);
                    for (int j = 0; j < cols; j++) {
                        if (j > 0) {
                            line.append(',');
                        }
                        line.append((double) data[r * cols + j]);
                    }
                    line.append('\n');
                    out.append(line);
                }
                out.flush();
                ch.force(true);
            }
            // createTempFile makes the file private (rw-------); the export is for other tools and users,
            // so it gets an ordinary file's rw-r--r-- where the file system has POSIX permissions.
            if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
