package dev.brisk.marketing.data;

import dev.brisk.datasets.RetailTransaction;
import dev.brisk.marketing.data.CustomerTable.Column;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.LocalDateTime;
import java.util.List;

import static dev.brisk.marketing.data.Fixtures.tx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Customer features, on hand-made transactions and on real customers whose values were computed by hand. */
class CustomerTableTest {

    private static final LocalDateTime FROM = LocalDateTime.of(2011, 1, 1, 0, 0);
    private static final LocalDateTime TO = LocalDateTime.of(2011, 1, 10, 0, 0);
    private static final LocalDateTime AS_OF = LocalDateTime.of(2011, 1, 11, 0, 0);

    /** Two customers in the window, one line before it, one customer only at its (exclusive) end. */
    private static final List<RetailTransaction> LINES = List.of(
            tx("1", "A", 2, "2011-01-01T10:00", 5.0, 100),
            tx("1", "B", 1, "2011-01-01T10:00", 2.5, 100),
            tx("9", "Z", 100, "2010-12-20T10:00", 1.0, 100),   // before the window: ignored
            tx("2", "A", 1, "2011-01-03T16:00", 5.0, 100),
            tx("3", "C", 3, "2011-01-02T00:00", 1.0, 50, "Germany"),
            tx("4", "C", 1, "2011-01-02T12:00", 4.0, 50, "France"),
            tx("5", "A", 1, "2011-01-10T00:00", 5.0, 7));      // at the end of the window: excluded

    private static final double EPS = 1e-12;

    @Test
    void featuresComputedByHand() {
        CustomerTable t = CustomerTable.build(LINES, FROM, TO, AS_OF);
        assertEquals(2, t.size());
        assertArrayEquals(new long[]{50, 100}, t.customerIds(), "rows by customer id");
        assertEquals(List.of("recency_days", "frequency", "monetary", "tenure_days", "average_basket_value",
                "distinct_products"), t.columnNames());
        assertEquals(6, t.columnCount());
        // Customer 50: last purchase 2 Jan 12:00, first 2 Jan 00:00, as of 11 Jan 00:00; 3*1 + 1*4 = 7 over 2 invoices.
        // Customer 100: last purchase 3 Jan 16:00 (7 days 8 hours before), first 1 Jan 10:00 (9 days 14 hours);
        // 2*5 + 2.5 + 5 = 17.5 over 2 invoices, products A and B.
        double[] expected = {
                8.5, 2, 7.0, 9.0, 3.5, 1,
                7 + 8 / 24.0, 2, 17.5, 9 + 14 / 24.0, 8.75, 2};
        assertArrayEquals(expected, t.values(), EPS);
        assertEquals(8.75, t.get(1, Column.AVERAGE_BASKET), EPS);
        assertArrayEquals(new double[]{7.0, 17.5}, t.column(Column.MONETARY), EPS);
        float[] f = t.toFloatMatrix();
        for (int i = 0; i < expected.length; i++) {
            assertEquals((float) expected[i], f[i]);
        }
        assertEquals(List.of("France", "United Kingdom"), t.countries(), "a 1-1 tie goes to the first alphabetically");
        assertEquals(1, t.rowOf(100));
        assertEquals(-1, t.rowOf(7), "customer 7 bought only at the window's exclusive end");
        assertEquals("CustomerTable[2 customers x 6 columns, window [2011-01-01T00:00, 2011-01-10T00:00), as of 2011-01-11T00:00]",
                t.toString());
    }

    @Test
    void asAFeatureMatrix() {
        CustomerTable t = CustomerTable.build(LINES, FROM, TO, AS_OF);
        FeatureMatrix m = t.toFeatureMatrix();
        assertEquals(2, m.rows());
        assertEquals(t.columnNames(), m.names());
        assertArrayEquals(t.toFloatMatrix(), m.toRowMajor());
        CustomerTable empty = CustomerTable.build(List.of(), FROM, TO, AS_OF);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, empty::toFeatureMatrix);
        assertEquals("customer table: no customers bought in [2011-01-01T00:00, 2011-01-10T00:00), and a FeatureMatrix "
                + "needs at least one row", e.getMessage());
    }

    @Test
    void theTableIsNotChangedThroughWhatItReturns() {
        CustomerTable t = CustomerTable.build(LINES, FROM, TO, AS_OF);
        t.values()[0] = -1;
        t.customerIds()[0] = -1;
        t.column(Column.RECENCY_DAYS)[0] = -1;
        assertEquals(8.5, t.get(0, Column.RECENCY_DAYS));
        assertEquals(50, t.customerId(0));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, Column.FREQUENCY));
    }

    @Test
    void countryTiesDoNotDependOnLineOrder() {
        List<RetailTransaction> reversed = LINES.reversed();
        assertEquals("France", CustomerTable.build(reversed, FROM, TO, AS_OF).country(0));
        List<RetailTransaction> moreGermany = new java.util.ArrayList<>(LINES);
        moreGermany.add(tx("4", "D", 1, "2011-01-02T12:00", 4.0, 50, "Germany"));
        assertEquals("Germany", CustomerTable.build(moreGermany, FROM, TO, AS_OF).country(0), "2 lines to 1");
    }

    @Test
    void theWholePeriodIsMeasuredAsOfTheNextMidnight() {
        CustomerTable t = CustomerTable.build(LINES);
        assertEquals(LocalDateTime.of(2010, 12, 20, 10, 0), t.from());
        assertEquals(LocalDateTime.of(2011, 1, 11, 0, 0), t.to());
        assertEquals(t.to(), t.asOf());
        assertArrayEquals(new long[]{7, 50, 100}, t.customerIds());
        assertEquals(3, t.get(2, Column.FREQUENCY), "invoice 9 is inside the whole period");
    }

    @Test
    void anEmptyWindowHasNoRows() {
        CustomerTable t = CustomerTable.build(LINES, LocalDateTime.of(2012, 1, 1, 0, 0), LocalDateTime.of(2012, 2, 1, 0, 0),
                LocalDateTime.of(2012, 2, 1, 0, 0));
        assertEquals(0, t.size());
        assertEquals(0, t.values().length);
        assertEquals(0, t.toFloatMatrix().length);
        assertEquals(0, CustomerTable.build(List.of(), FROM, TO, AS_OF).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CustomerTable.build(List.of()));
        assertEquals("customer table: no transactions, so no time window to build over; give the window explicitly with "
                + "build(transactions, from, to, asOf) for an empty table", e.getMessage());
    }

    @Test
    void badWindowsAreRefused() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> CustomerTable.build(LINES, TO, TO, AS_OF));
        assertEquals("customer table: the window [2011-01-10T00:00, 2011-01-10T00:00) is empty", empty.getMessage());
        IllegalArgumentException future = assertThrows(IllegalArgumentException.class,
                () -> CustomerTable.build(LINES, FROM, TO, TO.minusMinutes(1)));
        assertEquals("customer table: as-of time 2011-01-09T23:59 is before the end of the window 2011-01-10T00:00, "
                + "so some purchases would lie in the future", future.getMessage());
    }

    @Test
    void uncleanTransactionsAreNamed() {
        List<RetailTransaction> withAnonymous = List.of(LINES.get(0),
                tx("536414", "22139", 56, "2011-01-02T11:52", 1.0, RetailTransaction.NO_CUSTOMER));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CustomerTable.build(withAnonymous, FROM, TO, AS_OF));
        assertEquals("customer table: transaction 1 (invoice 536414, stock code 22139) has no CustomerID; customer features "
                + "need cleaned transactions (RetailCleaner.standard().clean(...))", e.getMessage());
        for (RetailTransaction bad : List.of(tx("C1", "A", -1, "2011-01-02T00:00", 1.0, 5),
                tx("1", "A", 0, "2011-01-02T00:00", 1.0, 5), tx("1", "A", 1, "2011-01-02T00:00", 0.0, 5))) {
            assertThrows(IllegalArgumentException.class, () -> CustomerTable.build(List.of(bad), FROM, TO, AS_OF), bad::toString);
        }
    }

    @Test
    void customersOfTheExcerpt() throws IOException {
        CustomerTable t = CustomerTable.build(RetailCleaner.standard().clean(Fixtures.excerpt().transactions()).transactions());
        assertEquals(LocalDateTime.of(2010, 12, 1, 8, 26), t.from());
        assertEquals(LocalDateTime.of(2010, 12, 6, 0, 0), t.asOf());
        assertEquals(303, t.size());
        // Customer 12647 (Germany) has 19 lines in the excerpt (lines 9289-9307): invoice 537197 at
        // 12/5/2010 14:02 with 17 lines, one of them ROUND CAKE TIN at price 0 (removed by cleaning), and
        // invoice 537198 at 14:03 with DOORMAT and POSTAGE. Summed by hand, and with (no line of this
        // customer has a quoted field, so splitting at every comma is right)
        //   zcat excerpt | awk -F, '$7==12647 && $6>0 {m+=$4*$6; i[$1]; p[$2]} END {print m, length(i), length(p)}'
        // which prints 372 2 17: monetary 372.00, 2 invoices, 17 stock codes (POST appears on both).
        // Recency: 14:03 to midnight = 597 minutes; tenure: from 14:02 = 598 minutes.
        int r = t.rowOf(12647);
        assertEquals(597 / 1440.0, t.get(r, Column.RECENCY_DAYS), EPS);
        assertEquals(2, t.get(r, Column.FREQUENCY));
        assertEquals(372.00, t.get(r, Column.MONETARY), 1e-9);
        assertEquals(598 / 1440.0, t.get(r, Column.TENURE_DAYS), EPS);
        assertEquals(186.00, t.get(r, Column.AVERAGE_BASKET), 1e-9);
        assertEquals(17, t.get(r, Column.DISTINCT_PRODUCTS));
        assertEquals("Germany", t.country(r));
        // Customer 17850: first purchase 12/1/2010 8:26, last 12/2/2010 15:27; 34 invoices, 21 products,
        // 5391.21 spent (the same awk line prints 5391.21 34 21; its 297 lines have no quoted field and
        // no duplicates).
        r = t.rowOf(17850);
        assertEquals(3 + (8 * 60 + 33) / 1440.0, t.get(r, Column.RECENCY_DAYS), EPS);
        assertEquals(34, t.get(r, Column.FREQUENCY));
        assertEquals(5391.21, t.get(r, Column.MONETARY), 1e-9);
        assertEquals(4 + (15 * 60 + 34) / 1440.0, t.get(r, Column.TENURE_DAYS), EPS);
        assertEquals(5391.21 / 34, t.get(r, Column.AVERAGE_BASKET), 1e-9);
        assertEquals(21, t.get(r, Column.DISTINCT_PRODUCTS));
        assertEquals("United Kingdom", t.country(r));
    }

    @Test
    void customersOfTheFullDataSet() throws IOException {
        CustomerTable t = CustomerTable.build(RetailCleaner.standard().clean(Fixtures.full().transactions()).transactions());
        assertEquals(LocalDateTime.of(2010, 12, 1, 8, 26), t.from());
        assertEquals(LocalDateTime.of(2011, 12, 10, 0, 0), t.asOf());
        assertEquals(4_338, t.size());
        // Customer 12347 (Iceland): 182 lines in 7 invoices from 12/7/2010 14:57 to 12/7/2011 15:52,
        // 103 stock codes, 4310.00 spent (Python's csv module on the file, cleaned by list filters as in
        // RetailCleanerTest). As of 12/10/2011 00:00: recency 2 days 8 h 8 min, tenure 367 days 9 h 3 min.
        int r = t.rowOf(12347);
        assertEquals(2 + (8 * 60 + 8) / 1440.0, t.get(r, Column.RECENCY_DAYS), EPS);
        assertEquals(7, t.get(r, Column.FREQUENCY));
        assertEquals(4310.00, t.get(r, Column.MONETARY), 1e-9);
        assertEquals(367 + (9 * 60 + 3) / 1440.0, t.get(r, Column.TENURE_DAYS), EPS);
        assertEquals(4310.00 / 7, t.get(r, Column.AVERAGE_BASKET), 1e-9);
        assertEquals(103, t.get(r, Column.DISTINCT_PRODUCTS));
        assertEquals("Iceland", t.country(r));
        // Customer 12346 bought once, 74,215 units of one product at 1.04 on 1/18/2011 10:01 (and cancelled it).
        r = t.rowOf(12346);
        assertEquals(77_183.60, t.get(r, Column.MONETARY), 1e-6);
        assertEquals(t.get(r, Column.RECENCY_DAYS), t.get(r, Column.TENURE_DAYS));
        // Two of the eight customers with lines in two countries: 12455 has 48 in Spain and 42 in Cyprus,
        // 12422 has 21 in Australia and 18 in Switzerland.
        assertEquals("Spain", t.country(t.rowOf(12455)));
        assertEquals("Australia", t.country(t.rowOf(12422)));
    }
}
