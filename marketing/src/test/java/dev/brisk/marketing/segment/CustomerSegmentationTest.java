package dev.brisk.marketing.segment;

import dev.brisk.datasets.RetailTransaction;
import dev.brisk.marketing.data.CustomerTable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFM segmentation as a specification, on {@link SyntheticCustomers#fiveGroups()}, whose profiles,
 * scores and labels are worked out by hand in that class's comment.
 */
class CustomerSegmentationTest {

    @Test
    void profilesTheFiveGroupsAsWorkedOutByHand() {
        CustomerTable table = SyntheticCustomers.fiveGroups();
        Segments s = new CustomerSegmentation().k(5).seed(3).fit(table);

        // segment order: by value, champions 2.7, loyal 1.9, at risk 1.3, new 0.9, lost 0.7
        String[] labels = {"champions", "loyal", "at risk", "new", "lost"};
        double[] recency = {2, 30, 150, 6, 300};
        double[] frequency = {30, 10, 5, 1, 2};
        double[] spend = {20_000, 4_000, 1_000, 50, 200};
        int[][] scores = {{5, 5, 5}, {3, 4, 4}, {2, 3, 3}, {4, 1, 1}, {1, 2, 2}};
        assertEquals(5, s.k());
        for (int i = 0; i < 5; i++) {
            SegmentProfile p = s.profile(i);
            assertEquals(i, p.segment());
            assertEquals(labels[i], p.label(), s.table());
            assertEquals(20, p.size());
            assertEquals(0.2, p.customerShare(), 1e-15);
            assertEquals(20 * spend[i], p.revenue(), 1e-6);
            assertEquals(20 * spend[i] / 505_000, p.revenueShare(), 1e-12);
            assertEquals(recency[i], p.meanRecencyDays(), 1e-9);
            assertEquals(frequency[i], p.meanFrequency(), 0);
            assertEquals(spend[i], p.meanMonetary(), 1e-9);
            assertArrayEquals(scores[i], new int[]{p.recencyScore(), p.frequencyScore(), p.monetaryScore()},
                    p.toString());
        }
        assertEquals("R5 F5 M5", s.profile(0).scores());
        assertEquals("lost", s.profile("lost").label());

        // every customer is in their group's segment
        for (int g = 0; g < 5; g++) {
            int firstId = (Integer) SyntheticCustomers.GROUPS[g][1];
            String name = (String) SyntheticCustomers.GROUPS[g][0];
            for (int i = 0; i < 20; i++) {
                assertEquals(name, s.profile(s.segmentOf(firstId + i)).label());
            }
        }
        // each group is one point: a perfect silhouette
        assertEquals(1.0, s.silhouette(), 1e-6);
        assertEquals(0.0, s.inertia(), 1e-4); // up to float rounding in the distance kernels
        assertEquals(List.of("recency_days", "frequency", "monetary"), s.inputColumns());
        assertEquals(3, s.dims());
        assertEquals("RFM k-means", s.method());
        assertTrue(s.sweep().isEmpty(), "k was given, so no sweep");

        String table2 = s.table();
        assertTrue(table2.startsWith(" segment  label      customers   share  revenue  recency d  frequency   monetary £  scores\n"),
                table2);
        assertTrue(table2.contains("       0  champions         20   20.0%    79.2%        2.0       30.0     20,000.0  R5 F5 M5\n"),
                table2);
    }

    @Test
    void assignsNewCustomersToTheNearestSegmentWithTheFittedScaling() {
        CustomerTable table = SyntheticCustomers.build(20, 0.3);
        Segments s = new CustomerSegmentation().k(5).seed(1).fit(table);
        assertEquals("champions", s.assign(1, 40, 30_000).label());
        assertEquals("new", s.assign(5, 1, 45).label());
        assertEquals("lost", s.assign(400, 2, 150).label());
        assertEquals("at risk", s.assign(120, 6, 1_200).label());
        // the fitted customers are assigned their own segments, through the public table path
        assertArrayEquals(s.labels(), s.assign(table));
        // a single customer exactly like a group's middle member joins that group
        assertEquals("loyal", s.assign(31, 10, 4_000).label());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.assign(1, 2));
        assertEquals("segments: assign needs 3 values [recency_days, frequency, monetary], got 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.assign(1, 2, Double.NaN));
        assertTrue(e.getMessage().contains("\"monetary\"") && e.getMessage().contains("not finite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.segmentOf(999));
        assertTrue(e.getMessage().startsWith("segments: customer 999 was not among the 100 customers segmented"),
                e.getMessage());
    }

    @Test
    void isDeterministicForASeedAndLabelsAreDistinct() {
        CustomerTable table = SyntheticCustomers.build(30, 0.5);
        Segments a = new CustomerSegmentation().k(4).seed(9).fit(table);
        Segments b = new CustomerSegmentation().k(4).seed(9).fit(table);
        assertArrayEquals(a.labels(), b.labels());
        assertEquals(a.profiles(), b.profiles());
        assertEquals(a.inertia(), b.inertia(), 0);
        assertArrayEquals(a.points(), b.points());
        Set<String> seen = new HashSet<>();
        for (SegmentProfile p : a.profiles()) {
            assertTrue(seen.add(p.label()), "labels repeat: " + a.table());
        }
    }

    @Test
    void repeatedLabelsAreNumberedInSegmentOrder() {
        // Two small groups of top customers and two large groups of one-off buyers, 70 customers:
        //   group        n  recency  invoices  spend     share below (R, F, M)   scores    label
        //   100..104     5    1 d       40     £90,000   0.036, 0.964, 0.964     R5 F5 M5  champions
        //   200..204     5    2 d       30     £30,000   0.107, 0.893, 0.893     R5 F5 M5  champions (2)
        //   400..429    30  200 d        1     £30       0.357, 0.429, 0.643     R4 F3 M4  loyal
        //   300..329    30  300 d        1     £20       0.786, 0.429, 0.214     R2 F3 M2  hibernating
        List<RetailTransaction> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            if (i < 5) {
                SyntheticCustomers.addCustomer(lines, 100 + i, 1, 40, 90_000);
                SyntheticCustomers.addCustomer(lines, 200 + i, 2, 30, 30_000);
            }
            SyntheticCustomers.addCustomer(lines, 300 + i, 300, 1, 20);
            SyntheticCustomers.addCustomer(lines, 400 + i, 200, 1, 30);
        }
        CustomerTable table = CustomerTable.build(lines, SyntheticCustomers.FROM, SyntheticCustomers.AS_OF,
                SyntheticCustomers.AS_OF);
        Segments s = new CustomerSegmentation().k(4).seed(0).fit(table);
        assertEquals(List.of("champions", "champions (2)", "loyal", "hibernating"),
                s.profiles().stream().map(SegmentProfile::label).toList(), s.table());
        // the first group ranks above the second in every column, so it keeps the plain label
        assertEquals(0, s.segmentOf(100), s.table());
        assertEquals(1, s.segmentOf(200), s.table());
        assertEquals(2, s.segmentOf(400), s.table());
        assertEquals(3, s.segmentOf(300), s.table());
        assertArrayEquals(new int[]{4, 3, 4}, new int[]{s.profile(2).recencyScore(), s.profile(2).frequencyScore(),
                s.profile(2).monetaryScore()});
    }

    @Test
    void choosesKBySilhouetteWithinWhatTheCustomersAllow() {
        CustomerTable table = SyntheticCustomers.fiveGroups();
        Segments s = new CustomerSegmentation().seed(4).fit(table);
        // five distinct points: the range 2..10 is cut to 2..5, and five clusters fit perfectly
        KSweep.Result sweep = s.sweep().orElseThrow();
        assertEquals(List.of(2, 3, 4, 5), sweep.rows().stream().map(KSweep.Row::k).toList());
        assertEquals(5, s.k(), sweep.table());
        assertTrue(s.description().contains("best silhouette over 2..5"), s.description());
        // the sweep alone, beside a fixed k
        assertEquals(sweep.rows().size(), new CustomerSegmentation().k(3).seed(4).sweep(table).rows().size());
    }

    @Test
    void refusesWhatItCannotSegment() {
        CustomerTable table = SyntheticCustomers.fiveGroups();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CustomerSegmentation().k(6).fit(table));
        assertEquals("customer segmentation: k = 6 segments, but the 100 customer(s) have only 5 distinct value(s) of "
                + "log1p(recency_days), log1p(frequency), log1p(monetary), standardized; k-means cannot make more "
                + "segments than that, choose k <= 5", e.getMessage());

        // no purchase in the window: an empty table
        CustomerTable empty = CustomerTable.build(List.of(), SyntheticCustomers.FROM, SyntheticCustomers.AS_OF,
                SyntheticCustomers.AS_OF);
        e = assertThrows(IllegalArgumentException.class, () -> new CustomerSegmentation().k(3).fit(empty));
        assertEquals("customer segmentation: the customer table has no customers (no purchases in "
                + "[2011-01-01T00:00, 2012-01-01T00:00)), so there is nothing to segment", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DeepSegmentation(3).fit(empty));
        assertTrue(e.getMessage().startsWith("deep segmentation: the customer table has no customers"), e.getMessage());

        // one customer: no k to choose
        List<RetailTransaction> one = new ArrayList<>();
        SyntheticCustomers.addCustomer(one, 7, 3, 2, 100);
        CustomerTable single = CustomerTable.build(one, SyntheticCustomers.FROM, SyntheticCustomers.AS_OF,
                SyntheticCustomers.AS_OF);
        e = assertThrows(IllegalArgumentException.class, () -> new CustomerSegmentation().fit(single));
        assertTrue(e.getMessage().startsWith("customer segmentation: cannot choose k in 2..10: the 1 customer(s) have 1 "
                + "distinct value(s)"), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> new CustomerSegmentation().k(1));
        assertThrows(IllegalArgumentException.class, () -> new CustomerSegmentation().kRange(1, 5));
        assertThrows(IllegalArgumentException.class, () -> new CustomerSegmentation().restarts(0));
        assertThrows(IllegalArgumentException.class, () -> new DeepSegmentation(1));
    }

    @Test
    void restartsKeepTheLowestInertiaAndTheFirstStartIsTheSeedsOwn() {
        CustomerTable table = SyntheticCustomers.build(25, 0.8);
        CustomerFeatures rfm = CustomerFeatures.rfm();
        float[] x = rfm.fitScaler(rfm.select(table.values())).transformToFloat(rfm.select(table.values()));
        int n = table.size();
        KMeansResult one = CustomerSegmentation.bestOf(4, 11, 1, x, n, 3);
        assertArrayEquals(new KMeans(4).seed(11).fit(x, n, 3).labels(), one.labels());
        KMeansResult best = CustomerSegmentation.bestOf(4, 11, 8, x, n, 3);
        assertTrue(best.inertia() <= one.inertia());
        Segments s = new CustomerSegmentation().k(4).seed(11).restarts(8).fit(table);
        assertEquals(best.inertia(), s.inertia(), 0);
        assertArrayEquals(x, s.points(), "the points are the standardized RFM matrix k-means ran on");
        assertFalse(Double.isNaN(s.silhouette()));
    }
}
