package dev.brisk.marketing.spend;

import dev.brisk.datasets.RetailTransaction;
import dev.brisk.marketing.data.CustomerTable;
import dev.brisk.marketing.data.FeatureScaler;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.brisk.marketing.spend.SpendFixtures.EXCERPT_CUTOFF;
import static dev.brisk.marketing.spend.SpendFixtures.tx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Features, targets and the held-out split of the spend problem, and the errors for bad choices. */
class SpendDataTest {

    @Test
    void featuresAndTargetsOnTheExcerpt() throws IOException {
        SpendData data = SpendData.from(SpendFixtures.excerpt()).cutoff(EXCERPT_CUTOFF).prepare();

        // The windows: start at midnight before the first purchase, end at midnight after the last one.
        assertEquals(LocalDateTime.of(2010, 12, 1, 0, 0), data.start());
        assertEquals(EXCERPT_CUTOFF, data.cutoff());
        assertEquals(LocalDateTime.of(2010, 12, 6, 0, 0), data.end());
        assertEquals(Duration.ofDays(2), data.featureSpan());
        assertEquals(Duration.ofDays(3), data.targetSpan());

        // Who is in it, against the independent count (see SpendFixtures.EXCERPT_CUTOFF).
        assertEquals(188, data.customers());
        assertEquals(9, data.spendSplit().returningCustomers());
        assertEquals(115, data.spendSplit().newCustomers());

        // The target is log1p of the spend after the cutoff, 0 for who did not come back.
        CustomerTable table = data.spendSplit().features();
        float[] y = data.y();
        assertEquals((float) Math.log1p(456.85), y[table.rowOf(12748)], 1e-6f);
        long zeros = 0;
        for (float v : y) {
            zeros += v == 0 ? 1 : 0;
        }
        assertEquals(188 - 9, zeros);

        // The columns: the customer table's, then the UK indicator from the country.
        assertEquals(List.of("recency_days", "frequency", "monetary", "tenure_days", "average_basket_value",
                "distinct_products", "is_uk"), SpendData.COLUMNS);
        assertEquals(SpendData.COLUMNS, data.x().names());
        double[] raw = data.featureValues();
        int w = SpendData.COLUMNS.size();
        int foreign = 0;
        for (int r = 0; r < table.size(); r++) {
            boolean uk = table.country(r).equals("United Kingdom");
            foreign += uk ? 0 : 1;
            assertEquals(uk ? 1.0 : 0.0, raw[r * w + 6], "is_uk of customer " + table.customerId(r));
            assertEquals(table.get(r, CustomerTable.Column.MONETARY), raw[r * w + 2]);
        }
        assertTrue(foreign > 0 && foreign < table.size(), "the excerpt has customers on both sides: " + foreign);

        // 20% held out, the rest trained on, every customer once.
        int[] train = data.heldOut().trainIndices();
        int[] test = data.heldOut().testIndices();
        assertEquals(38, test.length, "round(188 * 0.2)");
        assertEquals(150, train.length);
        int[] all = new int[188];
        System.arraycopy(train, 0, all, 0, 150);
        System.arraycopy(test, 0, all, 150, 38);
        Arrays.sort(all);
        for (int i = 0; i < 188; i++) {
            assertEquals(i, all[i]);
        }
        assertEquals(150, data.xTrain().rows());
        assertEquals(38, data.yTest().length);
        assertEquals(y[test[0]], data.yTest()[0]);
    }

    @Test
    void theScalerSeesOnlyTheTrainingCustomers() throws IOException {
        SpendData data = SpendData.from(SpendFixtures.excerpt()).cutoff(EXCERPT_CUTOFF).prepare();
        FeatureScaler scaler = data.scaler();
        int[] train = data.heldOut().trainIndices();
        assertEquals(train.length, scaler.fittedRows());
        double[] raw = data.featureValues();
        int w = SpendData.COLUMNS.size();
        int tenure = SpendData.COLUMNS.indexOf("tenure_days");
        int monetary = SpendData.COLUMNS.indexOf("monetary");
        double tenureSum = 0;
        double logMonetarySum = 0;
        for (int r : train) {
            tenureSum += raw[r * w + tenure];
            logMonetarySum += Math.log1p(raw[r * w + monetary]);
        }
        assertEquals(tenureSum / train.length, scaler.mean(tenure), 1e-12);
        assertEquals(logMonetarySum / train.length, scaler.mean(monetary), 1e-12);
        assertTrue(scaler.isLog1p(monetary));
        assertTrue(!scaler.isLog1p(tenure) && !scaler.isLog1p(SpendData.COLUMNS.indexOf("is_uk")));
    }

    @Test
    void theSeedAndFractionChooseTheHeldOutCustomers() throws IOException {
        List<RetailTransaction> excerpt = SpendFixtures.excerpt();
        SpendData a = SpendData.from(excerpt).cutoff(EXCERPT_CUTOFF).seed(7).prepare();
        SpendData b = SpendData.from(excerpt).cutoff(EXCERPT_CUTOFF).seed(7).prepare();
        SpendData c = SpendData.from(excerpt).cutoff(EXCERPT_CUTOFF).seed(8).testFraction(0.5).prepare();
        assertEquals(a.heldOut(), b.heldOut());
        assertEquals(a.scaler(), b.scaler());
        assertEquals(94, c.heldOut().testIndices().length);
        assertTrue(!Arrays.equals(a.heldOut().testIndices(), c.heldOut().testIndices()));
        assertEquals("spend data: the test fraction must be in (0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
                () -> SpendData.from(excerpt).testFraction(1.0)).getMessage());
    }

    @Test
    void theDefaultCutoffLiesOutsideTheExcerpt() throws IOException {
        // Nine months after 1 December 2010 is long after the excerpt's five days.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpendData.prepare(SpendFixtures.excerpt()));
        assertEquals("spend data: the windows must satisfy start < cutoff < end, got start 2010-12-01T00:00, cutoff "
                + "2011-09-01T00:00, end 2010-12-06T00:00; the transactions run from 2010-12-01T08:26 to 2010-12-05T16:24",
                e.getMessage());
        // With an end far away, the order is fine but the cutoff is still past the last purchase.
        e = assertThrows(IllegalArgumentException.class, () -> SpendData.from(SpendFixtures.excerpt())
                .end(LocalDateTime.of(2012, 1, 1, 0, 0)).prepare());
        assertEquals("spend data: the cutoff 2011-09-01T00:00 is outside the data (the transactions run from "
                + "2010-12-01T08:26 to 2010-12-05T16:24); it must lie after the first transaction and no later than the "
                + "last, so that there are purchases before it to learn from and after it to predict (the default cutoff "
                + "is 9 months after the start; give one with cutoff(...))", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SpendData.from(SpendFixtures.excerpt())
                .start(LocalDateTime.of(2010, 11, 1, 0, 0)).cutoff(LocalDateTime.of(2010, 12, 1, 8, 0)).prepare());
        assertTrue(e.getMessage().startsWith("spend data: the cutoff 2010-12-01T08:00 is outside the data"), e.getMessage());
    }

    @Test
    void emptyWindowsAreNamed() throws IOException {
        List<RetailTransaction> excerpt = SpendFixtures.excerpt();
        // The shop was closed on Saturday 4 December 2010.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpendData.from(excerpt)
                .start(LocalDateTime.of(2010, 12, 4, 0, 0)).cutoff(LocalDateTime.of(2010, 12, 5, 0, 0)).prepare());
        assertEquals("spend data: the feature window [2010-12-04T00:00, 2010-12-05T00:00) holds no transactions; "
                + "the transactions run from 2010-12-01T08:26 to 2010-12-05T16:24", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SpendData.from(excerpt)
                .cutoff(LocalDateTime.of(2010, 12, 4, 0, 0)).end(LocalDateTime.of(2010, 12, 5, 0, 0)).prepare());
        assertEquals("spend data: the target window [2010-12-04T00:00, 2010-12-05T00:00) holds no transactions; "
                + "the transactions run from 2010-12-01T08:26 to 2010-12-05T16:24", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SpendData.prepare(List.of()));
        assertEquals("spend data: no transactions", e.getMessage());
    }

    @Test
    void tooFewCustomersOrNoneComingBackIsAnError() {
        List<RetailTransaction> few = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            few.add(tx("1" + c, 1, "2011-01-0" + (c + 1) + "T10:00", 2.0, 100 + c));
        }
        few.add(tx("20", 1, "2011-02-01T10:00", 2.0, 100));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpendData.from(few)
                .cutoff(LocalDateTime.of(2011, 1, 15, 0, 0)).prepare());
        assertEquals("spend data: only 5 customer(s) bought in the feature window [2011-01-01T00:00, 2011-01-15T00:00); "
                + "at least 10 are needed to hold some out for testing", e.getMessage());

        List<RetailTransaction> gone = new ArrayList<>();
        for (int c = 0; c < 12; c++) {
            gone.add(tx("1" + c, 1, "2011-01-01T1" + (c % 10) + ":00", 2.0, 100 + c));
        }
        gone.add(tx("30", 1, "2011-02-01T10:00", 2.0, 999)); // a new customer, without history
        e = assertThrows(IllegalArgumentException.class, () -> SpendData.from(gone)
                .cutoff(LocalDateTime.of(2011, 1, 15, 0, 0)).prepare());
        assertEquals("spend data: none of the 12 customers who bought in [2011-01-01T00:00, 2011-01-15T00:00) bought again "
                + "in [2011-01-15T00:00, 2011-02-02T00:00), so every target is 0 and there is nothing to learn "
                + "(1 new customer(s) bought then, who have no features)", e.getMessage());
    }

    @Test
    void uncleanTransactionsAreRefused() {
        List<RetailTransaction> lines = new ArrayList<>();
        for (int c = 0; c < 12; c++) {
            lines.add(tx("1" + c, 1, "2011-01-01T10:00", 2.0, 100 + c));
        }
        lines.add(tx("C20", -1, "2011-02-01T10:00", 2.0, 100));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpendData.from(lines)
                .cutoff(LocalDateTime.of(2011, 1, 15, 0, 0)).prepare());
        assertTrue(e.getMessage().contains("invoice C20") && e.getMessage().contains("RetailCleaner.standard()"),
                e.getMessage());
    }
}
