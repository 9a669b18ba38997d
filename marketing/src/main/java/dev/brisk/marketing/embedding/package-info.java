/**
 * Compact numeric summaries of customers learned by the engine:
 * {@link dev.brisk.marketing.embedding.Autoencoder} compresses each customer's features into a small
 * embedding (for segmentation by clustering, or look-alike search) and measures how well it can
 * rebuild them (unusual customers rebuild badly).
 */
package dev.brisk.marketing.embedding;
