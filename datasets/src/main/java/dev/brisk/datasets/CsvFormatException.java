package dev.brisk.datasets;

import java.io.IOException;

/**
 * A CSV file that cannot be read at all: it is empty, its header cannot be parsed, or a column the
 * reader needs is missing. (A bad <em>data</em> line does not stop the reading: it is counted as
 * malformed and reported in the {@link ReadReport}.) The message names the file and the line:
 *
 * <pre>
 * orders.csv: line 1: missing required column "CustomerID"; the header has 7 columns:
 * [InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, Country]
 * </pre>
 */
public final class CsvFormatException extends IOException {

    private final String source;
    private final long line;

    CsvFormatException(String source, long line, String message) {
        super(source + ": " + (line > 0 ? "line " + line + ": " : "") + message);
        this.source = source;
        this.line = line;
    }

    CsvFormatException(String source, long line, String message, Throwable cause) {
        this(source, line, message);
        initCause(cause);
    }

    /** The file (or stream name) being read. */
    public String source() {
        return source;
    }

    /** The line, counted from 1, or 0 when the problem is not on one line (e.g. an empty file). */
    public long line() {
        return line;
    }
}
