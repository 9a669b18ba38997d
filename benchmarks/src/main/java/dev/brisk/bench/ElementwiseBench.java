package dev.brisk.bench;

import dev.brisk.engine.kernels.KernelProvider;
import dev.brisk.engine.kernels.Kernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time per call of the memory-bound kernels, SIMD ({@code impl=vector}, {@link Kernels#get()})
 * beside their scalar twins ({@code impl=scalar}, {@link Kernels#scalar()}), so the gain of the
 * Vector API is measured rather than assumed. {@link Report} turns times into GB/s with
 * {@link #bytesPerCall}.
 *
 * <p>{@code add, relu, sigmoid, dropout, sum} run at {@code n} = 4096 (fits in L1/L2: compute and
 * call overhead) and 1,048,576 (4 MiB per array: memory bandwidth). {@code softmaxCrossEntropy}
 * runs on the tutorial's 256 × 10 logits and {@code adam} on its 101,770 parameters.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar ElementwiseBench.add -p n=4096 -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
// JMH 1.37 still uses sun.misc.Unsafe; "allow" keeps JDK 25's deprecation warnings out of the tables.
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g", "--sun-misc-unsafe-memory-access=allow"})
public class ElementwiseBench {

    /** Rows and columns of the softmax benchmark: a batch of 256 over Fashion-MNIST's 10 classes. */
    public static final int SOFTMAX_ROWS = 256;
    public static final int SOFTMAX_COLS = 10;
    /** Parameters of the tutorial MLP 784-128-10: 784·128 + 128 + 128·10 + 10. */
    public static final int ADAM_N = 101_770;
    /** Dropout's rate in the tutorial model. */
    static final float DROPOUT_P = 0.2f;

    /** Bytes one call moves to or from memory, counting each float or int array element read or written once. */
    public static long bytesPerCall(String op, int n) {
        return switch (op) {
            // reads x and y, writes out: 3 floats per element
            case "add" -> 12L * n;
            // reads x, writes out: 2 floats per element (sigmoid is compute-heavy, but this is still its traffic)
            case "relu", "sigmoid" -> 8L * n;
            // reads x, writes out; the keep mask is a hash of the index, computed, never loaded
            case "dropout" -> 8L * n;
            // reads x: 1 float per element
            case "sum" -> 4L * n;
            // n = rows·cols: reads the logits, writes the gradient (2 floats per logit), reads one int label per row
            case "softmaxCrossEntropy" -> 8L * n + 4L * (n / SOFTMAX_COLS);
            // reads param, grad, m, v and writes param, m, v: 7 floats per parameter
            case "adam" -> 28L * n;
            default -> throw new IllegalArgumentException("elementwise: unknown op '" + op + "'");
        };
    }

    static KernelProvider provider(String impl) {
        switch (impl) {
            case "scalar":
                return Kernels.scalar();
            case "vector":
                KernelProvider k = Kernels.get();
                if (k == Kernels.scalar()) {
                    // Refuse rather than label scalar numbers "vector".
                    throw new IllegalStateException("impl=vector but Kernels.get() is scalar: start the JVM with "
                            + "--add-modules jdk.incubator.vector and without -Dbrisk.kernels=scalar");
                }
                return k;
            default:
                throw new IllegalArgumentException("impl must be 'vector' or 'scalar', got '" + impl + "'");
        }
    }

    /** Arrays of {@code n} floats for the kernels that run at both sizes. */
    @State(Scope.Thread)
    public static class Sized {
        @Param({"vector", "scalar"})
        public String impl;
        @Param({"4096", "1048576"})
        public int n;

        KernelProvider k;
        float[] x;
        float[] y;
        float[] out;

        @Setup
        public void setup() {
            k = provider(impl);
            Random rng = new Random(42);
            x = SgemmBench.gaussian(rng, n);
            y = SgemmBench.gaussian(rng, n);
            out = new float[n];
        }
    }

    /** A batch of logits and labels, and the gradient buffer. */
    @State(Scope.Thread)
    public static class Softmax {
        @Param({"vector", "scalar"})
        public String impl;

        KernelProvider k;
        float[] logits;
        int[] labels;
        float[] grad;

        @Setup
        public void setup() {
            k = provider(impl);
            Random rng = new Random(42);
            logits = SgemmBench.gaussian(rng, SOFTMAX_ROWS * SOFTMAX_COLS);
            labels = new int[SOFTMAX_ROWS];
            for (int r = 0; r < SOFTMAX_ROWS; r++) {
                labels[r] = rng.nextInt(SOFTMAX_COLS);
            }
            grad = new float[SOFTMAX_ROWS * SOFTMAX_COLS];
        }
    }

    /** The tutorial model's parameters, gradients and Adam moments, updated in place call after call. */
    @State(Scope.Thread)
    public static class Adam {
        @Param({"vector", "scalar"})
        public String impl;

        KernelProvider k;
        float[] param;
        float[] grad;
        float[] m;
        float[] v;

        @Setup
        public void setup() {
            k = provider(impl);
            Random rng = new Random(42);
            param = SgemmBench.gaussian(rng, ADAM_N);
            grad = SgemmBench.gaussian(rng, ADAM_N);
            m = new float[ADAM_N];
            v = new float[ADAM_N];
        }
    }

    @Benchmark
    public float[] add(Sized s) {
        s.k.add(s.x, 0, s.y, 0, s.out, 0, s.n);
        return s.out;
    }

    @Benchmark
    public float[] relu(Sized s) {
        s.k.relu(s.x, 0, s.out, 0, s.n);
        return s.out;
    }

    @Benchmark
    public float[] sigmoid(Sized s) {
        s.k.sigmoid(s.x, 0, s.out, 0, s.n);
        return s.out;
    }

    @Benchmark
    public float[] dropout(Sized s) {
        s.k.dropout(s.x, 0, s.out, 0, s.n, DROPOUT_P, 1234L, 0L);
        return s.out;
    }

    @Benchmark
    public float sum(Sized s) {
        return s.k.sum(s.x, 0, s.n);
    }

    @Benchmark
    public float softmaxCrossEntropy(Softmax s) {
        return s.k.softmaxCrossEntropy(s.logits, 0, SOFTMAX_ROWS, SOFTMAX_COLS, s.labels, 0, s.grad, 0, 1f);
    }

    @Benchmark
    public float[] adam(Adam s) {
        // A fixed step keeps the bias corrections constant; the moments converge and stay normal floats.
        s.k.adam(s.param, 0, s.grad, 0, s.m, 0, s.v, 0, ADAM_N, 1e-3f, 0.9f, 0.999f, 1e-7f, 0f, 10L);
        return s.param;
    }
}
