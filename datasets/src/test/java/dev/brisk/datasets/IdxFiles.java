package dev.brisk.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files and MNIST-style directories for the tests. */
final class IdxFiles {

    private IdxFiles() {
    }

    /** An IDX file's bytes: magic {@code 00 00 type rank}, big-endian dims, then {@code data} as given. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length); // big-endian by default
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    /** {@code n} 28x28 unsigned-byte images; pixel p of image i is {@code (i * 7 + p) mod 256}. */
    static byte[] images(int n) {
        byte[] pixels = new byte[n * 784];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 784; p++) {
                pixels[i * 784 + p] = (byte) (i * 7 + p);
            }
        }
        return idx(0x08, new int[]{n, 28, 28}, pixels);
    }

    /** {@code n} labels, {@code i mod 10}. */
    static byte[] labels(int n) {
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) {
            y[i] = (byte) (i % 10);
        }
        return idx(0x08, new int[]{n}, y);
    }

    /**
     * An MNIST-style directory with {@code nTrain} training and {@code nTest} test images: gzipped files
     * when {@code gzip}, else raw; the sizes tell tests which directory a load came from.
     */
    static Path mnistDir(Path dir, int nTrain, int nTest, boolean gzip) throws IOException {
        String ext = gzip ? ".gz" : "";
        write(dir.resolve("train-images-idx3-ubyte" + ext), maybeGzip(images(nTrain), gzip));
        write(dir.resolve("train-labels-idx1-ubyte" + ext), maybeGzip(labels(nTrain), gzip));
        write(dir.resolve("t10k-images-idx3-ubyte" + ext), maybeGzip(images(nTest), gzip));
        write(dir.resolve("t10k-labels-idx1-ubyte" + ext), maybeGzip(labels(nTest), gzip));
        return dir;
    }

    private static byte[] maybeGzip(byte[] bytes, boolean gzip) {
        return gzip ? gzip(bytes) : bytes;
    }
}
