package dev.brisk.marketing.data;

import dev.brisk.datasets.RetailTransaction;

import java.util.List;
import java.util.Objects;

/**
 * What {@link RetailCleaner#clean} returns: the transactions kept, in input order, and the report of
 * what each rule removed.
 *
 * @param transactions the kept transactions (unmodifiable)
 * @param report       how many lines each rule removed
 */
public record CleaningResult(List<RetailTransaction> transactions, CleaningReport report) {

    public CleaningResult {
        transactions = List.copyOf(transactions);
        Objects.requireNonNull(report, "report");
        if (transactions.size() != report.rowsOut()) {
            throw new IllegalArgumentException("cleaning result: " + transactions.size() + " transactions but the report keeps "
                    + report.rowsOut());
        }
    }
}
