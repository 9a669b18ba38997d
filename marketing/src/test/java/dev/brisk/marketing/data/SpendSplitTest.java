package dev.brisk.marketing.data;

import dev.brisk.datasets.RetailTransaction;
import dev.brisk.marketing.data.CustomerTable.Column;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

import static dev.brisk.marketing.data.Fixtures.tx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Features before a cutoff, spend after it, and who is in the table. */
class SpendSplitTest {

    private static final LocalDateTime START = LocalDateTime.of(2011, 1, 1, 0, 0);
    private static final LocalDateTime CUTOFF = LocalDateTime.of(2011, 2, 1, 0, 0);
    private static final LocalDateTime END = LocalDateTime.of(2011, 3, 1, 0, 0);

    private static final List<RetailTransaction> LINES = List.of(
            tx("1", "A", 1, "2011-01-15T12:00", 10.0, 1),   // customer 1: before and after the cutoff
            tx("2", "A", 2, "2011-02-10T09:00", 3.0, 1),
            tx("3", "A", 1, "2011-03-01T00:00", 100.0, 1),  // at the end: not in the target
            tx("4", "B", 1, "2011-01-20T08:00", 1.0, 2),    // customer 2: before only
            tx("5", "C", 4, "2011-02-05T10:00", 2.5, 3),    // customer 3: after only
            tx("6", "D", 1, "2010-12-31T10:00", 1.0, 4),    // customer 4: before the start, then after the cutoff
            tx("7", "D", 1, "2011-02-20T10:00", 5.0, 4));

    @Test
    void targetsAreSpendAfterTheCutoff() {
        SpendSplit s = SpendSplit.at(LINES, START, CUTOFF, END);
        CustomerTable x = s.features();
        assertArrayEquals(new long[]{1, 2}, x.customerIds(), "only customers with features");
        assertEquals(CUTOFF, x.asOf(), "features are measured at the cutoff");
        assertEquals(16.5, x.get(0, Column.RECENCY_DAYS), 1e-12);
        assertEquals(10.0, x.get(0, Column.MONETARY), 1e-12, "nothing after the cutoff leaks into the features");
        assertArrayEquals(new double[]{6.0, 0.0}, s.futureSpend(), 1e-12);
        assertArrayEquals(new float[]{6f, 0f}, s.futureSpendAsFloat());
        assertEquals(1, s.returningCustomers());
        assertEquals(2, s.newCustomers(), "customers 3 and 4 have no purchase in [start, cutoff)");
        assertEquals(15.0, s.newCustomerSpend(), 1e-12);
        assertEquals(START, s.start());
        assertEquals(CUTOFF, s.cutoff());
        assertEquals(END, s.end());
        assertEquals("SpendSplit[2 customers, features [2011-01-01T00:00, 2011-02-01T00:00), target [2011-02-01T00:00, "
                + "2011-03-01T00:00): 1 returning; 2 new customers (spend 15.00) left out]", s.toString());
        s.futureSpend()[0] = 99;
        assertEquals(6.0, s.futureSpend()[0], "a copy");
    }

    @Test
    void badBoundsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpendSplit.at(LINES, START, END, END));
        assertEquals("spend split: the cutoff 2011-03-01T00:00 is not before the end 2011-03-01T00:00", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpendSplit.at(LINES, CUTOFF, START, END));
    }

    @Test
    void nineMonthsThenThreeOnTheFullDataSet() throws IOException {
        List<RetailTransaction> clean = RetailCleaner.standard().clean(Fixtures.full().transactions()).transactions();
        SpendSplit s = SpendSplit.at(clean, LocalDateTime.of(2010, 12, 1, 0, 0), LocalDateTime.of(2011, 9, 1, 0, 0),
                LocalDateTime.of(2011, 12, 10, 0, 0));
        // Computed independently with Python's csv module on the cleaned file: 3317 customers bought
        // before 2011-09-01, 1952 of them again after it, for 3,024,050.981 in all; 1021 customers bought
        // only after it, for 635,677.721 (a few prices have three decimals). Customer 12347 spent 1519.14 after the cutoff, 17850 nothing.
        assertEquals(3_317, s.features().size());
        assertEquals(1_952, s.returningCustomers());
        assertEquals(3_024_050.981, Arrays.stream(s.futureSpend()).sum(), 1e-4);
        assertEquals(1_021, s.newCustomers());
        assertEquals(635_677.721, s.newCustomerSpend(), 1e-4);
        assertEquals(1_519.14, s.futureSpend()[s.features().rowOf(12347)], 1e-9);
        assertEquals(0.0, s.futureSpend()[s.features().rowOf(17850)]);
    }
}
