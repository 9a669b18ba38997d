package dev.brisk.datasets;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What reading a CSV file found: how many data lines it had, how many became rows, and which did not.
 * Every data line is accounted for: {@code dataLines == rows + malformed}.
 *
 * <pre>{@code
 * RetailData data = OnlineRetail.read(file);
 * System.out.println(data.report());
 * // online-retail-dataset.csv.gz: 541,909 data lines: 541,909 rows read, 0 malformed
 * data.report().requireWellFormed();     // for callers that would rather stop than go on without a line
 * }</pre>
 *
 * @param source         the file (or stream name) read
 * @param dataLines      the lines after the header, blank ones included
 * @param rows           the lines that became rows
 * @param malformed      the lines that did not (wrong number of fields, a value that does not parse, ...)
 * @param firstMalformed the first few of those (ten, for {@link CsvReader}), with their line numbers and reasons
 */
public record ReadReport(String source, long dataLines, long rows, long malformed, List<MalformedLine> firstMalformed) {

    /**
     * @throws IllegalArgumentException if the counts do not add up or there are more examples than malformed lines
     */
    public ReadReport {
        Objects.requireNonNull(source, "source");
        firstMalformed = List.copyOf(firstMalformed);
        if (rows < 0 || malformed < 0 || dataLines != rows + malformed) {
            throw new IllegalArgumentException("read report: " + dataLines + " data lines are not " + rows
                    + " rows + " + malformed + " malformed");
        }
        if (firstMalformed.size() > malformed) {
            throw new IllegalArgumentException("read report: " + firstMalformed.size() + " examples of "
                    + malformed + " malformed lines");
        }
    }

    /** Whether every data line became a row. */
    public boolean wellFormed() {
        return malformed == 0;
    }

    /**
     * Throws if any line was malformed, for callers that would rather stop than work without some rows.
     *
     * @throws CsvFormatException naming the first malformed line, with this report as the message
     */
    public ReadReport requireWellFormed() throws CsvFormatException {
        if (malformed > 0) {
            MalformedLine first = firstMalformed.isEmpty() ? null : firstMalformed.getFirst();
            throw new CsvFormatException(source, first == null ? 0 : first.line(),
                    malformed + " malformed line(s); " + this);
        }
        return this;
    }

    /**
     * One line of counts, then the examples, one per line:
     * <pre>
     * orders.csv: 5 data lines: 3 rows read, 2 malformed
     *   line 3: Quantity: "six" is not an integer
     *   line 5: 7 fields, but the header has 8
     * </pre>
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %,d data lines: %,d rows read, %,d malformed", source, dataLines, rows, malformed));
        for (MalformedLine m : firstMalformed) {
            sb.append("\n  ").append(m);
        }
        if (malformed > firstMalformed.size()) {
            sb.append(String.format(Locale.ROOT, "\n  ... and %,d more", malformed - firstMalformed.size()));
        }
        return sb.toString();
    }
}
