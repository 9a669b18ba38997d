package dev.brisk.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD single-precision matrix multiply, {@code C = op(A) · op(B) + beta · C}, as specified by
 * {@link KernelProvider#sgemm}.
 *
 * <h2>How it is fast</h2>
 * The work is done by <em>micro-kernels</em> that keep a tile of C in vector registers for a whole
 * run over k and touch C only once at the end. Big products use a 12 × 2-vector tile (12 × 32 floats
 * with AVX-512: 24 of the 32 registers) over packed panels: per step of k, 2 loads of B, 12
 * broadcasts of A and 24 fused multiply-adds, enough independent accumulators to keep both FMA
 * pipes busy. Small products (a dense layer's at batch 32) read A and B in place through strides
 * with 8-row tiles one or two vectors wide, because packing would cost more than it saves.
 * Everything else is about feeding them:
 * <ul>
 *   <li><b>Cache blocking.</b> k is cut into blocks of {@code KC} and m into blocks of {@code MC}, so
 *       that the slice of B the kernel streams ({@code KC × NR}) stays in L1 while it sweeps down the
 *       rows of A, and the block of A ({@code MC × KC}) stays in L2 while it sweeps across B.</li>
 *   <li><b>Packing where it pays.</b> Large operands are packed into contiguous panels, so the
 *       kernel's streams are sequential, do not alias in the cache, and have constant strides the
 *       JIT can check once per loop instead of once per load. A transposed B is always packed
 *       (that is the transpose, done once per block, never materialized whole).</li>
 *   <li><b>Edges.</b> A tile that sticks out of C runs the same kernel on zero-padded copies and
 *       adds its valid part to C with masked stores, in a small method of its own. Masked loads in
 *       the inner loop proved slower than the copies, and kernels with masks inside exhausted the
 *       JIT's C1 tier, which left them interpreted until C2 caught up, tens of seconds later.</li>
 *   <li><b>Threads.</b> Big products are split over columns (or rows) into as many parts as
 *       {@link Parallel#threads()}; each element of C is computed by one thread in the same order
 *       whatever the split, so results are bit-identical for any thread count.</li>
 * </ul>
 * Nothing here allocates per call: packing buffers live in per-thread workspaces, and parallel
 * calls reuse a per-thread job object.
 */
final class VectorSgemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector: 16 with AVX-512, 8 with AVX2. */
    private static final int L = S.length();
    /** Rows of the C tile of the kernels that read A and B in place, through strides. */
    static final int MR = 8;
    /** Rows of the C tile of the kernel that reads packed panels. */
    static final int MRP = 12;
    /** Columns of every C tile: two vectors. */
    static final int NR = 2 * L;
    /** Products at least this big (2·m·n·k) pack both operands and run the packed kernel. */
    static final long PACK_FLOPS = 1L << 22;
    /** Block of k: one B sliver of KC × NR floats (32 KiB with AVX-512) stays in L1. */
    static final int KC = 256;
    /** Block of m, a multiple of MRP: MC × KC floats of A (120 KiB) stay in L2. */
    static final int MC = 120;
    /** Below this many flops (≈ 10 µs of one core) a product runs on the calling thread alone. */
    static final long PARALLEL_FLOPS = 2_000_000L;

    private VectorSgemm() {
    }

    static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || beta != 1f) {
            scaleC(m, n, beta, c, cOff, ldc);
            beta = 1f;
            if (k == 0) {
                return;
            }
        }
        int threads = Parallel.threads();
        long flops = 2L * m * n * k;
        if (threads > 1 && flops >= PARALLEL_FLOPS) {
            Job job = JOB.get();
            job.set(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
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
        WORKSPACE.get().gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    }

    /** C = beta · C; with beta == 0 the old contents (even NaN) are overwritten with zeros. */
    private static void scaleC(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row, row + n, 0f);
            } else {
                int j = 0;
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
        boolean transA, transB, splitColumns;
        int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
        float[] a, b, c;

        void set(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                 float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
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

        /** Chooses how to split: across columns when there are enough NR-wide slivers, else rows. */
        int plan(int threads) {
            int slivers = (n + NR - 1) / NR;
            int rowTiles = (m + MR - 1) / MR;
            if (slivers >= threads && slivers >= rowTiles / 4) {
                splitColumns = true;
                return Math.min(threads, slivers);
            }
            splitColumns = false;
            return Math.min(threads, rowTiles);
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
                    ws.gemm(transA, transB, m, to - from, k, a, aOff, lda, b, bOff + bShift, ldb, c, cOff + from, ldc);
                }
            } else {
                int tiles = (m + MR - 1) / MR;
                int from = Math.min(m, (int) ((long) tiles * part / parts) * MR);
                int to = Math.min(m, (int) ((long) tiles * (part + 1) / parts) * MR);
                if (to > from) {
                    int aShift = transA ? from : from * lda;
                    ws.gemm(transA, transB, to - from, n, k, a, aOff + aShift, lda, b, bOff, ldb, c, cOff + from * ldc, ldc);
                }
            }
        }
    }

    // ------------------------------------------------------------------ blocking and packing

    /** Per-thread packing buffers, grown on demand and then reused. */
    private static final class Workspace {
        float[] packA = new float[(MC + MRP) * KC];
        float[] packB = new float[KC * NR];
        /** A zero-padded copy of one partial sliver of B (fewer than NR columns, not a whole vector). */
        final float[] edgeB = new float[KC * NR];
        /** A zero-padded copy of the last, partial row tile of A (fewer than MR rows). */
        final float[] edgeA = new float[KC * MR];
        /** A whole MR × NR tile, for tiles that stick out of C: the kernel writes here, the valid part is added to C. */
        final float[] edgeC = new float[MR * NR];

        /** C += op(A) · op(B) for one thread's share. */
        void gemm(boolean transA, boolean transB, int m, int n, int k,
                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                  float[] c, int cOff, int ldc) {
            // Big products pack both operands, so the fastest kernel can run on them and the copies
            // are amortized; small ones read in place. B is packed whenever it is transposed: the
            // kernels need its rows contiguous.
            // Measured here: an MLP's products (n = 128, or k = 32) run faster in place; packing wins
            // from 256 columns on, and for a transposed A with a long k (the weight gradient).
            boolean packingA = 2L * m * n * k >= PACK_FLOPS && m >= 64 && n >= 64 && k >= 128
                    && (n >= 256 || transA);
            boolean packingB = packingA || transB;
            int rowTile = packingA ? MRP : MR;
            int nPadded = (n + NR - 1) / NR * NR;
            if (packingB && packB.length < KC * nPadded) {
                packB = new float[KC * nPadded];
            }
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                if (packingB) {
                    packB(transB, kc, n, b, bOff, ldb, pc, packB);
                }
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    // Element (i, p) of this block of A is aSrc[aBase + i*aRow + p*aStep] within a row tile.
                    float[] aSrc;
                    int aBase, aRow, aStep;
                    if (packingA) {
                        packA(transA, mc, kc, a, aOff, lda, ic, pc, packAFor(mc, kc));
                        aSrc = packA;
                        aBase = 0;
                        aRow = 1;
                        aStep = MRP;
                    } else {
                        aSrc = a;
                        aBase = transA ? aOff + pc * lda + ic : aOff + ic * lda + pc;
                        aRow = transA ? 1 : lda;
                        aStep = transA ? lda : 1;
                    }
                    for (int jr = 0; jr < n; jr += NR) {
                        int nr = Math.min(NR, n - jr);
                        // Element (p, j) of this sliver of B is bSrc[bs + p*bStep + j].
                        float[] bSrc;
                        int bs, bStep;
                        if (packingB) {
                            bSrc = packB;
                            bs = (jr / NR) * kc * NR;
                            bStep = NR;
                        } else if (nr % L != 0) {
                            // A partial vector of columns: copy the sliver, zero-padded, so the kernels
                            // need no masked loads (masked loads in the inner loop cost more than this copy).
                            copyEdgeB(kc, nr, b, bOff + pc * ldb + jr, ldb, edgeB);
                            bSrc = edgeB;
                            bs = 0;
                            bStep = NR;
                        } else {
                            bSrc = b;
                            bs = bOff + pc * ldb + jr;
                            bStep = ldb;
                        }
                        for (int ir = 0; ir < mc; ir += rowTile) {
                            int mr = Math.min(rowTile, mc - ir);
                            int as = packingA ? ir * kc : aBase + ir * aRow;
                            int co = cOff + (ic + ir) * ldc + jr;
                            if (packingA && mr == MRP && nr == NR) {
                                kernel12x2Packed(kc, aSrc, as, bSrc, bs, c, co, ldc);
                                continue;
                            }
                            // Strided 8-row kernels for what is left: everything on the small path,
                            // the last rows or columns of a packed product.
                            for (int r = 0; r < mr; r += MR) {
                                int rows = Math.min(MR, mr - r);
                                int ar = as + r * aRow;
                                if (rows == MR && nr % L == 0) {
                                    kernel(nr / L, kc, aSrc, ar, aRow, aStep, bSrc, bs, bStep, c, co + r * ldc, ldc);
                                } else {
                                    edgeTile(rows, nr, kc, aSrc, ar, aRow, aStep, bSrc, bs, bStep, c, co + r * ldc, ldc);
                                }
                            }
                        }
                    }
                }
            }
        }

        /**
         * A tile that sticks out of C (fewer than MR rows, or columns that end inside a vector): the
         * kernel runs on a full tile, zero-padded where needed, into {@link #edgeC}, and only the valid
         * part is added to C. B's sliver is already zero-padded to whole vectors by the caller.
         */
        private void edgeTile(int mr, int nr, int kc, float[] a, int ao, int ars, int acs,
                              float[] b, int bo, int bs, float[] c, int co, int ldc) {
            if (mr < MR) {
                for (int p = 0; p < kc; p++) {
                    int d = p * MR;
                    for (int i = 0; i < mr; i++) {
                        edgeA[d + i] = a[ao + i * ars + p * acs];
                    }
                    for (int i = mr; i < MR; i++) {
                        edgeA[d + i] = 0f;
                    }
                }
                a = edgeA;
                ao = 0;
                ars = 1;
                acs = MR;
            }
            int vectors = (nr + L - 1) / L;
            java.util.Arrays.fill(edgeC, 0, MR * NR, 0f);
            kernel(vectors, kc, a, ao, ars, acs, b, bo, bs, edgeC, 0, NR);
            addValidPart(mr, nr, edgeC, c, co, ldc);
        }

        /**
         * C[0..mr, 0..nr) += tile[0..mr, 0..nr) with masked vector rows. Kept apart from the kernels:
         * masked operations inside a large kernel exhaust the C1 compiler, and a method C1 gives up
         * on runs interpreted until C2 gets to it (measured: tens of seconds).
         */
        private static void addValidPart(int mr, int nr, float[] tile, float[] c, int co, int ldc) {
            for (int i = 0; i < mr; i++) {
                for (int j = 0; j < nr; j += L) {
                    VectorMask<Float> m = S.indexInRange(j, nr);
                    int o = co + i * ldc + j;
                    FloatVector.fromArray(S, tile, i * NR + j).add(FloatVector.fromArray(S, c, o, m)).intoArray(c, o, m);
                }
            }
        }

        private float[] packAFor(int mc, int kc) {
            int need = (mc + MRP - 1) / MRP * MRP * kc;
            if (packA.length < need) {
                packA = new float[need];
            }
            return packA;
        }
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

    /**
     * Packs the {@code kc × n} block of op(B) starting at row pc into NR-wide slivers, each
     * {@code kc × NR} and contiguous; columns past n are zero.
     */
    private static void packB(boolean transB, int kc, int n, float[] b, int bOff, int ldb, int pc, float[] dst) {
        for (int jr = 0, s = 0; jr < n; jr += NR, s += kc * NR) {
            int nr = Math.min(NR, n - jr);
            if (!transB) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + jr;
                    int d = s + p * NR;
                    System.arraycopy(b, src, dst, d, nr);
                    if (nr < NR) {
                        java.util.Arrays.fill(dst, d + nr, d + NR, 0f);
                    }
                }
            } else {
                // op(B)[p][j] = b[j*ldb + p]: read each stored row once, scatter into the sliver.
                for (int jj = 0; jj < nr; jj++) {
                    int src = bOff + (jr + jj) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        dst[s + p * NR + jj] = b[src + p];
                    }
                }
                if (nr < NR) {
                    for (int p = 0; p < kc; p++) {
                    java.util.Arrays.fill(dst, s + p * NR + nr, s + (p + 1) * NR, 0f);
                    }
                }
            }
        }
    }

    /**
     * Packs the {@code mc × kc} block of op(A) at (ic, pc) into MRP-row tiles; within a tile the MRP
     * elements of one column are adjacent, which is the order the kernel broadcasts them in.
     * Rows past mc are zero.
     */
    private static void packA(boolean transA, int mc, int kc, float[] a, int aOff, int lda, int ic, int pc, float[] dst) {
        for (int ir = 0; ir < mc; ir += MRP) {
            int mr = Math.min(MRP, mc - ir);
            int t = ir * kc;
            if (transA) {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + ic + ir;
                    System.arraycopy(a, src, dst, t + p * MRP, mr);
                    if (mr < MRP) {
                        java.util.Arrays.fill(dst, t + p * MRP + mr, t + (p + 1) * MRP, 0f);
                    }
                }
            } else {
                for (int r = 0; r < mr; r++) {
                    int src = aOff + (ic + ir + r) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        dst[t + p * MRP + r] = a[src + p];
                    }
                }
                for (int r = mr; r < MRP; r++) {
                    for (int p = 0; p < kc; p++) {
                        dst[t + p * MRP + r] = 0f;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ micro-kernels

    /**
     * The main micro-kernel: a 12 × 2-vector tile of C (24 accumulators, 12 × 32 floats with AVX-512)
     * held in registers for the whole run over k, reading packed panels: A as 12-row tiles with the 12
     * elements of a column adjacent, B as NR-wide slivers. Per step of k: 2 loads of B, 12 broadcasts
     * of A, 24 FMAs. The strides are compile-time constants, which lets the JIT hoist the array bounds
     * checks out of the loop: measured here, that alone is worth about 30% over the strided kernels.
     */
    private static void kernel12x2Packed(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc) {
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
            int ap = ao + p * MRP;
            int bp = bo + p * NR;
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
        // Written out rather than in a helper: a call that is not inlined would box every vector.
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
}
