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
        // blocks, lengths with and without a partial last vector (below), and once a product big
        // enough for the thread pool. The wide products and the pool's branch come halfway, not at
        // once: a branch taken only while a method is still interpreted does not reach the profile
        // C2 compiles from; taken later, it either is in the profile or sends the compiled method
        // back here, on this thread, rather than in the first epoch. (sgemm's per-thread buffers
        // start large enough for such products, so that they do not grow, another such branch.)
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
        for (int r = 0; r < rounds; r++) {
            if (r >= rounds / 2) {
                k.sgemm(false, false, m, 128, kk, a, 0, kk, b128, 0, 128, 0f, c128, 0, 128); // 128 wide
                k.sgemm(true, false, 128, 10, 8, a128, 0, 128, b, 0, 10, 0f, c1280, 0, 10);   // dW2, 128 rows
                k.sgemm(false, true, 8, 128, 10, a, 0, 10, b128, 0, 10, 0f, c128, 0, 128);     // dy · wᵀ, 128 wide
            }
            if (r >= rounds / 2 && r % 64 == 0 && bigC != null) {
                k.sgemm(false, false, big, big, big, bigA, 0, big, bigA, 0, big, 0f, bigC, 0, big);
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
     * {@link #awaitQuietCompiler}), so that whoever {@linkplain #await awaits} it starts on compiled
     * kernels.
     */
    public static Thread startInBackground(KernelProvider k, int rounds) {
        Thread t = new Thread(() -> {
            run(k, rounds);
            awaitQuietCompiler(QUIET_WAIT_MILLIS);
        }, "brisk-kernel-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t;
    }

    /** The longest {@link #startInBackground} waits for the JIT to go quiet after its run. */
    public static final long QUIET_WAIT_MILLIS = 1500;

    /**
     * Waits until the JIT has compiled nothing for 30 ms, or {@code maxMillis} have passed. The
     * warm-up's calls queue more C2 compilations than one compiler thread gets through while
     * they run (measured on the tutorial: the queue still held the dropout, Adam and small-product
     * kernels when training began, 0.2-0.3 s of the first epoch then ran on slower code); waiting
     * here lets them finish before real work rather than during it. Returns at once where the JVM
     * does not report compilation time.
     */
    static void awaitQuietCompiler(long maxMillis) {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        long last = jit.getTotalCompilationTime();
        int quietPolls = 0;
        while (quietPolls < 3 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = jit.getTotalCompilationTime();
            quietPolls = now == last ? quietPolls + 1 : 0;
            last = now;
        }
    }

    private static float[] fill(float[] v, int seed) {
        for (int i = 0; i < v.length; i++) {
            v[i] = ((i * 31 + seed * 17) % 23 - 11) / 16f;
        }
        return v;
    }
}
