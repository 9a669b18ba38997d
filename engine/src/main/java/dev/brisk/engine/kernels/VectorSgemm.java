package dev.brisk.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD single-precision matrix multiply, {@code C = op(A) · op(B) + beta · C}, as specified by
 * {@link KernelProvider#sgemm}.
 *
 * <h2>How it is fast</h2>
 * The work is done by <em>micro-kernels</em> that keep a 12-row tile of C in vector registers for
 * a whole run over k and touch C only once at the end: 12 × 2 vectors (12 × 32 floats with AVX-512,
 * 24 of the 32 registers), or 12 × 1 vector for narrower products. Per step of k: one or two
 * loads of B, 12 broadcasts of A, 12 or 24 fused multiply-adds, enough independent accumulators
 * to keep both FMA pipes busy. Products narrower than one vector with a row-major A (a
 * classifier's 10 logits) run on 8-row kernels of 256-bit half vectors instead, which waste fewer
 * lanes (see {@code narrowRows}). Every kernel moves through its operands by
 * constant strides: B is always read from a packed sliver, and A either in place, row by row (a
 * row-major A), or from a packed tile (a transposed A). Constant strides let the JIT check array
 * bounds once per loop instead of once per load; measured here, that is worth about 30%.
 * Everything else is about feeding them:
 * <ul>
 *   <li><b>Cache blocking.</b> n is cut into blocks of {@code NC}, k into blocks of {@code KC} and
 *       m into blocks of {@code MC}: the packed panel of B ({@code KC × NC}) stays in L2, the sliver
 *       of it a kernel streams ({@code KC × NR}) in L1 while the kernel sweeps down a block of A.
 *       Products with few rows (a layer's at batch 32) skip all this and run on 8-row kernels that
 *       read A and B in place, where packing would cost more than it saves.</li>
 *   <li><b>Packing.</b> Each block of B is copied into NR-wide slivers with vector loads and
 *       stores (a transposed B is transposed there, a block at a time, never materialized whole):
 *       k × n floats against 2·m·n·k flops. A transposed A is copied into 12-row tiles, one masked
 *       vector per column; a row-major A is read in place, unless C is at least 256 columns wide:
 *       then each tile is reused often enough to pay for its copy, which is sequential to read
 *       and free of cache aliasing.</li>
 *   <li><b>Edges.</b> A tile that sticks out of C runs the same kernel on zero-padded copies and
 *       adds its valid part to C with masked stores, in a small method of its own. Masked loads in
 *       the inner loop proved slower than the copies, and kernels with masks inside exhausted the
 *       JIT's C1 tier, which left them interpreted until C2 caught up, tens of seconds later.</li>
 *   <li><b>Threads.</b> Big products are split over columns (or rows) into as many parts as
 *       {@link Parallel#threads()}. The split depends only on the shapes and the thread count, and
 *       each element of C is computed by one thread, so results are bit-identical from run to run.
 *       (Every kernel sums each k block from zero before adding it to C, so with beta = 0 the
 *       results do not even depend on the thread count.)</li>
 * </ul>
 * Nothing here allocates per call: packing buffers live in per-thread workspaces, and parallel
 * calls reuse a per-thread job object.
 */
final class VectorSgemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector: 16 with AVX-512, 8 with AVX2. */
    private static final int L = S.length();
    /** Rows of a C tile on the main path. */
    static final int MR = 12;
    /** Rows of a C tile on the small-product path. */
    static final int SMALL_MR = 8;
    /** Products with fewer rows than this (or as narrow and as short) take the small-product path. */
    static final int SMALL_M = 64;
    /** Columns of a full C tile: two vectors. Narrow products use tiles one vector wide. */
    static final int NR = 2 * L;
    /** Block of k: one B sliver of KC × NR floats (32 KiB with AVX-512) stays in L1. */
    static final int KC = 256;
    /** Block of n: a packed panel of B, KC × NC floats (1 MiB), stays in L2. */
    static final int NC = 1024;
    /** Block of m, a multiple of MR: MC × KC floats of A (48 KiB). Measured here: 48 rows beat 120 by 15% on 2048². */
    static final int MC = 48;
    /**
     * Half a vector of the preferred species: with AVX-512, 256-bit vectors of 8 floats, which this
     * CPU (AMD Zen 4) issues two per cycle where it issues one 512-bit operation.
     */
    private static final VectorSpecies<Float> HALF = FloatVector.SPECIES_256;
    /** Whether narrow row-major products (fewer than L columns) run on half vectors ({@code narrowRows}): with AVX-512 only. */
    private static final boolean NARROW_HALVES = L == 2 * HALF.length();
    /**
     * Below this many flops (≈ 160 µs of one core) a product runs on the calling thread alone. A
     * dense layer's products at batch 32 (6.4 million flops) stay below it on purpose: measured
     * here in the tutorial, splitting them made training slower with two threads than with one
     * (2.7-3.3 s against 2.4-2.7 s for 5 epochs), because waking or keeping the second thread
     * costs more than half of a 60 µs product saves on this virtual machine (see Parallel).
     */
    static final long PARALLEL_FLOPS = 16_000_000L;

    private VectorSgemm() {
    }

    static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        // beta = 0: C is zeroed (or overwritten) by whichever path computes it, not here (see
        // Workspace#gemm; the one-row path just below zeroes it first)
        boolean zeroC = beta == 0f;
        if (k == 0 || (beta != 1f && !zeroC)) {
            scaleC(m, n, beta, c, cOff, ldc);
            if (k == 0) {
                return;
            }
        }
        if (m == 1 && !transB) {
            if (zeroC) {
                scaleC(1, n, 0f, c, cOff, ldc);
            }
            rowTimesMatrix(n, k, a, aOff, transA ? lda : 1, b, bOff, ldb, c, cOff);
            return;
        }
        int threads = Parallel.threads();
        long flops = 2L * m * n * k;
        if (threads > 1 && flops >= PARALLEL_FLOPS) {
            Job job = JOB.get();
            job.set(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, zeroC);
            int parts = job.plan(threads);
            if (parts > 1) {
                try {
                    Parallel.run(parts, job);
                } finally {
                    job.clear();
                }
                return;
            }
            job.clear();
        }
        WORKSPACE.get().gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, zeroC);
    }

    /**
     * {@code c[0, :] += a · B} for a single row {@code a} (element {@code kk} at
     * {@code aOff + kk·aStride}): one sample through a dense layer, {@code predict}'s latency.
     * The tiled paths would pad that row to a tile of 8 and pack it; here B streams through once,
     * eight vectors of columns at a time. Each k block of {@link #KC} is summed from zero with one
     * fused multiply-add per k, in order, then added to C, as every tile kernel does, so a row gets
     * the same bits whether it comes alone or inside a batch.
     */
    private static void rowTimesMatrix(int n, int k, float[] a, int aOff, int aStride,
                                       float[] b, int bOff, int ldb, float[] c, int cOff) {
        int j = 0;
        // Eight vectors of columns at a time: eight independent accumulators keep both FMA units
        // busy (four would wait on each other's latency), and a row of 128 columns is one pass.
        for (; j <= n - 8 * L; j += 8 * L) {
            for (int pc = 0; pc < k; pc += KC) {
                int end = Math.min(k, pc + KC);
                FloatVector c0 = FloatVector.zero(S);
                FloatVector c1 = FloatVector.zero(S);
                FloatVector c2 = FloatVector.zero(S);
                FloatVector c3 = FloatVector.zero(S);
                FloatVector c4 = FloatVector.zero(S);
                FloatVector c5 = FloatVector.zero(S);
                FloatVector c6 = FloatVector.zero(S);
                FloatVector c7 = FloatVector.zero(S);
                for (int kk = pc; kk < end; kk++) {
                    FloatVector av = FloatVector.broadcast(S, a[aOff + kk * aStride]);
                    int row = bOff + kk * ldb + j;
                    c0 = av.fma(FloatVector.fromArray(S, b, row), c0);
                    c1 = av.fma(FloatVector.fromArray(S, b, row + L), c1);
                    c2 = av.fma(FloatVector.fromArray(S, b, row + 2 * L), c2);
                    c3 = av.fma(FloatVector.fromArray(S, b, row + 3 * L), c3);
                    c4 = av.fma(FloatVector.fromArray(S, b, row + 4 * L), c4);
                    c5 = av.fma(FloatVector.fromArray(S, b, row + 5 * L), c5);
                    c6 = av.fma(FloatVector.fromArray(S, b, row + 6 * L), c6);
                    c7 = av.fma(FloatVector.fromArray(S, b, row + 7 * L), c7);
                }
                int at = cOff + j;
                FloatVector.fromArray(S, c, at).add(c0).intoArray(c, at);
                FloatVector.fromArray(S, c, at + L).add(c1).intoArray(c, at + L);
                FloatVector.fromArray(S, c, at + 2 * L).add(c2).intoArray(c, at + 2 * L);
                FloatVector.fromArray(S, c, at + 3 * L).add(c3).intoArray(c, at + 3 * L);
                FloatVector.fromArray(S, c, at + 4 * L).add(c4).intoArray(c, at + 4 * L);
                FloatVector.fromArray(S, c, at + 5 * L).add(c5).intoArray(c, at + 5 * L);
                FloatVector.fromArray(S, c, at + 6 * L).add(c6).intoArray(c, at + 6 * L);
                FloatVector.fromArray(S, c, at + 7 * L).add(c7).intoArray(c, at + 7 * L);
            }
        }
        for (; j <= n - L; j += L) {
            for (int pc = 0; pc < k; pc += KC) {
                int end = Math.min(k, pc + KC);
                FloatVector c0 = FloatVector.zero(S);
                for (int kk = pc; kk < end; kk++) {
                    c0 = FloatVector.broadcast(S, a[aOff + kk * aStride])
                            .fma(FloatVector.fromArray(S, b, bOff + kk * ldb + j), c0);
                }
                FloatVector.fromArray(S, c, cOff + j).add(c0).intoArray(c, cOff + j);
            }
        }
        if (j < n) {
            // The last columns (all ten of a classifier's output) in one masked vector: the same
            // per-lane FMA chain as above, a tenth of the latency of ten scalar chains.
            VectorMask<Float> valid = S.indexInRange(j, n);
            for (int pc = 0; pc < k; pc += KC) {
                int end = Math.min(k, pc + KC);
                FloatVector c0 = FloatVector.zero(S);
                for (int kk = pc; kk < end; kk++) {
                    c0 = FloatVector.broadcast(S, a[aOff + kk * aStride])
                            .fma(FloatVector.fromArray(S, b, bOff + kk * ldb + j, valid), c0);
                }
                FloatVector.fromArray(S, c, cOff + j, valid).add(c0).intoArray(c, cOff + j, valid);
            }
        }
    }

    /**
     * C = beta · C; with beta == 0 the old contents (even NaN) are overwritten with zeros. Vector
     * stores rather than Arrays.fill per row: a call per row cost more than the product itself on
     * a 256 × 16 C.
     */
    private static void scaleC(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 0f && ldc == n) {
            java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
            return;
        }
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            int j = 0;
            if (beta == 0f) {
                for (; j <= n - L; j += L) {
                    zero.intoArray(c, row + j);
                }
                for (; j < n; j++) {
                    c[row + j] = 0f;
                }
            } else {
                for (; j <= n - L; j += L) {
                    FloatVector.fromArray(S, c, row + j).mul(beta).intoArray(c, row + j);
                }
                for (; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }

    // ------------------------------------------------------------------ threads

    private static final ThreadLocal<Job> JOB = ThreadLocal.withInitial(Job::new);
    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** One parallel product, split into column or row stripes; reused per calling thread. */
    private static final class Job implements Parallel.Part {
        boolean transA, transB, splitColumns, zeroC;
        int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
        float[] a, b, c;

        void set(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                 float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean zeroC) {
            this.zeroC = zeroC;
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
        }

        void clear() {
            a = b = c = null;
        }

        /**
         * Chooses how to split. Rows when there are enough of them for the main path: each thread
         * then packs only its own rows of A (a scalar scatter), while B's packing, a vector copy,
         * is the part done twice. Otherwise columns, when there are enough NR-wide slivers.
         */
        int plan(int threads) {
            int slivers = (n + NR - 1) / NR;
            int rowTiles = (m + MR - 1) / MR;
            if ((m >= SMALL_M * threads && rowTiles >= 4 * threads) || slivers < threads) {
                splitColumns = false;
                return Math.min(threads, rowTiles);
            }
            splitColumns = true;
            return Math.min(threads, slivers);
        }

        @Override
        public void run(int part, int parts) {
            Workspace ws = WORKSPACE.get();
            if (splitColumns) {
                int slivers = (n + NR - 1) / NR;
                int from = Math.min(n, (int) ((long) slivers * part / parts) * NR);
                int to = Math.min(n, (int) ((long) slivers * (part + 1) / parts) * NR);
                if (to > from) {
                    int bShift = transB ? from * ldb : from;
                    ws.gemm(transA, transB, m, to - from, k, a, aOff, lda, b, bOff + bShift, ldb, c, cOff + from, ldc, zeroC);
                }
            } else {
                int tiles = (m + MR - 1) / MR;
                int from = Math.min(m, (int) ((long) tiles * part / parts) * MR);
                int to = Math.min(m, (int) ((long) tiles * (part + 1) / parts) * MR);
                if (to > from) {
                    int aShift = transA ? from : from * lda;
                    ws.gemm(transA, transB, to - from, n, k, a, aOff + aShift, lda, b, bOff, ldb, c, cOff + from * ldc, ldc, zeroC);
                }
            }
        }
    }

    // ------------------------------------------------------------------ blocking and packing

    /** Per-thread packing buffers, grown on demand and then reused. */
    private static final class Workspace {
        /**
         * B's block as slivers NR wide (L wide for narrowRows), zero-padded past n. Sized at first for
         * products up to 256 columns wide (256 KiB): a buffer that grows during real work takes a
         * branch the JIT compiled as a trap, and the method falls back to the interpreter until it
         * is compiled again (see Warmup).
         */
        float[] packB = new float[KC * 256];
        /** A transposed A's block as MR-row tiles, each kc × MR with a column's MR elements adjacent. */
        float[] packA = new float[MC * KC + L];
        /** A whole MR × NR tile for tiles that stick out of C: the kernel writes here, the valid part is added to C. */
        final float[] edgeC = new float[MR * NR];

        /**
         * C += op(A) · op(B) for one thread's share, after zeroing C if {@code zeroC} (beta = 0).
         * On the main path the kernels of the first k block overwrite C instead (see gemmMain):
         * zeroing C first cost a pass over it, and reading it back another; on a weight gradient
         * Xᵀ·dY at batch 32 ([784×32]ᵀ·[32×128]) the two were 10-20% of the product. The
         * narrow transposed path stores its result; the others zero their share of C first.
         */
        void gemm(boolean transA, boolean transB, int m, int n, int k,
                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                  float[] c, int cOff, int ldc, boolean zeroC) {
            if (transA && !transB && n < L && n <= MR && m >= 2 * NR) {
                narrowTransposed(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, zeroC);
                return;
            }
            if (!transA && n < L && NARROW_HALVES) {
                if (zeroC) {
                    scaleC(m, n, 0f, c, cOff, ldc);
                }
                narrowRows(transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
                return;
            }
            if (m < SMALL_M || (n < L && k < SMALL_M)) {
                if (zeroC) {
                    scaleC(m, n, 0f, c, cOff, ldc);
                }
                gemmInPlace(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
                return;
            }
            if (n <= NC) {
                // Not the loop below with one trip: C2 hoisted checks out of that loop that the
                // first products of a training step failed (each time a trap, and a recompilation)
                gemmMain(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, zeroC);
                return;
            }
            // Wide products go a block of columns at a time, so the packed panel of B (KC × NC
            // floats, 1 MiB) stays in L2 while every tile of A passes over it.
            for (int jc = 0; jc < n; jc += NC) {
                int nc = Math.min(NC, n - jc);
                gemmMain(transA, transB, m, nc, k, a, aOff, lda,
                        b, bOff + (transB ? jc * ldb : jc), ldb, c, cOff + jc, ldc, zeroC);
            }
        }

        /**
         * The main path: B packed into slivers, A read in place by rows or packed into tiles. With
         * {@code overwrite} (beta = 0), the first k block's kernels store into C instead of adding
         * to it, so C is neither zeroed nor read first.
         */
        void gemmMain(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, boolean overwrite) {
            // Narrow products (n <= L: without AVX-512, or a transposed A) use tiles one vector wide.
            int width = n <= L ? L : NR;
            int slivers = (n + width - 1) / width;
            // A row-major A is read in place, unless C is wide enough (many slivers reuse each tile
            // of A) that a packed copy, sequential and free of cache aliasing, pays for its scatter.
            boolean packingA = transA || n >= 256;
            if (packB.length < KC * slivers * width) {
                packB = new float[KC * slivers * width];
            }
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, kc, n, width, b, bOff, ldb, pc, packB);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    if (transA) {
                        packTransposedA(mc, kc, a, aOff + pc * lda + ic, lda, packA);
                    } else if (packingA) {
                        packA(mc, kc, a, aOff + ic * lda + pc, lda, packA);
                    }
                    for (int jr = 0, s = 0; jr < n; jr += width, s += kc * width) {
                        int nr = Math.min(width, n - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int co = cOff + (ic + ir) * ldc + jr;
                            boolean full = mr == MR && nr == width;
                            float[] cDst = full ? c : edgeC;
                            int cAt = full ? co : 0;
                            int cLd = full ? ldc : width;
                            if (!full) {
                                java.util.Arrays.fill(edgeC, 0, MR * width, 0f);
                            }
                            // beta = 0: a full two-vector tile's kernel overwrites C in its first k
                            // block; any other tile adds into C zeroed just before
                            boolean storeTile = overwrite && pc == 0 && full && width == NR;
                            if (overwrite && pc == 0 && !storeTile) {
                                scaleC(mr, nr, 0f, c, co, ldc);
                            }
                            if (packingA) {
                                // packed tiles are zero-padded, so a short tile needs nothing special
                                if (width == NR) {
                                    kernel12x2Packed(kc, packA, ir * kc, packB, s, cDst, cAt, cLd, storeTile);
                                } else {
                                    kernel12x1Packed(kc, packA, ir * kc, packB, s, cDst, cAt, cLd);
                                }
                            } else {
                                int ao = aOff + (ic + ir) * lda + pc;
                                if (width == NR) {
                                    kernel12x2Rows(kc, a, ao, lda, mr, packB, s, cDst, cAt, cLd, storeTile);
                                } else {
                                    kernel12x1Rows(kc, a, ao, lda, mr, packB, s, cDst, cAt, cLd);
                                }
                            }
                            if (!full) {
                                addValidPart(mr, nr, width, edgeC, c, co, ldc);
                            }
                        }
                    }
                }
            }
        }

        /**
         * C += A · op(B) when C is narrower than one vector and A is row-major (a classifier's
         * logits, H · W with W of 10 columns). Vectorizing along C's 10 columns leaves 6 of a
         * 512-bit vector's 16 lanes idle, and measured here one 512-bit multiply-add per row and k
         * ran at 1.3 cycles. {@link #kernel8x2Halves} covers the same 16 columns with two 256-bit
         * halves, which share one broadcast of A and issue together: 1.0 cycle, 25% less time.
         * With 9 or 10 columns, {@link #kernel8x1HalfAndPairs} packs the last two columns of four
         * rows into one half vector: 10 multiply-adds per 8 rows and k instead of 16.
         * B's block is packed once into a zero-padded L-wide sliver (kc × 16 floats); A is read in
         * place; each 8-row tile lands in {@link #edgeC} and only its valid columns are added to C.
         * Every element is still one fused multiply-add per k, in order, from zero per k block: the
         * same bits as the one-row path and the scalar-order kernels.
         */
        private void narrowRows(boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                                float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
            if (packB.length < KC * L) {
                packB = new float[KC * L];
            }
            boolean pairs = n > HALF.length() && n <= HALF.length() + 2;
            java.util.Arrays.fill(edgeC, 0, SMALL_MR * L, 0f);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, kc, n, L, b, bOff, ldb, pc, packB);
                if (pairs) {
                    repeatLastPair(kc, packB);
                }
                for (int ir = 0; ir < m; ir += SMALL_MR) {
                    int rows = Math.min(SMALL_MR, m - ir);
                    int ao = aOff + ir * lda + pc;
                    if (pairs) {
                        kernel8x1HalfAndPairs(kc, a, ao, lda, rows, packB, edgeC);
                        addPairPart(rows, n, edgeC, c, cOff + ir * ldc, ldc);
                    } else {
                        kernel8x2Halves(kc, a, ao, lda, rows, packB, edgeC);
                        addNarrowPart(rows, n, edgeC, c, cOff + ir * ldc, ldc);
                    }
                }
            }
        }

        /**
         * C[0..rows, 0..n) += the tile of {@link #kernel8x1HalfAndPairs} (n = 9 or 10), then zeroes
         * it. Row i's first 8 columns are {@code t[8i ..]}; its columns 8 and 9 are a pair in the
         * second part, {@code t[64 + 8·(i/4) + 2·(i%4) ..]}.
         */
        private static void addPairPart(int rows, int n, float[] t, float[] c, int co, int ldc) {
            int h = HALF.length();
            for (int i = 0; i < rows; i++) {
                int o = co + i * ldc;
                FloatVector.fromArray(HALF, t, i * h).add(FloatVector.fromArray(HALF, c, o)).intoArray(c, o);
                int pair = SMALL_MR * h + (i >> 2) * h + (i & 3) * 2;
                c[o + h] += t[pair];
                if (n > h + 1) {
                    c[o + h + 1] += t[pair + 1];
                }
            }
            java.util.Arrays.fill(t, 0, SMALL_MR * h + 2 * h, 0f);
        }

        /**
         * C[0..rows, 0..n) += tile, for n < L, then zeroes the tile (all 8 rows) for the next one.
         * The first 8 columns go as one 256-bit vector, the rest (2 of a classifier's 10) one by
         * one: masked 512-bit loads and stores cost this CPU more, measured here, than the whole
         * product's last fifth.
         */
        private static void addNarrowPart(int rows, int n, float[] tile, float[] c, int co, int ldc) {
            int h = HALF.length();
            for (int i = 0; i < rows; i++) {
                int o = co + i * ldc;
                int t = i * L;
                int j = 0;
                if (n >= h) {
                    FloatVector.fromArray(HALF, tile, t).add(FloatVector.fromArray(HALF, c, o)).intoArray(c, o);
                    j = h;
                }
                for (; j < n; j++) {
                    c[o + j] += tile[t + j];
                }
            }
            FloatVector zero = FloatVector.zero(S);
            for (int i = 0; i < SMALL_MR; i++) {
                zero.intoArray(tile, i * L);
            }
        }

        /** Cᵀ for {@link #narrowTransposed}; sized for 256 rows at first, as {@link #packB}. */
        float[] ct = new float[MR * 256];

        /**
         * C += Aᵀ · B when C is narrower than one vector (a classifier's weight gradient Hᵀ · dY,
         * 128 × 10): vectorizing along C's 10 columns would leave 6 of 16 lanes idle. Instead compute
         * Cᵀ = Bᵀ · A, which runs along m: A is stored k × m, so its rows are Cᵀ's vectors; then add
         * Cᵀ into C transposed (or store it, with beta = 0). That last step, a row of C at a time
         * (10 scattered reads each), took 40% of [128×32]ᵀ·[32×10]; a column at a time, reading Cᵀ
         * in order, the whole product went from 2.2-2.4 to 1.55 µs.
         */
        private void narrowTransposed(int m, int n, int k, float[] a, int aOff, int lda,
                                      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean zeroC) {
            int width = (m + NR - 1) / NR * NR;
            if (ct.length < MR * width) {
                ct = new float[MR * width];
            }
            java.util.Arrays.fill(ct, 0, MR * width, 0f);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                // Bᵀ's n rows, zero-padded to one MR-row tile.
                packTransposedA(n, kc, b, bOff + pc * ldb, ldb, packA);
                for (int jr = 0; jr < m; jr += NR) {
                    int src = aOff + pc * lda + jr;
                    // A's rows are read in place: packing them would double the memory traffic of a
                    // product that does only n multiply-adds per element of A.
                    if (jr + NR <= m && n <= 10) {
                        kernel10x2PackedStridedB(kc, packA, 0, a, src, lda, ct, jr, width);
                    } else if (jr + NR <= m) {
                        kernel12x2PackedStridedB(kc, packA, 0, a, src, lda, ct, jr, width);
                    } else {
                        copyPartialSliver(kc, m - jr, NR, a, src, lda, packB, 0);
                        kernel12x2Packed(kc, packA, 0, packB, 0, ct, jr, width, false);
                    }
                }
            }
            // Cᵀ back into C, a column of C (a row of Cᵀ) at a time: the inner loop reads Cᵀ in
            // order and runs m times rather than n (10). With beta = 0, stored rather than added,
            // so C is neither zeroed nor read first (0 + x keeps the bits of the other paths: x,
            // except that -0 becomes +0).
            for (int j = 0; j < n; j++) {
                int src = j * width;
                int dst = cOff + j;
                if (zeroC) {
                    for (int i = 0; i < m; i++) {
                        c[dst + i * ldc] = 0f + ct[src + i];
                    }
                } else {
                    for (int i = 0; i < m; i++) {
                        c[dst + i * ldc] += ct[src + i];
                    }
                }
            }
        }

        /** The zero-padded 8-row tile of A for {@link #edgeTile} and {@link #packTile}. */
        final float[] edgeA = new float[KC * SMALL_MR];
        /** A zero-padded copy of one partial sliver of B for the in-place path. */
        final float[] edgeB = new float[KC * NR];

        /**
         * The small-product path (a dense layer's products at batch 32): no packing of A or of a
         * row-major B, because with so few rows each packed element would be used only a few
         * times. The 8-row kernels read A and B in place through their strides; only a transposed B
         * is packed, and edges go through zero-padded copies. Measured here on [32×784]·[784×128]:
         * 131 GFLOP/s in place against 95 with packed B and 12-row tiles.
         */
        void gemmInPlace(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc) {
            int nPadded = (n + NR - 1) / NR * NR;
            if (transB && packB.length < KC * nPadded) {
                packB = new float[KC * nPadded];
            }
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                if (transB) {
                    packB(true, kc, n, NR, b, bOff, ldb, pc, packB);
                }
                // Element (i, p) of this block of A is a[aBase + i*aRow + p*aStep].
                int aBase = transA ? aOff + pc * lda : aOff + pc;
                int aRow = transA ? 1 : lda;
                int aStep = transA ? lda : 1;
                for (int jr = 0; jr < n; jr += NR) {
                    int nr = Math.min(NR, n - jr);
                    // Element (p, j) of this sliver of B is bSrc[bs + p*bStep + j].
                    float[] bSrc;
                    int bs, bStep;
                    if (transB) {
                        bSrc = packB;
                        bs = (jr / NR) * kc * NR;
                        bStep = NR;
                    } else if (nr % L != 0) {
                        copyEdgeB(kc, nr, b, bOff + pc * ldb + jr, ldb, edgeB);
                        bSrc = edgeB;
                        bs = 0;
                        bStep = NR;
                    } else {
                        bSrc = b;
                        bs = bOff + pc * ldb + jr;
                        bStep = ldb;
                    }
                    for (int ir = 0; ir < m; ir += SMALL_MR) {
                        int mr = Math.min(SMALL_MR, m - ir);
                        int ar = aBase + ir * aRow;
                        int co = cOff + ir * ldc + jr;
                        if (mr == SMALL_MR && nr % L == 0) {
                            kernel(nr / L, kc, a, ar, aRow, aStep, bSrc, bs, bStep, c, co, ldc);
                        } else {
                            edgeTile(mr, nr, kc, a, ar, aRow, aStep, bSrc, bs, bStep, c, co, ldc);
                        }
                    }
                }
            }
        }

        /**
         * A tile that sticks out of C on the small-product path (fewer than SMALL_MR rows, or columns
         * that end inside a vector): the
         * kernel runs on a full tile, zero-padded where needed, into {@link #edgeC}, and only the valid
         * part is added to C. B's sliver is already zero-padded to whole vectors by the caller.
         */
        private void edgeTile(int mr, int nr, int kc, float[] a, int ao, int ars, int acs,
                              float[] b, int bo, int bs, float[] c, int co, int ldc) {
            if (mr < SMALL_MR) {
                for (int p = 0; p < kc; p++) {
                    int d = p * SMALL_MR;
                    for (int i = 0; i < mr; i++) {
                        edgeA[d + i] = a[ao + i * ars + p * acs];
                    }
                    for (int i = mr; i < SMALL_MR; i++) {
                        edgeA[d + i] = 0f;
                    }
                }
                a = edgeA;
                ao = 0;
                ars = 1;
                acs = SMALL_MR;
            }
            int vectors = (nr + L - 1) / L;
            java.util.Arrays.fill(edgeC, 0, SMALL_MR * NR, 0f);
            if (vectors == 1 && bs == NR) {
                // A narrow C (without AVX-512, a classifier's 10 logits or their gradient): B is a padded copy, so
                // kernels with constant strides apply, whose bounds checks the JIT hoists out of the
                // loop (measured: 1.6x the strided kernel on this tile).
                if (acs == 1) {
                    kernel8x1Rows(kc, a, ao, ars, b, bo, edgeC, 0, NR);
                } else {
                    if (a != edgeA) {
                        packTile(kc, a, ao, acs);
                    }
                    kernel8x1Packed(kc, edgeA, 0, b, bo, edgeC, 0, NR);
                }
            } else {
                kernel(vectors, kc, a, ao, ars, acs, b, bo, bs, edgeC, 0, NR);
            }
            addValidPart(mr, nr, NR, edgeC, c, co, ldc);
        }

        /**
         * Copies an 8-row tile of a transposed A, whose 8 elements of each column are adjacent
         * ({@code a[ao + p*acs + i]}), into {@link #edgeA}: one 8-lane load and store per column.
         */
        private void packTile(int kc, float[] a, int ao, int acs) {
            for (int p = 0; p < kc; p++) {
                FloatVector.fromArray(FloatVector.SPECIES_256, a, ao + p * acs).intoArray(edgeA, p * SMALL_MR);
            }
        }

        /**
         * C[0..mr, 0..nr) += tile[0..mr, 0..nr) with masked vector rows. Kept apart from the kernels:
         * masked operations inside a large kernel exhaust the C1 compiler, and a method C1 gives up
         * on runs interpreted until C2 gets to it (measured: tens of seconds).
         */
        private static void addValidPart(int mr, int nr, int ld, float[] tile, float[] c, int co, int ldc) {
            for (int i = 0; i < mr; i++) {
                for (int j = 0; j < nr; j += L) {
                    VectorMask<Float> m = S.indexInRange(j, nr);
                    int o = co + i * ldc + j;
                    FloatVector.fromArray(S, tile, i * ld + j).add(FloatVector.fromArray(S, c, o, m)).intoArray(c, o, m);
                }
            }
        }
    }

    /**
     * Packs the {@code kc × n} block of op(B) starting at row pc into slivers {@code width} columns
     * wide, each {@code kc × width} and contiguous, zero-padded past n. A row-major B is copied with
     * vector loads (masked on the last sliver) and stores; a transposed B is transposed here.
     */
    private static void packB(boolean transB, int kc, int n, int width, float[] b, int bOff, int ldb, int pc,
                              float[] dst) {
        if (!transB) {
            // Sliver by sliver, so each loop moves source and destination by constant steps; the
            // masked copy of a partial last sliver lives in its own small method (see addValidPart).
            for (int jr = 0, s = 0; jr < n; jr += width, s += kc * width) {
                int src = bOff + pc * ldb + jr;
                if (jr + width > n) {
                    copyPartialSliver(kc, n - jr, width, b, src, ldb, dst, s);
                } else if (width == NR) {
                    for (int p = 0; p < kc; p++) {
                        int from = src + p * ldb;
                        int to = s + p * NR;
                        FloatVector.fromArray(S, b, from).intoArray(dst, to);
                        FloatVector.fromArray(S, b, from + L).intoArray(dst, to + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        FloatVector.fromArray(S, b, src + p * ldb).intoArray(dst, s + p * width);
                    }
                }
            }
            return;
        }
        // op(B)[p][j] = b[j*ldb + p]: read each stored row once, scatter it down its sliver column.
        for (int jr = 0, s = 0; jr < n; jr += width, s += kc * width) {
            int nr = Math.min(width, n - jr);
            for (int jj = 0; jj < nr; jj++) {
                int src = bOff + (jr + jj) * ldb + pc;
                for (int p = 0; p < kc; p++) {
                    dst[s + p * width + jj] = b[src + p];
                }
            }
            for (int jj = nr; jj < width; jj++) {
                for (int p = 0; p < kc; p++) {
                    dst[s + p * width + jj] = 0f;
                }
            }
        }
    }

    /** Copies {@code kc} rows of {@code nr < width} floats into a zero-padded sliver {@code width} wide. */
    private static void copyPartialSliver(int kc, int nr, int width, float[] b, int src, int ldb, float[] dst, int s) {
        for (int p = 0; p < kc; p++) {
            for (int v = 0; v < width; v += L) {
                FloatVector.fromArray(S, b, src + p * ldb + v, S.indexInRange(v, nr)).intoArray(dst, s + p * width + v);
            }
        }
    }

    /**
     * Packs an {@code mc × kc} block of a transposed A (column p of the block is
     * {@code a[src + p*lda .. + mc)}, contiguous) into MR-row tiles: one masked vector load per column
     * of a tile, stored whole; each store's spill past MR is overwritten by the next column, and the
     * last one lands in the buffer's slack. Rows past mc come out as zeros.
     */
    private static void packTransposedA(int mc, int kc, float[] a, int src, int lda, float[] dst) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int t = ir * kc;
            for (int p = 0; p < kc; p++) {
                int from = src + p * lda + ir;
                for (int r = 0; r < MR; r += L) {
                    FloatVector.fromArray(S, a, from + r, S.indexInRange(r, mr)).intoArray(dst, t + p * MR + r);
                }
            }
        }
    }

    /**
     * Packs an {@code mc × kc} block of a row-major A (row i at {@code a[src + i*lda ..]}) into
     * MR-row tiles, a column's MR elements adjacent; rows past mc are zeros.
     */
    private static void packA(int mc, int kc, float[] a, int src, int lda, float[] dst) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int t = ir * kc;
            for (int r = 0; r < MR; r++) {
                if (r < mr) {
                    int from = src + (ir + r) * lda;
                    for (int p = 0; p < kc; p++) {
                        dst[t + p * MR + r] = a[from + p];
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        dst[t + p * MR + r] = 0f;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ micro-kernels
    //
    // The main path's four kernels, written out by hand: 12 rows × {1, 2} vectors, with A read {row
    // by row in place, from a packed tile}; then variants for narrow and small products. Each keeps
    // its tile of C in registers (locals, never an array: an array of vectors would live in memory)
    // and adds it to C once at the end (the two-vector ones can store it instead, for beta = 0),
    // written out rather than in a helper, because a call that is not inlined would box every vector.
    /**
     * C[12 × 2L] += A · B with A's rows read in place ({@code a[ao + i*lda + p]}), B a packed sliver.
     * When A has fewer than 12 {@code rows} left, the missing rows repeat the last one: the caller
     * keeps only the valid rows of the result, and no row past A's end is read.
     */
    private static void kernel12x2Rows(int kc, float[] a, int ao, int lda, int rows, float[] b, int bo, float[] c, int co, int ldc, boolean store) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        FloatVector c80 = FloatVector.zero(S), c81 = FloatVector.zero(S);
        FloatVector c90 = FloatVector.zero(S), c91 = FloatVector.zero(S);
        FloatVector ca0 = FloatVector.zero(S), ca1 = FloatVector.zero(S);
        FloatVector cb0 = FloatVector.zero(S), cb1 = FloatVector.zero(S);
        int a0 = ao;
        int a1 = ao + Math.min(1, rows - 1) * lda;
        int a2 = ao + Math.min(2, rows - 1) * lda;
        int a3 = ao + Math.min(3, rows - 1) * lda;
        int a4 = ao + Math.min(4, rows - 1) * lda;
        int a5 = ao + Math.min(5, rows - 1) * lda;
        int a6 = ao + Math.min(6, rows - 1) * lda;
        int a7 = ao + Math.min(7, rows - 1) * lda;
        int a8 = ao + Math.min(8, rows - 1) * lda;
        int a9 = ao + Math.min(9, rows - 1) * lda;
        int aa = ao + Math.min(10, rows - 1) * lda;
        int ab = ao + Math.min(11, rows - 1) * lda;
        for (int p = 0; p < kc; p++) {
            int bp = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[a0 + p]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + p]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + p]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[a6 + p]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[a7 + p]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
            x = FloatVector.broadcast(S, a[a8 + p]); c80 = x.fma(b0, c80); c81 = x.fma(b1, c81);
            x = FloatVector.broadcast(S, a[a9 + p]); c90 = x.fma(b0, c90); c91 = x.fma(b1, c91);
            x = FloatVector.broadcast(S, a[aa + p]); ca0 = x.fma(b0, ca0); ca1 = x.fma(b1, ca1);
            x = FloatVector.broadcast(S, a[ab + p]); cb0 = x.fma(b0, cb0); cb1 = x.fma(b1, cb1);
        }
        // store: C is overwritten, as 0 + the sum (the bits of zeroing C, then adding)
        FloatVector zero = FloatVector.zero(S);
        int o = co;
        c00.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c01.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c10.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c11.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c20.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c21.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c30.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c31.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c40.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c41.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c50.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c51.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c60.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c61.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c70.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c71.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c80.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c81.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c90.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c91.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        ca0.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        ca1.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        cb0.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        cb1.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
    }

    /**
     * C[12 × 2L] += A · B with A a packed tile ({@code a[ao + p*MR + i]}) and B a packed sliver; with
     * {@code store}, C = A · B (its old contents neither read nor kept).
     */
    private static void kernel12x2Packed(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc, boolean store) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        FloatVector c80 = FloatVector.zero(S), c81 = FloatVector.zero(S);
        FloatVector c90 = FloatVector.zero(S), c91 = FloatVector.zero(S);
        FloatVector ca0 = FloatVector.zero(S), ca1 = FloatVector.zero(S);
        FloatVector cb0 = FloatVector.zero(S), cb1 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = bo + p * NR;
            int ap = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ap]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ap + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ap + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ap + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ap + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ap + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ap + 6]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ap + 7]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
            x = FloatVector.broadcast(S, a[ap + 8]); c80 = x.fma(b0, c80); c81 = x.fma(b1, c81);
            x = FloatVector.broadcast(S, a[ap + 9]); c90 = x.fma(b0, c90); c91 = x.fma(b1, c91);
            x = FloatVector.broadcast(S, a[ap + 10]); ca0 = x.fma(b0, ca0); ca1 = x.fma(b1, ca1);
            x = FloatVector.broadcast(S, a[ap + 11]); cb0 = x.fma(b0, cb0); cb1 = x.fma(b1, cb1);
        }
        // store: C is overwritten, as 0 + the sum (the bits of zeroing C, then adding)
        FloatVector zero = FloatVector.zero(S);
        int o = co;
        c00.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c01.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c10.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c11.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c20.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c21.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c30.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c31.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c40.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c41.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c50.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c51.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c60.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c61.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c70.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c71.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c80.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c81.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c90.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c91.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        ca0.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        ca1.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        cb0.add(store ? zero : FloatVector.fromArray(S, c, o)).intoArray(c, o);
        cb1.add(store ? zero : FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
    }

    /** C[12 × L] += A · B, one vector wide, A's rows read in place ({@code rows} as in kernel12x2Rows). */
    private static void kernel12x1Rows(int kc, float[] a, int ao, int lda, int rows, float[] b, int bo, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        FloatVector c80 = FloatVector.zero(S);
        FloatVector c90 = FloatVector.zero(S);
        FloatVector ca0 = FloatVector.zero(S);
        FloatVector cb0 = FloatVector.zero(S);
        int a0 = ao;
        int a1 = ao + Math.min(1, rows - 1) * lda;
        int a2 = ao + Math.min(2, rows - 1) * lda;
        int a3 = ao + Math.min(3, rows - 1) * lda;
        int a4 = ao + Math.min(4, rows - 1) * lda;
        int a5 = ao + Math.min(5, rows - 1) * lda;
        int a6 = ao + Math.min(6, rows - 1) * lda;
        int a7 = ao + Math.min(7, rows - 1) * lda;
        int a8 = ao + Math.min(8, rows - 1) * lda;
        int a9 = ao + Math.min(9, rows - 1) * lda;
        int aa = ao + Math.min(10, rows - 1) * lda;
        int ab = ao + Math.min(11, rows - 1) * lda;
        for (int p = 0; p < kc; p++) {
            int bp = bo + p * L;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector x;
            x = FloatVector.broadcast(S, a[a0 + p]); c00 = x.fma(b0, c00);
            x = FloatVector.broadcast(S, a[a1 + p]); c10 = x.fma(b0, c10);
            x = FloatVector.broadcast(S, a[a2 + p]); c20 = x.fma(b0, c20);
            x = FloatVector.broadcast(S, a[a3 + p]); c30 = x.fma(b0, c30);
            x = FloatVector.broadcast(S, a[a4 + p]); c40 = x.fma(b0, c40);
            x = FloatVector.broadcast(S, a[a5 + p]); c50 = x.fma(b0, c50);
            x = FloatVector.broadcast(S, a[a6 + p]); c60 = x.fma(b0, c60);
            x = FloatVector.broadcast(S, a[a7 + p]); c70 = x.fma(b0, c70);
            x = FloatVector.broadcast(S, a[a8 + p]); c80 = x.fma(b0, c80);
            x = FloatVector.broadcast(S, a[a9 + p]); c90 = x.fma(b0, c90);
            x = FloatVector.broadcast(S, a[aa + p]); ca0 = x.fma(b0, ca0);
            x = FloatVector.broadcast(S, a[ab + p]); cb0 = x.fma(b0, cb0);
        }
        int o = co;
        c00.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c10.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c20.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c30.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c40.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c50.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c60.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c70.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c80.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c90.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        ca0.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        cb0.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
    }

    /**
     * As kernel12x2Packed, with B's rows read in place ({@code b[bo + p*ldb + j]}), for
     * {@link Workspace#narrowTransposed}. A copy rather than a shared body: kernel12x2Packed's
     * constant stride is what lets C2 hoist its bounds checks, and a kernel this size is not inlined.
     */
    private static void kernel12x2PackedStridedB(int kc, float[] a, int ao, float[] b, int bo, int ldb, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        FloatVector c80 = FloatVector.zero(S), c81 = FloatVector.zero(S);
        FloatVector c90 = FloatVector.zero(S), c91 = FloatVector.zero(S);
        FloatVector ca0 = FloatVector.zero(S), ca1 = FloatVector.zero(S);
        FloatVector cb0 = FloatVector.zero(S), cb1 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = bo + p * ldb;
            int ap = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ap]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ap + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ap + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ap + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ap + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ap + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ap + 6]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ap + 7]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
            x = FloatVector.broadcast(S, a[ap + 8]); c80 = x.fma(b0, c80); c81 = x.fma(b1, c81);
            x = FloatVector.broadcast(S, a[ap + 9]); c90 = x.fma(b0, c90); c91 = x.fma(b1, c91);
            x = FloatVector.broadcast(S, a[ap + 10]); ca0 = x.fma(b0, ca0); ca1 = x.fma(b1, ca1);
            x = FloatVector.broadcast(S, a[ap + 11]); cb0 = x.fma(b0, cb0); cb1 = x.fma(b1, cb1);
        }
        int o = co;
        c00.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c01.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c10.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c11.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c20.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c21.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c30.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c31.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c40.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c41.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c50.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c51.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c60.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c61.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c70.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c71.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c80.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c81.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c90.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c91.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        ca0.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        ca1.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        cb0.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        cb1.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
    }

    /**
     * kernel12x2PackedStridedB for tiles of at most 10 rows (rows 10 and 11 of the packed tile are
     * not read): Hᵀ·dY for a classifier's 10 classes, where the 12-row kernel spends a sixth of its
     * multiply-adds on padding.
     */
    private static void kernel10x2PackedStridedB(int kc, float[] a, int ao, float[] b, int bo, int ldb, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        FloatVector c80 = FloatVector.zero(S), c81 = FloatVector.zero(S);
        FloatVector c90 = FloatVector.zero(S), c91 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = bo + p * ldb;
            int ap = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ap]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ap + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ap + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ap + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ap + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ap + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ap + 6]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ap + 7]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
            x = FloatVector.broadcast(S, a[ap + 8]); c80 = x.fma(b0, c80); c81 = x.fma(b1, c81);
            x = FloatVector.broadcast(S, a[ap + 9]); c90 = x.fma(b0, c90); c91 = x.fma(b1, c91);
        }
        int o = co;
        c00.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c01.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c10.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c11.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c20.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c21.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c30.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c31.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c40.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c41.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c50.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c51.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c60.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c61.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c70.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c71.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c80.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c81.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c90.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c91.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
    }

    /** C[12 × L] += A · B, one vector wide, A a packed tile. */
    private static void kernel12x1Packed(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        FloatVector c80 = FloatVector.zero(S);
        FloatVector c90 = FloatVector.zero(S);
        FloatVector ca0 = FloatVector.zero(S);
        FloatVector cb0 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = bo + p * L;
            int ap = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ap]); c00 = x.fma(b0, c00);
            x = FloatVector.broadcast(S, a[ap + 1]); c10 = x.fma(b0, c10);
            x = FloatVector.broadcast(S, a[ap + 2]); c20 = x.fma(b0, c20);
            x = FloatVector.broadcast(S, a[ap + 3]); c30 = x.fma(b0, c30);
            x = FloatVector.broadcast(S, a[ap + 4]); c40 = x.fma(b0, c40);
            x = FloatVector.broadcast(S, a[ap + 5]); c50 = x.fma(b0, c50);
            x = FloatVector.broadcast(S, a[ap + 6]); c60 = x.fma(b0, c60);
            x = FloatVector.broadcast(S, a[ap + 7]); c70 = x.fma(b0, c70);
            x = FloatVector.broadcast(S, a[ap + 8]); c80 = x.fma(b0, c80);
            x = FloatVector.broadcast(S, a[ap + 9]); c90 = x.fma(b0, c90);
            x = FloatVector.broadcast(S, a[ap + 10]); ca0 = x.fma(b0, ca0);
            x = FloatVector.broadcast(S, a[ap + 11]); cb0 = x.fma(b0, cb0);
        }
        int o = co;
        c00.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c10.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c20.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c30.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c40.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c50.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c60.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c70.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c80.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c90.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        ca0.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        cb0.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
    }

    // ------------------------------------------------------------------ small-product path kernels

    /**
     * An 8-row tile of a product narrower than one vector: {@code t[i*L + j] += Σ_p A[i][p]·B[p][j]}
     * over this k block, for 16 columns as two 256-bit halves ({@code b[p*L + j]}, a packed
     * sliver). A's rows are read in place ({@code a[ao + i*lda + p]}); when fewer than 8
     * {@code rows} remain, the missing rows repeat the last one, as in kernel12x2Rows. The tile is
     * added to {@code t}, which the caller keeps zeroed: measured here, storing it plainly made the
     * whole kernel 15% slower (C2 schedules the loop differently), and the add costs nothing.
     */
    private static void kernel8x2Halves(int kc, float[] a, int ao, int lda, int rows, float[] b, float[] t) {
        final int h = 8;
        FloatVector c00 = FloatVector.zero(HALF), c01 = FloatVector.zero(HALF);
        FloatVector c10 = FloatVector.zero(HALF), c11 = FloatVector.zero(HALF);
        FloatVector c20 = FloatVector.zero(HALF), c21 = FloatVector.zero(HALF);
        FloatVector c30 = FloatVector.zero(HALF), c31 = FloatVector.zero(HALF);
        FloatVector c40 = FloatVector.zero(HALF), c41 = FloatVector.zero(HALF);
        FloatVector c50 = FloatVector.zero(HALF), c51 = FloatVector.zero(HALF);
        FloatVector c60 = FloatVector.zero(HALF), c61 = FloatVector.zero(HALF);
        FloatVector c70 = FloatVector.zero(HALF), c71 = FloatVector.zero(HALF);
        int a0 = ao;
        int a1 = ao + Math.min(1, rows - 1) * lda;
        int a2 = ao + Math.min(2, rows - 1) * lda;
        int a3 = ao + Math.min(3, rows - 1) * lda;
        int a4 = ao + Math.min(4, rows - 1) * lda;
        int a5 = ao + Math.min(5, rows - 1) * lda;
        int a6 = ao + Math.min(6, rows - 1) * lda;
        int a7 = ao + Math.min(7, rows - 1) * lda;
        for (int p = 0; p < kc; p++) {
            int bp = p * L;
            FloatVector b0 = FloatVector.fromArray(HALF, b, bp);
            FloatVector b1 = FloatVector.fromArray(HALF, b, bp + h);
            FloatVector x;
            x = FloatVector.broadcast(HALF, a[a0 + p]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(HALF, a[a1 + p]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(HALF, a[a2 + p]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(HALF, a[a3 + p]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(HALF, a[a4 + p]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(HALF, a[a5 + p]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(HALF, a[a6 + p]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(HALF, a[a7 + p]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
        }
        c00.add(FloatVector.fromArray(HALF, t, 0)).intoArray(t, 0);
        c01.add(FloatVector.fromArray(HALF, t, h)).intoArray(t, h);
        c10.add(FloatVector.fromArray(HALF, t, L)).intoArray(t, L);
        c11.add(FloatVector.fromArray(HALF, t, L + h)).intoArray(t, L + h);
        c20.add(FloatVector.fromArray(HALF, t, 2 * L)).intoArray(t, 2 * L);
        c21.add(FloatVector.fromArray(HALF, t, 2 * L + h)).intoArray(t, 2 * L + h);
        c30.add(FloatVector.fromArray(HALF, t, 3 * L)).intoArray(t, 3 * L);
        c31.add(FloatVector.fromArray(HALF, t, 3 * L + h)).intoArray(t, 3 * L + h);
        c40.add(FloatVector.fromArray(HALF, t, 4 * L)).intoArray(t, 4 * L);
        c41.add(FloatVector.fromArray(HALF, t, 4 * L + h)).intoArray(t, 4 * L + h);
        c50.add(FloatVector.fromArray(HALF, t, 5 * L)).intoArray(t, 5 * L);
        c51.add(FloatVector.fromArray(HALF, t, 5 * L + h)).intoArray(t, 5 * L + h);
        c60.add(FloatVector.fromArray(HALF, t, 6 * L)).intoArray(t, 6 * L);
        c61.add(FloatVector.fromArray(HALF, t, 6 * L + h)).intoArray(t, 6 * L + h);
        c70.add(FloatVector.fromArray(HALF, t, 7 * L)).intoArray(t, 7 * L);
        c71.add(FloatVector.fromArray(HALF, t, 7 * L + h)).intoArray(t, 7 * L + h);
    }

    /** Lanes {0, 1} repeated: {@code [x0 x1 x0 x1 x0 x1 x0 x1]}. */
    private static final VectorShuffle<Float> PAIR = VectorShuffle.fromValues(HALF, 0, 1, 0, 1, 0, 1, 0, 1);
    /** Blend masks that assemble {@code [a0 a0 a1 a1 a2 a2 a3 a3]} from four broadcasts. */
    private static final VectorMask<Float> LANES_23 = VectorMask.fromLong(HALF, 0b0000_1100L);
    private static final VectorMask<Float> LANES_67 = VectorMask.fromLong(HALF, 0b1100_0000L);
    private static final VectorMask<Float> LANES_4567 = VectorMask.fromLong(HALF, 0b1111_0000L);

    /**
     * Rewrites the second half of each packed row of B (columns 8 and 9, then zeros) as that pair
     * four times, {@code [b8 b9 b8 b9 b8 b9 b8 b9]}, for {@link #kernel8x1HalfAndPairs}.
     */
    private static void repeatLastPair(int kc, float[] packed) {
        int h = HALF.length();
        for (int p = 0; p < kc; p++) {
            int at = p * L + h;
            FloatVector.fromArray(HALF, packed, at).rearrange(PAIR).intoArray(packed, at);
        }
    }

    /**
     * An 8-row tile of a product 9 or 10 columns wide (a classifier's logits), in 10 multiply-adds
     * of 256-bit vectors per k where one-vector-wide tiles take 16: columns 0-7 of each row are
     * one half vector, and columns 8-9 of four rows share another, {@code [r0c8 r0c9 r1c8 r1c9 ...
     * r3c9]}, multiplied by B's pair repeated ({@link #repeatLastPair}) and A's four values each
     * repeated twice, blended from the broadcasts the first part already made. Each element is
     * still one fused multiply-add per k, in order, from zero: the same bits as every other path.
     * Measured here: 8.3 µs for the 32 tiles of [256×128]·[128×10], against 9.6 µs with
     * {@link #kernel8x2Halves} and 13 µs with one 512-bit vector per row.
     *
     * <p>Adds to {@code t}: rows' first halves at {@code t[8i]}, the two pair vectors at
     * {@code t[64]} and {@code t[72]}; missing rows repeat the last, as in kernel8x2Halves.
     */
    private static void kernel8x1HalfAndPairs(int kc, float[] a, int ao, int lda, int rows, float[] b, float[] t) {
        final int h = 8;
        FloatVector c0 = FloatVector.zero(HALF), c1 = FloatVector.zero(HALF);
        FloatVector c2 = FloatVector.zero(HALF), c3 = FloatVector.zero(HALF);
        FloatVector c4 = FloatVector.zero(HALF), c5 = FloatVector.zero(HALF);
        FloatVector c6 = FloatVector.zero(HALF), c7 = FloatVector.zero(HALF);
        FloatVector pairs0 = FloatVector.zero(HALF), pairs1 = FloatVector.zero(HALF);
        int a0 = ao;
        int a1 = ao + Math.min(1, rows - 1) * lda;
        int a2 = ao + Math.min(2, rows - 1) * lda;
        int a3 = ao + Math.min(3, rows - 1) * lda;
        int a4 = ao + Math.min(4, rows - 1) * lda;
        int a5 = ao + Math.min(5, rows - 1) * lda;
        int a6 = ao + Math.min(6, rows - 1) * lda;
        int a7 = ao + Math.min(7, rows - 1) * lda;
        for (int p = 0; p < kc; p++) {
            int bp = p * L;
            FloatVector b0 = FloatVector.fromArray(HALF, b, bp);
            FloatVector bPair = FloatVector.fromArray(HALF, b, bp + h);
            FloatVector x0 = FloatVector.broadcast(HALF, a[a0 + p]);
            FloatVector x1 = FloatVector.broadcast(HALF, a[a1 + p]);
            FloatVector x2 = FloatVector.broadcast(HALF, a[a2 + p]);
            FloatVector x3 = FloatVector.broadcast(HALF, a[a3 + p]);
            c0 = x0.fma(b0, c0);
            c1 = x1.fma(b0, c1);
            c2 = x2.fma(b0, c2);
            c3 = x3.fma(b0, c3);
            pairs0 = x0.blend(x1, LANES_23).blend(x2.blend(x3, LANES_67), LANES_4567).fma(bPair, pairs0);
            FloatVector x4 = FloatVector.broadcast(HALF, a[a4 + p]);
            FloatVector x5 = FloatVector.broadcast(HALF, a[a5 + p]);
            FloatVector x6 = FloatVector.broadcast(HALF, a[a6 + p]);
            FloatVector x7 = FloatVector.broadcast(HALF, a[a7 + p]);
            c4 = x4.fma(b0, c4);
            c5 = x5.fma(b0, c5);
            c6 = x6.fma(b0, c6);
            c7 = x7.fma(b0, c7);
            pairs1 = x4.blend(x5, LANES_23).blend(x6.blend(x7, LANES_67), LANES_4567).fma(bPair, pairs1);
        }
        c0.add(FloatVector.fromArray(HALF, t, 0)).intoArray(t, 0);
        c1.add(FloatVector.fromArray(HALF, t, h)).intoArray(t, h);
        c2.add(FloatVector.fromArray(HALF, t, 2 * h)).intoArray(t, 2 * h);
        c3.add(FloatVector.fromArray(HALF, t, 3 * h)).intoArray(t, 3 * h);
        c4.add(FloatVector.fromArray(HALF, t, 4 * h)).intoArray(t, 4 * h);
        c5.add(FloatVector.fromArray(HALF, t, 5 * h)).intoArray(t, 5 * h);
        c6.add(FloatVector.fromArray(HALF, t, 6 * h)).intoArray(t, 6 * h);
        c7.add(FloatVector.fromArray(HALF, t, 7 * h)).intoArray(t, 7 * h);
        pairs0.add(FloatVector.fromArray(HALF, t, 8 * h)).intoArray(t, 8 * h);
        pairs1.add(FloatVector.fromArray(HALF, t, 9 * h)).intoArray(t, 9 * h);
    }

    /**
     * Copies a {@code kc × nr} sliver of row-major B into {@code dst} as {@code kc × NR}, zero-padded.
     * Masked vector loads (which read zeros past nr) rather than arraycopy: for a sliver ten columns
     * wide, arraycopy's per-call cost was most of a small product's time.
     */
    private static void copyEdgeB(int kc, int nr, float[] b, int src, int ldb, float[] dst) {
        VectorMask<Float> m0 = S.indexInRange(0, nr);
        VectorMask<Float> m1 = S.indexInRange(L, nr);
        for (int p = 0; p < kc; p++) {
            int from = src + p * ldb;
            FloatVector.fromArray(S, b, from, m0).intoArray(dst, p * NR);
            FloatVector.fromArray(S, b, from + L, m1).intoArray(dst, p * NR + L);
        }
    }

    /** Runs the strided 8-row micro-kernel that is {@code vectors} (1 or 2) vectors wide. */
    private static void kernel(int vectors, int kc, float[] a, int ao, int ars, int acs,
                               float[] b, int bo, int bs, float[] c, int co, int ldc) {
        switch (vectors) {
            case 2 -> kernel8x2(kc, a, ao, ars, acs, b, bo, bs, c, co, ldc);
            default -> kernel8x1(kc, a, ao, ars, acs, b, bo, bs, c, co, ldc);
        }
    }

    /** An 8 × 2-vector tile, for slivers two vectors wide. */
    private static void kernel8x2(int kc, float[] a, int ao, int ars, int acs,
                                  float[] b, int bo, int bs, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = bo + p * bs;
            int ap = ao + p * acs;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ap]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ap + ars]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ap + 2 * ars]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ap + 3 * ars]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ap + 4 * ars]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ap + 5 * ars]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ap + 6 * ars]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ap + 7 * ars]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
        }
        int o = co;
        c00.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c01.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c10.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c11.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c20.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c21.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c30.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c31.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c40.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c41.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c50.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c51.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c60.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c61.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c70.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c71.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
    }

    /** An 8 × 1-vector tile, for slivers one vector wide (e.g. the 10 logits of a classifier, padded). */
    private static void kernel8x1(int kc, float[] a, int ao, int ars, int acs,
                                  float[] b, int bo, int bs, float[] c, int co, int ldc) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S);
        FloatVector c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ap = ao + p * acs;
            FloatVector b0 = FloatVector.fromArray(S, b, bo + p * bs);
            c0 = FloatVector.broadcast(S, a[ap]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[ap + ars]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[ap + 2 * ars]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[ap + 3 * ars]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[ap + 4 * ars]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[ap + 5 * ars]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, a[ap + 6 * ars]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, a[ap + 7 * ars]).fma(b0, c7);
        }
        int o = co;
        c0.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c1.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c2.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c3.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c4.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c5.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c6.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c7.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
    }

    /**
     * An 8 × 1-vector tile with A's rows contiguous ({@code a[ao + i*lda + p]}) and B a padded
     * sliver ({@code b[bo + p*NR + j]}): every index moves by a constant step, so the JIT checks
     * array bounds once per loop instead of once per load.
     */
    private static void kernel8x1Rows(int kc, float[] a, int ao, int lda, float[] b, int bo, float[] c, int co, int ldc) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S);
        FloatVector c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
        int a0 = ao, a1 = ao + lda, a2 = ao + 2 * lda, a3 = ao + 3 * lda;
        int a4 = ao + 4 * lda, a5 = ao + 5 * lda, a6 = ao + 6 * lda, a7 = ao + 7 * lda;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo + p * NR);
            c0 = FloatVector.broadcast(S, a[a0 + p]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + p]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + p]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + p]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[a4 + p]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[a5 + p]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, a[a6 + p]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, a[a7 + p]).fma(b0, c7);
        }
        int o = co;
        c0.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c1.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c2.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c3.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c4.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c5.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c6.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c7.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
    }

    /** An 8 × 1-vector tile over a packed tile of A ({@code a[ao + p*MR + i]}) and a padded sliver of B. */
    private static void kernel8x1Packed(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S);
        FloatVector c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo + p * NR);
            c0 = FloatVector.broadcast(S, a[ao + p * SMALL_MR]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[ao + p * SMALL_MR + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[ao + p * SMALL_MR + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[ao + p * SMALL_MR + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[ao + p * SMALL_MR + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[ao + p * SMALL_MR + 5]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, a[ao + p * SMALL_MR + 6]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, a[ao + p * SMALL_MR + 7]).fma(b0, c7);
        }
        int o = co;
        c0.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c1.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c2.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c3.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c4.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c5.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c6.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        o += ldc;
        c7.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
    }
}
