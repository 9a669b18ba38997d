/**
 * Feature tables for the marketing models: {@link dev.brisk.marketing.data.FeatureMatrix} (one row
 * per customer, one column per feature, optional column names, stored row after row as the engine's
 * tensors are) and {@link dev.brisk.marketing.data.Standardizer} (per-column mean 0 and deviation 1,
 * fitted on training data and reused unchanged on everything else).
 */
package dev.brisk.marketing.data;
