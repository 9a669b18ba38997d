package dev.brisk.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * UCI Online Retail: 541,909 invoice lines of a UK online shop selling gifts, mostly to wholesalers,
 * from 1 December 2010 to 9 December 2011 (D. Chen, S. L. Sain, K. Guo, 2012). It is the classic data
 * set for customer segmentation (RFM) and spend prediction.
 *
 * <pre>{@code
 * RetailData data = OnlineRetail.read(OnlineRetail.locate());   // or OnlineRetail.load()
 * System.out.println(data.report());        // ...: 541,909 data lines: 541,909 rows read, 0 malformed
 * RetailTransaction first = data.transactions().getFirst();
 * first.stockCode();                        // "85123A"
 * first.invoiceDate();                      // 2010-12-01T08:26
 * }</pre>
 *
 * <h2>The file</h2>
 * A CSV file, gzipped or not (see {@link CsvReader}), with a header naming at least the eight columns
 * below, in any order; other columns are ignored. Values are parsed strictly, and a line with a value
 * that does not parse is counted as malformed, with its line number and the reason, in the
 * {@link ReadReport}, never guessed at nor silently dropped:
 * <table>
 * <caption>Columns</caption>
 * <tr><th>column</th><th>accepted</th><th>becomes</th></tr>
 * <tr><td>InvoiceNo</td><td>non-empty text</td><td>{@link RetailTransaction#invoiceNo()}</td></tr>
 * <tr><td>StockCode</td><td>non-empty text</td><td>{@link RetailTransaction#stockCode()}</td></tr>
 * <tr><td>Description</td><td>any text, also empty</td><td>{@link RetailTransaction#description()}</td></tr>
 * <tr><td>Quantity</td><td>an integer of type {@code int}: {@code 6}, {@code -12}</td><td>{@link RetailTransaction#quantity()}</td></tr>
 * <tr><td>InvoiceDate</td><td>{@code M/D/YYYY H:MM}, month and day first as in the US, 24-hour clock:
 *     {@code 12/1/2010 8:26}</td><td>{@link RetailTransaction#invoiceDate()}</td></tr>
 * <tr><td>UnitPrice</td><td>a finite decimal number: {@code 2.55}, {@code 0}, {@code -11062.06}, {@code 1e3}
 *     (not {@code NaN}, {@code Infinity}, hexadecimal or a type suffix such as {@code 2.5d})</td>
 *     <td>{@link RetailTransaction#unitPrice()}</td></tr>
 * <tr><td>CustomerID</td><td>empty, or a whole number, also written with a zero fraction
 *     ({@code 17850} or {@code 17850.0}, as spreadsheet exports write it)</td>
 *     <td>{@link RetailTransaction#customerId()}, {@link RetailTransaction#NO_CUSTOMER} when empty</td></tr>
 * <tr><td>Country</td><td>non-empty text</td><td>{@link RetailTransaction#country()}</td></tr>
 * </table>
 * A header without one of these columns is a {@link CsvFormatException} naming it and listing the
 * header as found; so is an empty file. A file with a header and no data lines reads as no
 * transactions.
 *
 * <p>Repeated text (invoice numbers, stock codes, descriptions, countries) is stored once: the full
 * file holds only 25,900 invoices, about 4,000 products and 38 countries, so sharing the strings
 * saves most of the memory half a million records would take: the full file takes about 42 MB of heap
 * and reads in 1.2 s (one run in a fresh JVM on the development machine; 2.6 s while other jobs
 * kept both of its cores busy).
 *
 * <h2>Where the file is found</h2>
 * {@link #locate()} looks in the directory named by system property {@value #PROPERTY}, then by
 * environment variable {@value #ENV}, for {@value #FILE} (or the same without {@code .gz}). Tests and
 * CI set one of the two; nothing is looked for at a fixed path.
 *
 * <h2>Source and licence</h2>
 * Chen, D. (2015). Online Retail [Dataset]. UCI Machine Learning Repository.
 * <a href="https://doi.org/10.24432/C5BW33">doi:10.24432/C5BW33</a>, licensed CC BY 4.0.
 * UCI distributes it as a spreadsheet; the CSV here is the same data with the columns above.
 */
public final class OnlineRetail {

    /** The system property naming the directory of shared data sets, e.g. {@code -Dbrisk.data.dir=../shared/datasets}. */
    public static final String PROPERTY = "brisk.data.dir";
    /** The environment variable naming the directory of shared data sets (CI exports it). */
    public static final String ENV = "BRISK_DATA_DIR";
    /** Where the file is inside that directory. */
    public static final String FILE = "online-retail/online-retail-dataset.csv.gz";
    /** The data set's page, where it can be downloaded. */
    public static final String HOME_PAGE = "https://archive.ics.uci.edu/dataset/352/online+retail";

    /** The columns read, by their names in the header. */
    public static final List<String> COLUMNS = List.of(
            "InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country");

    private OnlineRetail() {
    }

    /** Locates the shared copy and reads it: {@code read(locate())}. */
    public static RetailData load() throws IOException {
        return read(locate());
    }

    /**
     * Reads an Online Retail CSV file, gzipped or not.
     *
     * @throws CsvFormatException if the file is empty, or its header lacks one of the {@link #COLUMNS}
     * @throws IOException if the file cannot be read
     */
    public static RetailData read(Path file) throws IOException {
        try (CsvReader csv = CsvReader.open(file, Csv.COMMA)) {
            return read(csv);
        }
    }

    /**
     * Reads Online Retail CSV from a stream, gzipped or not, to its end, and closes it. {@code source}
     * names the stream in the report and in messages.
     *
     * @throws CsvFormatException if the stream is empty, or its header lacks one of the {@link #COLUMNS}
     */
    public static RetailData read(InputStream in, String source) throws IOException {
        try (CsvReader csv = CsvReader.of(in, source, Csv.COMMA)) {
            return read(csv);
        }
    }

    private static RetailData read(CsvReader csv) throws IOException {
        int[] at = csv.header().require(COLUMNS.toArray(String[]::new));
        RowParser parser = new RowParser(at);
        List<RetailTransaction> rows = new ArrayList<>();
        while (csv.next()) {
            RetailTransaction t = parser.parse(csv);
            if (t != null) {
                rows.add(t);
            }
        }
        return new RetailData(rows, csv.report());
    }

    /**
     * The shared copy of the file: {@value #FILE} (or the same without {@code .gz}) in the directory named
     * by system property {@value #PROPERTY}, else by environment variable {@value #ENV}.
     *
     * @throws DatasetNotFoundException if neither is set or neither directory has the file; the message
     *         lists what was searched and says how to configure it
     */
    public static Path locate() throws DatasetNotFoundException {
        return locate(System.getProperty(PROPERTY), System.getenv(ENV));
    }

    /** {@link #locate()} with the property's and the variable's values given, for tests. */
    static Path locate(String property, String env) throws DatasetNotFoundException {
        List<String> searched = new ArrayList<>();
        String[][] places = {{"system property " + PROPERTY, property}, {"environment variable " + ENV, env}};
        for (String[] place : places) {
            if (place[1] == null || place[1].isBlank()) {
                searched.add(place[0] + ": (not set)");
                continue;
            }
            Path dir = Path.of(place[1]);
            Path gz = dir.resolve(FILE);
            Path plain = dir.resolve(FILE.substring(0, FILE.length() - ".gz".length()));
            if (Files.isRegularFile(gz)) {
                return gz;
            }
            if (Files.isRegularFile(plain)) {
                return plain;
            }
            searched.add(place[0] + " = " + dir + ": " + (Files.isDirectory(dir) ? "no file " + gz : "no such directory"));
        }
        StringBuilder msg = new StringBuilder("UCI Online Retail not found. Searched, in order:");
        for (int i = 0; i < searched.size(); i++) {
            msg.append("\n  ").append(i + 1).append(". ").append(searched.get(i));
        }
        msg.append("\nSet system property ").append(PROPERTY).append(" (-D").append(PROPERTY)
                .append("=/path/to/datasets) or environment variable ").append(ENV)
                .append(" to the directory holding ").append(FILE)
                .append(" (in this project, ../shared/datasets beside the repository; .ci/run exports it).")
                .append("\nThe data set: ").append(HOME_PAGE).append(" (CC BY 4.0).");
        throw new DatasetNotFoundException(msg.toString(), searched, null);
    }

    // ------------------------------------------------------------------ parsing one line

    /**
     * Turns the fields of a line into a transaction, or rejects the line with the first problem found.
     * Holds the string pools and the last date parsed, which is usually the next one's too: the lines
     * of an invoice are consecutive and share its date.
     */
    private static final class RowParser {
        private final int invoiceNo, stockCode, description, quantity, invoiceDate, unitPrice, customerId, country;
        private final Map<String, String> invoices = new HashMap<>();
        private final Map<String, String> products = new HashMap<>();
        private final Map<String, String> descriptions = new HashMap<>();
        private final Map<String, String> countries = new HashMap<>();
        private String lastDateText;
        private LocalDateTime lastDate;

        RowParser(int[] at) {
            invoiceNo = at[0];
            stockCode = at[1];
            description = at[2];
            quantity = at[3];
            invoiceDate = at[4];
            unitPrice = at[5];
            customerId = at[6];
            country = at[7];
        }

        /** The transaction on the current line, or null after rejecting the line. */
        RetailTransaction parse(CsvReader csv) {
            String invoice = csv.field(invoiceNo);
            String stock = csv.field(stockCode);
            String countryName = csv.field(country);
            String empty = invoice.isEmpty() ? "InvoiceNo" : stock.isEmpty() ? "StockCode" : countryName.isEmpty() ? "Country" : null;
            if (empty != null) {
                csv.reject(empty + ": empty");
                return null;
            }
            String text = csv.field(quantity);
            long q = parseInteger(text);
            if (q == BAD || q < Integer.MIN_VALUE || q > Integer.MAX_VALUE) {
                csv.reject("Quantity: " + quote(text) + " is not an integer" + (q == BAD ? "" : " of type int"));
                return null;
            }
            LocalDateTime date = date(csv.field(invoiceDate));
            if (date == null) {
                csv.reject("InvoiceDate: " + quote(csv.field(invoiceDate)) + " is not a date and time M/D/YYYY H:MM");
                return null;
            }
            text = csv.field(unitPrice);
            double price = parseDecimal(text);
            if (Double.isNaN(price)) {
                csv.reject("UnitPrice: " + quote(text) + " is not a finite decimal number");
                return null;
            }
            text = csv.field(customerId);
            long customer = RetailTransaction.NO_CUSTOMER;
            if (!text.isEmpty()) {
                customer = parseWholeNumber(text);
                if (customer == BAD) {
                    csv.reject("CustomerID: " + quote(text) + " is not empty nor a whole number");
                    return null;
                }
            }
            return new RetailTransaction(pooled(invoices, invoice), pooled(products, stock),
                    pooled(descriptions, csv.field(description)), (int) q, date, price, customer,
                    pooled(countries, countryName));
        }

        private LocalDateTime date(String text) {
            if (!text.equals(lastDateText)) {
                lastDate = parseDate(text);
                lastDateText = lastDate == null ? null : text;
            }
            return lastDate;
        }

        private static String pooled(Map<String, String> pool, String s) {
            String shared = pool.putIfAbsent(s, s);
            return shared == null ? s : shared;
        }
    }

    private static String quote(String s) {
        return '"' + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + '"';
    }

    /** What the number parsers return for text that is not a number of their kind. */
    static final long BAD = Long.MIN_VALUE;

    /**
     * An optionally signed run of ASCII digits, at most 18 of them (so it fits a long with room to spare),
     * or {@link #BAD}. {@link Long#parseLong} would also accept non-ASCII digits.
     */
    static long parseInteger(String s) {
        int n = s.length();
        int i = n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        if (i == n || n - i > 18) {
            return BAD;
        }
        long v = 0;
        for (int k = i; k < n; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return BAD;
            }
            v = v * 10 + (c - '0');
        }
        return s.charAt(0) == '-' ? -v : v;
    }

    /** Unsigned digits, optionally followed by a fraction of zeros ({@code 17850.0}), or {@link #BAD}. */
    static long parseWholeNumber(String s) {
        int dot = s.indexOf('.');
        if (dot == s.length() - 1) {
            return BAD; // "17850." has no fraction at all
        }
        String digits = dot < 0 ? s : s.substring(0, dot);
        for (int k = dot + 1; dot >= 0 && k < s.length(); k++) {
            if (s.charAt(k) != '0') {
                return BAD;
            }
        }
        if (digits.isEmpty() || digits.charAt(0) == '-' || digits.charAt(0) == '+') {
            return BAD;
        }
        return parseInteger(digits);
    }

    /**
     * A finite decimal number, {@code [+-]digits[.digits][e[+-]digits]} with digits on at least one
     * side of the point, or NaN. The syntax is checked first because {@link Double#parseDouble} also
     * takes {@code "NaN"}, {@code "Infinity"}, hexadecimal, a {@code d} or {@code f} suffix and spaces.
     */
    static double parseDecimal(String s) {
        int n = s.length();
        int i = n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return Double.NaN;
            }
        }
        if (i != n) {
            return Double.NaN;
        }
        double v = Double.parseDouble(s);
        return Double.isFinite(v) ? v : Double.NaN; // 1e999 overflows to infinity
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * {@code M/D/YYYY H:MM}: month and day with one or two digits, a four-digit year, the hour with one
     * or two digits and the minutes with two; a date that does not exist (2/30/2011) or an hour past 23
     * is refused. Null if the text is not such a date.
     */
    static LocalDateTime parseDate(String s) {
        int[] pos = {0};
        int month = number(s, pos, 1, 2, '/');
        int day = number(s, pos, 1, 2, '/');
        int year = number(s, pos, 4, 4, ' ');
        int hour = number(s, pos, 1, 2, ':');
        int minute = number(s, pos, 2, 2, (char) 0);
        if (month < 0 || day < 0 || year < 0 || hour < 0 || minute < 0 || pos[0] != s.length()) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute);
        } catch (DateTimeException e) {
            return null; // month 13, 30 February, hour 24, minute 60
        }
    }

    /**
     * Reads {@code min} to {@code max} ASCII digits at {@code pos[0]}, then {@code end} (unless it is 0,
     * meaning the end of the text), and moves {@code pos[0]} past them. -1 if the text does not match.
     */
    private static int number(String s, int[] pos, int min, int max, char end) {
        int i = pos[0];
        if (i < 0) {
            return -1;
        }
        int v = 0;
        int start = i;
        while (i < s.length() && i - start < max && isDigit(s.charAt(i))) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        if (i - start < min) {
            pos[0] = -1;
            return -1;
        }
        if (end != 0) {
            if (i >= s.length() || s.charAt(i) != end) {
                pos[0] = -1;
                return -1;
            }
            i++;
        }
        pos[0] = i;
        return v;
    }
}
