package dev.brisk.engine.kernels;

/**
 * Gets the JIT to compile the kernels before real work needs them.
 *
 * <p>Vector API code is fast only once C2 has compiled it: in the interpreter and in C1 every
 * vector operation allocates an object and calls a generic fallback, hundreds of times slower than
 * the compiled code and tens of times slower than the scalar twin. Left to itself, a training run
 * spends its first seconds there (measured on the tutorial: the first step 0.9 s, the first
 * twenty 2.9 s, on a busy machine). The JIT compiles a method after enough calls and loop trips,
 * whatever the sizes, so running every kernel on tiny inputs reaches those counts for a tiny
 * fraction of the cost, and the compilations are then under way when real batches arrive.
 *
 * <p>The inputs are private scratch arrays: warming up reads and writes nothing of the caller's,
 * and results computed later do not depend on whether, or how far, it ran.
 */
public final class Warmup {

    /** Rounds of {@link #start}: enough calls and loop trips for C2 to take every kernel. */
    public static final int ROUNDS = 2000;

    /**
     * Rounds take the rarer branches (wide products, the pool, Adam at the awake split) in the
     * second half of every {@code PHASE} rounds: early enough that methods profiled on the first
     * rounds see them before C2 compiles them, and again later so every profile has them.
     */
    static final int PHASE = 250;

    private static Thread background;

    private Warmup() {
    }

    /**
     * Starts warming up {@link Kernels#get()} on a background daemon thread, once per JVM (later
     * calls do nothing), and returns at once. Call it first thing, so the warm-up runs while the
     * program loads its data; {@code Model.fit} calls it too and then {@link #await}s it. Does
     * nothing on the scalar kernels, which need no warming, or with {@code -Dbrisk.warmup=false}.
     */
    public static synchronized void start() {
        if (background != null || Kernels.get() == Kernels.scalar()
                || "false".equals(System.getProperty("brisk.warmup"))) {
            return;
        }
        background = startInBackground(Kernels.get(), ROUNDS);
    }

    /** Waits for the warm-up {@link #start} began, if any. */
    public static void await() {
        Thread t;
        synchronized (Warmup.class) {
            t = background;
        }
        if (t == null) {
            return;
        }
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Calls every kernel of {@code k} {@code rounds} times on small inputs shaped to take the same
     * code paths as real work (the small-product and the packed sgemm paths, vector bodies and
     * tails), on the calling thread.
     */
    public static void run(KernelProvider k, int rounds) {
        int m = 64, n = 48, kk = 24;                      // m >= SMALL_M takes the packed path
        float[] a = fill(new float[m * kk], 1);
        float[] b = fill(new float[kk * n], 2);
        float[] c = new float[m * n];
        int wide = 8 * 16 + 5;                            // a one-row product's eight-vector body and masked tail
        float[] row = fill(new float[wide * 8], 5);
        float[] rowOut = new float[wide];
        float[] x = fill(new float[n * 8 + 5], 3);
        float[] y = fill(new float[n * 8 + 5], 4);
        float[] out = new float[n * 8 + 5];
        float[] mom = new float[n * 8 + 5];
        float[] vel = new float[n * 8 + 5];
        int[] labels32 = new int[32];
        for (int i = 0; i < 32; i++) {
            labels32[i] = i % 10;
        }
        int rows = 12, cols = 10;
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i % cols;
        }
        int len = x.length;
        byte[] bytes = new byte[len];
        int[] rowOrder = {3, 1, 0, 2};
        // Every branch real work takes must be taken here too: C2 compiles a branch never taken so
        // far as a trap, and real work that takes it sends the method back to the interpreter
        // until C2 compiles it again (measured on the tutorial: eleven such round trips in its
        // first epoch, a vector loop run in the interpreter each time). Hence rows 144 wide for the
        // bias and column sums (four-vector strips, a single vector, no tail, where 10 columns are
        // all tail), products 128 columns wide and a narrow xᵀ·dy over 128 rows, k over several
        // blocks, lengths with and without a partial last vector (below), products big enough for
        // the thread pool, and Adam at the sizes it splits at. The wide products and the pool's
        // branches come in the second half of every PHASE rounds, not from the start: a branch
        // taken only while a method is still interpreted does not reach the profile C2 compiles
        // from; taken later, it either is in the profile or sends the compiled method back here,
        // on this thread, rather than in the first epoch. (sgemm's per-thread buffers start large
        // enough for such products, so that they do not grow, another such branch.)
        int whole = len - len % 64;                       // a whole number of vectors, any width
        int deep = VectorSgemm.KC + 44;
        float[] aDeep = fill(new float[m * deep], 11);
        float[] bDeep = fill(new float[deep * 128], 12);
        float[] cDeep = new float[m * 128];
        int wideCols = 9 * 16;
        float[] wideRows = fill(new float[rows * wideCols], 6);
        float[] wideBias = fill(new float[wideCols], 7);
        float[] wideOut = new float[wideCols];
        float[] b128 = fill(new float[kk * 128], 8);
        float[] c128 = new float[m * 128];
        float[] a128 = fill(new float[8 * 128], 9);
        float[] c1280 = new float[128 * 10];
        int big = 256;                                    // 2·256³ flops: over the thread pool
        float[] bigA = Parallel.threads() > 1 ? fill(new float[big * big], 10) : null;
        float[] bigC = bigA != null ? new float[big * big] : null;
        float[] bigM = bigA != null ? new float[VectorKernels.ADAM_AWAKE_N] : null; // Adam's moments at the awake split
        float[] bigV = bigA != null ? new float[VectorKernels.ADAM_AWAKE_N] : null;
        int phase = Math.min(rounds, PHASE);
        for (int r = 0; r < rounds; r++) {
            boolean late = r % phase >= phase / 2;
            if (late) {
                k.sgemm(false, false, m, 128, kk, a, 0, kk, b128, 0, 128, 0f, c128, 0, 128); // 128 wide
                k.sgemm(true, false, 128, 10, 8, a128, 0, 128, b, 0, 10, 0f, c1280, 0, 10);   // dW2, 128 rows
                k.sgemm(false, true, 8, 128, 10, a, 0, 10, b128, 0, 10, 0f, c128, 0, 128);     // dy · wᵀ, 128 wide
            }
            if (late && r % 64 == 0 && bigC != null) {
                k.sgemm(false, false, big, big, big, bigA, 0, big, bigA, 0, big, 0f, bigC, 0, big);
                // Adam just after a split product, helpers awake, and later, helpers parked
                k.adam(bigC, 0, bigA, 0, bigM, 0, bigV, 0, bigM.length, 1e-3f, 0.9f, 0.999f, 1e-7f, 0f, r + 1);
            }
            if (late && bigC != null) {
                // the pool's own code (open, claim, work, await, the helpers' loop): a training step
                // opens several regions, more than the products above do here
                Parallel.run(Parallel.threads(), NOTHING);
            }
            if (late && r % 64 == 32 && bigC != null) {
                k.adam(bigC, 0, bigA, 0, bigM, 0, bigV, 0, bigM.length, 1e-3f, 0.9f, 0.999f, 1e-7f, 0f, r + 1);
            }
            k.addBiasRows(wideRows, 0, rows, wideCols, wideCols, wideBias, 0);
            k.sumRows(wideRows, 0, rows, wideCols, wideCols, wideOut, 0);
            k.sgemm(false, false, m, n, kk, a, 0, kk, b, 0, n, 0f, c, 0, n);
            k.sgemm(false, false, 8, n, kk, a, 0, kk, b, 0, n, 1f, c, 0, n);          // small-product path
            k.sgemm(true, false, kk, n, 8, a, 0, kk, c, 0, n, 1f, b, 0, n);           // xᵀ · dy
            k.sgemm(false, true, 8, kk, n, c, 0, n, b, 0, n, 0f, a, 0, kk);           // dy · wᵀ
            k.sgemm(false, false, 1, n, kk, a, 0, kk, b, 0, n, 0f, c, 0, n);          // one row
            k.sgemm(false, false, 1, wide, 8, a, 0, kk, row, 0, wide, 0f, rowOut, 0, wide);
            k.sgemm(true, false, m, n, 8, a, 0, m, b, 0, n, 1f, c, 0, n);            // xᵀ·dy, packed (dW1)
            k.sgemm(true, false, m, 10, 8, a, 0, m, b, 0, 10, 1f, c, 0, 10);          // a narrow xᵀ·dy (dW2)
            k.sgemm(false, false, 32, 10, kk, a, 0, kk, b, 0, 10, 0f, c, 0, 10);      // logits, 10 wide
            k.sgemm(false, false, 32, 10, kk, a, 0, kk, b, 0, 10, 1f, c, 0, 10);      // onto a bias
            k.softmaxCrossEntropy(c, 0, 32, 10, labels32, 0, out, 0, 1f);
            k.addBiasRows(c, 0, rows, cols, cols, x, 0);
            k.sumRows(c, 0, rows, cols, cols, out, 0);
            // A dense network's step calls these several times per product; so does this loop, so
            // that they reach C2's thresholds, which grow with its queue, before real work starts
            // (measured: left at one call per round, they were compiled in the tutorial's first epoch).
            // Lengths alternate between one with a partial last vector and one without (the
            // tutorial's 4,096 activations and 100,352 weights have none), so both exits of every
            // vector loop are in the profile.
            for (int again = 0; again < 4; again++) {
                int span = again % 2 == 0 ? len : whole;
                k.relu(x, 0, out, 0, span);
                k.unsignedBytesToFloats(bytes, 0, out, 0, span, 255f);
                k.unsignedByteRowsToFloats(bytes, span / 4, rowOrder, 0, 4, out, 0, 255f);
                k.reluBackward(x, 0, y, 0, out, 0, span);
                k.dropout(x, 0, out, 0, span, 0.2f, r, 0L);
                k.dropoutBackward(y, 0, out, 0, span, 0.2f, r, 0L);
                k.sgemm(false, false, 8, n, kk, a, 0, kk, b, 0, n, 1f, c, 0, n);      // small-product path
                k.sgemm(false, false, 32, 10, kk, a, 0, kk, b, 0, 10, 0f, c, 0, 10);  // logits, 10 wide
                k.adam(out, 0, y, 0, mom, 0, vel, 0, span, 1e-3f, 0.9f, 0.999f, 1e-7f, 0f, r + 1);
            }
            if (r % 8 == 0) {
                // k over more than one KC block, as a layer of 784 inputs: the products' loops
                // over k blocks then run more than once (small-product, main and one-row paths)
                k.sgemm(false, false, 8, 32, deep, aDeep, 0, deep, bDeep, 0, 128, 0f, cDeep, 0, 128);
                k.sgemm(false, false, m, n, deep, aDeep, 0, deep, bDeep, 0, 128, 0f, cDeep, 0, 128);
                k.sgemm(false, false, 1, 128, deep, aDeep, 0, deep, bDeep, 0, 128, 0f, cDeep, 0, 128);
            }
            k.sigmoid(x, 0, out, 0, len);
            k.sigmoidBackward(out, 0, y, 0, mom, 0, len);
            k.tanh(x, 0, out, 0, len);
            k.tanhBackward(out, 0, y, 0, mom, 0, len);
            k.softmaxRows(c, 0, rows, cols, out, 0);
            k.softmaxCrossEntropy(c, 0, rows, cols, labels, 0, out, 0, 1f);
            k.axpy(1f, x, 0, out, 0, len);
            k.add(x, 0, y, 0, out, 0, len);
            k.sum(x, 0, len);
            k.adam(out, 0, y, 0, mom, 0, vel, 0, len, 1e-3f, 0.9f, 0.999f, 1e-7f, 0f, r + 1);
            // keep the scratch values bounded and non-subnormal round after round
            fill(a, 1);
            fill(wideRows, 6);
            fill(b, 2);
            fill(c, 3);
        }
    }

    /**
     * {@link #run} on a new daemon thread, returned started; the thread then waits, at most
     * {@link #QUIET_WAIT_MILLIS}, for the JIT to finish the compilations the run queued (see
     * {@link #awaitQuietCompiler}), and runs {@link #SETTLE_ROUNDS} more rounds at a time, waiting
     * again after each, until two passes in a row compile next to nothing (at most
     * {@link #SETTLE_PASSES}), so that whoever {@linkplain #await awaits} it starts on compiled
     * kernels.
     *
     * <p>Why more passes: while the optimizing compiler's queue is long, HotSpot compiles newly hot
     * methods with its quick compiler only, without the profile the optimizing one needs, and
     * moves them on only once the queue has drained and they have been called often enough again.
     * Measured on the tutorial: the softmax cross-entropy and the narrow weight-gradient kernels
     * were still on quick code when training began, and its first 30 steps at batch 256 took 3-4 ms
     * each instead of 0.8. A pass of compiled rounds takes about 20 ms here.
     */
    public static Thread startInBackground(KernelProvider k, int rounds) {
        Thread t = new Thread(() -> {
            run(k, rounds);
            awaitQuietCompiler(QUIET_WAIT_MILLIS);
            java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
            if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
                return;
            }
            // Two passes in a row without a compilation that matters (a kernel's takes 10 ms or
            // more; the JDK keeps compiling small helpers of its own): a method on profiling code
            // may need more than one pass of calls before its next compilation is due
            for (int pass = 0, idle = 0; pass < SETTLE_PASSES && idle < 2; pass++) {
                long before = jit.getTotalCompilationTime();
                run(k, SETTLE_ROUNDS);
                awaitQuietCompiler(QUIET_WAIT_MILLIS);
                idle = jit.getTotalCompilationTime() - before < SETTLED_JIT_MILLIS ? idle + 1 : 0;
            }
        }, "brisk-kernel-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t;
    }

    private static final Parallel.Part NOTHING = (part, parts) -> { };

    /** Rounds of each settling pass of {@link #startInBackground}. */
    static final int SETTLE_ROUNDS = 250;

    /** Compilation time (ms) under which a settling pass counts as compiling nothing of ours. */
    static final long SETTLED_JIT_MILLIS = 10;

    /** At most this many settling passes. */
    static final int SETTLE_PASSES = 10;

    /** The longest {@link #startInBackground} waits for the JIT to go quiet after its run. */
    public static final long QUIET_WAIT_MILLIS = 1500;

    /**
     * Waits until the JIT compilers have been idle for two windows of {@value #QUIET_WINDOW_MILLIS}
     * ms, or {@code maxMillis} have passed. The warm-up's calls queue more C2 compilations than
     * one compiler thread gets through while they run, and a kernel still queued when training
     * begins runs on slower code meanwhile, while the compiler takes a core from training's two
     * threads (measured on the tutorial: the first 30 steps at batch 256 took 2-4 ms each against
     * 0.8). Waiting here lets them finish before real work rather than during it.
     *
     * <p>The compilers' threads are not Java threads, so their activity is the process's CPU time
     * less that of every Java thread (what remains is the JIT's, and the garbage collector's, idle
     * here). The process's CPU time comes in 10 ms ticks on Linux, hence windows of 30 ms, a
     * compiler counted busy when it took over half of one. Where the JVM reports no CPU times,
     * the compilers count as idle once their total compilation time stops growing.
     */
    static void awaitQuietCompiler(long maxMillis) {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        CompilerActivity activity = CompilerActivity.create();
        long last = activity.nanos();
        for (int quiet = 0; quiet < 2 && System.nanoTime() < deadline; ) {
            try {
                Thread.sleep(QUIET_WINDOW_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = activity.nanos();
            quiet = now - last < activity.busyNanos() ? quiet + 1 : 0;
            last = now;
        }
    }

    /** Length of the windows in which {@link #awaitQuietCompiler} looks for compiler activity. */
    static final long QUIET_WINDOW_MILLIS = 30;

    /** A measure of the JIT's work so far that grows while it compiles: see {@link #awaitQuietCompiler}. */
    private interface CompilerActivity {
        /** The measure, in nanoseconds. */
        long nanos();

        /** Growth over one window from which the compilers count as busy. */
        long busyNanos();

        static CompilerActivity create() {
            java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean process
                    && threads instanceof com.sun.management.ThreadMXBean javaThreads
                    && threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled()
                    && process.getProcessCpuTime() >= 0) {
                return new CompilerActivity() {
                    @Override
                    public long nanos() {
                        long outside = process.getProcessCpuTime();
                        for (long t : javaThreads.getThreadCpuTime(threads.getAllThreadIds())) {
                            outside -= Math.max(t, 0);     // -1 for a thread that ended meanwhile
                        }
                        return outside;
                    }

                    @Override
                    public long busyNanos() {
                        return QUIET_WINDOW_MILLIS * 1_000_000L / 2;
                    }
                };
            }
            java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
            boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
            return new CompilerActivity() {
                @Override
                public long nanos() {
                    return timed ? jit.getTotalCompilationTime() * 1_000_000L : 0;
                }

                @Override
                public long busyNanos() {
                    return 1;                              // any compilation finished in the window
                }
            };
        }
    }

    private static float[] fill(float[] v, int seed) {
        for (int i = 0; i < v.length; i++) {
            v[i] = ((i * 31 + seed * 17) % 23 - 11) / 16f;
        }
        return v;
    }
}
