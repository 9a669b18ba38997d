package dev.brisk.datasets;

import java.util.List;
import java.util.Objects;

/**
 * The transactions read from an Online Retail file, in file order, and the {@link ReadReport} that
 * accounts for every line of it (rows read, malformed lines and why).
 *
 * @param transactions one per well-formed data line, in file order (unmodifiable)
 * @param report       what the reading found
 */
public record RetailData(List<RetailTransaction> transactions, ReadReport report) {

    public RetailData {
        transactions = List.copyOf(transactions);
        Objects.requireNonNull(report, "report");
        if (transactions.size() != report.rows()) {
            throw new IllegalArgumentException("retail data: " + transactions.size() + " transactions but the report counts "
                    + report.rows() + " rows");
        }
    }
}
