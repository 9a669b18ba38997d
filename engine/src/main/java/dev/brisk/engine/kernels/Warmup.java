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
        for (int r = 0; r < rounds; r++) {
            k.sgemm(false, false, m, n, kk, a, 0, kk, b, 0, n, 0f, c, 0, n);
            k.sgemm(false, false, 8, n, kk, a, 0, kk, b, 0, n, 1f, c, 0, n);          // small-product path
            k.sgemm(true, false, kk, n, 8, a, 0, kk, c, 0, n, 1f, b, 0, n);           // xᵀ · dy
            k.sgemm(false, true, 8, kk, n, c, 0, n, b, 0, n, 0f, a, 0, kk);           // dy · wᵀ
            k.sgemm(false, false, 1, n, kk, a, 0, kk, b, 0, n, 0f, c, 0, n);          // one row
            k.sgemm(false, false, 1, wide, 8, a, 0, kk, row, 0, wide, 0f, rowOut, 0, wide);
            k.sgemm(true, false, m, n, 8, a, 0, m, b, 0, n, 1f, c, 0, n);            // xᵀ·dy, packed (dW1)
            k.sgemm(true, false, m, 10, 8, a, 0, m, b, 0, 10, 1f, c, 0, 10);          // a narrow xᵀ·dy (dW2)
            k.sgemm(false, false, 32, 10, kk, a, 0, kk, b, 0, 10, 0f, c, 0, 10);      // logits, 10 wide
            k.softmaxCrossEntropy(c, 0, 32, 10, labels32, 0, out, 0, 1f);
            k.addBiasRows(c, 0, rows, cols, cols, x, 0);
            k.sumRows(c, 0, rows, cols, cols, out, 0);
            k.relu(x, 0, out, 0, len);
            k.unsignedBytesToFloats(bytes, 0, out, 0, bytes.length, 255f);
            k.reluBackward(x, 0, y, 0, out, 0, len);
            k.dropout(x, 0, out, 0, len, 0.2f, r, 0L);
            k.dropoutBackward(y, 0, out, 0, len, 0.2f, r, 0L);
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
            fill(b, 2);
            fill(c, 3);
        }
    }

    /** {@link #run} on a new daemon thread, returned started. */
    public static Thread startInBackground(KernelProvider k, int rounds) {
        Thread t = new Thread(() -> run(k, rounds), "brisk-kernel-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t;
    }

    private static float[] fill(float[] v, int seed) {
        for (int i = 0; i < v.length; i++) {
            v[i] = ((i * 31 + seed * 17) % 23 - 11) / 16f;
        }
        return v;
    }
}
