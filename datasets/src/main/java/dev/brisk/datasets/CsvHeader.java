package dev.brisk.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * The column names of a CSV file, from its first line, so that readers find columns by name and do
 * not depend on their order: a file with the columns shuffled, or with extra ones, reads the same.
 *
 * <pre>{@code
 * CsvHeader header = csv.header();                               // e.g. [InvoiceNo, StockCode, Quantity]
 * int[] at = header.require("Quantity", "InvoiceNo");            // [2, 0]
 * }</pre>
 *
 * Names are compared exactly (case matters) after removing spaces around them, so {@code "a, b"}
 * names the columns {@code a} and {@code b}.
 */
public final class CsvHeader {

    private final String source;
    private final List<String> names;

    CsvHeader(String source, List<String> fields) {
        this.source = source;
        List<String> trimmed = new ArrayList<>(fields.size());
        for (String f : fields) {
            trimmed.add(f.strip());
        }
        this.names = List.copyOf(trimmed);
    }

    /** The column names, in file order. */
    public List<String> names() {
        return names;
    }

    /** The number of columns; every data line must have this many fields. */
    public int size() {
        return names.size();
    }

    /** The position (from 0) of the first column named {@code name}, or -1 if there is none. */
    public int indexOf(String name) {
        return names.indexOf(name);
    }

    /**
     * The positions (from 0) of the named columns, in the order asked for.
     *
     * @throws CsvFormatException naming every missing column and every one that appears more than once
     *         (which of two columns to read would be a guess), and listing the header as found
     */
    public int[] require(String... required) throws CsvFormatException {
        int[] at = new int[required.length];
        List<String> problems = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < required.length; i++) {
            at[i] = names.indexOf(required[i]);
            if (at[i] < 0) {
                missing.add('"' + required[i] + '"');
            } else if (names.lastIndexOf(required[i]) != at[i]) {
                problems.add("column \"" + required[i] + "\" appears more than once (columns " + positions(required[i]) + ")");
            }
        }
        if (!missing.isEmpty()) {
            problems.addFirst("missing required column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
        }
        if (!problems.isEmpty()) {
            throw new CsvFormatException(source, 1, String.join("; ", problems) + "; the header has " + names.size()
                    + " column" + (names.size() == 1 ? "" : "s") + ": " + names);
        }
        return at;
    }

    private String positions(String name) {
        List<String> at = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                at.add(Integer.toString(i + 1));
            }
        }
        return String.join(", ", at);
    }

    @Override
    public String toString() {
        return names.toString();
    }
}
