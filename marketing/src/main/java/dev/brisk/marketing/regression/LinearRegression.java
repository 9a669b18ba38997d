package dev.brisk.marketing.regression;

import dev.brisk.engine.model.ArrayDataset;
import dev.brisk.engine.model.Callback;
import dev.brisk.engine.model.FitOptions;
import dev.brisk.engine.model.History;
import dev.brisk.engine.model.Model;
import dev.brisk.engine.nn.Dense;
import dev.brisk.engine.nn.MeanSquaredError;
import dev.brisk.engine.nn.Sequential;
import dev.brisk.engine.optim.SGD;
import dev.brisk.engine.tensor.Tensor;
import dev.brisk.marketing.data.FeatureMatrix;
import dev.brisk.marketing.data.Standardizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Linear regression, {@code y = w·x + b}, learned by gradient descent on the engine: the tutorial's
 * first marketing model (spend from one feature, {@code y = wx + b}) with any number of features.
 *
 * <pre>{@code
 * LinearRegression model = new LinearRegression().fit(x, spend);   // x: one row per customer
 * model.coefficients();    // w, one per feature, in the features' own units
 * model.intercept();       // b
 * model.predict(newCustomers);
 * }</pre>
 *
 * <h2>The model</h2>
 * A customer with features {@code x = (x₁, ..., x_d)} (age, visits, last basket, ...) is predicted
 * to spend {@code ŷ = w₁x₁ + ... + w_dx_d + b}. Each coefficient {@code w_j} is what one more unit
 * of feature {@code j} adds to the prediction, the others held fixed; the intercept {@code b} is
 * the prediction when every feature is 0. On the engine this is one {@link Dense} layer with a
 * single output and no activation: its kernel is {@code w} and its bias {@code b}.
 *
 * <h2>The objective</h2>
 * The best line is the one with the smallest mean squared error over the {@code n} training
 * customers, {@code L(w, b) = (1/n) Σᵢ (w·xᵢ + b - yᵢ)²} (the engine's
 * {@link MeanSquaredError}). Its gradient is {@code ∂L/∂w = (2/n) Σᵢ rᵢ xᵢ} and
 * {@code ∂L/∂b = (2/n) Σᵢ rᵢ}, with residuals {@code rᵢ = w·xᵢ + b - yᵢ}: each customer pulls the
 * weights by how wrong the prediction is, in the direction of its features. {@link Tensor#backward()}
 * computes exactly this, and gradient descent steps against it, {@code w ← w - η·∂L/∂w}, until the
 * gradient vanishes. {@code L} is a quadratic bowl, so the point where the gradient vanishes is
 * <em>the</em> minimum: the same answer as the closed-form least-squares solution (the normal
 * equations {@code XᵀX w = Xᵀy}), which the tests check to 1e-4 relative.
 *
 * <h2>Making gradient descent reliable</h2>
 * <ol>
 *   <li><b>Standardize.</b> Features and target are rescaled to mean 0 and deviation 1 first
 *   ({@link Standardizer}; remembered, and undone at the end). With raw features in very different
 *   units (income in thousands, visits in units) the bowl is a long narrow valley and no single step
 *   size works for all weights. Centring also separates the intercept from the weights.</li>
 *   <li><b>Choose the step from the data.</b> On standardized data the loss's curvature (its
 *   Hessian) is {@code 2·[[C, 0], [0, 1]]}, with {@code C = ZᵀZ/n} the features' correlation matrix
 *   (the 1 is the intercept's direction). Call its largest eigenvalue {@code L} and its smallest
 *   {@code μ}. Plain gradient descent on a quadratic decreases the loss at every step when the step is
 *   at most {@code 1/L}, and diverges beyond {@code 2/L}; with {@code η = 1/L} the error shrinks by a
 *   factor {@code 1 - μ/L} per step, so it needs about {@code κ = L/μ} steps per factor {@code e}.
 *   {@code λ_max(C)} is found by power iteration (multiply a vector by {@code C} again and again: it
 *   turns towards the top eigenvector, and {@code v·Cv} approaches {@code λ_max}), and
 *   {@code λ_min(C)} by the same on {@code λ_max·I - C}.</li>
 *   <li><b>Add momentum.</b> Correlated features (spend and visits, say) make {@code κ} large and
 *   plain descent slow: it zig-zags across the valley. Polyak's heavy ball remembers the last move
 *   and keeps a fraction {@code β} of it, {@code v ← β·v - α·∇L; w ← w + v} (the engine's
 *   {@link SGD} with momentum), which damps the zig-zag and rolls along the valley floor. With
 *   {@code α = 4/(√L + √μ)²} and {@code β = ((√L - √μ)/(√L + √μ))²} the error shrinks by about
 *   {@code 1 - 2/√κ} per step: for {@code κ = 400}, 100 steps instead of 400 per factor {@code e}.
 *   {@link #momentum(boolean) momentum(false)} gives plain descent with {@code η = 1/L}.</li>
 *   <li><b>Full batch.</b> Every step uses all customers, so the gradient is exact and can be driven
 *   to (numerically) zero; mini-batch noise would stop the weights short of the minimum.</li>
 *   <li><b>Stop on the gradient.</b> Training stops when the gradient's norm, in standardized units,
 *   falls to {@link #tolerance(double)} (default {@value #DEFAULT_TOLERANCE}). Near the minimum the
 *   gradient is {@code 2C(w - w*)}, so this bounds each standardized weight's distance from the
 *   exact solution by about {@code tolerance / μ}. If {@link #maxIterations(int)} is reached first
 *   (very strongly correlated features), or the norm stops falling above a tolerance finer than float
 *   arithmetic resolves ({@link #stalled()}), {@link #converged()} is false.</li>
 *   <li><b>Map back.</b> With feature means {@code mⱼ} and deviations {@code sⱼ}, target mean
 *   {@code m_y} and deviation {@code s_y}, the standardized model {@code z_y = Σ vⱼ zⱼ + c} is
 *   {@code y = Σ (s_y·vⱼ/sⱼ)·xⱼ + (m_y + s_y·c - Σ wⱼmⱼ)}: those are {@link #coefficients()} and
 *   {@link #intercept()}, computed in double precision.</li>
 * </ol>
 *
 * <p>The weights start at zero, so the result does not depend on a seed. A feature that is constant
 * in the training data cannot be told apart from the intercept: it gets coefficient 0 (its effect is
 * in the intercept) and {@link #constantFeatures()} lists it. Predictions are computed from the
 * coefficients in double precision and returned as floats.
 */
public final class LinearRegression implements Regressor {

    /** The default gradient-norm tolerance, in standardized units. */
    public static final double DEFAULT_TOLERANCE = 1e-6;
    /** The default cap on gradient-descent steps. */
    public static final int DEFAULT_MAX_ITERATIONS = 10_000;

    private int maxIterations = DEFAULT_MAX_ITERATIONS;
    private double tolerance = DEFAULT_TOLERANCE;
    private boolean momentum = true;

    // The fit.
    private double[] coefficients;
    private double intercept;
    private List<String> names;
    private boolean named;
    private List<String> constantFeatures;
    private int iterations;
    private boolean converged;
    private boolean stalled;
    private double gradientNorm;
    private Curvature curvature;
    private double stepSize;
    private double momentumUsed;
    private double trainingMse;
    private History history;

    /** A model with the default tolerance and iteration cap. */
    public LinearRegression() {
    }

    /** The most gradient-descent steps to take (default {@value #DEFAULT_MAX_ITERATIONS}). */
    public LinearRegression maxIterations(int maxIterations) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("LinearRegression: maxIterations must be at least 1, got " + maxIterations);
        }
        this.maxIterations = maxIterations;
        return this;
    }

    /**
     * Stop when the norm of the loss's gradient on standardized data is at most this (default
     * {@value #DEFAULT_TOLERANCE}). Float arithmetic cannot push it much below 1e-7 on large data.
     */
    public LinearRegression tolerance(double tolerance) {
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("LinearRegression: tolerance must be positive, got " + tolerance);
        }
        this.tolerance = tolerance;
        return this;
    }

    /**
     * Whether to use the heavy-ball momentum (default true) or plain gradient descent with step
     * {@code 1/L}. Both reach the same solution; momentum needs about {@code √κ/2} times fewer steps.
     */
    public LinearRegression momentum(boolean momentum) {
        this.momentum = momentum;
        return this;
    }

    @Override
    public String name() {
        return "linear regression";
    }

    @Override
    public LinearRegression fit(float[][] x, float[] y) {
        return fit(FeatureMatrix.of(x), y);
    }

    /** Fits the line by gradient descent, as the class comment describes. */
    @Override
    public LinearRegression fit(FeatureMatrix x, float[] y) {
        Checks.trainingData("LinearRegression.fit", x, y);
        int n = x.rows();
        int d = x.cols();

        // 1. Standardize features and target; keep the statistics to map the answer back.
        Standardizer xs = Standardizer.fit(x);
        Standardizer ys = Standardizer.fit(y);
        float[] z = xs.transform(x);
        float[] t = ys.transform(y);

        // 2. The step size (and momentum) from the curvature of the loss.
        Curvature curvature = Curvature.of(correlation(z, n, d, xs));
        SGD optimizer = momentum
                ? new SGD(curvature.heavyBallStep(), curvature.heavyBallMomentum(), false)
                : new SGD(curvature.plainStep());

        // 3. One Dense unit, starting from zero, trained by gradient descent on the full batch.
        Dense unit = new Dense(1, null, "linear", 0L);
        Model model = new Model(new Sequential(List.of(unit), "linear_regression")).build(d);
        Arrays.fill(unit.kernel().data(), 0f);
        model.compile(optimizer, new MeanSquaredError());
        int patience = (int) Math.max(200, Math.ceil(20 * Math.sqrt(curvature.largest() / curvature.smallest())));
        GradientStop stop = new GradientStop(unit, tolerance, patience);
        ArrayDataset data = ArrayDataset.ofTargets(z, t, new int[]{d}, new int[]{1})
                .describedAs("standardized features " + x.shape() + " and target");
        History h = model.fit(data, new FitOptions()
                .epochs(maxIterations).batchSize(n).shuffle(false)
                .verbosity(FitOptions.Verbosity.SILENT).callbacks(stop));

        // 4. Back to the original units, in double precision.
        float[] v = unit.kernel().toArray();
        double c = unit.bias().item();
        double[] w = new double[d];
        double b = ys.mean(0) + ys.std(0) * c;
        List<String> constant = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            if (xs.isConstant(j)) {
                constant.add(x.name(j));
                continue; // its standardized column is all zeros, so its weight never left 0
            }
            w[j] = ys.std(0) * v[j] / xs.std(j);
            b -= w[j] * xs.mean(j);
        }

        this.coefficients = w;
        this.intercept = b;
        this.names = x.names();
        this.named = x.hasNames();
        this.constantFeatures = List.copyOf(constant);
        this.iterations = h.epochs();
        this.converged = stop.converged;
        this.stalled = stop.stalled;
        this.gradientNorm = stop.lastNorm;
        this.curvature = curvature;
        this.stepSize = optimizer.currentLearningRate();
        this.momentumUsed = momentum ? curvature.heavyBallMomentum() : 0;
        this.history = h;
        this.trainingMse = meanSquaredError(x, y);
        return this;
    }

    /**
     * Watches the gradient after each step (one step per epoch, as the batch is the whole data) and
     * stops training once its norm is at most the tolerance. The gradient it reads is that of the
     * weights the step started from; the step taken from there only brings the weights closer.
     *
     * <p>Float arithmetic puts a floor under the gradient's norm (rounding in the sums over all
     * customers): on large data it can sit above a very small tolerance. So training also stops,
     * unconverged, when the norm has not reached a new low (by 1%) for {@code patience} steps, rather
     * than spinning until {@link #maxIterations(int)}. Momentum makes the norm go up and down, so the
     * patience covers several of its swings, which last about {@code √κ} steps.
     */
    private static final class GradientStop implements Callback {
        private final Dense unit;
        private final double tolerance;
        private final int patience;
        boolean converged;
        boolean stalled;
        double lastNorm = Double.NaN;
        private double bestNorm = Double.POSITIVE_INFINITY;
        private int sinceBest;

        GradientStop(Dense unit, double tolerance, int patience) {
            this.unit = unit;
            this.tolerance = tolerance;
            this.patience = patience;
        }

        @Override
        public void onBatchEnd(Model model, int batch, double meanLoss) {
            double sum = 0;
            for (Tensor p : List.of(unit.kernel(), unit.bias())) {
                for (float g : p.grad().toArray()) {
                    sum += (double) g * g;
                }
            }
            lastNorm = Math.sqrt(sum);
            if (!Double.isFinite(lastNorm)) {
                throw new IllegalStateException("LinearRegression: the gradient became " + lastNorm
                        + " (training loss " + meanLoss + "); the step size was too large for these data");
            }
            if (lastNorm <= tolerance) {
                converged = true;
                model.stopTraining();
            } else if (lastNorm < 0.99 * bestNorm) {
                bestNorm = lastNorm;
                sinceBest = 0;
            } else if (++sinceBest >= patience) {
                stalled = true;
                model.stopTraining();
            }
        }
    }

    /**
     * {@code C = ZᵀZ / n} for standardized rows {@code z}, in double precision, over the features
     * that vary (a constant feature's column is all zeros and its weight never moves: its zero
     * eigenvalue would only spoil the smallest-curvature estimate).
     */
    static double[][] correlation(float[] z, int n, int d, Standardizer xs) {
        int[] varying = IntStream.range(0, d).filter(j -> !xs.isConstant(j)).toArray();
        int m = varying.length;
        double[][] c = new double[m][m];
        for (int i = 0; i < n; i++) {
            int row = i * d;
            for (int a = 0; a < m; a++) {
                double za = z[row + varying[a]];
                double[] ca = c[a];
                for (int b = a; b < m; b++) {
                    ca[b] += za * z[row + varying[b]];
                }
            }
        }
        for (int a = 0; a < m; a++) {
            for (int b = a; b < m; b++) {
                c[a][b] /= n;
                c[b][a] = c[a][b];
            }
        }
        return c;
    }

    /**
     * The extreme curvatures of the standardized loss, whose Hessian is {@code 2·[[C, 0], [0, 1]]}
     * (the 1 is the intercept's direction, which centring separates from the weights), and the
     * gradient-descent settings they give.
     *
     * @param largest  {@code L}, an upper bound on the largest curvature
     * @param smallest {@code μ}, the smallest curvature (estimated; see {@link #of})
     */
    record Curvature(double largest, double smallest) {

        /** The settings for a correlation matrix {@code C} of the varying features. */
        static Curvature of(double[][] c) {
            if (c.length == 0) {
                return new Curvature(2, 2); // only the intercept to learn
            }
            // Power iteration's Rayleigh quotient approaches λ_max from below; the 5% margin keeps
            // the step safely inside the stable range (below 2/L) whatever is left of that gap.
            double top = 1.05 * largestEigenvalue(c);
            // λ_min(C) = top - λ_max(top·I - C), again by power iteration. An overestimate only slows
            // the smallest direction down; it cannot make the iteration unstable. Exactly collinear
            // features give λ_min = 0, which is clamped: their null direction has no gradient anyway.
            double[][] flipped = new double[c.length][c.length];
            for (int j = 0; j < c.length; j++) {
                for (int k = 0; k < c.length; k++) {
                    flipped[j][k] = (j == k ? top : 0) - c[j][k];
                }
            }
            double bottom = Math.max(top - largestEigenvalue(flipped), 1e-6 * top);
            return new Curvature(2 * Math.max(top, 1), 2 * Math.min(bottom, 1));
        }

        /** Plain gradient descent: {@code 1/L}, which decreases the loss at every step. */
        double plainStep() {
            return 1 / largest;
        }

        /** Polyak's heavy-ball step, {@code 4 / (√L + √μ)²}. */
        double heavyBallStep() {
            double s = Math.sqrt(largest) + Math.sqrt(smallest);
            return 4 / (s * s);
        }

        /** Polyak's heavy-ball momentum, {@code ((√L - √μ) / (√L + √μ))²}. */
        double heavyBallMomentum() {
            double r = (Math.sqrt(largest) - Math.sqrt(smallest)) / (Math.sqrt(largest) + Math.sqrt(smallest));
            return r * r;
        }
    }

    /**
     * The largest eigenvalue of a symmetric positive semi-definite matrix, by power iteration:
     * multiply a vector by the matrix again and again; it turns towards the top eigenvector, and the
     * Rayleigh quotient {@code v·Av} approaches the top eigenvalue from below. The start is a fixed
     * pseudo-random vector (a start of all ones could be orthogonal to the top eigenvector, e.g. for
     * two negatively correlated features). At least 100 and at most 2,000 iterations: the quotient is
     * a weighted mean of the eigenvalues, and 100 iterations already shrink the weight of any
     * eigenvalue 10% below the top by 10⁻⁹.
     */
    static double largestEigenvalue(double[][] a) {
        int d = a.length;
        SplittableRandom random = new SplittableRandom(0x5EED);
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = 0.5 + random.nextDouble();
        }
        normalize(v);
        double lambda = 0;
        double[] av = new double[d];
        for (int iteration = 0; iteration < 2000; iteration++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += a[j][k] * v[k];
                }
                av[j] = s;
            }
            double next = 0;
            for (int j = 0; j < d; j++) {
                next += v[j] * av[j];
            }
            if (normalize(av) == 0) {
                return 0; // the zero matrix
            }
            System.arraycopy(av, 0, v, 0, d);
            boolean settled = iteration >= 100 && Math.abs(next - lambda) <= 1e-12 * Math.abs(next);
            lambda = next;
            if (settled) {
                break;
            }
        }
        return lambda;
    }

    private static double normalize(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        double norm = Math.sqrt(s);
        if (norm > 0) {
            for (int j = 0; j < v.length; j++) {
                v[j] /= norm;
            }
        }
        return norm;
    }

    private double meanSquaredError(FeatureMatrix x, float[] y) {
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double e = predictRow(x, i) - y[i];
            sum += e * e;
        }
        return sum / y.length;
    }

    private double predictRow(FeatureMatrix x, int i) {
        double s = intercept;
        for (int j = 0; j < coefficients.length; j++) {
            s += coefficients[j] * x.get(i, j);
        }
        return s;
    }

    /** {@code w·x + b} for each row of {@code x}. */
    @Override
    public float[] predict(FeatureMatrix x) {
        Checks.fitted("LinearRegression.predict", coefficients != null);
        Checks.predictionInput("LinearRegression.predict", x, names, named);
        float[] out = new float[x.rows()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) predictRow(x, i);
        }
        return out;
    }

    @Override
    public float[] predict(float[][] x) {
        return predict(FeatureMatrix.of(x));
    }

    /** The coefficients {@code w}, one per feature in the features' units (a copy). */
    public double[] coefficients() {
        Checks.fitted("LinearRegression.coefficients", coefficients != null);
        return coefficients.clone();
    }

    /** The coefficients by feature name, in column order. */
    public Map<String, Double> coefficientsByName() {
        Checks.fitted("LinearRegression.coefficientsByName", coefficients != null);
        Map<String, Double> m = new LinkedHashMap<>();
        for (int j = 0; j < coefficients.length; j++) {
            m.put(names.get(j), coefficients[j]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The intercept {@code b}. */
    public double intercept() {
        Checks.fitted("LinearRegression.intercept", coefficients != null);
        return intercept;
    }

    /** The features that were constant in the training data (coefficient 0), by name. */
    public List<String> constantFeatures() {
        Checks.fitted("LinearRegression.constantFeatures", coefficients != null);
        return constantFeatures;
    }

    /** The gradient-descent steps taken. */
    public int iterations() {
        return iterations;
    }

    /** Whether the gradient's norm reached the tolerance within the iteration cap. */
    public boolean converged() {
        return converged;
    }

    /**
     * Whether training stopped because the gradient's norm stopped decreasing above the tolerance
     * (float rounding's floor; see the class comment) rather than reaching it or the iteration cap.
     * The coefficients are then as close to the exact solution as float arithmetic allowed.
     */
    public boolean stalled() {
        return stalled;
    }

    /** The gradient's norm (standardized units) at the start of the last step. */
    public double gradientNorm() {
        return gradientNorm;
    }

    /** The step size used: {@code 1/L} for plain gradient descent, Polyak's with momentum. */
    public double stepSize() {
        Checks.fitted("LinearRegression.stepSize", coefficients != null);
        return stepSize;
    }

    /** The momentum used, 0 for plain gradient descent. */
    public double momentumUsed() {
        Checks.fitted("LinearRegression.momentumUsed", coefficients != null);
        return momentumUsed;
    }

    /**
     * The condition number {@code κ = L/μ} of the standardized problem: 1 for uncorrelated features,
     * large when some combination of features barely varies (strongly correlated features). Steps
     * needed grow with {@code κ} (plain) or {@code √κ} (momentum), and so does the sensitivity of the
     * coefficients to rounding.
     */
    public double conditionNumber() {
        Checks.fitted("LinearRegression.conditionNumber", coefficients != null);
        return curvature.largest() / curvature.smallest();
    }

    /** The mean squared error on the training data, in the target's units squared, of the final fit. */
    public double finalLoss() {
        Checks.fitted("LinearRegression.finalLoss", coefficients != null);
        return trainingMse;
    }

    /** The engine's per-step log: {@code loss} is the standardized training loss before each step. */
    public History history() {
        Checks.fitted("LinearRegression.history", coefficients != null);
        return history;
    }

    @Override
    public String toString() {
        if (coefficients == null) {
            return "LinearRegression(not fitted)";
        }
        StringBuilder sb = new StringBuilder("LinearRegression(y = ");
        for (int j = 0; j < coefficients.length; j++) {
            sb.append(String.format(Locale.ROOT, "%.6g·%s + ", coefficients[j], names.get(j)));
        }
        sb.append(String.format(Locale.ROOT, "%.6g; %d steps, %s, gradient norm %.2e)", intercept, iterations,
                converged ? "converged" : stalled ? "stalled above the tolerance" : "NOT converged", gradientNorm));
        return sb.toString();
    }
}
