package dev.brisk.datasets;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, raw or gzipped.
 *
 * <h2>The format</h2>
 * <pre>
 * byte 0..1   0x00 0x00                  the magic number starts with two zero bytes,
 * byte 2      element type               0x08 unsigned byte, 0x09 signed byte, 0x0B short,
 *                                        0x0C int, 0x0D float, 0x0E double (see {@link IdxType}),
 * byte 3      number of dimensions n     then
 * byte 4..    n sizes                    each a big-endian 32-bit int,
 * then        the elements               row-major (the last axis varies fastest), big-endian.
 * </pre>
 * So {@code train-images-idx3-ubyte} starts {@code 00 00 08 03 | 00 00 EA 60 | 00 00 00 1C | 00 00 00 1C}:
 * unsigned bytes, 3 axes, {@code [60000, 28, 28]}, followed by exactly 47,040,000 pixel bytes.
 *
 * <h2>What is checked</h2>
 * Whether a file is gzipped is decided by its first two bytes (the gzip magic {@code 1F 8B}), never by
 * its name: an IDX file always starts with {@code 00 00}, so the two cannot be confused. Then the magic
 * number, the element type, that every dimension is positive and that the data fits a Java array, and
 * that exactly the declared number of data bytes follows: a truncated file and a file with trailing
 * bytes both fail, with an {@link IdxFormatException} naming the file, the byte offset, and the expected
 * and actual byte counts. (For gzipped files offsets and counts are those of the decompressed stream.)
 *
 * <pre>{@code
 * IdxArray labels = IdxReader.read(Path.of("/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz"));
 * labels.dims();        // [60000]
 * labels.intAt(0);      // 9: the first training image is an ankle boot
 * }</pre>
 */
public final class IdxReader {

    /** The most bytes a Java array can reliably hold (HotSpot reserves a few header words). */
    static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private static final int BUFFER = 1 << 16;

    private IdxReader() {
    }

    /**
     * Reads a whole IDX file, raw or gzipped.
     *
     * @throws IdxFormatException if the contents are not a well-formed IDX file (the message says why and where)
     * @throws IOException if the file cannot be read
     */
    public static IdxArray read(Path file) throws IOException {
        String name = file.toString();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
            if (isGzip(raw)) {
                long compressed = Files.size(file);
                // DEFLATE expands at most ~1032:1, which bounds a trailer that lies.
                long hint = Math.min(gzipSizeHint(file), compressed * 1032);
                return readGzip(raw, name, compressed, hint);
            }
            return readIdx(raw, name, false, Files.size(file), -1);
        }
    }

    /**
     * Reads an IDX stream, raw or gzipped, to its end (the stream is not closed). {@code name} is used
     * in error messages, so pass the file name or URL it came from.
     *
     * @throws IdxFormatException if the contents are not a well-formed IDX file
     */
    public static IdxArray read(InputStream in, String name) throws IOException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in, BUFFER);
        if (isGzip(buffered)) {
            return readGzip(buffered, name, -1, -1);
        }
        return readIdx(buffered, name, false, -1, -1);
    }

    /** Peeks at the first two bytes: {@code 1F 8B} is the gzip magic (RFC 1952). */
    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1F && b1 == 0x8B;
    }

    private static IdxArray readGzip(InputStream raw, String name, long compressedLength, long sizeHint) throws IOException {
        CountingInputStream inflated = null;
        try {
            inflated = new CountingInputStream(new GZIPInputStream(raw, BUFFER));
            return readIdx(inflated, name, true, -1, sizeHint);
        } catch (ZipException | EOFException e) {
            // The inflater's own words ("invalid stored block lengths", "Unexpected end of ZLIB input
            // stream") say little on their own: name the file, how far it got, and what to do.
            long at = inflated == null ? 0 : inflated.count;
            throw new IdxFormatException(name, at, "corrupt or truncated gzip stream after " + at
                    + " decompressed bytes (" + e.getMessage() + ")"
                    + (compressedLength >= 0 ? "; the compressed file has " + compressedLength + " bytes" : "")
                    + ": the file is damaged, fetch it again", e);
        }
    }

    /** Counts the bytes read through it, so a gzip failure can say how far decompression got. */
    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /**
     * The uncompressed size a gzip file announces in its last four bytes (ISIZE, little-endian, modulo
     * 2^32), or -1. Only a hint, used to allocate the data array once: the data is still read and counted.
     */
    private static long gzipSizeHint(Path file) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            if (f.length() < 18) {
                return -1;
            }
            f.seek(f.length() - 4);
            int le = f.readInt();
            return Integer.reverseBytes(le) & 0xFFFFFFFFL;
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * @param gzip       whether {@code in} is decompressing a gzip file (offsets are then decompressed ones)
     * @param length     the stream's exact length when known (a raw file), else -1
     * @param sizeHint   the probable length (from a gzip trailer), else -1
     */
    private static IdxArray readIdx(InputStream in, String name, boolean gzip, long length, long sizeHint) throws IOException {
        byte[] magic = in.readNBytes(4);
        String where = gzip ? " of the decompressed data" : "";
        if (magic.length < 4) {
            throw new IdxFormatException(name, magic.length, "too short for an IDX file: it ends after " + magic.length
                    + " bytes" + where + ", before the end of the 4-byte magic number (expected 00 00 <type> <number of dimensions>)");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new IdxFormatException(name, 0, "bad magic number at byte 0" + where + ": expected 00 00 <type> <number of dimensions>, found "
                    + hex(magic) + "; this is not an IDX file");
        }
        IdxType type = IdxType.fromCode(magic[2] & 0xFF);
        if (type == null) {
            throw new IdxFormatException(name, 2, String.format("unknown element type 0x%02X at byte 2%s (magic number %s): expected one of %s",
                    magic[2] & 0xFF, where, hex(magic), IdxType.validCodes()));
        }
        int rank = magic[3] & 0xFF;
        if (rank == 0) {
            throw new IdxFormatException(name, 3, "byte 3 declares 0 dimensions (magic number " + hex(magic)
                    + "): expected at least 1");
        }
        int headerBytes = 4 + 4 * rank;
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw new IdxFormatException(name, 4 + dimBytes.length, "truncated header: " + rank + " dimensions need "
                    + headerBytes + " header bytes, but the " + (gzip ? "decompressed data" : "file") + " ends after "
                    + (4 + dimBytes.length) + " bytes");
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            int o = 4 * i;
            dims[i] = (dimBytes[o] << 24) | ((dimBytes[o + 1] & 0xFF) << 16) | ((dimBytes[o + 2] & 0xFF) << 8) | (dimBytes[o + 3] & 0xFF);
            if (dims[i] <= 0) {
                throw new IdxFormatException(name, 4 + o, "dimension " + i + " (bytes " + (4 + o) + ".." + (7 + o) + ") is "
                        + dims[i] + ": expected a positive size; header dims so far " + Arrays.toString(Arrays.copyOf(dims, i + 1)));
            }
            count *= dims[i];
            // Checked after every factor, so the long cannot overflow (each factor is below 2^31).
            if (count * type.bytes() > MAX_ARRAY_BYTES) {
                throw new IdxFormatException(name, 4 + o, "dims " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                        + (i + 1 < rank ? "... (of " + rank + ")" : "") + " of " + type + " make " + count * type.bytes()
                        + " bytes or more, more than one Java array holds (" + MAX_ARRAY_BYTES + "); the header is corrupt or the file too large");
            }
        }
        int expected = (int) (count * type.bytes());
        String declares = "the header declares dims " + Arrays.toString(dims) + " of " + type + ", so " + expected
                + " data bytes from byte " + headerBytes + " (" + ((long) headerBytes + expected) + " in all)";

        // A raw file's length is known: reject a wrong one before allocating anything.
        if (length >= 0 && length != (long) headerBytes + expected) {
            long actualData = length - headerBytes;
            if (actualData < expected) {
                throw new IdxFormatException(name, length, "truncated at byte " + length + ": " + declares + ", but the file has "
                        + length + " bytes (" + actualData + " data bytes), " + (expected - actualData) + " missing");
            }
            throw new IdxFormatException(name, (long) headerBytes + expected, (actualData - expected) + " trailing bytes after the data, from byte "
                    + ((long) headerBytes + expected) + ": " + declares + ", but the file has " + length + " bytes");
        }

        byte[] data = readData(in, expected, length >= 0 ? expected : (int) Math.min(expected, Math.max(sizeHint - headerBytes, BUFFER)));
        if (data.length < expected) {
            long end = (long) headerBytes + data.length;
            throw new IdxFormatException(name, end, "truncated at byte " + end + where + ": " + declares + ", but only " + data.length + " data bytes follow (" + end + " in all), "
                    + (expected - data.length) + " missing");
        }
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            long end = (long) headerBytes + expected;
            throw new IdxFormatException(name, end, extra + " trailing bytes after the data, from byte " + end
                    + where + ": " + declares + ", but "
                    + (end + extra) + " bytes were found");
        }
        return new IdxArray(type, dims, data);
    }

    /**
     * Reads up to {@code expected} bytes. The array starts at {@code initial} bytes and doubles as data
     * actually arrives, so a header that lies about a huge size cannot make us allocate it up front.
     * Returns an array of exactly the bytes read (shorter than {@code expected} at end of stream).
     */
    private static byte[] readData(InputStream in, int expected, int initial) throws IOException {
        byte[] buf = new byte[Math.max(Math.min(initial, expected), 0)];
        int n = 0;
        while (n < expected) {
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(expected, Math.max(2L * buf.length, BUFFER)));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(String.format("%02X", b & 0xFF));
        }
        return sb.toString();
    }
}
