package dev.brisk.marketing.segment;

import java.util.Locale;

/**
 * What one segment's customers are like: how many, how much of the revenue they bring, their
 * average recency, frequency and spend, and a readable label ({@link RfmLabels}).
 *
 * <pre>{@code
 * for (SegmentProfile p : segments.profiles()) {
 *     System.out.printf("%s: %d customers, %.0f%% of revenue%n", p.label(), p.size(), 100 * p.revenueShare());
 * }
 * }</pre>
 *
 * @param segment        the segment's number, 0 to k-1 ({@link Segments} numbers them from the most
 *                       valuable down)
 * @param label          the readable name, distinct within a segmentation (e.g. {@code "loyal (2)"})
 * @param size           customers in the segment
 * @param customerShare  {@code size} over all customers segmented
 * @param revenue        the segment's total monetary value, in pounds
 * @param revenueShare   {@code revenue} over all customers' total
 * @param meanRecencyDays the arithmetic mean of the customers' days since their last purchase
 * @param meanFrequency  the arithmetic mean of their number of invoices
 * @param meanMonetary   the arithmetic mean of their spend, in pounds
 * @param recencyScore   R, 1 to 5, 5 for the most recent fifth (see {@link RfmLabels})
 * @param frequencyScore F, 1 to 5
 * @param monetaryScore  M, 1 to 5
 */
public record SegmentProfile(int segment, String label, long size, double customerShare, double revenue,
                             double revenueShare, double meanRecencyDays, double meanFrequency, double meanMonetary,
                             int recencyScore, int frequencyScore, int monetaryScore) {

    /** The scores as marketers write them, e.g. {@code "R5 F4 M4"}. */
    public String scores() {
        return "R" + recencyScore + " F" + frequencyScore + " M" + monetaryScore;
    }

    /** E.g. {@code segment 0 "champions": 713 customers (16.4%), 64.9% of revenue, R5 F5 M5}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "segment %d \"%s\": %,d customers (%.1f%%), %.1f%% of revenue, %s", segment,
                label, size, 100 * customerShare, 100 * revenueShare, scores());
    }
}
