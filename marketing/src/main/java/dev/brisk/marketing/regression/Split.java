package dev.brisk.marketing.regression;

import dev.brisk.marketing.data.FeatureMatrix;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded random division of rows into a training part and a held-out test part: fit on one, judge
 * on the other, so that a model is scored on customers it has never seen.
 *
 * <pre>{@code
 * Split split = Split.trainTest(x.rows(), 0.2, 42);     // 20% of the rows held out
 * FeatureMatrix xTrain = split.train(x), xTest = split.test(x);
 * float[] yTrain = split.train(y), yTest = split.test(y);
 * }</pre>
 *
 * <p>The rows are shuffled with a Fisher-Yates pass driven by {@link SplittableRandom} from the
 * seed, so the same seed and row count always give the same split, on any machine. The test part
 * gets {@code round(rows · testFraction)} rows, at least one, and the training part keeps at least
 * one. Within each part the rows keep their original order (indices ascending), which makes a split
 * easy to inspect and keeps any later batching independent of the shuffle.
 *
 * @param trainIndices the rows in the training part, ascending
 * @param testIndices  the rows in the test part, ascending
 */
public record Split(int[] trainIndices, int[] testIndices) {

    /** A split from explicit index lists (copied); they should not overlap. */
    public Split {
        trainIndices = trainIndices.clone();
        testIndices = testIndices.clone();
    }

    /**
     * Holds out a random {@code testFraction} of {@code rows} rows.
     *
     * @param testFraction in (0, 1)
     * @throws IllegalArgumentException if the fraction is outside (0, 1) or there are too few rows to
     *         leave at least one on each side
     */
    public static Split trainTest(int rows, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("Split: the test fraction must be in (0, 1), got " + testFraction);
        }
        if (rows < 2) {
            throw new IllegalArgumentException("Split: " + rows + " row(s) cannot be split into a training and a test part");
        }
        int test = (int) Math.min(rows - 1, Math.max(1, Math.round(rows * testFraction)));
        int[] order = permutation(rows, seed);
        int[] testIdx = Arrays.copyOfRange(order, 0, test);
        int[] trainIdx = Arrays.copyOfRange(order, test, rows);
        Arrays.sort(testIdx);
        Arrays.sort(trainIdx);
        return new Split(trainIdx, testIdx);
    }

    /** The numbers {@code 0 .. n-1} in a random order that depends only on {@code seed}. */
    public static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** The training indices, a copy. */
    @Override
    public int[] trainIndices() {
        return trainIndices.clone();
    }

    /** The test indices, a copy. */
    @Override
    public int[] testIndices() {
        return testIndices.clone();
    }

    /** The training rows of {@code x}. */
    public FeatureMatrix train(FeatureMatrix x) {
        return x.selectRows(checked(x.rows(), trainIndices, "features " + x.shape()));
    }

    /** The test rows of {@code x}. */
    public FeatureMatrix test(FeatureMatrix x) {
        return x.selectRows(checked(x.rows(), testIndices, "features " + x.shape()));
    }

    /** The training entries of {@code y}. */
    public float[] train(float[] y) {
        return select(y, checked(y.length, trainIndices, y.length + " targets"));
    }

    /** The test entries of {@code y}. */
    public float[] test(float[] y) {
        return select(y, checked(y.length, testIndices, y.length + " targets"));
    }

    private int[] checked(int rows, int[] indices, String what) {
        int expected = trainIndices.length + testIndices.length;
        if (rows != expected) {
            throw new IllegalArgumentException("Split: made for " + expected + " rows, applied to " + what);
        }
        return indices;
    }

    private static float[] select(float[] y, int[] indices) {
        float[] out = new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = y[indices[i]];
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Split s && Arrays.equals(trainIndices, s.trainIndices) && Arrays.equals(testIndices, s.testIndices);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(trainIndices) + Arrays.hashCode(testIndices);
    }

    @Override
    public String toString() {
        return "Split(" + trainIndices.length + " train, " + testIndices.length + " test)";
    }
}
