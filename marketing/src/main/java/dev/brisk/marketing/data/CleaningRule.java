package dev.brisk.marketing.data;

import dev.brisk.datasets.RetailTransaction;

/**
 * One reason to drop a transaction before building customer features. {@link RetailCleaner#standard()}
 * applies them all, in the order declared here; the {@link CleaningReport} says how many lines each removed.
 */
public enum CleaningRule {

    /**
     * The invoice was cancelled: its number starts with {@code C} (and its quantities are negative).
     * A cancellation is not a purchase; counting it would make a customer who bought and returned
     * something look like two visits.
     */
    CANCELLATION("cancelled invoice (InvoiceNo starts with C)"),

    /** No {@code CustomerID}: the line cannot be attributed to anyone, so it cannot feed a customer's features. */
    MISSING_CUSTOMER("no CustomerID"),

    /** {@code Quantity <= 0}: returns and stock adjustments outside cancelled invoices. */
    NON_POSITIVE_QUANTITY("Quantity <= 0"),

    /** {@code UnitPrice <= 0}: free samples, bad-debt adjustments and data-entry fixes, which are not sales. */
    NON_POSITIVE_PRICE("UnitPrice <= 0"),

    /**
     * The line is identical, in all eight fields, to a line kept before it; the first copy stays.
     * Nothing in the data tells a double entry from the same product really scanned twice on one
     * invoice at the same minute and price; treating such lines as double entries is the usual choice
     * for this data set, since keeping real double entries would inflate spend.
     */
    DUPLICATE("exact duplicate of an earlier line");

    private final String description;

    CleaningRule(String description) {
        this.description = description;
    }

    /** What the rule removes, in words, as the report prints it. */
    public String description() {
        return description;
    }

    /**
     * Whether the rule removes {@code t} on its own merits; false for {@link #DUPLICATE}, which depends
     * on the lines before {@code t} and is applied by {@link RetailCleaner}.
     */
    boolean removes(RetailTransaction t) {
        return switch (this) {
            case CANCELLATION -> t.isCancellation();
            case MISSING_CUSTOMER -> !t.hasCustomer();
            case NON_POSITIVE_QUANTITY -> t.quantity() <= 0;
            case NON_POSITIVE_PRICE -> !(t.unitPrice() > 0);
            case DUPLICATE -> false;
        };
    }
}
