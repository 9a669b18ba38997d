package dev.brisk.marketing.embedding;

import dev.brisk.marketing.data.FeatureMatrix;
import dev.brisk.marketing.data.Standardizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutoencoderTest {

    /** Column scales: spend in thousands, visits in units, a ratio in tenths, ... */
    static final double[] SCALES = {1000, 3, 0.1, 50, 1, 20, 0.5, 7};

    /**
     * Rank-2 customers: each row is {@code z·A} for a 2-number latent {@code z}, plus noise of 2% of
     * each column's scale, then put into the column's units. Eight features, two degrees of freedom.
     */
    static FeatureMatrix lowRank(int n, long seed) {
        SplittableRandom fixed = new SplittableRandom(99);   // the same directions A for every sample set
        double[][] a = new double[2][8];
        for (double[] row : a) {
            for (int j = 0; j < 8; j++) {
                row[j] = fixed.nextGaussian();
            }
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][8];
        for (int i = 0; i < n; i++) {
            double z1 = r.nextGaussian();
            double z2 = r.nextGaussian();
            for (int j = 0; j < 8; j++) {
                x[i][j] = (float) (SCALES[j] * (z1 * a[0][j] + z2 * a[1][j] + 0.02 * r.nextGaussian()) + 5 * SCALES[j]);
            }
        }
        return FeatureMatrix.of(x);
    }

    /** Mean over rows and features of ((x - training mean) / training std)²: the mean predictor's error. */
    static double meanPredictorError(FeatureMatrix train, FeatureMatrix test) {
        float[] z = Standardizer.fit(train).transform(test);
        double s = 0;
        for (float v : z) {
            s += (double) v * v;
        }
        return s / z.length;
    }

    @Test
    void reconstructsLowRankDataFarBetterThanTheMean() {
        FeatureMatrix train = lowRank(1000, 1);
        FeatureMatrix test = lowRank(200, 2);
        Autoencoder ae = new Autoencoder().hiddenSizes(16).embeddingSize(2).learningRate(3e-3).epochs(40).seed(5)
                .fit(train);
        double error = ae.reconstructionError(test);
        double baseline = meanPredictorError(train, test);
        System.out.printf("autoencoder reconstruction error %.4f vs mean predictor %.4f (standardized units)%n",
                error, baseline);
        assertTrue(error < 0.05 * baseline, "error " + error + " vs the mean's " + baseline);

        // the same in the original units, feature by feature
        float[][] back = ae.reconstruct(test);
        double[] means = Standardizer.fit(train).means();
        for (int j = 0; j < 8; j++) {
            double aeSq = 0;
            double meanSq = 0;
            for (int i = 0; i < test.rows(); i++) {
                aeSq += Math.pow(back[i][j] - test.get(i, j), 2);
                meanSq += Math.pow(means[j] - test.get(i, j), 2);
            }
            assertTrue(aeSq < 0.1 * meanSq, "feature " + j + ": " + aeSq + " vs " + meanSq);
        }

        float[][] z = ae.encode(test);
        assertEquals(200, z.length);
        for (float[] row : z) {
            assertEquals(2, row.length);
        }
        double[] perRow = ae.reconstructionErrors(test);
        assertEquals(200, perRow.length);
        assertEquals(error, Arrays.stream(perRow).average().orElseThrow(), 1e-12);
        assertEquals(40, ae.epochsRun());
    }

    @Test
    void withLinearActivationsItApproachesPca() {
        // The best rank-k reconstruction of standardized data leaves the smallest d - k eigenvalues of
        // their covariance: error = (sum of those) / d. A linear autoencoder can at best reach it.
        FeatureMatrix train = lowRank(1000, 3);
        float[] z = Standardizer.fit(train).transform(train);
        double[][] cov = new double[8][8];
        for (int i = 0; i < 1000; i++) {
            for (int j = 0; j < 8; j++) {
                for (int k = 0; k < 8; k++) {
                    cov[j][k] += (double) z[i * 8 + j] * z[i * 8 + k] / 1000;
                }
            }
        }
        double[] eigen = new EigenDecomposition(new Array2DRowRealMatrix(cov)).getRealEigenvalues();
        Arrays.sort(eigen);
        double pca = 0;
        for (int j = 0; j < 6; j++) {
            pca += eigen[j];
        }
        pca /= 8;
        Autoencoder ae = new Autoencoder().hiddenSizes().embeddingSize(2).activation("linear").learningRate(1e-2)
                .epochs(30).seed(1).fit(train);
        double error = ae.reconstructionError(train);
        System.out.printf("linear autoencoder %.6f vs PCA optimum %.6f%n", error, pca);
        assertTrue(error >= pca * (1 - 1e-3), "cannot beat PCA: " + error + " < " + pca);
        assertTrue(error < 1.5 * pca, error + " vs PCA " + pca);
    }

    @Test
    void sameSeedSameEmbeddings() {
        FeatureMatrix x = lowRank(300, 4);
        Autoencoder a = new Autoencoder().embeddingSize(3).epochs(5).seed(8).fit(x);
        Autoencoder b = new Autoencoder().embeddingSize(3).epochs(5).seed(8).fit(x);
        Autoencoder c = new Autoencoder().embeddingSize(3).epochs(5).seed(9).fit(x);
        assertTrue(Arrays.deepEquals(a.encode(x), b.encode(x)));
        assertArrayEquals(a.reconstructionErrors(x), b.reconstructionErrors(x));
        assertFalse(Arrays.deepEquals(a.encode(x), c.encode(x)));
        assertEquals(3, a.encode(x)[0].length);
    }

    @Test
    void earlyStoppingOnAValidationSplit() {
        FeatureMatrix x = lowRank(400, 6);
        Autoencoder ae = new Autoencoder().hiddenSizes(32, 16).embeddingSize(2).learningRate(1e-2).epochs(300)
                .validationSplit(0.25).patience(3).seed(2).fit(x);
        var val = ae.history().get("val_loss");
        assertTrue(ae.stoppedEarly(), ae.toString());
        assertTrue(ae.epochsRun() < 300);
        // the restored weights are the best epoch's: evaluating the validation rows again gives the minimum
        double best = java.util.Collections.min(val);
        assertEquals(best, ae.validationLoss(), 1e-6 * best);
        assertTrue(val.get(val.size() - 1) > best, "the last epoch was worse, so restoring mattered: " + val);
        assertTrue(ae.summary().contains("embedding (Dense)"), ae.summary());
    }

    @Test
    void badInput() {
        Autoencoder ae = new Autoencoder().epochs(2);
        var unfitted = assertThrows(IllegalStateException.class, () -> ae.encode(new float[][]{{1, 2}}));
        assertTrue(unfitted.getMessage().contains("Autoencoder.encode: the autoencoder is not fitted"), unfitted.getMessage());
        var nan = assertThrows(IllegalArgumentException.class,
                () -> ae.fit(FeatureMatrix.of(new float[][]{{1, 2}, {3, Float.NaN}}).withNames("spend", "visits")));
        assertTrue(nan.getMessage().contains("Autoencoder.fit: feature 'visits' (column 1) is NaN at row 1"), nan.getMessage());
        ae.fit(lowRank(50, 7));
        var width = assertThrows(IllegalArgumentException.class, () -> ae.encode(new float[][]{{1, 2, 3}}));
        assertTrue(width.getMessage().contains("Autoencoder.encode: fitted on 8 features"), width.getMessage());
        assertTrue(width.getMessage().contains("got a matrix [1 x 3]"), width.getMessage());
        var empty = assertThrows(IllegalArgumentException.class, () -> ae.reconstruct(new float[0][]));
        assertTrue(empty.getMessage().contains("no rows"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Autoencoder().embeddingSize(0));
        assertThrows(IllegalArgumentException.class, () -> new Autoencoder().hiddenSizes(4, -1));
        assertThrows(IllegalArgumentException.class, () -> new Autoencoder().activation("softmax"));
        var split = assertThrows(IllegalArgumentException.class,
                () -> new Autoencoder().validationSplit(0.5).fit(new float[][]{{1, 2}}));
        assertTrue(split.getMessage().contains("cannot be split"), split.getMessage());
    }
}
