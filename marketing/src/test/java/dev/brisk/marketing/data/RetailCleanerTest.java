package dev.brisk.marketing.data;

import dev.brisk.datasets.RetailData;
import dev.brisk.datasets.RetailTransaction;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static dev.brisk.marketing.data.CleaningRule.CANCELLATION;
import static dev.brisk.marketing.data.CleaningRule.DUPLICATE;
import static dev.brisk.marketing.data.CleaningRule.MISSING_CUSTOMER;
import static dev.brisk.marketing.data.CleaningRule.NON_POSITIVE_PRICE;
import static dev.brisk.marketing.data.CleaningRule.NON_POSITIVE_QUANTITY;
import static dev.brisk.marketing.data.Fixtures.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The cleaning rules, their order, and their counts on the excerpt and on the full data set. */
class RetailCleanerTest {

    private static final long NONE = RetailTransaction.NO_CUSTOMER;

    private static final RetailTransaction GOOD = tx("536365", "85123A", 6, "2010-12-01T08:26", 2.55, 17850);
    private static final RetailTransaction CANCELLED = tx("C536379", "D", -1, "2010-12-01T09:41", 27.5, 14527);
    private static final RetailTransaction CANCELLED_ANONYMOUS = tx("C536380", "D", -1, "2010-12-01T09:42", 27.5, NONE);
    private static final RetailTransaction ANONYMOUS = tx("536414", "22139", 56, "2010-12-01T11:52", 0, NONE);
    private static final RetailTransaction RETURN = tx("536589", "21777", -10, "2010-12-01T16:50", 0, 12345);
    private static final RetailTransaction FREE = tx("537197", "22841", 1, "2010-12-05T14:02", 0, 12647);
    private static final RetailTransaction GOOD_2 = tx("536366", "22633", 6, "2010-12-01T08:28", 1.85, 17850);

    private static List<Long> removed(CleaningReport report) {
        return report.steps().stream().map(CleaningReport.Step::removed).toList();
    }

    @Test
    void eachRuleRemovesWhatItSays() {
        RetailTransaction dup = new RetailTransaction(GOOD.invoiceNo(), GOOD.stockCode(), GOOD.description(),
                GOOD.quantity(), GOOD.invoiceDate(), GOOD.unitPrice(), GOOD.customerId(), GOOD.country());
        RetailTransaction negativePrice = tx("A563186", "B", 1, "2011-08-12T14:51", -11062.06, 12346);
        CleaningResult result = RetailCleaner.standard().clean(
                List.of(GOOD, CANCELLED, ANONYMOUS, RETURN, FREE, dup, GOOD_2, negativePrice, GOOD));
        assertEquals(List.of(GOOD, GOOD_2), result.transactions(), "kept, in input order; the first copy of GOOD stays");
        CleaningReport report = result.report();
        assertEquals(List.of(CANCELLATION, MISSING_CUSTOMER, NON_POSITIVE_QUANTITY, NON_POSITIVE_PRICE, DUPLICATE),
                report.steps().stream().map(CleaningReport.Step::rule).toList());
        assertEquals(List.of(1L, 1L, 1L, 2L, 2L), removed(report));
        assertEquals(List.of(8L, 7L, 6L, 4L, 2L), report.steps().stream().map(CleaningReport.Step::remaining).toList());
        assertEquals(9, report.rowsIn());
        assertEquals(2, report.rowsOut());
        assertEquals(2, report.removed(DUPLICATE));
    }

    @Test
    void aLineIsCountedUnderTheFirstRuleThatRemovesIt() {
        // Cancelled and anonymous: a cancellation when cancellations come first, anonymous otherwise.
        // A line with no customer and price 0 is "no CustomerID", not "UnitPrice <= 0".
        List<RetailTransaction> in = List.of(CANCELLED_ANONYMOUS, ANONYMOUS);
        assertEquals(List.of(1L, 1L, 0L, 0L, 0L), removed(RetailCleaner.standard().clean(in).report()));
        assertEquals(List.of(2L, 0L), removed(RetailCleaner.of(MISSING_CUSTOMER, CANCELLATION).clean(in).report()));
    }

    @Test
    void aSubsetOfRulesInAnyOrder() {
        RetailCleaner keepReturns = RetailCleaner.of(MISSING_CUSTOMER, DUPLICATE);
        assertEquals(List.of(MISSING_CUSTOMER, DUPLICATE), keepReturns.rules());
        CleaningResult r = keepReturns.clean(List.of(GOOD, CANCELLED, ANONYMOUS, GOOD));
        assertEquals(List.of(GOOD, CANCELLED), r.transactions());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.report().removed(CANCELLATION));
        assertEquals("cleaning report: rule CANCELLATION was not applied; the rules were [MISSING_CUSTOMER, DUPLICATE]",
                e.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> RetailCleaner.of(DUPLICATE, CANCELLATION, DUPLICATE));
        assertEquals("cleaner: rule DUPLICATE given twice in [DUPLICATE, CANCELLATION, DUPLICATE]", twice.getMessage());
    }

    @Test
    void duplicatesBeforeOtherRulesCountAsAppliedOneAfterTheOther() {
        // With DUPLICATE first, the second copy of a free line is a duplicate and the first is free:
        // exactly what running the rules as separate passes over the whole list gives.
        CleaningResult r = RetailCleaner.of(DUPLICATE, NON_POSITIVE_PRICE).clean(List.of(FREE, FREE, GOOD));
        assertEquals(List.of(1L, 1L), removed(r.report()));
        assertEquals(List.of(GOOD), r.transactions());
    }

    @Test
    void emptyInput() {
        CleaningResult r = RetailCleaner.standard().clean(List.of());
        assertEquals(List.of(), r.transactions());
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L), removed(r.report()));
        assertEquals(0, r.report().rowsOut());
    }

    @Test
    void theReportIsATable() {
        CleaningReport report = RetailCleaner.standard().clean(List.of(GOOD, CANCELLED, ANONYMOUS, GOOD)).report();
        assertEquals("""
                Cleaning 4 transactions:
                  rule                                              removed   remaining
                  1. cancelled invoice (InvoiceNo starts with C)          1           3
                  2. no CustomerID                                        1           2
                  3. Quantity <= 0                                        0           2
                  4. UnitPrice <= 0                                       0           2
                  5. exact duplicate of an earlier line                   1           1
                kept 1 of 4 (25.0%)""", report.toString());
    }

    @Test
    void aReportWhoseCountsDoNotAddUpIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CleaningReport(10,
                List.of(new CleaningReport.Step(CANCELLATION, 2, 8), new CleaningReport.Step(DUPLICATE, 1, 6))));
        assertEquals("cleaning report: DUPLICATE leaves 6 of 8 after removing 1", e.getMessage());
    }

    @Test
    void countsOnTheExcerpt() throws IOException {
        // Computed independently with Python's csv module on the same excerpt, applying the rules one
        // after the other as list filters (not r[0].startswith('C'); r[6] != ''; int(r[3]) > 0;
        // float(r[5]) > 0; then the first occurrence of each tuple of the eight text fields):
        // 100, 2291, 0, 1, 196 removed; 7412 kept; 303 distinct customers kept.
        CleaningResult r = RetailCleaner.standard().clean(Fixtures.excerpt().transactions());
        assertEquals(List.of(100L, 2291L, 0L, 1L, 196L), removed(r.report()));
        assertEquals(7412, r.transactions().size());
        assertEquals(303, r.transactions().stream().mapToLong(RetailTransaction::customerId).distinct().count());
    }

    @Test
    void countsOnTheFullDataSet() throws IOException {
        RetailData data = Fixtures.full();
        // Computed independently the same way (Python csv module, rules as successive list filters):
        // 9288 cancellations, 134697 without customer, 0 quantity <= 0, 40 price <= 0, 5192 duplicates;
        // 392692 lines and 4338 customers kept.
        CleaningResult r = RetailCleaner.standard().clean(data.transactions());
        assertEquals(541_909, r.report().rowsIn());
        assertEquals(List.of(9_288L, 134_697L, 0L, 40L, 5_192L), removed(r.report()));
        assertEquals(392_692, r.report().rowsOut());
        assertEquals(4_338, r.transactions().stream().mapToLong(RetailTransaction::customerId).distinct().count());
        System.out.println(r.report());
    }
}
