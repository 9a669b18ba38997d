package dev.brisk.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Online Retail reader: on the committed excerpt (the first 10,000 data lines, see
 * {@code src/test/resources/online-retail/README.md}), on small crafted files with bad lines, and on
 * the whole shared file when {@code brisk.data.dir} or {@code BRISK_DATA_DIR} says where it is.
 */
class OnlineRetailTest {

    /** The committed excerpt, as a class-path resource. */
    static final String FIXTURE = "/online-retail/online-retail-first-10000.csv.gz";

    static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

    @TempDir
    Path tmp;

    private static RetailData fixture() throws IOException {
        InputStream in = OnlineRetailTest.class.getResourceAsStream(FIXTURE);
        assertTrue(in != null, "test resource " + FIXTURE + " is missing");
        return OnlineRetail.read(in, "fixture");
    }

    private static RetailData read(String text) throws IOException {
        return OnlineRetail.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "crafted.csv");
    }

    @Test
    void theExcerptReadsCompletely() throws IOException {
        RetailData data = fixture();
        // Expected figures were computed with Python's csv module on the same excerpt:
        //   rows = list(csv.reader(gzip.open(path, 'rt', newline='')))[1:]
        //   len(rows) -> 10000; len({r[6] for r in rows if r[6]}) -> 323; sum(r[6] == '' ...) -> 2291;
        //   sum(r[0].startswith('C') ...) -> 100; len({r[0] ...}) -> 512; len({r[7] ...}) -> 15;
        //   sum(int(r[3])) -> 78286; sum(int(r[3]) * float(r[5])) -> 180667.75
        assertEquals(new ReadReport("fixture", 10_000, 10_000, 0, List.of()), data.report());
        List<RetailTransaction> t = data.transactions();
        assertEquals(10_000, t.size());
        assertEquals(323, t.stream().filter(RetailTransaction::hasCustomer).mapToLong(RetailTransaction::customerId).distinct().count());
        assertEquals(2291, t.stream().filter(x -> !x.hasCustomer()).count());
        assertEquals(100, t.stream().filter(RetailTransaction::isCancellation).count());
        assertEquals(512, t.stream().map(RetailTransaction::invoiceNo).distinct().count());
        assertEquals(15, t.stream().map(RetailTransaction::country).distinct().count());
        assertEquals(78_286, t.stream().mapToLong(RetailTransaction::quantity).sum());
        assertEquals(180_667.75, t.stream().mapToDouble(RetailTransaction::amount).sum(), 1e-6);

        assertEquals(new RetailTransaction("536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 6,
                LocalDateTime.of(2010, 12, 1, 8, 26), 2.55, 17850, "United Kingdom"), t.getFirst());
        assertEquals(new RetailTransaction("537224", "22497", "SET OF 2 TINS VINTAGE BATHROOM ", 2,
                LocalDateTime.of(2010, 12, 5, 16, 24), 4.25, 13174, "United Kingdom"), t.getLast());
        // Line 873 (row 871 from 0): a doubled quote inside a quoted field; line 255: a comma and a final space.
        assertEquals("RECORD FRAME 7\" SINGLE SIZE ", t.get(871).description());
        assertEquals("FANCY FONT BIRTHDAY CARD, ", t.get(253).description());
        // Line 143: the first cancellation.
        RetailTransaction cancelled = t.get(141);
        assertEquals("C536379", cancelled.invoiceNo());
        assertTrue(cancelled.isCancellation());
        assertEquals(-1, cancelled.quantity());
        // Line 624: the first line without a customer.
        assertEquals(RetailTransaction.NO_CUSTOMER, t.get(622).customerId());
    }

    @Test
    void repeatedTextIsStoredOnce() throws IOException {
        List<RetailTransaction> t = fixture().transactions();
        assertSame(t.get(0).invoiceNo(), t.get(1).invoiceNo());
        assertSame(t.get(0).country(), t.get(5000).country());
        assertSame(t.get(0).invoiceDate(), t.get(1).invoiceDate());
    }

    @Test
    void badValuesAreReportedWithTheirLineNumbers() throws IOException {
        String text = HEADER
                + "536365,85123A,GOOD,6,12/1/2010 8:26,2.55,17850,United Kingdom\n"           // 2
                + "536365,71053,SHORT,6,12/1/2010 8:26,3.39,17850\n"                           // 3: 7 fields
                + "536365,84406B,WORDS,six,12/1/2010 8:26,2.75,17850,United Kingdom\n"        // 4
                + "536365,84406B,HUGE,3000000000,12/1/2010 8:26,2.75,17850,United Kingdom\n"  // 5
                + "536365,84029G,MONTH,6,13/1/2010 8:26,3.39,17850,United Kingdom\n"          // 6
                + "536365,84029G,ISO,6,2010-12-01 08:26,3.39,17850,United Kingdom\n"          // 7
                + "536365,84029E,FEB30,6,2/30/2011 8:26,3.39,17850,United Kingdom\n"          // 8
                + "536365,22752,NAN,2,12/1/2010 8:26,NaN,17850,United Kingdom\n"              // 9
                + "536365,22752,SUFFIX,2,12/1/2010 8:26,7.65d,17850,United Kingdom\n"         // 10
                + "536365,22752,OVERFLOW,2,12/1/2010 8:26,1e999,17850,United Kingdom\n"       // 11
                + "536365,21730,CUSTOMER,6,12/1/2010 8:26,4.25,17850x,United Kingdom\n"       // 12
                + ",21730,NO INVOICE,6,12/1/2010 8:26,4.25,17850,United Kingdom\n"            // 13
                + "536366,22633,GOOD TOO,6,12/1/2010 8:28,1.85,17850.0,United Kingdom\n";     // 14
        RetailData data = read(text);
        assertEquals(List.of("GOOD", "GOOD TOO"), data.transactions().stream().map(RetailTransaction::description).toList());
        assertEquals(17850, data.transactions().getLast().customerId(), "17850.0 is a whole number");
        ReadReport report = data.report();
        assertEquals(13, report.dataLines());
        assertEquals(2, report.rows());
        assertEquals(11, report.malformed());
        assertEquals(List.of(
                new MalformedLine(3, "7 fields, but the header has 8"),
                new MalformedLine(4, "Quantity: \"six\" is not an integer"),
                new MalformedLine(5, "Quantity: \"3000000000\" is not an integer of type int"),
                new MalformedLine(6, "InvoiceDate: \"13/1/2010 8:26\" is not a date and time M/D/YYYY H:MM"),
                new MalformedLine(7, "InvoiceDate: \"2010-12-01 08:26\" is not a date and time M/D/YYYY H:MM"),
                new MalformedLine(8, "InvoiceDate: \"2/30/2011 8:26\" is not a date and time M/D/YYYY H:MM"),
                new MalformedLine(9, "UnitPrice: \"NaN\" is not a finite decimal number"),
                new MalformedLine(10, "UnitPrice: \"7.65d\" is not a finite decimal number"),
                new MalformedLine(11, "UnitPrice: \"1e999\" is not a finite decimal number"),
                new MalformedLine(12, "CustomerID: \"17850x\" is not empty nor a whole number")),
                report.firstMalformed());
        assertTrue(report.toString().endsWith("\n  ... and 1 more"), report.toString());
    }

    @Test
    void columnsAreFoundByNameInAnyOrder() throws IOException {
        RetailData data = read("Country,Extra,CustomerID,UnitPrice,InvoiceDate,Quantity,Description,StockCode,InvoiceNo\n"
                + "United Kingdom,ignored,17850,2.55,12/1/2010 8:26,6,\"WHITE HANGING HEART T-LIGHT HOLDER\",85123A,536365\n");
        assertEquals(List.of(new RetailTransaction("536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 6,
                LocalDateTime.of(2010, 12, 1, 8, 26), 2.55, 17850, "United Kingdom")), data.transactions());
    }

    @Test
    void aMissingColumnIsNamed() {
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> read(
                "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,Country\n"
                        + "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,United Kingdom\n"));
        assertEquals("crafted.csv: line 1: missing required column \"CustomerID\"; the header has 7 columns: "
                + "[InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, Country]", e.getMessage());
    }

    @Test
    void emptyFileAndHeaderOnly() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.csv"));
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> OnlineRetail.read(empty));
        assertEquals(empty + ": empty file: expected a header line naming the columns", e.getMessage());
        RetailData headerOnly = read(HEADER);
        assertEquals(List.of(), headerOnly.transactions());
        assertEquals(new ReadReport("crafted.csv", 0, 0, 0, List.of()), headerOnly.report());
    }

    @Test
    void numberParsers() {
        assertEquals(-12, OnlineRetail.parseInteger("-12"));
        assertEquals(7, OnlineRetail.parseInteger("+7"));
        for (String bad : List.of("", "-", "1.0", " 1", "1 ", "١٢", "1234567890123456789")) {
            assertEquals(OnlineRetail.BAD, OnlineRetail.parseInteger(bad), bad);
        }
        assertEquals(17850, OnlineRetail.parseWholeNumber("17850.000"));
        for (String bad : List.of("17850.", "17850.5", "-1", "+1", ".0", "1e3")) {
            assertEquals(OnlineRetail.BAD, OnlineRetail.parseWholeNumber(bad), bad);
        }
        assertEquals(2.55, OnlineRetail.parseDecimal("2.55"));
        assertEquals(-11062.06, OnlineRetail.parseDecimal("-11062.06"));
        assertEquals(0.5, OnlineRetail.parseDecimal(".5"));
        assertEquals(3.0, OnlineRetail.parseDecimal("3."));
        assertEquals(1500.0, OnlineRetail.parseDecimal("1.5E+3"));
        for (String bad : List.of("", ".", "-", "NaN", "Infinity", "0x1p3", "2.5d", "2.5f", " 2", "2,5", "1e", "1e+", "1e999")) {
            assertTrue(Double.isNaN(OnlineRetail.parseDecimal(bad)), bad);
        }
        assertEquals(LocalDateTime.of(2011, 12, 9, 12, 50), OnlineRetail.parseDate("12/9/2011 12:50"));
        assertEquals(LocalDateTime.of(2011, 1, 5, 0, 0), OnlineRetail.parseDate("01/05/2011 0:00"));
        for (String bad : List.of("", "12/9/2011", "12/9/2011 12:5", "12/9/11 12:50", "12/9/2011 24:00",
                "12/9/2011 12:60", "12/9/2011 12:50:00", "12-9-2011 12:50", "123/9/2011 12:50", "2/29/2011 10:00")) {
            assertNull(OnlineRetail.parseDate(bad), bad);
        }
    }

    @Test
    void locateLooksInThePropertyThenTheEnvironmentVariable() throws IOException {
        Path withFile = tmp.resolve("with");
        Files.createDirectories(withFile.resolve("online-retail"));
        Path file = Files.createFile(withFile.resolve(OnlineRetail.FILE));
        Path without = Files.createDirectories(tmp.resolve("without"));
        assertEquals(file, OnlineRetail.locate(withFile.toString(), null));
        assertEquals(file, OnlineRetail.locate(null, withFile.toString()));
        assertEquals(file, OnlineRetail.locate(without.toString(), withFile.toString()));

        Path plainDir = tmp.resolve("plain");
        Files.createDirectories(plainDir.resolve("online-retail"));
        Path plain = Files.createFile(plainDir.resolve("online-retail/online-retail-dataset.csv"));
        assertEquals(plain, OnlineRetail.locate(plainDir.toString(), null), "the uncompressed file will do");

        DatasetNotFoundException none = assertThrows(DatasetNotFoundException.class, () -> OnlineRetail.locate(null, ""));
        assertEquals(List.of("system property brisk.data.dir: (not set)", "environment variable BRISK_DATA_DIR: (not set)"),
                none.searched());
        assertTrue(none.getMessage().contains("Set system property brisk.data.dir (-Dbrisk.data.dir=/path/to/datasets) "
                + "or environment variable BRISK_DATA_DIR to the directory holding online-retail/online-retail-dataset.csv.gz"),
                none.getMessage());
        DatasetNotFoundException wrong = assertThrows(DatasetNotFoundException.class,
                () -> OnlineRetail.locate(without.toString(), tmp.resolve("nowhere").toString()));
        assertEquals(List.of("system property brisk.data.dir = " + without + ": no file " + without.resolve(OnlineRetail.FILE),
                "environment variable BRISK_DATA_DIR = " + tmp.resolve("nowhere") + ": no such directory"), wrong.searched());
    }

    /** The shared data directory from the configuration, or a skipped test saying how to set it. */
    static Path sharedFile() throws IOException {
        String property = System.getProperty(OnlineRetail.PROPERTY);
        String env = System.getenv(OnlineRetail.ENV);
        assumeTrue(property != null && !property.isBlank() || env != null && !env.isBlank(),
                "the full Online Retail file is not configured: set -D" + OnlineRetail.PROPERTY + " or "
                        + OnlineRetail.ENV + " to the shared datasets directory");
        return OnlineRetail.locate(); // configured but missing is a failure, not a skip
    }

    @Test
    void theFullSharedFile() throws IOException {
        RetailData data = OnlineRetail.read(sharedFile());
        // The counts the shared datasets README gives, which Python's csv module reproduces on the same file.
        assertEquals(541_909, data.report().rows());
        assertEquals(0, data.report().malformed());
        List<RetailTransaction> t = data.transactions();
        Set<Long> customers = new HashSet<>();
        for (RetailTransaction x : t) {
            if (x.hasCustomer()) {
                customers.add(x.customerId());
            }
        }
        assertEquals(4_372, customers.size());
        assertEquals(135_080, t.stream().filter(x -> !x.hasCustomer()).count());
        assertEquals(1_454, t.stream().filter(x -> x.description().isEmpty()).count());
        assertEquals(25_900, t.stream().map(RetailTransaction::invoiceNo).distinct().count());
        assertEquals(38, t.stream().map(RetailTransaction::country).distinct().count());
        assertEquals(LocalDateTime.of(2010, 12, 1, 8, 26), t.getFirst().invoiceDate());
        assertEquals(LocalDateTime.of(2011, 12, 9, 12, 50), t.getLast().invoiceDate());
    }
}
