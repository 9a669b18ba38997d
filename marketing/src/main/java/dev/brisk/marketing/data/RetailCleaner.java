package dev.brisk.marketing.data;

import dev.brisk.datasets.RetailTransaction;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Removes the transactions that are not purchases by a known customer, before customer features are
 * computed, and reports how many lines each rule removed.
 *
 * <pre>{@code
 * RetailData data = OnlineRetail.load();
 * CleaningResult clean = RetailCleaner.standard().clean(data.transactions());
 * System.out.println(clean.report());        // the table of CleaningReport: 392,692 of 541,909 kept
 * List<RetailTransaction> purchases = clean.transactions();
 * }</pre>
 *
 * <h2>The rules, in order</h2>
 * {@link #standard()} applies all of {@link CleaningRule}, in this order:
 * <ol>
 *   <li>{@link CleaningRule#CANCELLATION}: the invoice number starts with {@code C};</li>
 *   <li>{@link CleaningRule#MISSING_CUSTOMER}: no {@code CustomerID};</li>
 *   <li>{@link CleaningRule#NON_POSITIVE_QUANTITY}: {@code Quantity <= 0};</li>
 *   <li>{@link CleaningRule#NON_POSITIVE_PRICE}: {@code UnitPrice <= 0};</li>
 *   <li>{@link CleaningRule#DUPLICATE}: the same eight values as a line already kept.</li>
 * </ol>
 * Each line is counted under the first rule that removes it, so the order decides the per-rule counts
 * (a cancelled line with no customer counts as a cancellation), never the lines kept: the first four
 * rules look at one line at a time, and two identical lines are removed or kept together by them,
 * so which duplicates remain does not depend on where {@link CleaningRule#DUPLICATE} stands either.
 *
 * <p>The kept lines stay in their input order. One pass over the input; duplicates are found with a
 * hash set of the lines kept so far.
 */
public final class RetailCleaner {

    private static final RetailCleaner STANDARD = new RetailCleaner(List.of(CleaningRule.values()));

    private final List<CleaningRule> rules;

    private RetailCleaner(List<CleaningRule> rules) {
        this.rules = rules;
    }

    /** All the rules, in the order of {@link CleaningRule}. */
    public static RetailCleaner standard() {
        return STANDARD;
    }

    /**
     * The given rules only, applied in the given order, e.g. {@code of(MISSING_CUSTOMER, DUPLICATE)} to
     * keep cancellations for a study of returns.
     *
     * @throws IllegalArgumentException if a rule is given twice
     */
    public static RetailCleaner of(CleaningRule... rules) {
        Set<CleaningRule> seen = EnumSet.noneOf(CleaningRule.class);
        for (CleaningRule r : rules) {
            if (!seen.add(Objects.requireNonNull(r, "rule"))) {
                throw new IllegalArgumentException("cleaner: rule " + r + " given twice in " + List.of(rules));
            }
        }
        return new RetailCleaner(List.of(rules));
    }

    /** The rules, in the order applied. */
    public List<CleaningRule> rules() {
        return rules;
    }

    /**
     * The transactions that no rule removes, in input order, and the report of what each rule removed.
     * An empty input gives an empty result and a report of zeros.
     */
    public CleaningResult clean(List<RetailTransaction> transactions) {
        int n = rules.size();
        long[] removed = new long[n];
        List<RetailTransaction> kept = new ArrayList<>();
        Set<RetailTransaction> seen = rules.contains(CleaningRule.DUPLICATE) ? new HashSet<>() : null;
        for (RetailTransaction t : transactions) {
            int removedBy = -1;
            for (int r = 0; r < n && removedBy < 0; r++) {
                CleaningRule rule = rules.get(r);
                // A line reaching the duplicate rule has passed the rules before it; adding it to `seen`
                // there, even if a later rule removes it, is what applying the rules one after the
                // other over the whole list would do.
                boolean out = rule == CleaningRule.DUPLICATE ? !seen.add(t) : rule.removes(t);
                if (out) {
                    removedBy = r;
                }
            }
            if (removedBy < 0) {
                kept.add(t);
            } else {
                removed[removedBy]++;
            }
        }
        List<CleaningReport.Step> steps = new ArrayList<>(n);
        long remaining = transactions.size();
        for (int r = 0; r < n; r++) {
            remaining -= removed[r];
            steps.add(new CleaningReport.Step(rules.get(r), removed[r], remaining));
        }
        return new CleaningResult(kept, new CleaningReport(transactions.size(), steps));
    }

    @Override
    public String toString() {
        return "RetailCleaner" + rules;
    }
}
