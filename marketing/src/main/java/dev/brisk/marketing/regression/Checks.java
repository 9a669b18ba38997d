package dev.brisk.marketing.regression;

import dev.brisk.marketing.data.FeatureMatrix;

import java.util.List;

/** The input checks the regressors share, so their messages read alike. */
final class Checks {

    private Checks() {
    }

    /** Training data: one finite target per row of finite features. */
    static void trainingData(String who, FeatureMatrix x, float[] y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException(who + ": features and targets are required, got "
                    + (x == null ? "no features" : "no targets"));
        }
        if (y.length != x.rows()) {
            throw new IllegalArgumentException(who + ": features " + x.shape() + " have " + x.rows()
                    + " rows but there are " + y.length + " targets; every row needs exactly one target");
        }
        x.requireFinite(who);
        for (int i = 0; i < y.length; i++) {
            if (!Float.isFinite(y[i])) {
                throw new IllegalArgumentException(who + ": target at row " + i + " is " + y[i]);
            }
        }
    }

    /**
     * Features to predict from: the fitted number of columns, with the fitted names when both sides
     * named them (a reordered table is then caught instead of silently mispredicted), all finite.
     */
    static void predictionInput(String who, FeatureMatrix x, List<String> fittedNames, boolean fittedNamed) {
        if (x == null) {
            throw new IllegalArgumentException(who + ": no features given");
        }
        if (x.cols() != fittedNames.size()) {
            throw new IllegalArgumentException(who + ": fitted on " + fittedNames.size() + " features " + fittedNames
                    + ", got a matrix " + x.shape() + " with " + x.cols());
        }
        if (fittedNamed && x.hasNames() && !x.names().equals(fittedNames)) {
            throw new IllegalArgumentException(who + ": fitted on features " + fittedNames + " but got columns "
                    + x.names() + "; pass the columns in the fitted order");
        }
        x.requireFinite(who);
    }

    /** Throws unless the model has been fitted. */
    static void fitted(String who, boolean fitted) {
        if (!fitted) {
            throw new IllegalStateException(who + ": the model is not fitted yet; call fit(x, y) first");
        }
    }
}
