package dev.brisk.marketing.data;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How many transactions each cleaning rule removed, in the order the rules were applied. A rule sees
 * only the lines that the rules before it kept, so each line is counted once, under the first rule
 * that removes it, and the counts add up: {@code rowsIn - sum(removed) == rowsOut}.
 *
 * <p>{@link #toString()} is a table, as printed for the full data set:
 * <pre>
 * Cleaning 541,909 transactions:
 *   rule                                              removed   remaining
 *   1. cancelled invoice (InvoiceNo starts with C)      9,288     532,621
 *   2. no CustomerID                                  134,697     397,924
 *   3. Quantity &lt;= 0                                        0     397,924
 *   4. UnitPrice &lt;= 0                                      40     397,884
 *   5. exact duplicate of an earlier line               5,192     392,692
 * kept 392,692 of 541,909 (72.5%)
 * </pre>
 *
 * @param rowsIn the number of transactions given to the cleaner
 * @param steps  one per rule, in the order applied
 */
public record CleaningReport(long rowsIn, List<Step> steps) {

    /**
     * What one rule did.
     *
     * @param rule      the rule
     * @param removed   the lines it removed, among those the earlier rules kept
     * @param remaining the lines left after it
     */
    public record Step(CleaningRule rule, long removed, long remaining) {
        public Step {
            Objects.requireNonNull(rule, "rule");
            if (removed < 0 || remaining < 0) {
                throw new IllegalArgumentException("cleaning step " + rule + ": negative count (" + removed + " removed, "
                        + remaining + " remaining)");
            }
        }
    }

    /**
     * @throws IllegalArgumentException if the steps' counts do not follow from {@code rowsIn}
     */
    public CleaningReport {
        steps = List.copyOf(steps);
        long left = rowsIn;
        for (Step s : steps) {
            if (s.remaining() != left - s.removed()) {
                throw new IllegalArgumentException("cleaning report: " + s.rule() + " leaves " + s.remaining()
                        + " of " + left + " after removing " + s.removed());
            }
            left = s.remaining();
        }
    }

    /** The number of transactions kept. */
    public long rowsOut() {
        return steps.isEmpty() ? rowsIn : steps.getLast().remaining();
    }

    /**
     * The number of transactions {@code rule} removed.
     *
     * @throws IllegalArgumentException if the rule was not applied
     */
    public long removed(CleaningRule rule) {
        for (Step s : steps) {
            if (s.rule() == rule) {
                return s.removed();
            }
        }
        throw new IllegalArgumentException("cleaning report: rule " + rule + " was not applied; the rules were "
                + steps.stream().map(Step::rule).toList());
    }

    /** The table shown in the class comment. */
    @Override
    public String toString() {
        int width = "rule".length();
        for (int i = 0; i < steps.size(); i++) {
            width = Math.max(width, label(i, steps.get(i)).length());
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Cleaning %,d transactions:\n", rowsIn));
        sb.append(String.format(Locale.ROOT, "  %-" + width + "s  %9s   %9s\n", "rule", "removed", "remaining"));
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            sb.append(String.format(Locale.ROOT, "  %-" + width + "s  %,9d   %,9d\n", label(i, s), s.removed(), s.remaining()));
        }
        double kept = rowsIn == 0 ? 100 : 100.0 * rowsOut() / rowsIn;
        sb.append(String.format(Locale.ROOT, "kept %,d of %,d (%.1f%%)", rowsOut(), rowsIn, kept));
        return sb.toString();
    }

    private static String label(int index, Step s) {
        return (index + 1) + ". " + s.rule().description();
    }
}
