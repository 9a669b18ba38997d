package dev.brisk.bench;

import dev.brisk.engine.kernels.KernelProvider;
import dev.brisk.engine.kernels.Kernels;
import dev.brisk.engine.kernels.Parallel;
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
 * Time per call of {@code Kernels.get().sgemm} on the shapes of the numpy peer ({@link SgemmShapes}),
 * on 1 and 2 threads. GFLOP/s = {@code 2·m·n·k / time}, as the peer computes it; {@link Report}
 * does the conversion and the table.
 *
 * <p>Operands are stored as numpy stores them (A {@code k × m} when transposed, B {@code n × k}),
 * filled with Gaussian numbers from a fixed seed; {@code beta = 0} and C is preallocated, so a call
 * allocates nothing ({@code -prof gc} shows it).
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar SgemmBench -p shape=B32_fwd1 -p threads=1 -prof gc
 * </pre>
 *
 * <p>One fork with 2 × 1 s warm-up and 5 × 1 s measurement keeps the 28-combination sweep under
 * four minutes; use {@code -f 3} for numbers to publish (C2 can compile the same kernel two ways).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
// JMH 1.37 still uses sun.misc.Unsafe; "allow" keeps JDK 25's deprecation warnings out of the tables.
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g", "--sun-misc-unsafe-memory-access=allow"})
public class SgemmBench {

    /** A {@link SgemmShapes} id. */
    @Param({
        "256x256x256:NN", "512x512x512:NN", "1024x1024x1024:NN", "2048x2048x2048:NN",
        "B32_fwd1", "B32_fwd2", "B32_dH", "B32_dW2", "B32_dW1",
        "B256_fwd1", "B256_fwd2", "B256_dH", "B256_dW2", "B256_dW1"})
    public String shape;

    /** Threads the kernel may use, the caller's included ({@link Parallel#setThreads}). */
    @Param({"1", "2"})
    public int threads;

    private KernelProvider kernels;
    private SgemmShapes.Shape s;
    private float[] a;
    private float[] b;
    private float[] c;
    private int lda;
    private int ldb;

    @Setup
    public void setup() {
        s = SgemmShapes.of(shape);
        Parallel.setThreads(threads);
        kernels = Kernels.get();
        Random rng = new Random(42);
        a = gaussian(rng, s.m() * s.k());
        b = gaussian(rng, s.k() * s.n());
        c = new float[s.m() * s.n()];
        lda = s.transA() ? s.m() : s.k();
        ldb = s.transB() ? s.k() : s.n();
    }

    @Benchmark
    public float[] sgemm() {
        kernels.sgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), a, 0, lda, b, 0, ldb, 0f, c, 0, s.n());
        return c;
    }

    static float[] gaussian(Random rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }
}
