package dev.brisk.engine.metrics;

import dev.brisk.engine.tensor.Tensor;

import java.util.Arrays;

/**
 * The area under the ROC curve, computed exactly: the probability that a random positive scores
 * higher than a random negative, ties counting one half. Scores are any monotone signal (logits or
 * probabilities); targets are 0 or 1, same shape.
 *
 * <p>Computed from ranks (the Mann-Whitney U statistic): sort all scores, give tied scores the mean
 * of their ranks, then {@code AUC = (R⁺ - P(P+1)/2) / (P·N)} with {@code R⁺} the sum of the
 * positives' ranks, {@code P} positives and {@code N} negatives. {@code O(n log n)} instead of
 * comparing every pair. (Keras approximates with 200 thresholds; this is the exact value, which
 * scikit-learn's {@code roc_auc_score} also gives.) Scores are kept until {@link #reset()}.
 */
public final class RocAuc implements Metric {

    private float[] scores = new float[64];
    private boolean[] positive = new boolean[64];
    private int n;

    /** The AUC of one set of scores and 0/1 labels. */
    public static double of(float[] scores, int[] labels) {
        RocAuc a = new RocAuc();
        a.add(scores, labels);
        return a.result();
    }

    @Override
    public String name() {
        return "auc";
    }

    @Override
    public void update(Tensor predictions, Tensor targets) {
        Labels.sameShape(name(), predictions, targets);
        float[] y = targets.toArray();
        int[] labels = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            labels[i] = (int) y[i];
            if (labels[i] != y[i]) {
                labels[i] = -1; // reported by add
            }
        }
        add(predictions.toArray(), labels);
    }

    /** Adds scores and their 0/1 labels. */
    public void add(float[] s, int[] labels) {
        if (s.length != labels.length) {
            throw new IllegalArgumentException("auc: " + s.length + " scores but " + labels.length + " labels");
        }
        if (n + s.length > scores.length) {
            int cap = Math.max(n + s.length, scores.length * 2);
            scores = Arrays.copyOf(scores, cap);
            positive = Arrays.copyOf(positive, cap);
        }
        for (int i = 0; i < s.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("auc: target at position " + i + " must be 0 or 1");
            }
            if (Float.isNaN(s[i])) {
                throw new IllegalArgumentException("auc: score at position " + i + " is NaN");
            }
            scores[n + i] = s[i];
            positive[n + i] = labels[i] == 1;
        }
        n += s.length;
    }

    /** The AUC, or NaN if all samples seen so far belong to one class (it is undefined then). */
    @Override
    public double result() {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        long positives = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && scores[order[j]] == scores[order[i]]) {
                j++;
            }
            double meanRank = (i + 1 + j) / 2.0; // ranks i+1 .. j share their mean
            for (int t = i; t < j; t++) {
                if (positive[order[t]]) {
                    positiveRankSum += meanRank;
                    positives++;
                }
            }
            i = j;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    @Override
    public void reset() {
        n = 0;
    }
}
