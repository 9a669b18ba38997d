package dev.brisk.datasets;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a CSV file with a header line, one data line at a time, and accounts for every line: each one
 * either becomes a row the caller reads, or is counted as malformed with its line number and reason.
 *
 * <pre>{@code
 * try (CsvReader csv = CsvReader.open(Path.of("orders.csv.gz"), Csv.COMMA)) {
 *     int[] at = csv.header().require("InvoiceNo", "Quantity");
 *     while (csv.next()) {                                   // skips (and counts) malformed lines
 *         String quantity = csv.field(at[1]);
 *         if (!quantity.matches("-?\\d+")) {
 *             csv.reject("Quantity: \"" + quantity + "\" is not an integer");   // counted, with this line's number
 *             continue;
 *         }
 *         ...
 *     }
 *     ReadReport report = csv.report();                      // data lines, rows, malformed lines and why
 * }
 * }</pre>
 *
 * <h2>The file</h2>
 * <ul>
 *   <li>It may be gzipped: that is decided by its first two bytes (the gzip magic {@code 1F 8B}), not
 *       by its name, so {@code data.csv.gz}, {@code data.csv} and a gzipped file without the suffix
 *       all read.</li>
 *   <li>It is UTF-8, with or without a byte-order mark. Invalid UTF-8 makes its line malformed
 *       ({@code "invalid UTF-8 at byte 12 of the line"}) rather than being replaced by {@code U+FFFD}
 *       behind the caller's back.</li>
 *   <li>Lines end with LF or CRLF; the last line may lack its terminator. Each line is one record (see
 *       {@link Csv} for why a quoted field cannot span lines).</li>
 *   <li>The first line is the header (see {@link CsvHeader}). A file with no lines at all is an error,
 *       a {@link CsvFormatException}; a file with a header and no data is fine and has no rows.</li>
 * </ul>
 *
 * <h2>Malformed lines</h2>
 * A data line is malformed when it is blank, is not valid UTF-8, is not valid CSV, or has a different
 * number of fields than the header; {@link #next()} counts such lines and moves on. The caller adds
 * the lines whose values make no sense to it with {@link #reject}. {@link #report()} then has the
 * totals and the first ten malformed lines with their numbers and
 * reasons. Line numbers count every line of the file from 1, the header included, as editors do.
 *
 * <h2>Speed</h2>
 * Lines are cut from the bytes and turned into strings only once found; the common all-ASCII line is
 * copied byte for byte, without going through a character decoder, and fields without quotes are
 * substrings of it. {@link OnlineRetail} reads its whole 45 MB file (7.4 MB gzipped) into records,
 * parsing every number and date, in 1.2 s in a fresh JVM on the development machine (2.6 s in a run
 * while other jobs kept both of its cores busy).
 *
 * <p>Not thread-safe: one reader per thread.
 */
public final class CsvReader implements Closeable {

    private static final int BUFFER = 1 << 16;

    private final InputStream in;
    private final String source;
    private final Csv csv;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    private boolean endOfInput;
    /** The bytes of a line that straddles two reads of the buffer. */
    private byte[] carry = new byte[256];

    private long lineNumber;
    /** Why the current line could not be decoded, or null. */
    private String encodingProblem;

    private final CsvHeader header;
    private final List<String> fields = new ArrayList<>();
    private final MalformedLines malformed = new MalformedLines();
    private long dataLines;
    /** Whether {@link #next()} last returned a line, which {@link #reject} may then reject. */
    private boolean onRow;
    private boolean currentRejected;

    private CsvReader(InputStream in, String source, Csv csv) throws IOException {
        this.in = in;
        this.source = source;
        this.csv = csv;
        this.header = readHeader();
    }

    /**
     * Opens {@code file}, gzipped or not, and reads its header.
     *
     * @throws CsvFormatException if the file is empty or its header line is not valid CSV
     * @throws IOException if the file cannot be read
     */
    public static CsvReader open(Path file, Csv csv) throws IOException {
        Objects.requireNonNull(csv, "csv");
        return of(Files.newInputStream(file), file.toString(), csv);
    }

    /**
     * Reads CSV from {@code in}, gzipped or not, and reads its header. {@code source} names the stream
     * in reports and messages (a file name or URL). Closing the reader closes the stream; so does a
     * failure here.
     *
     * @throws CsvFormatException if the stream is empty, starts like gzip but is not, or its header
     *         line is not valid CSV
     */
    public static CsvReader of(InputStream in, String source, Csv csv) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(csv, "csv");
        try {
            BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
            buffered.mark(2);
            int b0 = buffered.read();
            int b1 = buffered.read();
            buffered.reset();
            InputStream body = buffered;
            if (b0 == 0x1f && b1 == 0x8b) {
                try {
                    body = new GZIPInputStream(buffered, BUFFER); // reads and checks the gzip header
                } catch (ZipException | EOFException e) {
                    throw new CsvFormatException(source, 0, "starts with the gzip magic 1F 8B but is not valid gzip: "
                            + e.getMessage(), e);
                }
            }
            return new CsvReader(body, source, csv);
        } catch (IOException | RuntimeException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The file or stream name given when opening, as used in reports. */
    public String source() {
        return source;
    }

    /** The column names from the first line. */
    public CsvHeader header() {
        return header;
    }

    /**
     * Moves to the next well-formed data line: one that decodes, parses and has as many fields as the
     * header. Lines that do not are counted as malformed, with their reasons, and passed over.
     *
     * @return false at the end of the file
     * @throws CsvFormatException if a gzipped file is corrupt or truncated (naming the last line read)
     * @throws IOException if the file cannot be read
     */
    public boolean next() throws IOException {
        while (true) {
            String line = readLine();
            if (line == null && encodingProblem == null) {
                onRow = false;
                return false;
            }
            dataLines++;
            currentRejected = false;
            onRow = false;
            if (encodingProblem != null) {
                malformed.add(lineNumber, encodingProblem);
                continue;
            }
            if (line.isEmpty()) {
                malformed.add(lineNumber, "blank line");
                continue;
            }
            int n;
            try {
                n = csv.split(line, fields);
            } catch (Csv.ParseException e) {
                malformed.add(lineNumber, e.detail());
                continue;
            }
            if (n != header.size()) {
                malformed.add(lineNumber, n + " field" + (n == 1 ? "" : "s") + ", but the header has " + header.size());
                continue;
            }
            onRow = true;
            return true;
        }
    }

    /** The number (from 1, the header being line 1) of the current line. */
    public long lineNumber() {
        return lineNumber;
    }

    /**
     * The field at {@code index} (from 0; see {@link CsvHeader#require}) of the current line.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not a column of the header
     * @throws IllegalStateException before the first {@link #next()} or after the end of the file
     */
    public String field(int index) {
        if (!onRow) {
            throw new IllegalStateException(source + ": no current line to read a field from");
        }
        return fields.get(index);
    }

    /**
     * Counts the current line as malformed, for a reason found by the caller (a value that does not
     * parse, say). The line is then not a row of the report. Rejecting a line twice counts it once and
     * keeps the first reason.
     *
     * @throws IllegalStateException before the first {@link #next()} or after the end of the file
     */
    public void reject(String reason) {
        if (!onRow) {
            throw new IllegalStateException(source + ": no current line to reject");
        }
        if (!currentRejected) {
            currentRejected = true;
            malformed.add(lineNumber, reason);
        }
    }

    /** The counts so far; complete once {@link #next()} has returned false. */
    public ReadReport report() {
        return new ReadReport(source, dataLines, dataLines - malformed.count(), malformed.count(), malformed.first());
    }

    @Override
    public void close() throws IOException {
        fields.clear();
        in.close();
    }

    // ------------------------------------------------------------------ lines

    private CsvHeader readHeader() throws IOException {
        String line = readLine();
        if (line == null && encodingProblem == null) {
            throw new CsvFormatException(source, 0, "empty file: expected a header line naming the columns");
        }
        if (encodingProblem != null) {
            throw new CsvFormatException(source, 1, "header: " + encodingProblem);
        }
        if (line.isBlank()) {
            throw new CsvFormatException(source, 1, "blank header line: expected the column names");
        }
        try {
            csv.split(line, fields);
        } catch (Csv.ParseException e) {
            throw new CsvFormatException(source, 1, "header: " + e.detail(), e);
        }
        CsvHeader h = new CsvHeader(source, fields);
        fields.clear();
        return h;
    }

    /**
     * The next line without its terminator, or null at the end of the input. When the line is not valid
     * UTF-8 it returns null too, with {@link #encodingProblem} set and the line counted.
     */
    private String readLine() throws IOException {
        encodingProblem = null;
        int carried = 0;
        while (true) {
            if (position == limit && !fill()) {
                if (carried == 0) {
                    return null;                        // the file ended with a terminator, or is empty
                }
                lineNumber++;
                return decode(carry, 0, carried);       // a last line without terminator
            }
            int newline = indexOfNewline(buffer, position, limit);
            if (newline >= 0) {
                lineNumber++;
                String line;
                if (carried == 0) {
                    line = decode(buffer, position, newline - position);
                } else {
                    carried = append(carried, position, newline);
                    line = decode(carry, 0, carried);
                }
                position = newline + 1;
                return line;
            }
            carried = append(carried, position, limit);
            position = limit;
        }
    }

    private static int indexOfNewline(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Appends {@code buffer[from, to)} to the carried bytes and returns their new length. */
    private int append(int carried, int from, int to) {
        int n = to - from;
        if (carried + n > carry.length) {
            carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carried + n));
        }
        System.arraycopy(buffer, from, carry, carried, n);
        return carried + n;
    }

    private boolean fill() throws IOException {
        if (endOfInput) {
            return false;
        }
        int n;
        try {
            n = in.readNBytes(buffer, 0, buffer.length);
        } catch (ZipException | EOFException e) {
            throw new CsvFormatException(source, 0, "corrupt or truncated gzip data after line " + lineNumber
                    + ": " + e.getMessage(), e);
        }
        if (n < buffer.length) {
            endOfInput = true;
        }
        if (lineNumber == 0 && position == 0 && limit == 0 && n >= 3
                && buffer[0] == (byte) 0xEF && buffer[1] == (byte) 0xBB && buffer[2] == (byte) 0xBF) {
            position = 3; // a UTF-8 byte-order mark, as spreadsheet programs write: not part of the header
            limit = n;
            return true;
        }
        position = 0;
        limit = n;
        return n > 0;
    }

    /** The text of {@code bytes[from, from + length)} less a final CR, or null if it is not UTF-8. */
    private String decode(byte[] bytes, int from, int length) {
        if (length > 0 && bytes[from + length - 1] == '\r') {
            length--;
        }
        int ascii = 0;
        for (int i = from, end = from + length; i < end; i++) {
            ascii |= bytes[i];
        }
        if (ascii >= 0) {
            // Every byte is below 0x80: Latin-1 and UTF-8 agree, and Latin-1 decoding is a plain copy.
            return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(bytes, from, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            encodingProblem = "invalid UTF-8 at byte " + (firstInvalidUtf8(bytes, from, length) + 1) + " of the line";
            return null;
        }
    }

    /** The offset in the line of the first byte that does not start a valid UTF-8 sequence. */
    private int firstInvalidUtf8(byte[] bytes, int from, int length) {
        ByteBuffer in = ByteBuffer.wrap(bytes, from, length);
        CharBuffer out = CharBuffer.allocate(length);
        utf8.reset().decode(in, out, true);
        return in.position() - from;
    }
}
