package dev.brisk.marketing.spend;

/**
 * One customer's predicted spend over the {@linkplain SpendModel#targetSpan() target period} after the
 * time the features were measured at, as {@link SpendModel#predict} returns it.
 *
 * @param customerId the customer
 * @param log1pSpend the model's output, {@code log1p} of the predicted spend: the scale it was fitted and
 *                   scored on
 * @param spend      the prediction in pounds, {@code expm1(log1pSpend)}, and 0 where that would be
 *                   negative (a spend cannot be). A model fitted by squared error on the log scale predicts
 *                   an average of {@code log1p(spend)} over customers like this one, so this is roughly
 *                   their <em>geometric</em> mean of {@code 1 + spend}: where many such customers spend
 *                   nothing (on Online Retail two in five do not come back within three months), it lies
 *                   far below both their mean spend and what the ones who return spend. It ranks customers
 *                   well; it is not an expected amount, and a sum of it is not a revenue forecast.
 */
public record SpendForecast(long customerId, double log1pSpend, double spend) {

    /** The forecast for a model output on the log1p scale. */
    static SpendForecast of(long customerId, float log1pSpend) {
        return new SpendForecast(customerId, log1pSpend, toPounds(log1pSpend));
    }

    /** {@code expm1(z)}, but not below 0. */
    static double toPounds(double log1p) {
        return Math.max(0, Math.expm1(log1p));
    }
}
