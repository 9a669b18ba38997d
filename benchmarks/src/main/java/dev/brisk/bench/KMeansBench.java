package dev.brisk.bench;

import dev.brisk.datasets.Blobs;
import dev.brisk.engine.kernels.Kernels;
import dev.brisk.engine.kernels.Parallel;
import dev.brisk.marketing.segment.Lloyd;
import java.util.Arrays;
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
 * One Lloyd iteration (assignment, sums, new centres: {@link Lloyd#iterate}) on the shapes of the
 * scikit-learn comparison, make_blobs-style data with {@code std 3}, always from the same centres
 * (the first k rows), so every call does the same work. Microseconds per iteration; with
 * {@code -prof gc}, {@code gc.alloc.rate.norm} shows that an iteration allocates nothing.
 *
 * <p>{@code sums=fresh} adds every row into the sums afresh each time (an early iteration, when many
 * rows change centre); {@code sums=update} repeats the same centres, so that no row changes centre
 * and the sums need no work at all (a late iteration, near convergence). Real fits go from the
 * first to the second within a few iterations.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar KMeansBench -p shape=1000000x8k5 -p threads=1 -prof gc
 * </pre>
 *
 * Unlike {@link KMeansCompare lloyd}, which times whole fits as the peer does, this leaves out
 * packing the data: it is the per-iteration cost alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g", "--sun-misc-unsafe-memory-access=allow"})
public class KMeansBench {

    /** rows x columns, k. */
    @Param({"1000000x8k5", "100000x16k8"})
    public String shape;

    /** Threads ({@link Parallel#setThreads} and the iteration's own split). */
    @Param({"1", "2"})
    public int threads;

    /** {@code fresh} or {@code update} (see the class comment). */
    @Param({"fresh", "update"})
    public String sums;

    /** {@code vector} (Kernels.get()) or {@code scalar}. */
    @Param({"vector"})
    public String impl;

    private Lloyd lloyd;
    private float[] centres;
    private float[] next;

    @Setup
    public void setup() {
        String[] p = shape.split("[xk]");
        int n = Integer.parseInt(p[0]);
        int d = Integer.parseInt(p[1]);
        int k = Integer.parseInt(p[2]);
        Blobs b = Blobs.generate(n, d, k, 3.0, 0);
        Parallel.setThreads(threads);
        lloyd = new Lloyd(b.data(), n, d, k, threads, ElementwiseBench.provider(impl));
        centres = Arrays.copyOf(b.data(), k * d);
        next = new float[k * d];
        if (impl.equals("vector") && Kernels.get() == Kernels.scalar()) {
            throw new IllegalStateException("impl=vector but the kernels are scalar");
        }
    }

    @Benchmark
    public float iterate() {
        if (sums.equals("fresh")) {
            lloyd.recomputeSums();
        }
        lloyd.iterate(centres, next);
        return next[0];
    }
}
