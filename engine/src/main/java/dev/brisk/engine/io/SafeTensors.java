package dev.brisk.engine.io;

import dev.brisk.engine.tensor.Shape;
import dev.brisk.engine.tensor.Tensor;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes named float32 tensors in the
 * <a href="https://github.com/huggingface/safetensors">safetensors</a> format, which NumPy,
 * PyTorch and Hugging Face read directly (see the {@linkplain dev.brisk.engine.io package docs}).
 *
 * <h2>The format</h2>
 * <pre>
 * bytes 0..7      N, the header length: unsigned 64-bit little-endian
 * bytes 8..8+N    the header: UTF-8 JSON, padded with spaces so that the data starts at a multiple of 8
 *                 {"__metadata__": {"epochs": "5"},
 *                  "dense1.weight": {"dtype": "F32", "shape": [784, 128], "data_offsets": [0, 401408]}, ...}
 * bytes 8+N..     the data buffer: each tensor's elements, row-major, float32 little-endian, at its
 *                 data_offsets [begin, end) counted from the start of the buffer
 * </pre>
 *
 * <pre>{@code
 * SafeTensors.write(Path.of("model.safetensors"), Map.of("w", w), Map.of("epochs", "5"));
 * SafeTensors.Contents c = SafeTensors.read(Path.of("model.safetensors"));
 * Tensor w2 = c.tensors().get("w");
 * SafeTensors.readInto(Path.of("model.safetensors"), model.stateDict());   // load into existing weights
 * }</pre>
 *
 * <h2>Safety</h2>
 * A file is data, never code: there is no Java serialization here, and every number in a header is
 * checked before it is used. Reading fails with a {@link FormatException} (an {@link IOException},
 * its message starting with the file and naming the tensor) when the header length is beyond the file
 * or above {@value #MAX_HEADER_BYTES} bytes, the header is not a UTF-8 JSON object of the expected form,
 * a dtype is not {@code F32}, a shape has negative or too many elements, a tensor's byte range does
 * not match its shape, or the ranges overlap, leave holes, or do not end exactly at the end of the file
 * (truncation and appended bytes are both errors). {@link #readInto} throws
 * {@link IllegalArgumentException} when the file is well formed but holds other names or shapes than
 * the model; it checks everything before it changes any weight.
 *
 * <p>Writing is atomic: the bytes go to a temporary file next to the target, are forced to disk, and
 * the temporary file is then renamed over the target. A reader never sees half a file, and a failed
 * write leaves the old file untouched and no temporary file behind.
 */
public final class SafeTensors {

    /** The largest header accepted (the limit of the reference implementation): larger means corrupt or hostile. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final String METADATA = "__metadata__";
    private static final String F32 = "F32";
    private static final Set<String> TENSOR_KEYS = Set.of("dtype", "shape", "data_offsets");
    /** The dtypes of the safetensors spec, to tell "not supported by Brisk" from "not a dtype at all". */
    private static final Set<String> SPEC_DTYPES = Set.of("BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0",
            "F4", "F6_E2M3", "F6_E3M2", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64", "C64");
    /** Bytes staged per read or write call: large enough to amortize the call, small enough to stay in cache. */
    private static final int CHUNK_BYTES = 1 << 20;

    private SafeTensors() {
    }

    /** A file that is not a valid safetensors file of float32 tensors; the message starts with the file. */
    public static final class FormatException extends IOException {
        FormatException(Path file, String message) {
            super(file + ": " + message);
        }

        FormatException(Path file, String message, Throwable cause) {
            super(file + ": " + message, cause);
        }
    }

    /**
     * What a file holds: its tensors in the order they are laid out in the data buffer (for files
     * written by {@link #write}, the order they were given in), and its {@code __metadata__}
     * (empty if absent). Both maps are unmodifiable.
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes tensors as float32, in the map's iteration order (use a {@code LinkedHashMap} for a
     * stable file), atomically replacing {@code file}. Non-contiguous views are written row-major,
     * as {@link Tensor#toArray()} reads them.
     *
     * @param metadata free-form strings stored under {@code __metadata__} (provenance: data, hyperparameters,
     *                 version, date); may be null or empty, in which case the key is omitted
     * @throws IllegalArgumentException for a null tensor, name or metadata entry, or the reserved name {@code __metadata__}
     * @throws IOException if the file cannot be written; {@code file} then keeps its old content
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        // First pass over the map: names, shapes and byte ranges, i.e. the header.
        List<Entry> entries = new ArrayList<>();
        long end = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name == null || t == null) {
                throw new IllegalArgumentException("safetensors: write " + file + ": null " + (name == null ? "name" : "tensor for " + Json.quote(name)));
            }
            if (name.equals(METADATA)) {
                throw new IllegalArgumentException("safetensors: write " + file + ": " + METADATA + " is reserved for metadata, not a tensor name");
            }
            long bytes = 4L * t.size();
            entries.add(new Entry(name, t.shape(), end, end + bytes));
            end += bytes;
        }
        byte[] header = headerBytes(entries, metadata == null ? Map.of() : metadata, file);

        AtomicFiles.write(file, ch -> {
            ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(header.length).put(header).flip();
            writeFully(ch, prefix);
            writeData(ch, file, tensors, entries);
        });
    }

    /** The header: JSON padded with spaces to a multiple of 8 bytes, so the data buffer starts 8-aligned. */
    private static byte[] headerBytes(List<Entry> entries, Map<String, String> metadata, Path file) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            Map<String, Object> meta = new LinkedHashMap<>();
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                if (m.getKey() == null || m.getValue() == null) {
                    throw new IllegalArgumentException("safetensors: write " + file + ": null metadata "
                            + (m.getKey() == null ? "key" : "value for " + Json.quote(m.getKey())));
                }
                meta.put(m.getKey(), m.getValue());
            }
            header.put(METADATA, meta);
        }
        for (Entry e : entries) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", F32);
            info.put("shape", e.shape);
            info.put("data_offsets", new long[]{e.begin, e.end});
            header.put(e.name, info);
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            out[i] = ' ';
        }
        return out;
    }

    /** Second pass over the map, streaming each tensor's floats through one little-endian staging buffer. */
    private static void writeData(FileChannel ch, Path file, Map<String, Tensor> tensors, List<Entry> entries) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = bytes.asFloatBuffer();
        Iterator<Map.Entry<String, Tensor>> it = tensors.entrySet().iterator();
        for (Entry e : entries) {
            Map.Entry<String, Tensor> next = it.hasNext() ? it.next() : null;
            if (next == null || !next.getKey().equals(e.name) || !Arrays.equals(next.getValue().shape(), e.shape)) {
                throw new IllegalStateException("safetensors: write " + file + ": the tensor map changed while it was written");
            }
            Tensor t = next.getValue();
            float[] data = t.isContiguous() ? t.data() : t.toArray();
            int from = t.isContiguous() ? t.offset() : 0;
            int n = t.size();
            for (int done = 0; done < n; ) {
                int k = Math.min(n - done, CHUNK_BYTES / 4);
                floats.clear();
                floats.put(data, from + done, k);
                bytes.clear().limit(4 * k);
                writeFully(ch, bytes);
                done += k;
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads every tensor and the metadata of a file, after validating its whole structure.
     *
     * @throws FormatException if the file is not a well-formed safetensors file of F32 tensors (see the class docs)
     * @throws IOException if it cannot be read
     */
    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = readHeader(file, ch);
            Reader reader = new Reader(ch, file, h.dataStart);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry e : h.entries) {
                Tensor t = Tensor.zeros(e.shape);
                reader.read(e, t.data(), 0);
                tensors.put(e.name, t);
            }
            return new Contents(Collections.unmodifiableMap(tensors), h.metadata);
        }
    }

    /**
     * Loads a file into existing tensors, e.g. a freshly built model's parameters: the file must hold
     * exactly these names with exactly these shapes. Every check runs before any weight is written.
     *
     * @param expected the tensors to fill, by name; each must be contiguous
     * @return the file's metadata
     * @throws IllegalArgumentException if names or shapes differ (listing every difference), or a target is not contiguous
     * @throws FormatException if the file itself is malformed
     */
    public static Map<String, String> readInto(Path file, Map<String, Tensor> expected) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = readHeader(file, ch);
            Set<String> inFile = new LinkedHashSet<>();
            for (Entry e : h.entries) {
                inFile.add(e.name);
            }
            List<String> missing = new ArrayList<>();
            for (String name : expected.keySet()) {
                if (!inFile.contains(name)) {
                    missing.add(Json.quote(name));
                }
            }
            List<String> unexpected = new ArrayList<>();
            for (String name : inFile) {
                if (!expected.containsKey(name)) {
                    unexpected.add(Json.quote(name));
                }
            }
            if (!missing.isEmpty() || !unexpected.isEmpty()) {
                throw new IllegalArgumentException("safetensors: " + file + " does not hold the expected tensors: "
                        + (missing.isEmpty() ? "" : "missing from the file: " + missing + (unexpected.isEmpty() ? "" : "; "))
                        + (unexpected.isEmpty() ? "" : "not expected: " + unexpected));
            }
            List<String> problems = new ArrayList<>();
            for (Entry e : h.entries) {
                Tensor t = expected.get(e.name);
                if (t == null) {
                    problems.add("tensor " + Json.quote(e.name) + " is null in the model");
                } else if (!Arrays.equals(t.shape(), e.shape)) {
                    problems.add("tensor " + Json.quote(e.name) + " has shape " + Shape.toString(e.shape)
                            + " in the file but " + Shape.toString(t.shape()) + " in the model");
                } else if (!t.isContiguous()) {
                    problems.add("tensor " + Json.quote(e.name) + " " + Shape.toString(e.shape)
                            + " is a non-contiguous view in the model; load into its contiguous storage");
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("safetensors: " + file + ": " + String.join("; ", problems));
            }
            Reader reader = new Reader(ch, file, h.dataStart);
            for (Entry e : h.entries) {
                Tensor t = expected.get(e.name);
                reader.read(e, t.data(), t.offset());
            }
            return h.metadata;
        }
    }

    /** One tensor of the header: its byte range is relative to the start of the data buffer. */
    private record Entry(String name, int[] shape, long begin, long end) {
    }

    /** A validated header: tensors sorted by offset, metadata, and where the data buffer starts in the file. */
    private record Header(List<Entry> entries, Map<String, String> metadata, long dataStart) {
    }

    private static Header readHeader(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new FormatException(file, "file is " + size + " bytes, too short for the 8-byte header length (truncated, or not a safetensors file)");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lengthBytes, 0, file);
        long n = lengthBytes.flip().getLong();
        // An unsigned length above 2^63 reads as negative; either way it exceeds the cap.
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new FormatException(file, "header length " + Long.toUnsignedString(n) + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes (corrupt, or not a safetensors file)");
        }
        if (8 + n > size) {
            throw new FormatException(file, "header length " + n + " runs past the end of the " + size
                    + "-byte file (truncated, or not a safetensors file)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
        readFully(ch, headerBytes, 8, file);
        headerBytes.flip();
        if (n == 0 || headerBytes.get(0) != '{') {
            throw new FormatException(file, "header does not start with '{' (not a safetensors file)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBytes).toString();
        } catch (CharacterCodingException e) {
            throw new FormatException(file, "header is not valid UTF-8", e);
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.ParseException e) {
            throw new FormatException(file, "header is not valid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> root)) {
            throw new FormatException(file, "header is " + Json.typeName(parsed) + ", not an object");
        }

        Map<String, String> metadata = Map.of();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> kv : root.entrySet()) {
            String name = (String) kv.getKey();
            if (name.equals(METADATA)) {
                metadata = metadata(file, kv.getValue());
            } else {
                entries.add(entry(file, name, kv.getValue()));
            }
        }

        // The ranges, in offset order, must tile the buffer exactly: no overlap, no hole, nothing after.
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long buffer = size - 8 - n;
        long expectedBegin = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.begin < expectedBegin) {
                throw new FormatException(file, "tensor " + Json.quote(e.name) + ": data_offsets [" + e.begin + ", " + e.end
                        + "] overlap tensor " + Json.quote(previous.name) + " at [" + previous.begin + ", " + previous.end + "]");
            }
            if (e.begin > expectedBegin) {
                throw new FormatException(file, "tensor " + Json.quote(e.name) + ": data_offsets [" + e.begin + ", " + e.end
                        + "] leave a hole of " + (e.begin - expectedBegin) + " bytes at buffer offset " + expectedBegin
                        + " (the buffer must be fully indexed)");
            }
            if (e.end > buffer) {
                throw new FormatException(file, "tensor " + Json.quote(e.name) + ": data_offsets [" + e.begin + ", " + e.end
                        + "] end past the " + buffer + "-byte data buffer (the file is truncated)");
            }
            expectedBegin = e.end;
            previous = e;
        }
        if (expectedBegin != buffer) {
            throw new FormatException(file, (buffer - expectedBegin) + " bytes follow the last tensor's data at buffer offset "
                    + expectedBegin + " (the file has trailing bytes, or the header lost a tensor)");
        }
        return new Header(Collections.unmodifiableList(entries), metadata, 8 + n);
    }

    private static Map<String, String> metadata(Path file, Object value) throws FormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new FormatException(file, METADATA + " is " + Json.typeName(value) + ", not an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> kv : map.entrySet()) {
            if (!(kv.getValue() instanceof String s)) {
                throw new FormatException(file, METADATA + " entry " + Json.quote((String) kv.getKey()) + " is "
                        + Json.typeName(kv.getValue()) + ", but metadata values must be strings");
            }
            out.put((String) kv.getKey(), s);
        }
        return Collections.unmodifiableMap(out);
    }

    private static Entry entry(Path file, String name, Object value) throws FormatException {
        String where = "tensor " + Json.quote(name);
        if (!(value instanceof Map<?, ?> info)) {
            throw new FormatException(file, where + " is " + Json.typeName(value) + ", not an object with dtype, shape and data_offsets");
        }
        for (Object key : info.keySet()) {
            if (!TENSOR_KEYS.contains(key)) {
                throw new FormatException(file, where + " has the unknown key " + Json.quote((String) key)
                        + " (expected dtype, shape and data_offsets)");
            }
        }
        for (String key : TENSOR_KEYS) {
            if (!info.containsKey(key)) {
                throw new FormatException(file, where + " has no " + key);
            }
        }

        Object dtype = info.get("dtype");
        if (!(dtype instanceof String d)) {
            throw new FormatException(file, where + ": dtype is " + Json.typeName(dtype) + ", not a string");
        }
        if (!d.equals(F32)) {
            throw new FormatException(file, where + ": " + (SPEC_DTYPES.contains(d)
                    ? "dtype " + d + " is not supported; Brisk reads F32 only (convert before saving, e.g. t.float() in PyTorch)"
                    : "unknown dtype " + Json.quote(d) + "; Brisk reads F32 only"));
        }

        Object shapeValue = info.get("shape");
        if (!(shapeValue instanceof List<?> dims)) {
            throw new FormatException(file, where + ": shape is " + Json.typeName(shapeValue) + ", not an array");
        }
        int[] shape = new int[dims.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            Object dim = dims.get(i);
            if (!(dim instanceof Long v) || v < 0) {
                throw new FormatException(file, where + ": shape " + Json.write(dims) + " has " + Json.write(dim)
                        + " at axis " + i + ", not a non-negative integer");
            }
            if (v > Integer.MAX_VALUE) {
                throw new FormatException(file, where + ": shape " + Json.write(dims) + " has axis " + i + " of size " + v
                        + ", more than a Brisk tensor can hold (2^31-1 elements)");
            }
            shape[i] = (int) (long) v;
            // Both factors are below 2^31 and the product is capped at every step, so it cannot overflow.
            elements *= v;
            if (elements > Integer.MAX_VALUE) {
                throw new FormatException(file, where + ": shape " + Json.write(dims)
                        + " has more elements than a Brisk tensor can hold (2^31-1)");
            }
        }

        Object offsets = info.get("data_offsets");
        if (!(offsets instanceof List<?> o) || o.size() != 2
                || !(o.get(0) instanceof Long begin) || !(o.get(1) instanceof Long end)) {
            throw new FormatException(file, where + ": data_offsets " + Json.write(offsets) + " is not a pair [begin, end] of integers");
        }
        if (begin < 0 || end < begin) {
            throw new FormatException(file, where + ": data_offsets [" + begin + ", " + end + "] is not a range (need 0 <= begin <= end)");
        }
        if (end - begin != 4 * elements) {
            throw new FormatException(file, where + ": data_offsets [" + begin + ", " + end + "] hold " + (end - begin)
                    + " bytes but shape " + Shape.toString(shape) + " of F32 needs " + (4 * elements));
        }
        return new Entry(name, shape, begin, end);
    }

    /** Positioned reads of little-endian floats through one staging buffer. */
    private static final class Reader {
        private final FileChannel ch;
        private final Path file;
        private final long dataStart;
        private ByteBuffer bytes;
        private FloatBuffer floats;

        Reader(FileChannel ch, Path file, long dataStart) {
            this.ch = ch;
            this.file = file;
            this.dataStart = dataStart;
        }

        void read(Entry e, float[] dst, int offset) throws IOException {
            int n = (int) ((e.end - e.begin) / 4);
            if (bytes == null && n > 0) {
                bytes = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                floats = bytes.asFloatBuffer();
            }
            long position = dataStart + e.begin;
            for (int done = 0; done < n; ) {
                int k = Math.min(n - done, CHUNK_BYTES / 4);
                bytes.clear().limit(4 * k);
                readFully(ch, bytes, position + 4L * done, file);
                floats.clear();
                floats.get(dst, offset + done, k);
                done += k;
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position, Path file) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int r = ch.read(b, p);
            if (r < 0) {
                throw new EOFException(file + ": file ended at byte " + p + " (was it truncated while being read?)");
            }
            p += r;
        }
    }
}
