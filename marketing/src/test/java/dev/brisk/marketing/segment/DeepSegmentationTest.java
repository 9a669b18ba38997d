package dev.brisk.marketing.segment;

import dev.brisk.marketing.data.CustomerTable;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deep segmentation and the comparison, end to end on a small customer set: reproducible for a
 * seed, and sane.
 */
class DeepSegmentationTest {

    /** Small and quick: 100 customers, a short training. */
    private static DeepSegmentation small(int k) {
        return new DeepSegmentation(k).epochs(30).batchSize(16).restarts(3);
    }

    @Test
    void segmentsTheEmbeddingsReproducibly() {
        CustomerTable table = SyntheticCustomers.build(20, 0.3);
        Segments a = small(5).seed(7).fit(table);
        Segments b = small(5).seed(7).fit(table);
        assertArrayEquals(a.labels(), b.labels());
        assertEquals(a.profiles(), b.profiles());
        assertArrayEquals(a.points(), b.points());

        assertEquals("autoencoder k-means", a.method());
        assertEquals(3, a.dims());
        assertEquals(100 * 3, a.points().length);
        assertEquals(table.columnNames(), a.inputColumns());
        assertTrue(a.description().contains("3-number autoencoder embedding (6 -> 32 -> 3, tanh, 30 epochs of 16"),
                a.description());
        long total = a.profiles().stream().mapToLong(SegmentProfile::size).sum();
        assertEquals(100, total);
        assertEquals(1.0, a.profiles().stream().mapToDouble(SegmentProfile::revenueShare).sum(), 1e-12);
        assertEquals(5, new HashSet<>(a.profiles().stream().map(SegmentProfile::label).toList()).size());
        assertTrue(a.silhouette() > 0 && a.silhouette() <= 1, "silhouette " + a.silhouette());

        // the fitted customers are assigned their own segments, through scaler, encoder and centres
        assertArrayEquals(a.labels(), a.assign(table));
        int row = 0;
        double[] features = new double[6];
        for (int c = 0; c < 6; c++) {
            features[c] = table.get(row, CustomerTable.Column.values()[c]);
        }
        assertEquals(a.labels()[row], a.assign(features).segment());
        assertThrows(IllegalArgumentException.class, () -> a.assign(1, 2, 3));

        // the five groups are far apart in every feature: the embedding keeps them apart
        int[] truth = new int[100];
        for (int i = 0; i < 100; i++) {
            truth[i] = i / 20;
        }
        assertTrue(AdjustedRandIndex.of(truth, a.labels()) > 0.9, "ARI with the groups " + AdjustedRandIndex.of(truth,
                a.labels()) + "\n" + a.table());
    }

    @Test
    void refusesMoreSegmentsThanDistinctEmbeddings() {
        CustomerTable table = SyntheticCustomers.fiveGroups(); // five distinct customers, 20 times each
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small(6).fit(table));
        assertEquals("deep segmentation: k = 6 segments, but the 100 customer(s) have only 5 distinct embedding(s); "
                + "choose k <= 5", e.getMessage());
    }

    @Test
    void comparesTheMethodsReproducibly() {
        CustomerTable table = SyntheticCustomers.build(20, 0.3);
        SegmentationComparison comparison = new SegmentationComparison(5).seed(3).seeds(2).splits(1).deep(small(5));
        SegmentationComparison.Report r1 = comparison.run(table);
        SegmentationComparison.Report r2 = comparison.run(table);
        assertEquals(List.of("RFM k-means", "all-features k-means", "autoencoder k-means"),
                r1.rows().stream().map(SegmentationComparison.Row::method).toList());
        for (int i = 0; i < 3; i++) {
            SegmentationComparison.Row a = r1.rows().get(i);
            SegmentationComparison.Row b = r2.rows().get(i);
            // everything but the timing repeats exactly
            assertEquals(a, new SegmentationComparison.Row(b.method(), b.space(), b.dims(), b.silhouette(),
                    b.commonSilhouette(), b.seedStability(), b.seedStabilityMin(), b.splitStability(),
                    b.agreementWithRfm(), a.fitSeconds()));
        }
        SegmentationComparison.Row rfm = r1.row("RFM k-means");
        assertEquals(1.0, rfm.agreementWithRfm(), 0);
        // five well separated groups: RFM k-means finds them from any seed and any half
        assertEquals(1.0, rfm.seedStability(), 1e-12, r1.table());
        assertEquals(1.0, rfm.splitStability(), 1e-12, r1.table());
        SegmentationComparison.Row six = r1.row("all-features k-means");
        assertEquals(six.silhouette(), six.commonSilhouette(), 1e-6, "the same space, the same number");
        for (SegmentationComparison.Row row : r1.rows()) {
            assertTrue(row.commonSilhouette() > -1 && row.commonSilhouette() <= 1, row.toString());
            assertTrue(row.seedStabilityMin() <= row.seedStability(), row.toString());
        }
        assertEquals(3, r1.fits().size());
        assertEquals("RFM k-means", r1.fits().get(0).method());

        String table2 = r1.table();
        assertEquals(5, table2.split("\n").length, table2);
        assertTrue(table2.contains("2 seeds (min)") && table2.contains("1 halves"), table2);
        assertTrue(r1.legend().contains("between 2 fits with seeds 3..4"), r1.legend());

        assertThrows(IllegalArgumentException.class, () -> new SegmentationComparison(4).deep(new DeepSegmentation(5)));
        assertThrows(IllegalArgumentException.class, () -> new SegmentationComparison(4).seeds(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SegmentationComparison(60).run(table));
        assertTrue(e.getMessage().contains("cannot be split into two halves of at least k = 60"), e.getMessage());
    }
}
