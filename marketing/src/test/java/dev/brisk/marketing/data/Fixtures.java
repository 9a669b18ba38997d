package dev.brisk.marketing.data;

import dev.brisk.datasets.OnlineRetail;
import dev.brisk.datasets.RetailData;
import dev.brisk.datasets.RetailTransaction;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Test data: the committed Online Retail excerpt, the full shared file, and hand-made transactions. */
final class Fixtures {

    /**
     * The first 10,000 data lines of Online Retail, from the datasets module's test-jar (see
     * datasets/src/test/resources/online-retail/README.md).
     */
    static final String EXCERPT = "/online-retail/online-retail-first-10000.csv.gz";

    private static RetailData full;

    private Fixtures() {
    }

    static RetailData excerpt() throws IOException {
        InputStream in = Fixtures.class.getResourceAsStream(EXCERPT);
        assertNotNull(in, "test resource " + EXCERPT + " (from brisk-datasets' test-jar) is missing");
        RetailData data = OnlineRetail.read(in, "excerpt");
        assertEquals(10_000, data.report().rows());
        return data;
    }

    /**
     * The full shared file, read once per test JVM; skips the calling test when neither
     * {@code brisk.data.dir} nor {@code BRISK_DATA_DIR} is set, and fails when one is set but the file
     * is not there.
     */
    static synchronized RetailData full() throws IOException {
        String property = System.getProperty(OnlineRetail.PROPERTY);
        String env = System.getenv(OnlineRetail.ENV);
        assumeTrue(property != null && !property.isBlank() || env != null && !env.isBlank(),
                "the full Online Retail file is not configured: set -D" + OnlineRetail.PROPERTY + " or "
                        + OnlineRetail.ENV + " to the shared datasets directory");
        if (full == null) {
            full = OnlineRetail.read(OnlineRetail.locate());
        }
        return full;
    }

    /** A clean-looking transaction with the values that matter to the features. */
    static RetailTransaction tx(String invoice, String stock, int quantity, String date, double price, long customer,
                                String country) {
        return new RetailTransaction(invoice, stock, "item " + stock, quantity, LocalDateTime.parse(date), price, customer,
                country);
    }

    static RetailTransaction tx(String invoice, String stock, int quantity, String date, double price, long customer) {
        return tx(invoice, stock, quantity, date, price, customer, "United Kingdom");
    }
}
