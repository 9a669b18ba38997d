package dev.brisk.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.brisk.datasets.IdxFiles.gzip;
import static dev.brisk.datasets.IdxFiles.idx;
import static dev.brisk.datasets.IdxFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The IDX reader: round trips, and a clear message for every way a file can be wrong. */
class IdxReaderTest {

    @TempDir
    Path dir;

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] countingBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 11);
        }
        b[n - 1] = (byte) 255;
        return b;
    }

    private IdxFormatException readFails(Path file) {
        return assertThrows(IdxFormatException.class, () -> IdxReader.read(file));
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected \"" + part + "\" in the message:\n" + message);
        }
    }

    // ------------------------------------------------------------------ round trips

    @Test
    void readsRawUnsignedBytes() throws IOException {
        byte[] data = countingBytes(24);
        Path file = write(dir.resolve("a-idx3-ubyte"), idx(0x08, new int[]{3, 2, 4}, data));
        IdxArray a = IdxReader.read(file);
        assertEquals(IdxType.UNSIGNED_BYTE, a.type());
        assertArrayEquals(new int[]{3, 2, 4}, a.dims());
        assertArrayEquals(data, a.data());
        assertEquals(24, a.count());
        assertEquals(255, a.intAt(23), "unsigned: byte 0xFF is 255, not -1");
        assertEquals(11, a.intAt(1));
    }

    @Test
    void readsGzipDetectedByContentNotName() throws IOException {
        byte[] plain = idx(0x08, new int[]{5, 3}, countingBytes(15));
        IdxArray expected = IdxReader.read(write(dir.resolve("plain"), plain));
        // gzipped but named like a raw file, and raw but named like a gzip file: both read right.
        assertEquals(expected, IdxReader.read(write(dir.resolve("zipped-idx2-ubyte"), gzip(plain))));
        assertEquals(expected, IdxReader.read(write(dir.resolve("not-really.gz"), plain)));
        assertEquals(expected, IdxReader.read(new ByteArrayInputStream(gzip(plain)), "stream"));
        assertEquals(expected, IdxReader.read(new ByteArrayInputStream(plain), "stream"));
    }

    @Test
    void readsEveryElementTypeBigEndian() throws IOException {
        assertEquals(-2, IdxReader.read(write(dir.resolve("s8"), idx(0x09, new int[]{1}, bytes(0xFE)))).intAt(0));
        assertEquals(-300, IdxReader.read(write(dir.resolve("s16"), idx(0x0B, new int[]{1},
                ByteBuffer.allocate(2).putShort((short) -300).array()))).intAt(0));
        IdxArray ints = IdxReader.read(write(dir.resolve("i32"), idx(0x0C, new int[]{2},
                ByteBuffer.allocate(8).putInt(-123456789).putInt(7).array())));
        assertEquals(-123456789, ints.intAt(0));
        assertEquals(7, ints.intAt(1));
        assertEquals(-1.5, IdxReader.read(write(dir.resolve("f32"), idx(0x0D, new int[]{1},
                ByteBuffer.allocate(4).putFloat(-1.5f).array()))).doubleAt(0));
        IdxArray doubles = IdxReader.read(write(dir.resolve("f64"), gzip(idx(0x0E, new int[]{1, 2},
                ByteBuffer.allocate(16).putDouble(Math.PI).putDouble(-0.1).array()))));
        assertEquals(IdxType.DOUBLE, doubles.type());
        assertEquals(Math.PI, doubles.doubleAt(0));
        assertEquals(-0.1, doubles.doubleAt(1));
    }

    // ------------------------------------------------------------------ the header

    @Test
    void rejectsBadMagic() throws IOException {
        Path file = write(dir.resolve("bad"), bytes(0x01, 0x02, 0x08, 0x01, 0, 0, 0, 1, 7));
        IdxFormatException e = readFails(file);
        assertContains(e.getMessage(), file.toString(), "bad magic number at byte 0", "expected 00 00 <type> <number of dimensions>",
                "found 01 02 08 01", "not an IDX file");
        assertEquals(0, e.offset());
        assertEquals(file.toString(), e.file());
    }

    @Test
    void rejectsBadMagicInsideGzipWithDecompressedOffsets() throws IOException {
        Path file = write(dir.resolve("bad.gz"), gzip(bytes(0x50, 0x4B, 0x03, 0x04)));
        assertContains(readFails(file).getMessage(), file.toString(), "bad magic number at byte 0 of the decompressed data", "found 50 4B 03 04");
    }

    @Test
    void rejectsUnknownType() throws IOException {
        Path file = write(dir.resolve("type7"), bytes(0, 0, 0x07, 1, 0, 0, 0, 1, 9));
        IdxFormatException e = readFails(file);
        assertContains(e.getMessage(), file.toString(), "unknown element type 0x07 at byte 2", "00 00 07 01",
                "0x08 (unsigned byte)", "0x0E (double)");
        assertEquals(2, e.offset());
    }

    @Test
    void rejectsZeroDimensions() throws IOException {
        assertContains(readFails(write(dir.resolve("rank0"), bytes(0, 0, 8, 0))).getMessage(),
                "byte 3 declares 0 dimensions", "expected at least 1");
    }

    @Test
    void rejectsNegativeAndZeroSizes() throws IOException {
        Path negative = write(dir.resolve("negative"), idx(0x08, new int[]{2, -5}, new byte[0]));
        IdxFormatException e = readFails(negative);
        assertContains(e.getMessage(), negative.toString(), "dimension 1 (bytes 8..11) is -5", "expected a positive size");
        assertEquals(8, e.offset());
        assertContains(readFails(write(dir.resolve("zero"), idx(0x08, new int[]{0}, new byte[0]))).getMessage(),
                "dimension 0 (bytes 4..7) is 0");
    }

    @Test
    void rejectsSizesBeyondAJavaArray() throws IOException {
        Path square = write(dir.resolve("huge"), idx(0x08, new int[]{65536, 65536, 3}, new byte[0]));
        assertContains(readFails(square).getMessage(), square.toString(), "dims [65536, 65536]... (of 3) of unsigned byte make 4294967296 bytes",
                "more than one Java array holds (2147483639)");
        // Fits as a count, not as bytes: 2^29 doubles are 4 GiB.
        assertContains(readFails(write(dir.resolve("doubles"), idx(0x0E, new int[]{1 << 29}, new byte[0]))).getMessage(),
                "dims [536870912] of double make 4294967296 bytes");
    }

    @Test
    void rejectsTruncatedHeader() throws IOException {
        Path file = write(dir.resolve("short-header"), bytes(0, 0, 8, 3, 0, 0, 0, 2, 0, 0));
        assertContains(readFails(file).getMessage(), file.toString(), "truncated header: 3 dimensions need 16 header bytes",
                "the file ends after 10 bytes");
        assertContains(readFails(write(dir.resolve("empty"), new byte[0])).getMessage(), "too short for an IDX file", "ends after 0 bytes");
    }

    // ------------------------------------------------------------------ the data length

    @Test
    void rejectsTruncatedRawData() throws IOException {
        Path file = write(dir.resolve("truncated"), Arrays.copyOf(idx(0x08, new int[]{10}, countingBytes(10)), 15));
        IdxFormatException e = readFails(file);
        assertContains(e.getMessage(), file.toString(), "truncated at byte 15", "dims [10] of unsigned byte",
                "10 data bytes from byte 8 (18 in all)", "the file has 15 bytes (7 data bytes), 3 missing");
        assertEquals(15, e.offset());
    }

    @Test
    void rejectsTruncatedGzipData() throws IOException {
        // A well-formed gzip stream whose contents stop short.
        Path file = write(dir.resolve("truncated.gz"), gzip(Arrays.copyOf(idx(0x08, new int[]{10}, countingBytes(10)), 15)));
        assertContains(readFails(file).getMessage(), file.toString(), "truncated at byte 15 of the decompressed data",
                "10 data bytes from byte 8 (18 in all)", "only 7 data bytes follow (15 in all), 3 missing");
    }

    @Test
    void reportsTruncatedDataWithoutAllocatingTheDeclaredSize() throws IOException {
        // The header claims 1 GiB; a reader that trusted it would allocate 1 GiB before noticing.
        Path file = write(dir.resolve("liar.gz"), gzip(idx(0x08, new int[]{1 << 30}, countingBytes(10))));
        assertContains(readFails(file).getMessage(), "1073741824 data bytes", "only 10 data bytes follow");
    }

    @Test
    void rejectsACutGzipStream() throws IOException {
        byte[] zipped = gzip(idx(0x08, new int[]{1000}, countingBytes(1000)));
        Path file = write(dir.resolve("cut.gz"), Arrays.copyOf(zipped, zipped.length / 2));
        assertContains(readFails(file).getMessage(), file.toString(), "corrupt or truncated gzip stream", "the file is damaged");
    }

    @Test
    void rejectsTrailingRawBytes() throws IOException {
        byte[] good = idx(0x08, new int[]{10}, countingBytes(10));
        Path file = write(dir.resolve("trailing"), Arrays.copyOf(good, good.length + 3));
        IdxFormatException e = readFails(file);
        assertContains(e.getMessage(), file.toString(), "3 trailing bytes after the data, from byte 18",
                "10 data bytes from byte 8 (18 in all)", "the file has 21 bytes");
        assertEquals(18, e.offset());
    }

    @Test
    void rejectsTrailingGzipBytes() throws IOException {
        byte[] good = idx(0x08, new int[]{10}, countingBytes(10));
        Path file = write(dir.resolve("trailing.gz"), gzip(Arrays.copyOf(good, good.length + 3)));
        assertContains(readFails(file).getMessage(), file.toString(), "3 trailing bytes after the data, from byte 18 of the decompressed data",
                "21 bytes were found");
    }
}
