package dev.brisk.datasets;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One line of an invoice in the UCI Online Retail data set: one product, in some quantity, at some
 * price, bought (or returned) by a customer on a date. An invoice with several products is several
 * transactions with the same {@link #invoiceNo()}.
 *
 * <p>The values are as the file has them, not cleaned: a cancelled invoice's number starts with
 * {@code C} and its quantities are negative, a few hundred lines have a zero price, two "Adjust bad
 * debt" lines have a negative one, and about a quarter of the lines have no customer
 * ({@link #customerId()} is then {@link #NO_CUSTOMER}). Cleaning is the marketing library's job.
 *
 * @param invoiceNo   the invoice number, e.g. {@code "536365"}; {@code "C536379"} for a cancellation
 * @param stockCode   the product code, e.g. {@code "85123A"}
 * @param description the product name, possibly empty
 * @param quantity    the number of units, negative for a cancellation
 * @param invoiceDate when the invoice was made, to the minute (the data set has no time zone: UK time)
 * @param unitPrice   the price of one unit in pounds sterling; finite
 * @param customerId  the customer number (5 digits in the data), or {@link #NO_CUSTOMER}
 * @param country     the country the customer lives in, e.g. {@code "United Kingdom"}
 */
public record RetailTransaction(String invoiceNo, String stockCode, String description, int quantity,
                                LocalDateTime invoiceDate, double unitPrice, long customerId, String country) {

    /**
     * The {@link #customerId()} of a line with no customer. A sentinel rather than an
     * {@code OptionalLong} keeps half a million records small; {@link #hasCustomer()} tests for it.
     */
    public static final long NO_CUSTOMER = -1;

    /**
     * @throws NullPointerException     if a text field or the date is null
     * @throws IllegalArgumentException if the price is not finite or the customer id is negative and not {@link #NO_CUSTOMER}
     */
    public RetailTransaction {
        Objects.requireNonNull(invoiceNo, "invoiceNo");
        Objects.requireNonNull(stockCode, "stockCode");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(invoiceDate, "invoiceDate");
        Objects.requireNonNull(country, "country");
        if (!Double.isFinite(unitPrice)) {
            throw new IllegalArgumentException("invoice " + invoiceNo + ", stock code " + stockCode
                    + ": unit price must be finite, got " + unitPrice);
        }
        if (customerId < NO_CUSTOMER) {
            throw new IllegalArgumentException("invoice " + invoiceNo + ": customer id must be >= 0, or NO_CUSTOMER (-1), got "
                    + customerId);
        }
    }

    /** Whether the line names a customer. */
    public boolean hasCustomer() {
        return customerId != NO_CUSTOMER;
    }

    /** Whether the line belongs to a cancelled invoice, which the data set marks with a {@code C} before the number. */
    public boolean isCancellation() {
        return invoiceNo.startsWith("C");
    }

    /** What the line cost: {@code quantity * unitPrice}, in pounds (negative for a cancellation). */
    public double amount() {
        return quantity * unitPrice;
    }
}
