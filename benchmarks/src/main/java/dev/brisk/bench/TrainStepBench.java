package dev.brisk.bench;

import dev.brisk.engine.metrics.Accuracy;
import dev.brisk.engine.model.Model;
import dev.brisk.engine.nn.Dense;
import dev.brisk.engine.nn.Dropout;
import dev.brisk.engine.nn.Flatten;
import dev.brisk.engine.nn.Sequential;
import dev.brisk.engine.nn.SparseCategoricalCrossentropy;
import dev.brisk.engine.optim.Adam;
import dev.brisk.engine.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
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
 * One training step of the Fashion-MNIST tutorial's model (Flatten → Dense(128, relu) →
 * Dropout(0.2) → Dense(10, softmax), Adam, sparse categorical cross-entropy, accuracy) through the
 * public {@link Model#trainOnBatch} — the step {@code fit} takes 1,875 times an epoch at batch 32 —
 * and the model's inference: one sample, and the 10,000 images of the test set.
 *
 * <p>Inputs are seeded uniform pixels in [0, 1): a step does the same arithmetic whatever the
 * pixels are. {@code -prof gc} reports the bytes a step allocates ({@code gc.alloc.rate.norm}).
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar TrainStepBench -prof gc
 *   java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar TrainStepBench.step -p batch=32 -jvmArgsAppend -Dbrisk.threads=1
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g", "--sun-misc-unsafe-memory-access=allow"})
public class TrainStepBench {

    /** The training step at the tutorial's batch sizes. */
    @State(Scope.Thread)
    public static class Step {
        @Param({"32", "256"})
        public int batch;

        Model model;
        Tensor[] xs;
        int[][] labels;
        int next;

        @Setup
        public void setup() {
            warmUpKernels();
            model = tutorialModel();
            model.compile(new Adam(), new SparseCategoricalCrossentropy(), new Accuracy());
            // An epoch's worth of distinct batches with random labels, cycled: repeating one batch
            // would let the model memorise it, and its vanishing gradients turn subnormal, which
            // x86 computes about a hundred times slower than normal numbers: a benchmark artefact.
            int count = TRAIN_SAMPLES / batch;
            Tensor all = pixels(count * batch, 1);
            xs = new Tensor[count];
            labels = new int[count][batch];
            SplittableRandom r = new SplittableRandom(2);
            for (int b = 0; b < count; b++) {
                xs[b] = all.narrow(0, b * batch, batch);
                for (int i = 0; i < batch; i++) {
                    labels[b][i] = r.nextInt(10);
                }
            }
        }
    }

    /** Fashion-MNIST's training-set size. */
    static final int TRAIN_SAMPLES = 60_000;

    /** A trained-shape model (random weights: inference costs the same) and its inputs. */
    @State(Scope.Thread)
    public static class Inference {
        Model model;
        Tensor one;
        Tensor testSet;

        @Setup
        public void setup() {
            warmUpKernels();
            model = tutorialModel();
            one = pixels(1, 3);
            testSet = pixels(10_000, 4);
        }
    }

    /**
     * The kernels' JIT warm-up, as {@code Model.fit} and the tutorial run it first: without it the
     * first batch-256 steps ran interpreted (0.3 s each) and C2 was still recompiling kernels in
     * the first measured iterations.
     */
    static void warmUpKernels() {
        dev.brisk.engine.kernels.Warmup.start();     // qualified: JMH has a @Warmup annotation
        dev.brisk.engine.kernels.Warmup.await();
    }

    static Model tutorialModel() {
        Model model = new Model(new Sequential(List.of(
                new Flatten(), new Dense(128, "relu"), new Dropout(0.2f), new Dense(10, "softmax"))));
        model.build(28, 28);
        return model;
    }

    static Tensor pixels(int n, long seed) {
        float[] data = new float[n * 28 * 28];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) r.nextDouble();
        }
        return Tensor.of(data, n, 28, 28);
    }

    @Benchmark
    public double step(Step s) {
        int b = s.next;
        s.next = b + 1 == s.xs.length ? 0 : b + 1;
        return s.model.trainOnBatch(s.xs[b], s.labels[b]);
    }

    @Benchmark
    public Tensor predictOne(Inference s) {
        return s.model.predict(s.one);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Tensor predictTestSet(Inference s) {
        return s.model.predict(s.testSet);
    }
}
