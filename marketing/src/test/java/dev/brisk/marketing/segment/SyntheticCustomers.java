package dev.brisk.marketing.segment;

import dev.brisk.datasets.OnlineRetail;
import dev.brisk.datasets.RetailData;
import dev.brisk.datasets.RetailTransaction;
import dev.brisk.marketing.data.CustomerTable;

import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Customers with a known structure, built from transactions the way real tables are.
 *
 * <p>{@link #fiveGroups()}: 100 customers in five groups of 20; within a group every customer has
 * the same recency, frequency and spend, so each group is one point in RFM space and its RFM scores
 * can be worked out by hand. Ranked among the 100 customers, a group's centre has 20·(rank-1) + 10
 * customers "below" it (its own 20 count half), so its share below is 0.1, 0.3, 0.5, 0.7 or 0.9
 * and its score 1 to 5 by rank:
 * <pre>
 *   group        ids          recency   invoices   spend     R  F  M   FM  label
 *   champions    1000-1019      2 days      30    £20,000    5  5  5    5  champions
 *   new          2000-2019      6 days       1    £    50    4  1  1    1  new
 *   loyal        3000-3019     30 days      10    £ 4,000    3  4  4    4  loyal
 *   at risk      4000-4019    150 days       5    £ 1,000    2  3  3    3  at risk
 *   lost         5000-5019    300 days       2    £   200    1  2  2    2  lost
 * </pre>
 * Revenue: 400,000 + 1,000 + 80,000 + 20,000 + 4,000 = £505,000. Segment order by the sum of the
 * "good" shares (1 - q for recency): champions 2.7, loyal 1.9, at risk 1.3, new 0.9, lost 0.7.
 */
final class SyntheticCustomers {

    static final LocalDateTime FROM = LocalDateTime.of(2011, 1, 1, 0, 0);
    static final LocalDateTime AS_OF = LocalDateTime.of(2012, 1, 1, 0, 0);

    /** name, first id, recency days, invoices, spend. */
    static final Object[][] GROUPS = {
            {"champions", 1000, 2, 30, 20_000.0},
            {"new", 2000, 6, 1, 50.0},
            {"loyal", 3000, 30, 10, 4_000.0},
            {"at risk", 4000, 150, 5, 1_000.0},
            {"lost", 5000, 300, 2, 200.0},
    };

    static final int PER_GROUP = 20;

    private SyntheticCustomers() {
    }

    /** The five groups of the class comment. */
    static CustomerTable fiveGroups() {
        return build(PER_GROUP, 0);
    }

    /**
     * {@code perGroup} customers per group; with {@code spread > 0} each customer's spend is
     * multiplied by {@code 1 + spread·(i/perGroup - 0.5)} and their recency moved by {@code i mod 3}
     * days, so the groups are clouds rather than points.
     */
    static CustomerTable build(int perGroup, double spread) {
        List<RetailTransaction> lines = new ArrayList<>();
        for (Object[] g : GROUPS) {
            int firstId = (Integer) g[1];
            int recency = (Integer) g[2];
            int invoices = (Integer) g[3];
            double spend = (Double) g[4];
            for (int i = 0; i < perGroup; i++) {
                double factor = 1 + spread * ((double) i / perGroup - 0.5);
                int shift = spread > 0 ? i % 3 : 0;
                addCustomer(lines, firstId + i, recency + shift, invoices, spend * factor);
            }
        }
        return CustomerTable.build(lines, FROM, AS_OF, AS_OF);
    }

    /**
     * One customer: {@code invoices} invoices of one line each, the last {@code recencyDays} before
     * {@link #AS_OF} and the others a day apart before it, splitting {@code spend} evenly.
     */
    static void addCustomer(List<RetailTransaction> lines, long id, int recencyDays, int invoices, double spend) {
        for (int v = 0; v < invoices; v++) {
            LocalDateTime at = AS_OF.minusDays(recencyDays + v);
            lines.add(new RetailTransaction("I" + id + "-" + v, "P" + (v % 7), "item", 1, at, spend / invoices, id,
                    "United Kingdom"));
        }
    }

    /**
     * The full Online Retail file, or the calling test is skipped when neither {@code brisk.data.dir}
     * nor {@code BRISK_DATA_DIR} is set (and fails when one is set but holds no file).
     */
    static RetailData fullData() throws IOException {
        String property = System.getProperty(OnlineRetail.PROPERTY);
        String env = System.getenv(OnlineRetail.ENV);
        assumeTrue(property != null && !property.isBlank() || env != null && !env.isBlank(),
                "the full Online Retail file is not configured: set -D" + OnlineRetail.PROPERTY + " or "
                        + OnlineRetail.ENV + " to the shared datasets directory");
        return OnlineRetail.read(OnlineRetail.locate());
    }
}
