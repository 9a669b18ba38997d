package dev.brisk.engine.examples;

import dev.brisk.engine.kernels.KernelProvider;
import dev.brisk.engine.kernels.Kernels;
import dev.brisk.engine.kernels.Parallel;
import dev.brisk.engine.tensor.NoGrad;
import dev.brisk.engine.tensor.Tensor;

import java.io.PrintStream;
import java.util.SplittableRandom;

/**
 * A first tour of Brisk in two small experiments, meant to be read from top to bottom.
 *
 * <ol>
 *   <li>{@link #fitLine} learns the line {@code y = 2x + 1} from noisy samples. The model is one
 *   weight and one bias; the loss is the mean squared error; {@link Tensor#backward()} computes the
 *   gradients, and the update {@code w -= lr * grad} is written out by hand, so nothing is hidden.</li>
 *   <li>{@link #trainClassifier} trains a two-layer perceptron (2 inputs, 32 hidden ReLU units,
 *   3 outputs) to tell apart three interleaved spirals, a classic data set that no straight line
 *   can split. The forward pass is {@code matmul}, a broadcast bias {@code add}, {@code relu} and the
 *   fused {@code sparseCrossEntropy}; the optimizer is the fused Adam kernel,
 *   {@link KernelProvider#adam}, applied to each parameter's storage and gradient arrays.</li>
 * </ol>
 *
 * <p>Run it with {@code mvn -q -pl engine -DskipTests package exec:exec@demo} (the build picks JDK 25
 * and adds {@code --add-modules=jdk.incubator.vector}). The only option is {@code --seed N}, which
 * changes the data and the initial weights; every run with the same seed prints the same numbers
 * for a fixed thread count (all but the final timing).
 */
public final class Demo {

    /** The seed used when none is given on the command line. */
    public static final long DEFAULT_SEED = 42;

    /** Full passes over the spiral data that {@link #main} trains for; a second or so of work. */
    public static final int DEFAULT_EPOCHS = 300;

    private Demo() {
    }

    public static void main(String[] args) {
        long seed = parseSeed(args);
        PrintStream out = System.out;
        KernelProvider kernels = Kernels.get();
        out.printf("Brisk demo on Java %s: kernels %s, %d thread(s), seed %d%n%n",
                Runtime.version(), kernels.name(), Parallel.threads(), seed);

        long start = System.nanoTime();
        fitLine(seed, out);
        out.println();
        trainClassifier(seed, DEFAULT_EPOCHS, out);
        out.printf("%nDone in %.1f s.%n", (System.nanoTime() - start) / 1e9);
    }

    // ================================================================== 1. a straight line

    /** The outcome of {@link #fitLine}: the learned weight and bias, and the loss before each step. */
    public record LineFit(float w, float b, float[] losses) {
    }

    /** {@link #fitLine(long, PrintStream)} without printing. */
    public static LineFit fitLine(long seed) {
        return fitLine(seed, new PrintStream(PrintStream.nullOutputStream()));
    }

    /**
     * Fits {@code y = w·x + b} to 200 samples of {@code y = 2x + 1 + noise} by gradient descent, and
     * prints the loss every 10 steps.
     */
    public static LineFit fitLine(long seed, PrintStream out) {
        int n = 200;
        int steps = 100;
        float lr = 0.1f;
        out.println("1. Fitting y = 2x + 1 from " + n + " noisy points with one weight and one bias");

        // The data: x uniform in [-1, 1), y on the line plus Gaussian noise (std 0.1). One sample per row.
        Tensor x = Tensor.uniform(seed, -1f, 1f, n, 1);
        Tensor noise = Tensor.normal(seed + 1, 0f, 0.1f, n, 1);
        Tensor y = x.mul(2f).add(1f).add(noise);

        // The parameters start at zero. requiresGrad(true) asks backward() to fill in their gradients.
        Tensor w = Tensor.zeros(1, 1).requiresGrad(true);
        Tensor b = Tensor.zeros(1).requiresGrad(true);

        float[] losses = new float[steps];
        for (int step = 0; step < steps; step++) {
            // Forward: predictions [n, 1] = x [n, 1] · w [1, 1] + b (broadcast to every row).
            Tensor prediction = x.matmul(w).add(b);
            Tensor loss = prediction.sub(y).pow(2f).mean();
            losses[step] = loss.item();
            if (step % 10 == 0) {
                out.printf("   step %3d   loss %.4f   w %.4f   b %.4f%n",
                        step, losses[step], w.item(), b.item());
            }

            // Backward: gradients accumulate, so clear last step's before computing this step's.
            w.zeroGrad();
            b.zeroGrad();
            loss.backward();

            // Stochastic gradient descent, by hand: move each parameter a little against its gradient.
            // Writing into data() changes the numbers without recording anything in the graph.
            w.data()[0] -= lr * w.grad().item();
            b.data()[0] -= lr * b.grad().item();
        }

        out.printf("   fitted: w = %.4f, b = %.4f (the data came from w = 2, b = 1)%n", w.item(), b.item());
        return new LineFit(w.item(), b.item(), losses);
    }

    // ================================================================== 2. a classifier

    /** The outcome of {@link #trainClassifier}: final training accuracy and the loss of every epoch. */
    public record Training(float accuracy, float[] losses) {
    }

    /** {@link #trainClassifier(long, int, PrintStream)} without printing. */
    public static Training trainClassifier(long seed, int epochs) {
        return trainClassifier(seed, epochs, new PrintStream(PrintStream.nullOutputStream()));
    }

    /**
     * Trains a 2 → 32 → 3 ReLU network on 600 spiral points with Adam, one full batch per epoch,
     * printing loss and training accuracy every {@code epochs / 10} epochs.
     */
    public static Training trainClassifier(long seed, int epochs, PrintStream out) {
        int classes = 3;
        int perClass = 200;
        int hidden = 32;
        float lr = 0.02f;
        out.println("2. Training a 2-" + hidden + "-" + classes + " ReLU network on " + classes * perClass
                + " points of " + classes + " interleaved spirals (Adam, full batch)");

        // The data: x [600, 2] holds the points, labels[i] the spiral (0, 1 or 2) point i lies on.
        float[] points = new float[classes * perClass * 2];
        int[] labels = new int[classes * perClass];
        spirals(seed, classes, perClass, points, labels);
        Tensor x = Tensor.of(points, classes * perClass, 2);

        // The parameters: weights drawn at the scale that keeps ReLU activations of the order of one
        // (He initialization, std sqrt(2 / inputs)), biases at zero.
        Tensor w1 = Tensor.normal(seed + 2, 0f, (float) Math.sqrt(2.0 / 2), 2, hidden).requiresGrad(true);
        Tensor b1 = Tensor.zeros(hidden).requiresGrad(true);
        Tensor w2 = Tensor.normal(seed + 3, 0f, (float) Math.sqrt(2.0 / hidden), hidden, classes).requiresGrad(true);
        Tensor b2 = Tensor.zeros(classes).requiresGrad(true);
        Tensor[] parameters = {w1, b1, w2, b2};

        // Adam keeps two running averages per parameter element: of the gradient (m) and of its square (v).
        float[][] m = new float[parameters.length][];
        float[][] v = new float[parameters.length][];
        for (int p = 0; p < parameters.length; p++) {
            m[p] = new float[parameters[p].size()];
            v[p] = new float[parameters[p].size()];
        }
        KernelProvider kernels = Kernels.get();

        float[] losses = new float[epochs];
        int every = Math.max(1, epochs / 10);
        for (int epoch = 0; epoch < epochs; epoch++) {
            // Forward: hidden = relu(x · w1 + b1) [600, 32]; logits = hidden · w2 + b2 [600, 3].
            Tensor logits = x.matmul(w1).add(b1).relu().matmul(w2).add(b2);
            // Softmax and cross-entropy in one op: stable, and its gradient is simply (softmax - onehot) / N.
            Tensor loss = logits.sparseCrossEntropy(labels);
            losses[epoch] = loss.item();
            if (epoch % every == 0) {
                out.printf("   epoch %4d   loss %.4f   accuracy %.3f%n", epoch, losses[epoch], accuracy(logits, labels));
            }

            for (Tensor p : parameters) {
                p.zeroGrad();
            }
            loss.backward();

            // One fused Adam step per parameter, in place on its storage. Steps count from 1, which is
            // what Adam's bias correction (1 - beta^t) expects.
            long step = epoch + 1;
            for (int p = 0; p < parameters.length; p++) {
                Tensor param = parameters[p];
                kernels.adam(param.data(), param.offset(), param.grad().data(), 0, m[p], 0, v[p], 0, param.size(),
                        lr, 0.9f, 0.999f, 1e-8f, 0f, step);
            }
        }

        // Evaluate the trained network; NoGrad records no graph, since nothing will be differentiated.
        float accuracy;
        try (NoGrad _ = NoGrad.enter()) {
            Tensor logits = x.matmul(w1).add(b1).relu().matmul(w2).add(b2);
            accuracy = accuracy(logits, labels);
            out.printf("   final:      loss %.4f   accuracy %.3f (chance is %.3f)%n",
                    logits.sparseCrossEntropy(labels).item(), accuracy, 1f / classes);
        }
        return new Training(accuracy, losses);
    }

    /** The fraction of rows whose largest logit is at the row's label. */
    static float accuracy(Tensor logits, int[] labels) {
        float[] predicted = logits.argmax(-1).toArray();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if ((int) predicted[i] == labels[i]) {
                correct++;
            }
        }
        return (float) correct / labels.length;
    }

    /**
     * Fills {@code points} (row-major {@code [classes * perClass, 2]}) and {@code labels} with
     * {@code classes} spiral arms, each swept from the centre outwards through 4 radians with a little
     * angular noise: the data set of Stanford's CS231n notes.
     */
    static void spirals(long seed, int classes, int perClass, float[] points, int[] labels) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                int row = c * perClass + i;
                double radius = (double) i / (perClass - 1);
                double angle = 4.0 * c + 4.0 * radius + 0.2 * rng.nextGaussian();
                points[2 * row] = (float) (radius * Math.sin(angle));
                points[2 * row + 1] = (float) (radius * Math.cos(angle));
                labels[row] = c;
            }
        }
    }

    private static long parseSeed(String[] args) {
        long seed = DEFAULT_SEED;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seed") && i + 1 < args.length) {
                try {
                    seed = Long.parseLong(args[++i]);
                } catch (NumberFormatException e) {
                    usage("--seed needs an integer, got '" + args[i] + "'");
                }
            } else {
                usage("unknown or incomplete argument '" + args[i] + "'");
            }
        }
        return seed;
    }

    private static void usage(String problem) {
        System.err.println("Demo: " + problem);
        System.err.println("usage: Demo [--seed N]");
        System.exit(2);
    }
}
