package dev.brisk.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A strict JSON reader and writer: what it accepts, what it refuses and where it says the error is. */
class JsonTest {

    /** Asserts that parsing fails at {@code offset} with a message containing {@code fragment}. */
    private static void assertError(String text, int offset, String fragment) {
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse(text), text);
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().endsWith("at offset " + offset), e.getMessage());
    }

    // ------------------------------------------------------------------ values

    @Test
    void literals() {
        assertEquals(true, Json.parse("true"));
        assertEquals(false, Json.parse(" false "));
        assertNull(Json.parse("\n\tnull\r\n"));
    }

    @Test
    void integersAreLongsAndEverythingElseIsDouble() {
        assertEquals(0L, Json.parse("0"));
        assertEquals(0L, Json.parse("-0"));
        assertEquals(123L, Json.parse("123"));
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(1.5, Json.parse("1.5"));
        assertEquals(-0.0, Json.parse("-0.0"));
        assertEquals(1000.0, Json.parse("1e3"));
        assertEquals(0.01, Json.parse("1E-2"));
        assertEquals(250.0, Json.parse("2.5e+2"));
        assertEquals(4.9e-324, Json.parse("4.9e-324"));
    }

    @Test
    void malformedNumbersAreRefused() {
        assertError("01", 1, "leading zero");
        assertError("-", 1, "expected a digit");
        assertError("1.", 2, "after the decimal point");
        assertError("1.e5", 2, "after the decimal point");
        assertError("1e", 2, "exponent");
        assertError("1e+", 3, "exponent");
        assertError(".5", 0, "expected a value");
        assertError("+1", 0, "expected a value");
        assertError("NaN", 0, "expected a value");
        assertError("-Infinity", 1, "expected a digit");
        assertError("9223372036854775808", 0, "outside the range of a long");
        assertError("[1, 1e400]", 4, "overflows a double");
    }

    @Test
    void stringEscapes() {
        assertEquals("\" \\ / \b \f \n \r \t", Json.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\""));
        assertEquals("é", Json.parse("\"\\u00e9\""));
        assertEquals("é", Json.parse("\"\\u00E9\""));
        assertEquals("\u0000", Json.parse("\"\\u0000\""));
        assertEquals("plain", Json.parse("\"plain\""));
        assertEquals("", Json.parse("\"\""));
    }

    @Test
    void unicodeRawAndAsSurrogatePairs() {
        String smile = new String(Character.toChars(0x1F600));
        assertEquals(smile, Json.parse("\"\\ud83d\\ude00\""));
        assertEquals("a" + smile + "b", Json.parse("\"a\\uD83D\\uDE00b\""));
        assertEquals("日本 é " + smile, Json.parse("\"日本 é " + smile + "\""));
    }

    @Test
    void brokenStringsAreRefusedWhereTheyBreak() {
        assertError("\"abc", 0, "unterminated string");
        assertError("\"ab\\", 0, "unterminated string");
        assertError("\"a\\x\"", 2, "invalid escape \\x");
        assertError("\"a\\u12G4\"", 2, "invalid \\u escape");
        assertError("\"a\\u12\"}", 2, "invalid \\u escape");
        assertError("\"a\\u12\"", 2, "truncated \\u escape");
        assertError("\"\\u12", 1, "truncated \\u escape");
        assertError("\"a\nb\"", 2, "raw control character");
        assertError("\"\\ud83d\"", 1, "not followed by a \\u low surrogate");
        assertError("\"\\ud83dx\"", 1, "not followed by a \\u low surrogate");
        assertError("\"\\ud83d\\u0041\"", 7, "not a low surrogate");
        assertError("\"\\ude00\"", 1, "lone low surrogate");
        assertError("\"x\ud83d\"", 2, "lone surrogate");
    }

    @Test
    void objectsKeepTheirKeyOrder() {
        Map<String, Object> m = Json.parseObject("{\"z\": 1, \"a\": [true, null, \"s\"], \"m\": {\"x\": {}}, \"e\": []}");
        assertEquals(List.of("z", "a", "m", "e"), new ArrayList<>(m.keySet()));
        assertEquals(1L, m.get("z"));
        assertEquals(Arrays.asList(true, null, "s"), m.get("a"));
        assertEquals(Map.of("x", Map.of()), m.get("m"));
        assertEquals(List.of(), m.get("e"));
    }

    @Test
    void parsedValuesAreUnmodifiable() {
        Map<String, Object> m = Json.parseObject("{\"a\": [1]}");
        assertThrows(UnsupportedOperationException.class, () -> m.put("b", 2L));
        @SuppressWarnings("unchecked")
        List<Object> a = (List<Object>) m.get("a");
        assertThrows(UnsupportedOperationException.class, () -> a.add(2L));
    }

    @Test
    void duplicateKeysAreRefusedAtTheSecondKey() {
        assertError("{\"a\": 1, \"a\": 2}", 9, "duplicate key \"a\"");
        assertError("{\"x\": {\"k\": 1, \"k\": 1}}", 15, "duplicate key \"k\"");
    }

    @Test
    void structuralErrorsNameTheOffset() {
        assertError("", 0, "unexpected end of text");
        assertError("   ", 3, "unexpected end of text");
        assertError("{} x", 3, "unexpected 'x' after the value");
        assertError("[1] [2]", 4, "after the value");
        assertError("[1,]", 3, "expected a value");
        assertError("[1 2]", 3, "expected ',' or ']'");
        assertError("{\"a\":1,}", 7, "expected a string key");
        assertError("{\"a\" 1}", 5, "expected ':' after key \"a\"");
        assertError("{\"a\":1 \"b\":2}", 7, "expected ',' or '}'");
        assertError("{'a': 1}", 1, "expected a string key");
        assertError("{a: 1}", 1, "expected a string key");
        assertError("[1] // comment", 4, "after the value");
        assertError("[1", 2, "expected ',' or ']' in array but found end of text");
        assertError("{\"a\": tru}", 6, "expected a value");
        assertError("\uFEFF{}", 0, "unexpected '\\ufeff'");
    }

    @Test
    void nestingIsLimitedTo64Levels() {
        String ok = "[".repeat(64) + "]".repeat(64);
        assertEquals(64, depth(Json.parse(ok)));
        assertError("[".repeat(65) + "]".repeat(65), 64, "nesting deeper than 64");
        assertError("{\"a\":".repeat(64) + "{}" + "}".repeat(64), 64 * 5, "nesting deeper than 64");
        // Hostile input cannot overflow the stack: it stops at level 65.
        assertError("[".repeat(100_000), 64, "nesting deeper than 64");
    }

    private static int depth(Object v) {
        return v instanceof List<?> l ? 1 + (l.isEmpty() ? 0 : depth(l.get(0))) : 0;
    }

    @Test
    void parseObjectRefusesOtherValues() {
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parseObject("[1]"));
        assertEquals("json: expected an object but the text holds an array at offset 0", e.getMessage());
        e = assertThrows(Json.ParseException.class, () -> Json.parseObject("\"s\""));
        assertTrue(e.getMessage().contains("holds a string"), e.getMessage());
    }

    // ------------------------------------------------------------------ writing

    @Test
    void writesCompactlyInInsertionOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "dense");
        m.put("units", 128);
        m.put("rate", 0.5);
        m.put("alpha", 0.1f);
        m.put("shape", new int[]{784, 128});
        m.put("flags", List.of(true, false));
        m.put("none", null);
        m.put("empty", Map.of());
        m.put("nothing", List.of());
        assertEquals("{\"name\":\"dense\",\"units\":128,\"rate\":0.5,\"alpha\":0.1,\"shape\":[784,128],"
                + "\"flags\":[true,false],\"none\":null,\"empty\":{},\"nothing\":[]}", Json.write(m));
    }

    @Test
    void writesPrettyWithTwoSpaceIndents() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", List.of(2, Map.of("c", "d")));
        m.put("e", Map.of());
        assertEquals("""
                {
                  "a": 1,
                  "b": [
                    2,
                    {
                      "c": "d"
                    }
                  ],
                  "e": {}
                }""", Json.writePretty(m));
        assertEquals("[]", Json.writePretty(List.of()));
        assertEquals("7", Json.writePretty(7));
    }

    @Test
    void escapesWhatMustBeEscaped() {
        assertEquals("\"q\\\" b\\\\ n\\n r\\r t\\t b\\b f\\f \\u0001 \\u001f / é \u2028\"",
                Json.write("q\" b\\ n\n r\r t\t b\b f\f \u0001 \u001f / é \u2028"));
        String smile = new String(Character.toChars(0x1F600));
        assertEquals("\"" + smile + "\"", Json.write(smile));
    }

    @Test
    void writeThenParseRoundTrips() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", "tab\t quote\" newline\n nul\u0000 日本 " + new String(Character.toChars(0x1F600)));
        m.put("int", Long.MIN_VALUE);
        m.put("double", 1.0e-300);
        m.put("big", 1.7976931348623157e308);
        m.put("tiny", Double.MIN_VALUE);
        m.put("neg", -0.0);
        m.put("list", Arrays.asList(1L, null, "x", List.of(List.of()), Map.of("k", false)));
        assertEquals(m, Json.parse(Json.write(m)));
        assertEquals(m, Json.parse(Json.writePretty(m)));
    }

    @Test
    void floatsAndDoublesUseTheirShortestForm() {
        assertEquals("[0.1,0.1,1.0E10,1.0E-5,3]", Json.write(List.of(0.1f, 0.1, 1e10, 1e-5, 3)));
        assertEquals("[0.1,2.5]", Json.write(new float[]{0.1f, 2.5f}));
        assertEquals(0.1f, (float) (double) (Double) Json.parse(Json.write(0.1f)));
    }

    @Test
    void refusesWhatItCouldNotReadBack() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(Float.POSITIVE_INFINITY)));
        Map<Object, Object> intKey = new LinkedHashMap<>();
        intKey.put(1, "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(intKey));
        assertTrue(e.getMessage().contains("keys must be strings"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.write("ab\ud800c"));
        assertTrue(e.getMessage().contains("lone surrogate \\ud800 at index 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }

    @Test
    void refusesAMapThatContainsItself() {
        Map<String, Object> loop = new LinkedHashMap<>();
        loop.put("self", loop);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(loop));
        assertTrue(e.getMessage().contains("deeper than 64"), e.getMessage());
    }
}
