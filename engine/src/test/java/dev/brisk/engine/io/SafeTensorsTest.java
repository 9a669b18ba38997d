package dev.brisk.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brisk.engine.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safetensors reader and writer: exact bytes, round trips, atomic writes, and a clear
 * {@link SafeTensors.FormatException} for every way a file can be cut, padded or tampered with.
 */
class SafeTensorsTest {

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ helpers

    private static Map<String, Tensor> tensors(Object... nameTensorPairs) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < nameTensorPairs.length; i += 2) {
            m.put((String) nameTensorPairs[i], (Tensor) nameTensorPairs[i + 1]);
        }
        return m;
    }

    /** The bits of every element, so NaN payloads and -0.0 compare exactly. */
    private static int[] bits(Tensor t) {
        float[] v = t.toArray();
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    /** A file made by hand: the header text padded to 8 bytes, its length in front, then {@code data}. */
    private static byte[] file(String headerJson, byte[] data) {
        byte[] h = headerJson.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(h);
        for (int i = h.length; i < padded; i++) {
            b.put((byte) ' ');
        }
        return b.put(data).array();
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    /** Writes {@code bytes}, reads them back, and returns the error, which must name the file and contain each fragment. */
    private SafeTensors.FormatException rejected(byte[] bytes, String... fragments) throws IOException {
        Path p = dir.resolve("bad.safetensors");
        Files.write(p, bytes);
        SafeTensors.FormatException e = assertThrows(SafeTensors.FormatException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
        }
        return e;
    }

    private byte[] validFile() throws IOException {
        Path p = dir.resolve("valid.safetensors");
        SafeTensors.write(p, tensors("dense.weight", Tensor.arange(6).reshape(2, 3), "dense.bias", Tensor.of(new float[]{7, 8, 9})),
                Map.of("epochs", "5"));
        return Files.readAllBytes(p);
    }

    private List<String> filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ------------------------------------------------------------------ the exact bytes

    @Test
    void tinyFileHasTheHandComputedLayout() throws IOException {
        Path p = dir.resolve("tiny.safetensors");
        SafeTensors.write(p, tensors("a", Tensor.of(new float[]{1f, -2f})), Map.of("k", "v"));

        String json = "{\"__metadata__\":{\"k\":\"v\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        assertEquals(79, json.length());
        byte[] expected = new byte[8 + 80 + 8];
        expected[0] = 80;                                   // header length 80, little-endian u64
        byte[] j = json.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(j, 0, expected, 8, 79);
        expected[8 + 79] = ' ';                             // padded to 80 = 10 x 8 bytes
        byte[] data = {0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0}; // 1.0f = 0x3F800000, -2.0f = 0xC0000000, LE
        System.arraycopy(data, 0, expected, 88, 8);
        assertArrayEquals(expected, Files.readAllBytes(p));
    }

    @Test
    void headerIsPaddedSoTheDataStartsAtAMultipleOf8() throws IOException {
        for (int nameLength = 1; nameLength <= 9; nameLength++) {
            Path p = dir.resolve("pad" + nameLength + ".safetensors");
            SafeTensors.write(p, tensors("x".repeat(nameLength), Tensor.ones(3)), null);
            byte[] bytes = Files.readAllBytes(p);
            long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, n % 8);
            assertEquals(8 + n + 12, bytes.length);
            String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
            assertFalse(header.contains("__metadata__"), header);
            assertEquals(header.strip().length(), header.stripTrailing().length());
            assertTrue(n - header.stripTrailing().length() < 8, header);
        }
    }

    // ------------------------------------------------------------------ round trips

    @Test
    void roundTripKeepsNamesOrderShapesBitsAndMetadata() throws IOException {
        Tensor matrix = Tensor.randn(1, 3, 4);
        Tensor special = Tensor.of(new float[]{Float.NaN, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.MIN_VALUE, Float.MAX_VALUE, 1e-40f});
        Tensor transposed = Tensor.arange(12).reshape(3, 4).T();          // non-contiguous view
        Tensor narrowed = Tensor.arange(10).narrow(0, 3, 4);               // contiguous, storage offset 3
        Tensor everyOther = Tensor.arange(10).slice(0, 0, 10, 2);         // strided
        Map<String, Tensor> in = tensors(
                "layer.0.weight", matrix,
                "z_last_by_name_first_in_file", special,
                "scalar", Tensor.scalar(2.5f),
                "empty", Tensor.zeros(0),
                "empty2d", Tensor.zeros(3, 0),
                "transposed", transposed,
                "narrowed", narrowed,
                "everyOther", everyOther,
                "日本語 name with \"quotes\"", Tensor.ones(1, 1, 2));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("engine", "brisk 0.1.0");
        meta.put("date", "2025-01-01T00:00:00Z");
        meta.put("note", "line\nbreak, tab\t, unicode é");
        Path p = dir.resolve("model.safetensors");
        SafeTensors.write(p, in, meta);

        SafeTensors.Contents out = SafeTensors.read(p);
        assertEquals(new ArrayList<>(in.keySet()), new ArrayList<>(out.tensors().keySet()));
        for (Map.Entry<String, Tensor> e : in.entrySet()) {
            Tensor got = out.tensors().get(e.getKey());
            assertArrayEquals(e.getValue().shape(), got.shape(), e.getKey());
            assertArrayEquals(bits(e.getValue()), bits(got), e.getKey());
            assertTrue(got.isContiguous());
        }
        assertEquals(0, out.tensors().get("scalar").rank());
        assertEquals(2.5f, out.tensors().get("scalar").item());
        assertEquals(meta, out.metadata());
        assertEquals(new ArrayList<>(meta.keySet()), new ArrayList<>(out.metadata().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> out.tensors().put("x", Tensor.ones(1)));
    }

    @Test
    void emptyFileHoldsNoTensorsAndNoMetadata() throws IOException {
        Path p = dir.resolve("empty.safetensors");
        SafeTensors.write(p, Map.of(), Map.of());
        assertArrayEquals(new byte[]{8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' '}, Files.readAllBytes(p));
        SafeTensors.Contents c = SafeTensors.read(p);
        assertTrue(c.tensors().isEmpty());
        assertTrue(c.metadata().isEmpty());
    }

    @Test
    void largeTensorsCrossTheStagingBuffer() throws IOException {
        // 1 MB staging buffer = 262,144 floats; these sizes end inside, on and past a chunk boundary.
        Map<String, Tensor> in = tensors("a", Tensor.randn(2, 262_144), "b", Tensor.randn(3, 262_145), "c", Tensor.randn(4, 700, 1000));
        Path p = dir.resolve("large.safetensors");
        SafeTensors.write(p, in, null);
        SafeTensors.Contents out = SafeTensors.read(p);
        for (String name : in.keySet()) {
            assertArrayEquals(in.get(name).toArray(), out.tensors().get(name).toArray(), name);
        }
    }

    @Test
    void filesFromOtherWritersMayListTensorsInAnyOrder() throws IOException {
        // The reference writer orders the header differently from the data; offsets decide the layout.
        byte[] bytes = file("{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},"
                + "\"a\":{\"data_offsets\":[0,8],\"shape\":[2],\"dtype\":\"F32\"}}", floats(1, 2, 3));
        Path p = dir.resolve("other.safetensors");
        Files.write(p, bytes);
        SafeTensors.Contents c = SafeTensors.read(p);
        assertEquals(List.of("a", "b"), new ArrayList<>(c.tensors().keySet()));
        assertArrayEquals(new float[]{1, 2}, c.tensors().get("a").toArray());
        assertArrayEquals(new float[]{3}, c.tensors().get("b").toArray());
    }

    // ------------------------------------------------------------------ readInto

    @Test
    void readIntoFillsExistingTensors() throws IOException {
        Path p = dir.resolve("w.safetensors");
        SafeTensors.write(p, tensors("w", Tensor.arange(6).reshape(2, 3), "b", Tensor.of(new float[]{7, 8})), Map.of("seed", "42"));
        Tensor w = Tensor.zeros(2, 3).requiresGrad(true);
        Tensor b = Tensor.zeros(2);
        float[] storage = w.data();
        Map<String, String> meta = SafeTensors.readInto(p, tensors("b", b, "w", w));
        assertEquals(Map.of("seed", "42"), meta);
        assertTrue(storage == w.data(), "loads in place");
        assertArrayEquals(new float[]{0, 1, 2, 3, 4, 5}, w.toArray());
        assertArrayEquals(new float[]{7, 8}, b.toArray());

        Tensor window = Tensor.zeros(12).narrow(0, 4, 6).reshape(2, 3);  // contiguous view at storage offset 4
        Tensor b2 = Tensor.zeros(2);
        SafeTensors.readInto(p, tensors("w", window, "b", b2));
        assertArrayEquals(new float[]{0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 0, 0}, window.data());
    }

    @Test
    void readIntoListsMissingAndUnexpectedNames() throws IOException {
        Path p = dir.resolve("w.safetensors");
        SafeTensors.write(p, tensors("w", Tensor.zeros(2), "old", Tensor.zeros(1)), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.readInto(p, tensors("w", Tensor.zeros(2), "new", Tensor.zeros(1))));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("missing from the file: [\"new\"]"), e.getMessage());
        assertTrue(e.getMessage().contains("not expected: [\"old\"]"), e.getMessage());
    }

    @Test
    void readIntoShowsBothShapesAndChangesNothingOnMismatch() throws IOException {
        Path p = dir.resolve("w.safetensors");
        SafeTensors.write(p, tensors("b", Tensor.ones(3), "w", Tensor.ones(784, 128)), null);
        Tensor b = Tensor.zeros(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.readInto(p, tensors("b", b, "w", Tensor.zeros(128, 784))));
        assertTrue(e.getMessage().contains("tensor \"w\" has shape [784, 128] in the file but [128, 784] in the model"), e.getMessage());
        assertArrayEquals(new float[3], b.toArray(), "b is checked and not loaded, because w failed");
    }

    @Test
    void readIntoRefusesNonContiguousTargets() throws IOException {
        Path p = dir.resolve("w.safetensors");
        SafeTensors.write(p, tensors("w", Tensor.ones(2, 3)), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.readInto(p, tensors("w", Tensor.zeros(3, 2).T())));
        assertTrue(e.getMessage().contains("non-contiguous"), e.getMessage());
    }

    @Test
    void readIntoRejectsMalformedFilesBeforeTouchingTargets() throws IOException {
        byte[] bytes = validFile();
        Path p = dir.resolve("cut.safetensors");
        Files.write(p, Arrays.copyOf(bytes, bytes.length - 4));
        Tensor w = Tensor.zeros(2, 3);
        assertThrows(SafeTensors.FormatException.class,
                () -> SafeTensors.readInto(p, tensors("dense.weight", w, "dense.bias", Tensor.zeros(3))));
        assertArrayEquals(new float[6], w.toArray());
    }

    // ------------------------------------------------------------------ truncated and padded files

    @Test
    void truncationAtAnyPointIsAClearError() throws IOException {
        byte[] bytes = validFile();
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int[] cuts = {0, 1, 7, 8, 9, 40, (int) (8 + n - 1), (int) (8 + n), (int) (8 + n + 1), (int) (8 + n + 4), bytes.length - 1};
        for (int cut : cuts) {
            rejected(Arrays.copyOf(bytes, cut), cut < 8 ? "too short" : cut < 8 + n ? "runs past the end" : "truncated");
        }
    }

    @Test
    void everyProperPrefixIsRejected() throws IOException {
        byte[] bytes = validFile();
        for (int cut = 0; cut < bytes.length; cut++) {
            rejected(Arrays.copyOf(bytes, cut));
        }
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        byte[] bytes = validFile();
        rejected(Arrays.copyOf(bytes, bytes.length + 4), "4 bytes follow the last tensor's data", "trailing");
        rejected(Arrays.copyOf(bytes, bytes.length + 1), "1 bytes follow");
    }

    @Test
    void oversizedHeaderLengthIsRejectedBeforeAllocating() throws IOException {
        byte[] bytes = validFile();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 200_000_000L);
        rejected(bytes, "header length 200000000 exceeds the limit of 100000000 bytes");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        rejected(bytes, "header length 18446744073709551615 exceeds the limit");
    }

    @Test
    void headerLengthBeyondTheFileIsRejected() throws IOException {
        byte[] bytes = validFile();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, bytes.length);
        rejected(bytes, "header length " + bytes.length + " runs past the end of the " + bytes.length + "-byte file");
    }

    @Test
    void headerLengthPointingIntoTheDataIsRejected() throws IOException {
        byte[] bytes = validFile();
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n + 8);   // the header swallows data bytes
        rejected(bytes, "header is not valid");                                    // UTF-8 or JSON, depending on the bytes
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n - 8);   // the header is cut short
        rejected(bytes, "header is not valid JSON");
    }

    // ------------------------------------------------------------------ malformed headers

    @Test
    void garbageHeadersAreRejected() throws IOException {
        rejected(file("{not json}", new byte[0]), "header is not valid JSON", "at offset 1");
        rejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}} extra", floats(1)),
                "header is not valid JSON", "after the value");
        rejected(file("[1, 2]", new byte[0]), "does not start with '{'");
        rejected(file("", new byte[0]), "does not start with '{'");
        rejected(file("\"just a string\"", new byte[0]), "does not start with '{'");
        rejected(file("{\"a\": 1}", new byte[0]), "tensor \"a\" is a number, not an object");
    }

    @Test
    void headersThatAreNotUtf8AreRejected() throws IOException {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", floats(1));
        bytes[8 + 2] = (byte) 0xFF;   // inside the name "a"
        rejected(bytes, "not valid UTF-8");
    }

    @Test
    void unsupportedAndUnknownDtypesAreNamed() throws IOException {
        rejected(file("{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]),
                "tensor \"h\"", "dtype F16 is not supported", "F32 only");
        rejected(file("{\"h\":{\"dtype\":\"Q4_K\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]),
                "tensor \"h\"", "unknown dtype \"Q4_K\"");
        rejected(file("{\"h\":{\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]),
                "dtype is a number, not a string");
    }

    @Test
    void tensorEntriesMustHaveExactlyTheThreeKeys() throws IOException {
        rejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[0]), "tensor \"w\" has no data_offsets");
        rejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}", new byte[4]),
                "tensor \"w\" has the unknown key \"extra\"");
    }

    @Test
    void badShapesAreRejected() throws IOException {
        rejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", new byte[0]),
                "tensor \"w\": shape [-1] has -1 at axis 0, not a non-negative integer");
        rejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", new byte[4]),
                "has 1.5 at axis 0");
        rejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":\"2x3\",\"data_offsets\":[0,24]}}", new byte[24]),
                "shape is a string, not an array");
        rejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,0]}}", new byte[0]),
                "has more elements than a Brisk tensor can hold");
        rejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[0,3000000000],\"data_offsets\":[0,0]}}", new byte[0]),
                "axis 1 of size 3000000000");
        // Products that overflow a long must not wrap around to a small, plausible size.
        rejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,1],\"data_offsets\":[0,4]}}", new byte[4]),
                "axis 0 of size 4294967296");
        rejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647,2147483647,2147483647],"
                + "\"data_offsets\":[0,4]}}", new byte[4]), "has more elements");
    }

    @Test
    void offsetsInconsistentWithTheShapeAreRejected() throws IOException {
        rejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,12]}}", new byte[12]),
                "tensor \"w\": data_offsets [0, 12] hold 12 bytes but shape [2] of F32 needs 8");
        rejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", new byte[8]),
                "is not a range");
        rejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}", new byte[8]),
                "is not a range");
        rejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", new byte[8]),
                "data_offsets [0] is not a pair");
        rejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8.0]}}", new byte[8]),
                "is not a pair [begin, end] of integers");
    }

    @Test
    void offsetsPastTheBufferAreRejected() throws IOException {
        rejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[4]),
                "tensor \"w\": data_offsets [0, 8] end past the 4-byte data buffer", "truncated");
        rejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[9223372036854775800,9223372036854775804]}}", new byte[4]),
                "hole");
    }

    @Test
    void overlappingOffsetsAreRejected() throws IOException {
        rejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]),
                "tensor \"b\": data_offsets [4, 12] overlap tensor \"a\" at [0, 8]");
        // Two names for the same bytes are an overlap too.
        rejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]), "overlap");
    }

    @Test
    void holesInTheBufferAreRejected() throws IOException {
        rejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", new byte[20]),
                "tensor \"b\": data_offsets [12, 20] leave a hole of 4 bytes at buffer offset 8");
        rejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]),
                "hole of 4 bytes at buffer offset 0");
    }

    @Test
    void duplicateNamesAreRejected() throws IOException {
        rejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]), "duplicate key \"a\"");
    }

    @Test
    void metadataMustMapStringsToStrings() throws IOException {
        rejected(file("{\"__metadata__\":{\"epochs\":5}}", new byte[0]),
                "__metadata__ entry \"epochs\" is a number, but metadata values must be strings");
        rejected(file("{\"__metadata__\":[\"x\"]}", new byte[0]), "__metadata__ is an array");
    }

    /**
     * Flip one bit at every byte of the header, three different bits in turn: each change is either
     * rejected as a {@link SafeTensors.FormatException} or visibly renames a tensor or changes the
     * metadata. It never loads different numbers, and never fails with an unchecked exception.
     */
    @Test
    void everyFlippedHeaderBitIsCaughtOrVisible() throws IOException {
        byte[] original = validFile();
        SafeTensors.Contents expected = SafeTensors.read(dir.resolve("valid.safetensors"));
        long n = ByteBuffer.wrap(original, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Path p = dir.resolve("flipped.safetensors");
        int rejected = 0;
        int renamed = 0;
        for (int i = 0; i < 8 + n; i++) {
            for (int mask : new int[]{0x01, 0x20, 0x80}) {
                byte[] bytes = original.clone();
                bytes[i] ^= (byte) mask;
                Files.write(p, bytes);
                try {
                    SafeTensors.Contents c = SafeTensors.read(p);
                    List<Tensor> got = new ArrayList<>(c.tensors().values());
                    List<Tensor> want = new ArrayList<>(expected.tensors().values());
                    assertEquals(want.size(), got.size());
                    for (int t = 0; t < want.size(); t++) {
                        assertArrayEquals(want.get(t).shape(), got.get(t).shape());
                        assertArrayEquals(bits(want.get(t)), bits(got.get(t)));
                    }
                    assertTrue(!c.tensors().keySet().equals(expected.tensors().keySet()) || !c.metadata().equals(expected.metadata()),
                            "byte " + i + " ^ " + mask + " changed nothing visible");
                    renamed++;
                } catch (SafeTensors.FormatException e) {
                    assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
                    rejected++;
                }
            }
        }
        assertTrue(rejected > renamed, rejected + " rejected, " + renamed + " renamed");
    }

    // ------------------------------------------------------------------ atomic writes

    /** A map that iterates normally once (the header pass), then fails after one entry (during the data pass). */
    private static Map<String, Tensor> failingOnSecondPass(Map<String, Tensor> m) {
        return new AbstractMap<>() {
            private int passes;

            @Override
            public Set<Entry<String, Tensor>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public Iterator<Entry<String, Tensor>> iterator() {
                        if (++passes == 1) {
                            return m.entrySet().iterator();
                        }
                        Iterator<Entry<String, Tensor>> it = m.entrySet().iterator();
                        return new Iterator<>() {
                            private int served;

                            @Override
                            public boolean hasNext() {
                                return true;
                            }

                            @Override
                            public Entry<String, Tensor> next() {
                                if (served++ == 0) {
                                    return it.next();
                                }
                                throw new UncheckedIOException(new IOException("simulated: disk full"));
                            }
                        };
                    }

                    @Override
                    public int size() {
                        return m.size();
                    }
                };
            }
        };
    }

    @Test
    void aWriteThatFailsMidwayKeepsTheOldFileAndLeavesNoTempFile() throws IOException {
        Path p = dir.resolve("model.safetensors");
        SafeTensors.write(p, tensors("w", Tensor.ones(2, 2)), Map.of("version", "1"));
        byte[] before = Files.readAllBytes(p);

        Map<String, Tensor> flaky = failingOnSecondPass(tensors("w", Tensor.full(2f, 2, 2), "b", Tensor.full(3f, 100_000)));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SafeTensors.write(p, flaky, Map.of("version", "2")));
        assertEquals("simulated: disk full", e.getCause().getMessage());

        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals(List.of("model.safetensors"), filesIn(dir));
        assertEquals(Map.of("version", "1"), SafeTensors.read(p).metadata());
    }

    @Test
    void aFailedRenameLeavesNoTempFile() throws IOException {
        // The target is a non-empty directory: everything is written, then the rename fails.
        Path target = dir.resolve("taken");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "keep");
        assertThrows(IOException.class, () -> SafeTensors.write(target, tensors("w", Tensor.ones(3)), null));
        assertEquals(List.of("taken"), filesIn(dir));
        assertEquals("keep", Files.readString(target.resolve("keep.txt")));
    }

    @Test
    void aMissingDirectoryIsAnIOExceptionAndCreatesNothing() {
        Path p = dir.resolve("no/such/dir/model.safetensors");
        assertThrows(IOException.class, () -> SafeTensors.write(p, tensors("w", Tensor.ones(3)), null));
        assertFalse(Files.exists(dir.resolve("no")));
    }

    @Test
    void overwritingReplacesTheFileAndLeavesNoTempFile() throws IOException {
        Path p = dir.resolve("model.safetensors");
        SafeTensors.write(p, tensors("w", Tensor.ones(1000)), null);
        SafeTensors.write(p, tensors("w", Tensor.full(5f, 2)), Map.of("run", "2"));
        SafeTensors.Contents c = SafeTensors.read(p);
        assertArrayEquals(new float[]{5, 5}, c.tensors().get("w").toArray());
        assertEquals(List.of("model.safetensors"), filesIn(dir));
    }

    @Test
    void writeRefusesReservedAndNullNamesBeforeTouchingTheDisk() throws IOException {
        Path p = dir.resolve("model.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(p, tensors("__metadata__", Tensor.ones(1)), null));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
        Map<String, Tensor> nullTensor = new LinkedHashMap<>();
        nullTensor.put("w", null);
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(p, nullTensor, null));
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("k", null);
        e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(p, tensors("w", Tensor.ones(1)), nullValue));
        assertTrue(e.getMessage().contains("null metadata value for \"k\""), e.getMessage());
        assertEquals(List.of(), filesIn(dir));
    }

    @Test
    void noJavaSerializationAnywhere() throws IOException {
        Path src = Path.of("src/main/java/dev/brisk/engine/io");
        try (Stream<Path> files = Files.list(src)) {
            for (Path f : files.toList()) {
                String text = Files.readString(f);
                for (String banned : new String[]{"ObjectInputStream", "ObjectOutputStream", "Serializable", "readObject"}) {
                    assertFalse(text.contains(banned), f + " mentions " + banned);
                }
            }
        }
    }
}
