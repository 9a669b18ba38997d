package dev.brisk.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD single-precision matrix multiply, {@code C = op(A) · op(B) + beta · C}, as specified by
 * {@link KernelProvider#sgemm}.
 *
 * <h2>How it is fast</h2>
 * The work is done by a <em>micro-kernel</em> that keeps an {@code MR × NR} tile of C (8 rows × three
 * vectors: 8 × 48 floats with AVX-512) in 24 of the 32 vector registers for a whole run over k. Each
 * step of k loads three vectors of a row of B, broadcasts 8 elements of a column of A, and issues 24
 * fused multiply-adds: 24 FMAs for 11 loads, enough independent accumulators to cover the FMA latency on
 * both FMA pipes. Everything else is about feeding it:
 * <ul>
 *   <li><b>Cache blocking.</b> k is cut into blocks of {@code KC} and m into blocks of {@code MC}, so
 *       that the slice of B the kernel streams ({@code KC × NR}) stays in L1 while it sweeps down the
 *       rows of A, and the block of A ({@code MC × KC}) stays in L2 while it sweeps across B.</li>
 *   <li><b>Packing where it pays.</b> The kernel reads A and B through strides, so operands that are
 *       already friendly (small, or B row-major with a short row) are used in place. A transposed B
 *       is packed (that is the transpose, done once per block, never materialized whole); large
 *       operands are packed into contiguous panels so the kernel's streams are sequential and do
 *       not alias in the cache.</li>
 *   <li><b>Edges</b> are handled with masked vector loads and stores, never by padding C.</li>
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
    /** Rows of the micro-kernel's C tile. */
    static final int MR = 8;
    /** Columns of the micro-kernel's C tile: three vectors. */
    static final int NR = 3 * L;
    /** Block of k: one B sliver of KC × NR floats (48 KiB with AVX-512) streams through L1/L2. */
    static final int KC = 256;
    /** Block of m: MC × KC floats of A (128 KiB) stay in L2. */
    static final int MC = 128;
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
        float[] packA = new float[MC * KC];
        float[] packB = new float[0];

        /** C += op(A) · op(B) for one thread's share. */
        void gemm(boolean transA, boolean transB, int m, int n, int k,
                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                  float[] c, int cOff, int ldc) {
            // Pack B when the kernel could not stream it in place (transposed) or when it is big
            // enough that contiguous slivers beat strided rows and the packing is amortized over m.
            boolean packingB = transB || (m > 4 * MR && (long) n * k > 64 * 1024);
            // Pack A when each row block is reused across many B slivers.
            boolean packingA = n > 4 * NR && (long) m * k > 64 * 1024;
            int nPadded = (n + NR - 1) / NR * NR;
            if (packingB && packB.length < KC * nPadded) {
                this.packB = new float[KC * nPadded];
            }
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float[] bSrc;
                int bBase, bStep; // element (p, j) of the B block is bSrc[bBase + (j/NR)*sliver + p*bStep + j%NR]
                int sliver;
                if (packingB) {
                    packB(transB, kc, n, b, bOff, ldb, pc, this.packB);
                    bSrc = this.packB;
                    bBase = 0;
                    bStep = NR;
                    sliver = kc * NR;
                } else {
                    bSrc = b;
                    bBase = bOff + pc * ldb;
                    bStep = ldb;
                    sliver = NR; // the next sliver starts NR columns to the right
                }
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    float[] aSrc;
                    int aBase, aRow, aStep; // element (i, p) of the A block is aSrc[aBase + i*aRow + p*aStep], by tiles
                    if (packingA) {
                        packA(transA, mc, kc, a, aOff, lda, ic, pc, packAFor(mc, kc));
                        aSrc = this.packA;
                        aBase = 0;
                        aRow = 1;
                        aStep = MR;
                    } else {
                        aSrc = a;
                        aBase = transA ? aOff + pc * lda + ic : aOff + ic * lda + pc;
                        aRow = transA ? 1 : lda;
                        aStep = transA ? lda : 1;
                    }
                    for (int jr = 0; jr < n; jr += NR) {
                        int nr = Math.min(NR, n - jr);
                        int bs = bBase + (jr / NR) * sliver;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            // In a packed A panel tile t starts at t*MR*kc with rows interleaved.
                            int as = packingA ? ir * kc : aBase + ir * aRow;
                            int asRow = packingA ? 1 : aRow;
                            int co = cOff + (ic + ir) * ldc + jr;
                            tile(mr, nr, kc, aSrc, as, asRow, aStep, bSrc, bs, bStep, c, co, ldc);
                        }
                    }
                }
            }
        }

        private float[] packAFor(int mc, int kc) {
            int need = (mc + MR - 1) / MR * MR * kc;
            if (packA.length < need) {
                packA = new float[need];
            }
            return packA;
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
     * Packs the {@code mc × kc} block of op(A) at (ic, pc) into MR-row tiles; within a tile the MR
     * elements of one column are adjacent, which is the order the kernel broadcasts them in.
     * Rows past mc are zero.
     */
    private static void packA(boolean transA, int mc, int kc, float[] a, int aOff, int lda, int ic, int pc, float[] dst) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int t = ir * kc;
            if (transA) {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + ic + ir;
                    System.arraycopy(a, src, dst, t + p * MR, mr);
                    if (mr < MR) {
                        java.util.Arrays.fill(dst, t + p * MR + mr, t + (p + 1) * MR, 0f);
                    }
                }
            } else {
                for (int r = 0; r < mr; r++) {
                    int src = aOff + (ic + ir + r) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        dst[t + p * MR + r] = a[src + p];
                    }
                }
                for (int r = mr; r < MR; r++) {
                    for (int p = 0; p < kc; p++) {
                        dst[t + p * MR + r] = 0f;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ micro-kernels

    /**
     * C[mr × nr] += A[mr × kc] · B[kc × nr], where A(i, p) = a[ao + i*ars + p*acs] and
     * B(p, j) = b[bo + p*bs + j]. Dispatches to the widest kernel that fits.
     */
    private static void tile(int mr, int nr, int kc, float[] a, int ao, int ars, int acs,
                             float[] b, int bo, int bs, float[] c, int co, int ldc) {
        if (mr == MR) {
            if (nr == NR) {
                kernel8x3(kc, a, ao, ars, acs, b, bo, bs, c, co, ldc);
            } else if (nr > 2 * L) {
                kernel8x2(kc, a, ao, ars, acs, b, bo, bs, c, co, ldc);
                kernel8x1Masked(kc, a, ao, ars, acs, b, bo + 2 * L, bs, c, co + 2 * L, ldc, S.indexInRange(2 * L, nr));
            } else if (nr == 2 * L) {
                kernel8x2(kc, a, ao, ars, acs, b, bo, bs, c, co, ldc);
            } else if (nr > L) {
                kernel8x2Masked(kc, a, ao, ars, acs, b, bo, bs, c, co, ldc, S.indexInRange(L, nr));
            } else {
                kernel8x1Masked(kc, a, ao, ars, acs, b, bo, bs, c, co, ldc, S.indexInRange(0, nr));
            }
        } else {
            for (int i = 0; i < mr; i++) {
                for (int j = 0; j < nr; j += 2 * L) {
                    kernel1x2Masked(kc, a, ao + i * ars, acs, b, bo + j, bs, c, co + i * ldc + j,
                            S.indexInRange(j, nr), S.indexInRange(j + L, nr));
                }
            }
        }
    }

    /**
     * The main micro-kernel: an 8 × 3-vector tile of C (24 accumulators, 8 × 48 floats with AVX-512)
     * held in registers for the whole run over k. Per step of k: 3 loads of B, 8 broadcasts of A,
     * 24 FMAs. C's tile is read and written once, at the end.
     */
    private static void kernel8x3(int kc, float[] a, int ao, int ars, int acs,
                                  float[] b, int bo, int bs, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c62 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S), c72 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = bo + p * bs;
            int ap = ao + p * acs;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ap]);           c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(S, a[ap + ars]);     c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(S, a[ap + 2 * ars]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(S, a[ap + 3 * ars]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32);
            x = FloatVector.broadcast(S, a[ap + 4 * ars]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41); c42 = x.fma(b2, c42);
            x = FloatVector.broadcast(S, a[ap + 5 * ars]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51); c52 = x.fma(b2, c52);
            x = FloatVector.broadcast(S, a[ap + 6 * ars]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61); c62 = x.fma(b2, c62);
            x = FloatVector.broadcast(S, a[ap + 7 * ars]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71); c72 = x.fma(b2, c72);
        }
        // Written out rather than in a helper: a call that is not inlined would box every vector.
        int o = co;
        c00.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c01.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        c02.add(FloatVector.fromArray(S, c, o + 2 * L)).intoArray(c, o + 2 * L);
        o += ldc;
        c10.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c11.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        c12.add(FloatVector.fromArray(S, c, o + 2 * L)).intoArray(c, o + 2 * L);
        o += ldc;
        c20.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c21.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        c22.add(FloatVector.fromArray(S, c, o + 2 * L)).intoArray(c, o + 2 * L);
        o += ldc;
        c30.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c31.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        c32.add(FloatVector.fromArray(S, c, o + 2 * L)).intoArray(c, o + 2 * L);
        o += ldc;
        c40.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c41.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        c42.add(FloatVector.fromArray(S, c, o + 2 * L)).intoArray(c, o + 2 * L);
        o += ldc;
        c50.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c51.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        c52.add(FloatVector.fromArray(S, c, o + 2 * L)).intoArray(c, o + 2 * L);
        o += ldc;
        c60.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c61.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        c62.add(FloatVector.fromArray(S, c, o + 2 * L)).intoArray(c, o + 2 * L);
        o += ldc;
        c70.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c71.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        c72.add(FloatVector.fromArray(S, c, o + 2 * L)).intoArray(c, o + 2 * L);
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

    /** As {@link #kernel8x2} for a tile whose second vector of columns is partial ({@code m1}). */
    private static void kernel8x2Masked(int kc, float[] a, int ao, int ars, int acs,
                                  float[] b, int bo, int bs, float[] c, int co, int ldc, VectorMask<Float> m1) {
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
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L, m1);
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
        c01.add(FloatVector.fromArray(S, c, o + L, m1)).intoArray(c, o + L, m1);
        o += ldc;
        c10.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c11.add(FloatVector.fromArray(S, c, o + L, m1)).intoArray(c, o + L, m1);
        o += ldc;
        c20.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c21.add(FloatVector.fromArray(S, c, o + L, m1)).intoArray(c, o + L, m1);
        o += ldc;
        c30.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c31.add(FloatVector.fromArray(S, c, o + L, m1)).intoArray(c, o + L, m1);
        o += ldc;
        c40.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c41.add(FloatVector.fromArray(S, c, o + L, m1)).intoArray(c, o + L, m1);
        o += ldc;
        c50.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c51.add(FloatVector.fromArray(S, c, o + L, m1)).intoArray(c, o + L, m1);
        o += ldc;
        c60.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c61.add(FloatVector.fromArray(S, c, o + L, m1)).intoArray(c, o + L, m1);
        o += ldc;
        c70.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c71.add(FloatVector.fromArray(S, c, o + L, m1)).intoArray(c, o + L, m1);
    }

    /** An 8-row tile one partial vector wide (n ≤ L), e.g. the 10 logits of a classifier. */
    private static void kernel8x1Masked(int kc, float[] a, int ao, int ars, int acs,
                                        float[] b, int bo, int bs, float[] c, int co, int ldc,
                                        VectorMask<Float> m0) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S);
        FloatVector c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
        int a0 = ao, a1 = ao + ars, a2 = ao + 2 * ars, a3 = ao + 3 * ars;
        int a4 = ao + 4 * ars, a5 = ao + 5 * ars, a6 = ao + 6 * ars, a7 = ao + 7 * ars;
        for (int p = 0; p < kc; p++) {
            int ap = p * acs;
            FloatVector b0 = FloatVector.fromArray(S, b, bo + p * bs, m0);
            c0 = FloatVector.broadcast(S, a[a0 + ap]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + ap]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + ap]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + ap]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[a4 + ap]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[a5 + ap]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, a[a6 + ap]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, a[a7 + ap]).fma(b0, c7);
        }
        c0.add(FloatVector.fromArray(S, c, co, m0)).intoArray(c, co, m0);
        c1.add(FloatVector.fromArray(S, c, co + ldc, m0)).intoArray(c, co + ldc, m0);
        c2.add(FloatVector.fromArray(S, c, co + 2 * ldc, m0)).intoArray(c, co + 2 * ldc, m0);
        c3.add(FloatVector.fromArray(S, c, co + 3 * ldc, m0)).intoArray(c, co + 3 * ldc, m0);
        c4.add(FloatVector.fromArray(S, c, co + 4 * ldc, m0)).intoArray(c, co + 4 * ldc, m0);
        c5.add(FloatVector.fromArray(S, c, co + 5 * ldc, m0)).intoArray(c, co + 5 * ldc, m0);
        c6.add(FloatVector.fromArray(S, c, co + 6 * ldc, m0)).intoArray(c, co + 6 * ldc, m0);
        c7.add(FloatVector.fromArray(S, c, co + 7 * ldc, m0)).intoArray(c, co + 7 * ldc, m0);
    }

    /** One row of C, up to two vectors wide, for the rows left over below a multiple of MR. */
    private static void kernel1x2Masked(int kc, float[] a, int ao, int acs,
                                        float[] b, int bo, int bs, float[] c, int co,
                                        VectorMask<Float> m0, VectorMask<Float> m1) {
        // Four accumulators (two per vector, even and odd k) hide part of the FMA latency.
        FloatVector e0 = FloatVector.zero(S), e1 = FloatVector.zero(S);
        FloatVector o0 = FloatVector.zero(S), o1 = FloatVector.zero(S);
        int p = 0;
        for (; p + 1 < kc; p += 2) {
            int bp = bo + p * bs;
            FloatVector x = FloatVector.broadcast(S, a[ao + p * acs]);
            e0 = x.fma(FloatVector.fromArray(S, b, bp, m0), e0);
            e1 = x.fma(FloatVector.fromArray(S, b, bp + L, m1), e1);
            FloatVector y = FloatVector.broadcast(S, a[ao + (p + 1) * acs]);
            o0 = y.fma(FloatVector.fromArray(S, b, bp + bs, m0), o0);
            o1 = y.fma(FloatVector.fromArray(S, b, bp + bs + L, m1), o1);
        }
        if (p < kc) {
            int bp = bo + p * bs;
            FloatVector x = FloatVector.broadcast(S, a[ao + p * acs]);
            e0 = x.fma(FloatVector.fromArray(S, b, bp, m0), e0);
            e1 = x.fma(FloatVector.fromArray(S, b, bp + L, m1), e1);
        }
        e0.add(o0).add(FloatVector.fromArray(S, c, co, m0)).intoArray(c, co, m0);
        e1.add(o1).add(FloatVector.fromArray(S, c, co + L, m1)).intoArray(c, co + L, m1);
    }
}
