package dev.brisk.marketing.spend;

import dev.brisk.datasets.OnlineRetail;
import dev.brisk.datasets.RetailTransaction;
import dev.brisk.marketing.data.RetailCleaner;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Cleaned Online Retail transactions for the spend tests: the committed excerpt (1 to 5 December 2010,
 * from the datasets module's test-jar) and the full shared file.
 */
final class SpendFixtures {

    static final String EXCERPT = "/online-retail/online-retail-first-10000.csv.gz";

    /**
     * A cutoff inside the excerpt. Computed independently with Python's csv module on the excerpt cleaned
     * by the same five rules: 188 customers bought on 1 or 2 December, 9 of them again on 3 or 5 December
     * (the shop was closed on the 4th), and 115 customers bought only then. Customer 12748 spent 456.85
     * after the cutoff.
     */
    static final LocalDateTime EXCERPT_CUTOFF = LocalDateTime.of(2010, 12, 3, 0, 0);

    private static List<RetailTransaction> excerpt;
    private static List<RetailTransaction> full;

    private SpendFixtures() {
    }

    static synchronized List<RetailTransaction> excerpt() throws IOException {
        if (excerpt == null) {
            InputStream in = SpendFixtures.class.getResourceAsStream(EXCERPT);
            assertNotNull(in, "test resource " + EXCERPT + " (from brisk-datasets' test-jar) is missing");
            excerpt = RetailCleaner.standard().clean(OnlineRetail.read(in, "excerpt").transactions()).transactions();
        }
        return excerpt;
    }

    /** The full file, cleaned; skips the calling test unless brisk.data.dir or BRISK_DATA_DIR is set. */
    static synchronized List<RetailTransaction> full() throws IOException {
        String property = System.getProperty(OnlineRetail.PROPERTY);
        String env = System.getenv(OnlineRetail.ENV);
        assumeTrue(property != null && !property.isBlank() || env != null && !env.isBlank(),
                "the full Online Retail file is not configured: set -D" + OnlineRetail.PROPERTY + " or "
                        + OnlineRetail.ENV + " to the shared datasets directory");
        if (full == null) {
            full = RetailCleaner.standard().clean(OnlineRetail.load().transactions()).transactions();
        }
        return full;
    }

    static RetailTransaction tx(String invoice, int quantity, String date, double price, long customer) {
        return new RetailTransaction(invoice, "S" + invoice, "item", quantity, LocalDateTime.parse(date), price, customer,
                "United Kingdom");
    }
}
