package dev.brisk.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CSV file reader: gzip detection, line endings, line numbers, and that every data line is either
 * a row or a malformed line in the report, with its number and reason.
 */
class CsvReaderTest {

    @TempDir
    Path tmp;

    /** All rows of {@code bytes}, as lists of fields, and the report. */
    private record Read(List<List<String>> rows, List<Long> lineNumbers, ReadReport report, CsvHeader header) {
    }

    private static Read read(byte[] bytes) throws IOException {
        try (CsvReader csv = CsvReader.of(new ByteArrayInputStream(bytes), "test.csv", Csv.COMMA)) {
            List<List<String>> rows = new ArrayList<>();
            List<Long> lines = new ArrayList<>();
            while (csv.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 0; i < csv.header().size(); i++) {
                    row.add(csv.field(i));
                }
                rows.add(row);
                lines.add(csv.lineNumber());
            }
            return new Read(rows, lines, csv.report(), csv.header());
        }
    }

    private static Read read(String text) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void readsHeaderAndRows() throws IOException {
        Read r = read("a,b\n1,2\n3,\"x,y\"\n");
        assertEquals(List.of("a", "b"), r.header().names());
        assertEquals(List.of(List.of("1", "2"), List.of("3", "x,y")), r.rows());
        assertEquals(List.of(2L, 3L), r.lineNumbers());
        assertEquals(new ReadReport("test.csv", 2, 2, 0, List.of()), r.report());
        assertTrue(r.report().wellFormed());
    }

    @Test
    void lineEndingsAndByteOrderMark() throws IOException {
        List<List<String>> expected = List.of(List.of("1", "2"), List.of("3", "4"));
        assertEquals(expected, read("a,b\r\n1,2\r\n3,4\r\n").rows(), "CRLF");
        assertEquals(expected, read("a,b\n1,2\n3,4").rows(), "no final line feed");
        Read bom = read("\uFEFFa,b\n1,2\n3,4\n");
        assertEquals(List.of("a", "b"), bom.header().names(), "a byte-order mark is not part of the first name");
        assertEquals(expected, bom.rows());
    }

    @Test
    void gzipIsRecognizedByContentNotName() throws IOException {
        byte[] text = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        Path gzNamedCsv = tmp.resolve("data.csv");
        Files.write(gzNamedCsv, gzip(text));
        Path plainNamedGz = tmp.resolve("data.csv.gz");
        Files.write(plainNamedGz, text);
        for (Path file : List.of(gzNamedCsv, plainNamedGz)) {
            try (CsvReader csv = CsvReader.open(file, Csv.COMMA)) {
                assertTrue(csv.next());
                assertEquals("2", csv.field(1));
                assertFalse(csv.next());
                assertEquals(file.toString(), csv.report().source());
            }
        }
    }

    @Test
    void linesAcrossBufferBoundariesAndLongerThanTheBuffer() throws IOException {
        // 20,000 lines of varying length (about 400 KB) cross the 64 KiB read buffer many times, and one
        // line of 200,000 characters is longer than the buffer; gzipped and not.
        StringBuilder sb = new StringBuilder("id,text\n");
        List<List<String>> expected = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String text = i == 777 ? "y".repeat(200_000) : "x".repeat(i % 37) + (i % 5 == 0 ? ",\"q\"" : "");
            String field = text.contains(",") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
            sb.append(i).append(',').append(field).append('\n');
            expected.add(List.of(Integer.toString(i), text));
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        for (byte[] input : List.of(bytes, gzip(bytes))) {
            Read r = read(input);
            assertEquals(expected, r.rows());
            assertEquals(20_001L, r.lineNumbers().getLast());
            assertEquals(20_000, r.report().rows());
        }
    }

    @Test
    void malformedLinesAreCountedWithTheirNumbersAndReasons() throws IOException {
        String text = String.join("\n",
                "a,b,c",            // 1
                "1,2,3",            // 2
                "1,2",              // 3: too few
                "",                 // 4: blank
                "1,2,3,4",          // 5: too many
                "1,\"2,3",          // 6: unterminated quote
                "4,5,6",            // 7
                "1,x\"y,3",         // 8: quote inside an unquoted field
                "7,8,9") + "\n";
        Read r = read(text);
        assertEquals(List.of(List.of("1", "2", "3"), List.of("4", "5", "6"), List.of("7", "8", "9")), r.rows());
        assertEquals(List.of(2L, 7L, 9L), r.lineNumbers());
        assertEquals(List.of(
                new MalformedLine(3, "2 fields, but the header has 3"),
                new MalformedLine(4, "blank line"),
                new MalformedLine(5, "4 fields, but the header has 3"),
                new MalformedLine(6, "quoted field 2 opened at character 3 is not closed by the end of the line "
                        + "(a quoted field cannot span lines here)"),
                new MalformedLine(8, "a quote inside unquoted field 2 at character 4 (a field containing quotes must "
                        + "be enclosed in quotes, with each quote doubled)")), r.report().firstMalformed());
        assertEquals(8, r.report().dataLines());
        assertEquals(3, r.report().rows());
        assertEquals(5, r.report().malformed());
        assertFalse(r.report().wellFormed());
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> r.report().requireWellFormed());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("test.csv: line 3: 5 malformed line(s); test.csv: 8 data lines: 3 rows read, 5 malformed\n"
                + "  line 3: 2 fields, but the header has 3\n"), e.getMessage());
    }

    @Test
    void invalidUtf8MakesItsLineMalformed() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("a,b\n1,£\n".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[]{'2', ',', 'a', (byte) 0xC3, '(', '\n'}); // C3 must be followed by a continuation byte
        out.writeBytes("3,ok\n".getBytes(StandardCharsets.UTF_8));
        Read r = read(out.toByteArray());
        assertEquals(List.of(List.of("1", "£"), List.of("3", "ok")), r.rows());
        assertEquals(List.of(new MalformedLine(3, "invalid UTF-8 at byte 4 of the line")), r.report().firstMalformed());
    }

    @Test
    void onlyTheFirstTenMalformedLinesAreKeptButAllAreCounted() throws IOException {
        StringBuilder sb = new StringBuilder("a,b\n");
        for (int i = 0; i < 25; i++) {
            sb.append("only one field\n");
        }
        Read r = read(sb.toString());
        assertEquals(25, r.report().malformed());
        assertEquals(MalformedLines.DEFAULT_LIMIT, r.report().firstMalformed().size());
        assertEquals(11, r.report().firstMalformed().getLast().line());
        assertTrue(r.report().toString().endsWith("\n  ... and 15 more"), r.report().toString());
    }

    @Test
    void theCallerRejectsLinesWhoseValuesAreWrong() throws IOException {
        try (CsvReader csv = CsvReader.of(new ByteArrayInputStream("n\n1\nx\n3\n".getBytes(StandardCharsets.UTF_8)), "n.csv", Csv.COMMA)) {
            assertThrows(IllegalStateException.class, () -> csv.reject("too early"));
            assertThrows(IllegalStateException.class, () -> csv.field(0));
            List<String> kept = new ArrayList<>();
            while (csv.next()) {
                if (!csv.field(0).matches("\\d+")) {
                    csv.reject("n: \"" + csv.field(0) + "\" is not a number");
                    csv.reject("rejected twice, counted once");
                    continue;
                }
                kept.add(csv.field(0));
            }
            assertEquals(List.of("1", "3"), kept);
            assertEquals(new ReadReport("n.csv", 3, 2, 1, List.of(new MalformedLine(3, "n: \"x\" is not a number"))),
                    csv.report());
            assertThrows(IllegalStateException.class, () -> csv.reject("after the end"));
            assertThrows(IllegalStateException.class, () -> csv.field(0));
        }
    }

    @Test
    void anEmptyFileIsAnError() throws IOException {
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> read(new byte[0]));
        assertEquals("test.csv: empty file: expected a header line naming the columns", e.getMessage());
        assertEquals(0, e.line());
        // An empty gzip stream holds an empty file.
        assertThrows(CsvFormatException.class, () -> read(gzip(new byte[0])));
        CsvFormatException blank = assertThrows(CsvFormatException.class, () -> read("\n1,2\n"));
        assertEquals("test.csv: line 1: blank header line: expected the column names", blank.getMessage());
    }

    @Test
    void aHeaderWithoutDataHasNoRows() throws IOException {
        for (String text : List.of("a,b", "a,b\n", "a,b\r\n")) {
            Read r = read(text);
            assertEquals(List.of("a", "b"), r.header().names());
            assertEquals(new ReadReport("test.csv", 0, 0, 0, List.of()), r.report());
        }
    }

    @Test
    void aHeaderThatDoesNotParseIsAnError() {
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> read("a,\"b\n1,2\n"));
        assertEquals(1, e.line());
        assertTrue(e.getMessage().startsWith("test.csv: line 1: header: quoted field 2"), e.getMessage());
    }

    @Test
    void headerNamesAreFoundInAnyOrderAndMissingOnesAreNamed() throws IOException {
        CsvHeader header = read(" b , a,c\n").header();
        assertEquals(List.of("b", "a", "c"), header.names());
        assertArrayEquals(new int[]{1, 2, 0}, header.require("a", "c", "b"));
        assertEquals(-1, header.indexOf("A"));
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> header.require("a", "X", "Y"));
        assertEquals("test.csv: line 1: missing required columns \"X\", \"Y\"; the header has 3 columns: [b, a, c]",
                e.getMessage());
        CsvHeader twice = read("a,b,a\n").header();
        assertEquals(1, twice.require("b")[0], "a duplicated column that is not needed does no harm");
        CsvFormatException dup = assertThrows(CsvFormatException.class, () -> twice.require("a"));
        assertEquals("test.csv: line 1: column \"a\" appears more than once (columns 1, 3); the header has 3 columns: [a, b, a]",
                dup.getMessage());
    }

    @Test
    void aFileThatOnlyLooksGzippedIsAnError() {
        CsvFormatException e = assertThrows(CsvFormatException.class,
                () -> read(new byte[]{0x1f, (byte) 0x8b, 'n', 'o', 't', '\n'}));
        assertTrue(e.getMessage().startsWith("test.csv: starts with the gzip magic 1F 8B but is not valid gzip: "),
                e.getMessage());
    }

    @Test
    void theStreamIsClosedWhenOpeningFails() {
        boolean[] closed = {false};
        ByteArrayInputStream empty = new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        assertThrows(CsvFormatException.class, () -> CsvReader.of(empty, "empty", Csv.COMMA));
        assertTrue(closed[0]);
    }

    @Test
    void aTruncatedGzipFileIsAnErrorNamingTheLastLineRead() throws IOException {
        StringBuilder sb = new StringBuilder("a,b\n");
        for (int i = 0; i < 100_000; i++) {
            sb.append(i).append(',').append(i * 7919 % 10007).append('\n');
        }
        byte[] gz = gzip(sb.toString().getBytes(StandardCharsets.UTF_8));
        byte[] truncated = Arrays.copyOf(gz, gz.length / 2);
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> read(truncated));
        assertTrue(e.getMessage().startsWith("test.csv: corrupt or truncated gzip data after line "), e.getMessage());
    }
}
