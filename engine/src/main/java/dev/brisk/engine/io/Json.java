package dev.brisk.engine.io;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader and writer (RFC 8259), for safetensors headers and model configs.
 *
 * <p>Values map onto plain Java objects:
 * <table>
 * <caption>JSON to Java</caption>
 * <tr><th>JSON</th><th>{@link #parse} returns</th><th>{@link #write} also accepts</th></tr>
 * <tr><td>object</td><td>{@code Map<String, Object>}, keys in file order (unmodifiable)</td><td>any {@code Map} with string keys</td></tr>
 * <tr><td>array</td><td>{@code List<Object>} (unmodifiable)</td><td>any {@code Iterable}, {@code Object[]}, {@code int[]}, {@code long[]}, {@code float[]}, {@code double[]}</td></tr>
 * <tr><td>string</td><td>{@code String}</td><td>{@code CharSequence}, {@code Enum} (its name)</td></tr>
 * <tr><td>number</td><td>{@code Long} if written without fraction or exponent, else {@code Double}</td><td>any finite {@code Number}</td></tr>
 * <tr><td>true / false / null</td><td>{@code Boolean} / {@code null}</td><td></td></tr>
 * </table>
 *
 * <pre>{@code
 * Map<String, Object> config = Json.parseObject("{\"units\": 128, \"activation\": \"relu\"}");
 * long units = (Long) config.get("units");
 * Json.write(config)           // {"units":128,"activation":"relu"}
 * Json.writePretty(config)     // the same with newlines and two-space indents
 * }</pre>
 *
 * <p>Strict means: nothing is guessed. The reader rejects trailing garbage, duplicate keys, nesting
 * deeper than {@value #MAX_DEPTH}, comments, trailing commas, single quotes, raw control characters
 * in strings, lone UTF-16 surrogates, {@code NaN}/{@code Infinity}, integers outside the range of
 * {@code long} and doubles that overflow. Every error is a {@link ParseException} whose message
 * names the character offset, e.g. {@code json: duplicate key "units" at offset 14}. The writer keeps
 * the iteration order of maps (so a {@code LinkedHashMap} gives a stable file) and rejects what it
 * could not read back: non-finite numbers, non-string keys, lone surrogates, unknown types.
 */
public final class Json {

    /** The deepest nesting of arrays and objects that {@link #parse} accepts (and {@link #write} produces). */
    public static final int MAX_DEPTH = 64;

    private Json() {
    }

    /** A syntax error, with the offset (in chars) of the character where reading stopped. */
    public static final class ParseException extends IllegalArgumentException {
        private final int offset;

        ParseException(String message, int offset) {
            super("json: " + message + " at offset " + offset);
            this.offset = offset;
        }

        /** Where in the text the error was found, counted in {@code char}s from 0. */
        public int offset() {
            return offset;
        }
    }

    // ------------------------------------------------------------------ reading

    /**
     * Parses one JSON value (surrounded by optional whitespace) into the Java objects described above.
     *
     * @throws ParseException on any syntax error, naming its offset
     */
    public static Object parse(String text) {
        Reader r = new Reader(text);
        r.skipWhitespace();
        Object value = r.value(0);
        r.skipWhitespace();
        if (r.pos < text.length()) {
            throw r.error("unexpected " + r.describe(r.pos) + " after the value");
        }
        return value;
    }

    /**
     * Parses a JSON object, e.g. a config file.
     *
     * @throws ParseException on a syntax error, or if the value is not an object (offset 0)
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new ParseException("expected an object but the text holds " + typeName(value), 0);
        }
        return (Map<String, Object>) value;
    }

    /** The JSON name of a parsed value's type, for error messages: "object", "array", "string", ... */
    public static String typeName(Object value) {
        return switch (value) {
            case null -> "null";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            case String s -> "a string";
            case Boolean b -> "a boolean";
            case Number n -> "a number";
            default -> "a " + value.getClass().getSimpleName();
        };
    }

    /** A recursive-descent parser over one string; {@code pos} is the next unread char. */
    private static final class Reader {
        private final String s;
        private int pos;

        Reader(String s) {
            this.s = s;
        }

        Object value(int depth) {
            if (pos >= s.length()) {
                throw error("unexpected end of text, expected a value");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object(depth + 1);
                case '[' -> array(depth + 1);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("unexpected " + describe(pos) + ", expected a value");
                }
            };
        }

        private Map<String, Object> object(int depth) {
            checkDepth(depth);
            pos++; // '{'
            Map<String, Object> map = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return Collections.unmodifiableMap(map);
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a string key but found " + describe(pos));
                }
                int keyStart = pos;
                String key = string();
                if (map.containsKey(key)) {
                    pos = keyStart;
                    throw error("duplicate key " + quote(key));
                }
                skipWhitespace();
                expect(':', "after key " + quote(key));
                skipWhitespace();
                map.put(key, value(depth));
                skipWhitespace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() == '}') {
                    pos++;
                    return Collections.unmodifiableMap(map);
                } else {
                    throw error("expected ',' or '}' in object but found " + describe(pos));
                }
            }
        }

        private List<Object> array(int depth) {
            checkDepth(depth);
            pos++; // '['
            List<Object> list = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return Collections.unmodifiableList(list);
            }
            while (true) {
                skipWhitespace();
                list.add(value(depth));
                skipWhitespace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() == ']') {
                    pos++;
                    return Collections.unmodifiableList(list);
                } else {
                    throw error("expected ',' or ']' in array but found " + describe(pos));
                }
            }
        }

        private void checkDepth(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH + " levels");
            }
        }

        private String string() {
            int start = pos;
            pos++; // opening quote
            StringBuilder sb = null; // only allocated once an escape shows up
            int runStart = pos;
            while (true) {
                if (pos >= s.length()) {
                    pos = start;
                    throw error("unterminated string");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    String out = sb == null ? s.substring(runStart, pos) : sb.append(s, runStart, pos).toString();
                    pos++;
                    return out;
                }
                if (c < 0x20) {
                    throw error("raw control character " + describe(pos) + " in string (must be escaped)");
                }
                if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c) && pos + 1 < s.length() && Character.isLowSurrogate(s.charAt(pos + 1))) {
                        pos += 2;
                        continue;
                    }
                    throw error("lone surrogate " + describe(pos) + " in string");
                }
                if (c != '\\') {
                    pos++;
                    continue;
                }
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(s, runStart, pos);
                int escape = pos;
                pos++;
                if (pos >= s.length()) {
                    pos = start;
                    throw error("unterminated string");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        char u = hex4(escape);
                        if (Character.isHighSurrogate(u)) {
                            if (pos + 1 < s.length() && s.charAt(pos) == '\\' && s.charAt(pos + 1) == 'u') {
                                int second = pos;
                                pos += 2;
                                char low = hex4(second);
                                if (!Character.isLowSurrogate(low)) {
                                    pos = second;
                                    throw error("high surrogate \\u" + hex(u) + " followed by \\u" + hex(low)
                                            + ", which is not a low surrogate");
                                }
                                sb.append(u).append(low);
                            } else {
                                pos = escape;
                                throw error("high surrogate \\u" + hex(u) + " not followed by a \\u low surrogate");
                            }
                        } else if (Character.isLowSurrogate(u)) {
                            pos = escape;
                            throw error("lone low surrogate \\u" + hex(u));
                        } else {
                            sb.append(u);
                        }
                    }
                    default -> {
                        pos = escape;
                        throw error("invalid escape \\" + printable(e));
                    }
                }
                runStart = pos;
            }
        }

        /** Reads the four hex digits after {@code \\u}; {@code escape} is where the backslash was. */
        private char hex4(int escape) {
            if (pos + 4 > s.length()) {
                pos = escape;
                throw error("truncated \\u escape");
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(s.charAt(pos + i), 16);
                if (d < 0 || s.charAt(pos + i) > 'f') { // Character.digit also accepts non-ASCII digits
                    pos = escape;
                    throw error("invalid \\u escape \"" + printable(s.substring(escape, escape + 6)) + "\"");
                }
                v = v * 16 + d;
            }
            pos += 4;
            return (char) v;
        }

        private Object number() {
            int start = pos;
            boolean integral = true;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
                if (isDigit(peek())) {
                    throw error("leading zero in number");
                }
            } else if (isDigit(peek())) {
                while (isDigit(peek())) {
                    pos++;
                }
            } else {
                throw error("expected a digit but found " + describe(pos));
            }
            if (peek() == '.') {
                integral = false;
                pos++;
                if (!isDigit(peek())) {
                    throw error("expected a digit after the decimal point but found " + describe(pos));
                }
                while (isDigit(peek())) {
                    pos++;
                }
            }
            if (peek() == 'e' || peek() == 'E') {
                integral = false;
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    throw error("expected a digit in the exponent but found " + describe(pos));
                }
                while (isDigit(peek())) {
                    pos++;
                }
            }
            String literal = s.substring(start, pos);
            if (integral) {
                try {
                    return Long.parseLong(literal);
                } catch (NumberFormatException e) {
                    pos = start;
                    throw error("integer " + literal + " is outside the range of a long");
                }
            }
            double d = Double.parseDouble(literal);
            if (Double.isInfinite(d)) {
                pos = start;
                throw error("number " + literal + " overflows a double");
            }
            return d;
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, pos)) {
                throw error("unexpected " + describe(pos) + ", expected a value");
            }
            pos += word.length();
            return value;
        }

        private void expect(char c, String where) {
            if (peek() != c) {
                throw error("expected '" + c + "' " + where + " but found " + describe(pos));
            }
            pos++;
        }

        void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        /** The next char, or {@code \uFFFF} at the end (not a char any branch looks for). */
        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\uFFFF';
        }

        String describe(int at) {
            return at >= s.length() ? "end of text" : "'" + printable(s.charAt(at)) + "'";
        }

        ParseException error(String message) {
            return new ParseException(message, pos);
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == '\uFEFF' ? "\\u" + hex(c) : String.valueOf(c);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            sb.append(printable(s.charAt(i)));
        }
        return sb.toString();
    }

    private static String hex(char c) {
        return String.format("%04x", (int) c);
    }

    // ------------------------------------------------------------------ writing

    /**
     * The compact JSON text of a value (no whitespace), maps in iteration order.
     *
     * @throws IllegalArgumentException for a value JSON cannot represent (NaN, a non-string key,
     *         a lone surrogate, an unknown type, nesting deeper than {@value #MAX_DEPTH})
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        new Writer(sb, null).value(value, 0);
        return sb.toString();
    }

    /** Like {@link #write}, but one member per line, indented by two spaces, for files people read. */
    public static String writePretty(Object value) {
        StringBuilder sb = new StringBuilder();
        new Writer(sb, "  ").value(value, 0);
        return sb.toString();
    }

    /**
     * Writes {@link #writePretty} of a value, plus a final newline, to {@code file} atomically: the
     * text goes to a temporary file beside it, is forced to disk, and the temporary file is renamed
     * over {@code file}, so readers see the old file or the new one, never half of one.
     *
     * @throws IOException if the file cannot be written; {@code file} then keeps its old content
     */
    public static void writeFile(Path file, Object value) throws IOException {
        byte[] bytes = (writePretty(value) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, ch -> {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        });
    }

    private record Writer(StringBuilder sb, String indent) {

        void value(Object v, int depth) {
            switch (v) {
                case null -> sb.append("null");
                case Boolean b -> sb.append(b);
                case CharSequence cs -> string(cs.toString());
                case Enum<?> e -> string(e.name());
                case Double d -> finite(d, d.toString());
                case Float f -> finite(f, f.toString()); // shortest float repr: 0.1f stays "0.1"
                case Number n when n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
                        || n instanceof BigInteger -> sb.append(n);
                case BigDecimal bd -> sb.append(bd);
                case Map<?, ?> m -> object(m, depth + 1);
                case Iterable<?> it -> array(it, depth + 1);
                case Object[] a -> array(Arrays.asList(a), depth + 1);
                case int[] a -> array(Arrays.stream(a).boxed().toList(), depth + 1);
                case long[] a -> array(Arrays.stream(a).boxed().toList(), depth + 1);
                case double[] a -> array(Arrays.stream(a).boxed().toList(), depth + 1);
                case float[] a -> {
                    List<Float> l = new ArrayList<>(a.length);
                    for (float x : a) {
                        l.add(x);
                    }
                    array(l, depth + 1);
                }
                default -> throw new IllegalArgumentException("json: cannot write a " + v.getClass().getName());
            }
        }

        private void finite(double d, String text) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("json: cannot write the non-finite number " + text);
            }
            sb.append(text);
        }

        private void object(Map<?, ?> m, int depth) {
            checkDepth(depth);
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("json: object keys must be strings, got "
                            + (e.getKey() == null ? "null" : e.getKey().getClass().getName() + " " + e.getKey()));
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                newline(depth);
                string(key);
                sb.append(indent == null ? ":" : ": ");
                value(e.getValue(), depth);
            }
            newline(depth - 1);
            sb.append('}');
        }

        private void array(Iterable<?> items, int depth) {
            checkDepth(depth);
            if (!items.iterator().hasNext()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                newline(depth);
                value(item, depth);
            }
            newline(depth - 1);
            sb.append(']');
        }

        private void newline(int depth) {
            if (indent != null) {
                sb.append('\n').repeat(indent, depth);
            }
        }

        private static void checkDepth(int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("json: cannot write nesting deeper than " + MAX_DEPTH
                        + " levels (is a map or list inside itself?)");
            }
        }

        private void string(String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case '\b' -> sb.append("\\b");
                    case '\f' -> sb.append("\\f");
                    default -> {
                        if (c < 0x20) {
                            sb.append("\\u").append(hex(c));
                        } else if (Character.isSurrogate(c)) {
                            // A pair is one code point, written as is (UTF-8 encodes it); half a pair
                            // would become '?' in UTF-8, so it is refused rather than silently mangled.
                            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                                sb.append(c).append(s.charAt(++i));
                            } else {
                                throw new IllegalArgumentException("json: string " + quote(s.substring(0, i))
                                        + "... has a lone surrogate \\u" + hex(c) + " at index " + i);
                            }
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }
    }

    /** A string in double quotes with control characters and lone surrogates shown as escapes, for error messages. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                sb.append(c).append(s.charAt(++i));
            } else if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else {
                sb.append(printable(c));
            }
        }
        return sb.append('"').toString();
    }
}
