package dev.brisk.engine.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link KernelProvider} on SIMD vectors, using the incubating Vector API.
 *
 * <p>Every method does what its {@link ScalarKernels} twin does, {@code L} lanes at a time, where
 * {@code L} is the widest vector the CPU handles well ({@link FloatVector#SPECIES_PREFERRED}: 16
 * floats with AVX-512, 8 with AVX2, 4 with NEON). Each loop has the same shape: a vector loop over
 * the largest multiple of {@code L} and a scalar loop for the few elements left over. The scalar
 * twins are the test oracle: elementwise arithmetic here is bit-identical to them (no FMA, same
 * operation order), while reductions and {@code exp}/{@code log}/{@code tanh} agree to rounding;
 * the softmax kernels, which flush results below the normal range (1.2e-38) to 0, agree to
 * rounding or to that absolute amount. Softmax rows no wider than a vector, as in a 10-class
 * classifier, are one masked vector each, with no scalar tail.
 *
 * <p>These kernels are single-threaded on purpose: at the sizes a training step uses they are bound
 * by memory bandwidth, which threads do not add. Only {@link #sgemm} uses {@link Parallel}, and
 * {@link #adam} over very large parameter arrays.
 *
 * <p>Nothing allocates: the JIT (C2) keeps vectors in registers as long as loops stay simple, so
 * they are written as straight counted loops with no lambdas and no vectors escaping.
 *
 * <p><b>Alignment, and why some kernels have a plain loop.</b> A 512-bit vector is a whole 64-byte
 * cache line, and a Java array starts wherever the heap put it (8-byte aligned), so nearly every
 * vector load and store here straddles two cache lines, and straddling stores are costly. C2's
 * auto-vectoriser, which turns a plain {@code out[i] = x[i] + y[i]} loop into the same AVX-512
 * code, knows the array's address and first runs a few scalar iterations until the stores are
 * aligned; the Vector API cannot see addresses. When the data sits in L1/L2 (n = 4096) that made
 * {@code add} up to 1.9 times slower than its scalar twin, depending on where the arrays landed. But
 * C2 only auto-vectorises when it can prove the loop's iterations independent, which it cannot when
 * output and input may be one array at different offsets: then the plain loop runs one element at a
 * time, about 5 times slower than the vector one. So the simple elementwise kernels take the plain
 * loop when all their offsets are equal (whole tensors, in-place updates: the common case), where
 * every iteration touches one index and aliasing cannot matter, and the Vector API loop otherwise.
 */
public final class VectorKernels implements KernelProvider {

    /** The one instance. */
    public static final VectorKernels INSTANCE = new VectorKernels();

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Int lanes as wide as the float lanes, for dropout's hash: both are 32 bits, so the counts match. */
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    /**
     * Bytes, as many lanes as F: a quarter of F's width (128 bits with AVX-512, 64 with AVX2); null
     * with 128-bit vectors, which have no 32-bit byte shape (those convert bytes in scalar code).
     */
    private static final VectorSpecies<Byte> B = F.vectorBitSize() >= 256
            ? VectorSpecies.of(byte.class, VectorShape.forBitSize(F.vectorBitSize() / 4)) : null;
    private static final int L = F.length();
    /**
     * Where softmax's exponentials stop: {@code exp(x)} for {@code x < -87} is below 1.7e-38, at the
     * bottom of the normal floats, and is taken as 0. The vector exponential takes a slow path
     * (several times slower per vector) for inputs whose result would underflow, and logits that
     * differ by more than 87 are common, so the softmax kernels clamp their inputs here first.
     */
    private static final float EXP_FLOOR = -87f;

    private VectorKernels() {
    }

    @Override
    public String name() {
        return "vector(" + F.vectorBitSize() + "-bit)";
    }

    // ---------------------------------------------------------------- matrix multiplication

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        VectorSgemm.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    // ---------------------------------------------------------------- elementwise, contiguous

    @Override
    public void add(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
        if (xOff == outOff && yOff == outOff) {
            // all offsets equal: C2 auto-vectorises this loop and aligns its stores (see the class comment)
            for (int j = outOff, end = outOff + n; j < end; j++) {
                out[j] = x[j] + y[j];
            }
            return;
        }
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) {
            FloatVector.fromArray(F, x, xOff + i).add(FloatVector.fromArray(F, y, yOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = x[xOff + i] + y[yOff + i];
        }
    }

    @Override
    public void sub(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
        if (xOff == outOff && yOff == outOff) {
            // all offsets equal: C2 auto-vectorises this loop and aligns its stores (see the class comment)
            for (int j = outOff, end = outOff + n; j < end; j++) {
                out[j] = x[j] - y[j];
            }
            return;
        }
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) {
            FloatVector.fromArray(F, x, xOff + i).sub(FloatVector.fromArray(F, y, yOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = x[xOff + i] - y[yOff + i];
        }
    }

    @Override
    public void mul(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
        if (xOff == outOff && yOff == outOff) {
            // all offsets equal: C2 auto-vectorises this loop and aligns its stores (see the class comment)
            for (int j = outOff, end = outOff + n; j < end; j++) {
                out[j] = x[j] * y[j];
            }
            return;
        }
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) {
            FloatVector.fromArray(F, x, xOff + i).mul(FloatVector.fromArray(F, y, yOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = x[xOff + i] * y[yOff + i];
        }
    }

    @Override
    public void div(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
        if (xOff == outOff && yOff == outOff) {
            // all offsets equal: C2 auto-vectorises this loop and aligns its stores (see the class comment)
            for (int j = outOff, end = outOff + n; j < end; j++) {
                out[j] = x[j] / y[j];
            }
            return;
        }
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) {
            FloatVector.fromArray(F, x, xOff + i).div(FloatVector.fromArray(F, y, yOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = x[xOff + i] / y[yOff + i];
        }
    }

    @Override
    public void affine(float[] x, int xOff, float alpha, float beta, float[] out, int outOff, int n) {
        if (xOff == outOff) {
            // all offsets equal: C2 auto-vectorises this loop and aligns its stores (see the class comment)
            for (int j = outOff, end = outOff + n; j < end; j++) {
                out[j] = alpha * x[j] + beta;
            }
            return;
        }
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) {
            // mul then add, not fma: memory-bound anyway, and it keeps results bit-identical to the scalar twin
            FloatVector.fromArray(F, x, xOff + i).mul(alpha).add(beta).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = alpha * x[xOff + i] + beta;
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        if (xOff == yOff) {
            // all offsets equal: C2 auto-vectorises this loop and aligns its stores (see the class comment)
            for (int j = yOff, end = yOff + n; j < end; j++) {
                y[j] += alpha * x[j];
            }
            return;
        }
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) {
            FloatVector yv = FloatVector.fromArray(F, y, yOff + i);
            yv.add(FloatVector.fromArray(F, x, xOff + i).mul(alpha)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>L bytes at a time, zero-extended to ints and converted to floats, then one vector
     * division: the scalar twin's operations lane by lane, so the same bits. Measured here on the
     * tutorial's batches (32 shuffled 784-pixel images): 9-10 µs a batch against 28-34 µs for the
     * scalar loop, which C2 does not vectorize. (Multiplying by the reciprocal and correcting
     * with two fused multiply-adds gives the same bits for 255, but measured no faster: the time
     * goes to fetching rows scattered over the data set, not to the division.)
     */
    @Override
    public void unsignedBytesToFloats(byte[] x, int xOff, float[] out, int outOff, int n, float divisor) {
        int i = 0;
        for (int upper = B == null ? 0 : F.loopBound(n); i < upper; i += L) {
            bytesToFloats(x, xOff + i).div(divisor).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = (x[xOff + i] & 0xFF) / divisor;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Four rows at a time, a vector of each in turn: rows scattered over a large data set
     * each start with a cache (and TLB) miss, and interleaving them keeps four of those misses in
     * flight instead of one. Measured on 256 shuffled Fashion-MNIST rows here: 42 µs against 67
     * row after row. The rest, and any tail, through {@link #unsignedBytesToFloats}; every element
     * is the same operation either way, so the same bits.
     */
    @Override
    public void unsignedByteRowsToFloats(byte[] x, int rowLength, int[] rows, int rowsOff, int count,
                                         float[] out, int outOff, float divisor) {
        int j = 0;
        if (B != null) {
            int upper = F.loopBound(rowLength);
            for (; j + 3 < count; j += 4) {
                int x0 = rows[rowsOff + j] * rowLength;
                int x1 = rows[rowsOff + j + 1] * rowLength;
                int x2 = rows[rowsOff + j + 2] * rowLength;
                int x3 = rows[rowsOff + j + 3] * rowLength;
                int o0 = outOff + j * rowLength;
                for (int i = 0; i < upper; i += L) {
                    bytesToFloats(x, x0 + i).div(divisor).intoArray(out, o0 + i);
                    bytesToFloats(x, x1 + i).div(divisor).intoArray(out, o0 + rowLength + i);
                    bytesToFloats(x, x2 + i).div(divisor).intoArray(out, o0 + 2 * rowLength + i);
                    bytesToFloats(x, x3 + i).div(divisor).intoArray(out, o0 + 3 * rowLength + i);
                }
                if (upper < rowLength) {
                    int tail = rowLength - upper;
                    unsignedBytesToFloats(x, x0 + upper, out, o0 + upper, tail, divisor);
                    unsignedBytesToFloats(x, x1 + upper, out, o0 + rowLength + upper, tail, divisor);
                    unsignedBytesToFloats(x, x2 + upper, out, o0 + 2 * rowLength + upper, tail, divisor);
                    unsignedBytesToFloats(x, x3 + upper, out, o0 + 3 * rowLength + upper, tail, divisor);
                }
            }
        }
        for (; j < count; j++) {
            unsignedBytesToFloats(x, rows[rowsOff + j] * rowLength, out, outOff + j * rowLength, rowLength, divisor);
        }
    }

    /** L unsigned bytes from {@code x[off]}, zero-extended and converted: floats 0 .. 255. */
    private static FloatVector bytesToFloats(byte[] x, int off) {
        IntVector ints = (IntVector) ByteVector.fromArray(B, x, off).convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0);
        return (FloatVector) ints.convert(VectorOperators.I2F, 0);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Written as "zero where {@code x <= 0}", a compare and a masked move, rather than
     * {@code max(x, 0)}: Java's max must order -0 below +0 and pass NaN through, which costs a
     * several-instruction sequence per vector and made this kernel compute-bound. The results are
     * the same to the bit: -0 and +0 become +0, NaN fails the compare and passes through.
     */
    @Override
    public void relu(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = Math.max(x[xOff + i], 0f);
        }
    }

    @Override
    public void reluBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(F, x, xOff + i).compare(VectorOperators.GT, 0f);
            FloatVector.fromArray(F, dx, dxOff + i)
                    .add(FloatVector.fromArray(F, dy, dyOff + i), positive)
                    .intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            if (x[xOff + i] > 0f) {
                dx[dxOff + i] += dy[dyOff + i];
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Branch-free form of the scalar twin's two cases: with {@code e = exp(-|x|)} (never
     * overflows) and {@code r = 1 / (1 + e)}, the sigmoid is {@code r} for {@code x >= 0} and
     * {@code e · r} for {@code x < 0}.
     */
    @Override
    public void sigmoid(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) {
            FloatVector xv = FloatVector.fromArray(F, x, xOff + i);
            FloatVector e = exp(xv.abs().neg());
            FloatVector r = FloatVector.broadcast(F, 1f).div(e.add(1f));
            r.blend(e.mul(r), xv.compare(VectorOperators.LT, 0f)).intoArray(out, outOff + i);
        }
        if (i < n) {
            ScalarKernels.INSTANCE.sigmoid(x, xOff + i, out, outOff + i, n - i);   // the last partial vector
        }
    }

    @Override
    public void sigmoidBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) {
            FloatVector yv = FloatVector.fromArray(F, y, yOff + i);
            FloatVector local = FloatVector.fromArray(F, dy, dyOff + i).mul(yv).mul(yv.neg().add(1f));
            FloatVector.fromArray(F, dx, dxOff + i).add(local).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            float yi = y[yOff + i];
            dx[dxOff + i] += dy[dyOff + i] * yi * (1f - yi);
        }
    }

    @Override
    public void tanh(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) {
            FloatVector.fromArray(F, x, xOff + i).lanewise(VectorOperators.TANH).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = (float) Math.tanh(x[xOff + i]);
        }
    }

    @Override
    public void tanhBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) {
            FloatVector yv = FloatVector.fromArray(F, y, yOff + i);
            FloatVector local = FloatVector.fromArray(F, dy, dyOff + i).mul(yv.mul(yv).neg().add(1f));
            FloatVector.fromArray(F, dx, dxOff + i).add(local).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            float yi = y[yOff + i];
            dx[dxOff + i] += dy[dyOff + i] * (1f - yi * yi);
        }
    }

    @Override
    public void exp(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) {
            exp(FloatVector.fromArray(F, x, xOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = (float) Math.exp(x[xOff + i]);
        }
    }

    @Override
    public void log(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) {
            FloatVector.fromArray(F, x, xOff + i).lanewise(VectorOperators.LOG).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = (float) Math.log(x[xOff + i]);
        }
    }

    // ---------------------------------------------------------------- reductions

    /**
     * {@inheritDoc}
     *
     * <p>Four vector accumulators: one add has a latency of several cycles, so a single accumulator
     * would leave the adder idle waiting on itself; four independent chains keep it busy.
     */
    @Override
    public float sum(float[] x, int off, int n) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        int i = 0;
        for (int upper = n - n % (4 * L); i < upper; i += 4 * L) {
            acc0 = acc0.add(FloatVector.fromArray(F, x, off + i));
            acc1 = acc1.add(FloatVector.fromArray(F, x, off + i + L));
            acc2 = acc2.add(FloatVector.fromArray(F, x, off + i + 2 * L));
            acc3 = acc3.add(FloatVector.fromArray(F, x, off + i + 3 * L));
        }
        for (int upper = F.loopBound(n); i < upper; i += L) {
            acc0 = acc0.add(FloatVector.fromArray(F, x, off + i));
        }
        float s = sumLanes(acc0.add(acc1).add(acc2.add(acc3)));
        for (; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    /** {@inheritDoc} <p>Four accumulators, as in {@link #sum}; lanewise MAX propagates NaN like {@link Math#max}. */
    @Override
    public float max(float[] x, int off, int n) {
        FloatVector acc0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        FloatVector acc1 = acc0;
        FloatVector acc2 = acc0;
        FloatVector acc3 = acc0;
        int i = 0;
        for (int upper = n - n % (4 * L); i < upper; i += 4 * L) {
            acc0 = acc0.max(FloatVector.fromArray(F, x, off + i));
            acc1 = acc1.max(FloatVector.fromArray(F, x, off + i + L));
            acc2 = acc2.max(FloatVector.fromArray(F, x, off + i + 2 * L));
            acc3 = acc3.max(FloatVector.fromArray(F, x, off + i + 3 * L));
        }
        for (int upper = F.loopBound(n); i < upper; i += L) {
            acc0 = acc0.max(FloatVector.fromArray(F, x, off + i));
        }
        float m = acc0.max(acc1).max(acc2.max(acc3)).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            m = Math.max(m, x[off + i]);
        }
        return m;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Works on strips of columns: a strip's partial sums stay in registers while every row is
     * read, and are added to {@code out} once at the end, so {@code out} is not re-read and
     * re-written for every row.
     */
    @Override
    public void sumRows(float[] x, int xOff, int rows, int cols, int ldx, float[] out, int outOff) {
        int j = 0;
        for (int upper = cols - cols % (4 * L); j < upper; j += 4 * L) {
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            FloatVector acc2 = FloatVector.zero(F);
            FloatVector acc3 = FloatVector.zero(F);
            for (int r = 0, row = xOff + j; r < rows; r++, row += ldx) {
                acc0 = acc0.add(FloatVector.fromArray(F, x, row));
                acc1 = acc1.add(FloatVector.fromArray(F, x, row + L));
                acc2 = acc2.add(FloatVector.fromArray(F, x, row + 2 * L));
                acc3 = acc3.add(FloatVector.fromArray(F, x, row + 3 * L));
            }
            int o = outOff + j;
            FloatVector.fromArray(F, out, o).add(acc0).intoArray(out, o);
            FloatVector.fromArray(F, out, o + L).add(acc1).intoArray(out, o + L);
            FloatVector.fromArray(F, out, o + 2 * L).add(acc2).intoArray(out, o + 2 * L);
            FloatVector.fromArray(F, out, o + 3 * L).add(acc3).intoArray(out, o + 3 * L);
        }
        for (int upper = F.loopBound(cols); j < upper; j += L) {
            FloatVector acc = FloatVector.zero(F);
            for (int r = 0, row = xOff + j; r < rows; r++, row += ldx) {
                acc = acc.add(FloatVector.fromArray(F, x, row));
            }
            FloatVector.fromArray(F, out, outOff + j).add(acc).intoArray(out, outOff + j);
        }
        if (j < cols) {
            // The last few columns, row by row so memory is still read in order.
            for (int r = 0, row = xOff; r < rows; r++, row += ldx) {
                for (int jj = j; jj < cols; jj++) {
                    out[outOff + jj] += x[row + jj];
                }
            }
        }
    }

    @Override
    public void addBiasRows(float[] x, int xOff, int rows, int cols, int ldx, float[] bias, int biasOff) {
        int upper = F.loopBound(cols);
        for (int r = 0, row = xOff; r < rows; r++, row += ldx) {
            int j = 0;
            for (; j < upper; j += L) {
                FloatVector.fromArray(F, x, row + j).add(FloatVector.fromArray(F, bias, biasOff + j)).intoArray(x, row + j);
            }
            for (; j < cols; j++) {
                x[row + j] += bias[biasOff + j];
            }
        }
    }

    // ---------------------------------------------------------------- softmax and cross-entropy

    /**
     * {@inheritDoc}
     *
     * <p>The scalar twin's three passes per row, each vectorised; rows no wider than one vector take
     * {@link #softmaxRowsNarrow}, one masked vector per row.
     */
    @Override
    public void softmaxRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        if (cols <= L) {
            softmaxRowsNarrow(x, xOff, rows, cols, out, outOff);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            int or = outOff + r * cols;
            float max = max(x, xr, cols);
            float sum = expShiftedAndSum(x, xr, cols, max, out, or);
            scale(out, or, cols, 1f / sum);
        }
    }

    /**
     * {@link #softmaxRows} for {@code cols <= L}: each row is one vector, loaded once under a mask
     * of its first {@code cols} lanes, reduced and exponentiated in registers and stored once. The
     * lanes past the row are set to -Infinity, whose exponential is 0, so the reductions can run over
     * all lanes; the masked store never writes them. (A full-width loop would find no full vector in
     * a 10-wide row and fall to scalar {@link Math#exp} for every element.)
     */
    private static void softmaxRowsNarrow(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        VectorMask<Float> inRow = F.indexInRange(0, cols);
        FloatVector minusInf = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int r = 0, xr = xOff, or = outOff; r < rows; r++, xr += cols, or += cols) {
            FloatVector v = minusInf.blend(FloatVector.fromArray(F, x, xr, inRow), inRow);
            FloatVector shifted = v.sub(v.reduceLanes(VectorOperators.MAX));
            FloatVector e = shifted.max(EXP_FLOOR).lanewise(VectorOperators.EXP)
                    .blend(0f, shifted.compare(VectorOperators.LT, EXP_FLOOR));
            float sum = e.reduceLanes(VectorOperators.ADD);
            // probabilities that would be subnormal are flushed to 0, as in softmaxCrossEntropyNarrow
            e.blend(0f, e.compare(VectorOperators.LT, Float.MIN_NORMAL * sum))
                    .mul(1f / sum)
                    .intoArray(out, or, inRow);
        }
    }

    @Override
    public void logSoftmaxRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        if (cols <= L) {
            logSoftmaxRowsNarrow(x, xOff, rows, cols, out, outOff);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            int or = outOff + r * cols;
            float max = max(x, xr, cols);
            float logSum = (float) Math.log(sumExpShifted(x, xr, cols, max));
            // out = (x - max) - logSum, written as two subtractions to match the scalar twin's rounding
            int j = 0;
            for (int upper = F.loopBound(cols); j < upper; j += L) {
                FloatVector.fromArray(F, x, xr + j).sub(max).sub(logSum).intoArray(out, or + j);
            }
            for (; j < cols; j++) {
                out[or + j] = (x[xr + j] - max) - logSum;
            }
        }
    }

    /** {@link #logSoftmaxRows} for {@code cols <= L}, one masked vector per row as in {@link #softmaxRowsNarrow}. */
    private static void logSoftmaxRowsNarrow(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        VectorMask<Float> inRow = F.indexInRange(0, cols);
        FloatVector minusInf = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int r = 0, xr = xOff, or = outOff; r < rows; r++, xr += cols, or += cols) {
            FloatVector v = minusInf.blend(FloatVector.fromArray(F, x, xr, inRow), inRow);
            FloatVector shifted = v.sub(v.reduceLanes(VectorOperators.MAX));
            float sum = shifted.max(EXP_FLOOR).lanewise(VectorOperators.EXP)
                    .blend(0f, shifted.compare(VectorOperators.LT, EXP_FLOOR))
                    .reduceLanes(VectorOperators.ADD);
            shifted.sub((float) Math.log(sum)).intoArray(out, or, inRow);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Fused per row: a max pass, then one pass that writes {@code exp(x - max)} into the gradient
     * row while summing it, then a pass that scales that row in place. Each exponential is computed
     * once; without a gradient the middle pass only sums. Rows no wider than one vector (a 10-class
     * classifier's logits) take {@link #softmaxCrossEntropyNarrow}.
     */
    @Override
    public float softmaxCrossEntropy(float[] logits, int logitsOff, int rows, int cols,
                                     int[] labels, int labelsOff,
                                     float[] grad, int gradOff, float gradScale) {
        if (cols <= L) {
            return softmaxCrossEntropyNarrow(logits, logitsOff, rows, cols, labels, labelsOff,
                    grad, gradOff, gradScale);
        }
        float scale = gradScale / rows;
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int xr = logitsOff + r * cols;
            int label = labels[labelsOff + r];
            float max = max(logits, xr, cols);
            float labelLogit = logits[xr + label]; // read before the gradient is written, in case they share memory
            float sum;
            if (grad != null) {
                int gr = gradOff + r * cols;
                sum = expShiftedAndSum(logits, xr, cols, max, grad, gr);
                scale(grad, gr, cols, scale / sum);
                grad[gr + label] -= scale;
            } else {
                sum = sumExpShifted(logits, xr, cols, max);
            }
            loss += (float) Math.log(sum) - (labelLogit - max);
        }
        return (float) (loss / rows);
    }

    /**
     * {@link #softmaxCrossEntropy} for {@code cols <= L}: one vector per row, as in
     * {@link #softmaxRowsNarrow}; the row is loaded once and its gradient stored once.
     *
     * <p>The loss needs {@code Σ_r log(s_r)} over the row sums {@code s_r}, and a logarithm per row
     * cost as much as all the rest of the row. Each {@code s_r} lies in {@code [1, cols]} (the
     * largest term is {@code exp(0) = 1}), so the product of 32 of them stays below
     * {@code cols^32 <= 2^192} even for 64 lanes, far inside double's range: the sums are multiplied
     * in double and one logarithm is taken per 32 rows. In double this is more accurate, not less,
     * than the scalar twin's float logarithm per row.
     */
    private static float softmaxCrossEntropyNarrow(float[] logits, int logitsOff, int rows, int cols,
                                                   int[] labels, int labelsOff,
                                                   float[] grad, int gradOff, float gradScale) {
        VectorMask<Float> inRow = F.indexInRange(0, cols);
        FloatVector minusInf = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        FloatVector lane = FloatVector.zero(F).addIndex(1);
        float scale = gradScale / rows;
        double loss = 0;
        double sumProduct = 1;
        for (int r = 0, xr = logitsOff; r < rows; r++, xr += cols) {
            int label = labels[labelsOff + r];
            float labelLogit = logits[xr + label]; // read before the gradient is written, in case they share memory
            FloatVector v = minusInf.blend(FloatVector.fromArray(F, logits, xr, inRow), inRow);
            float max = v.reduceLanes(VectorOperators.MAX);
            FloatVector shifted = v.sub(max);
            // exp(shifted), written out as in exp(FloatVector): C2 does not inline helpers into this
            // method, and a call that is not inlined boxes its vectors (measured: 96 bytes a row).
            FloatVector c = shifted.max(EXP_FLOOR);
            FloatVector n = c.mul(LOG2E).add(ROUND_MAGIC).sub(ROUND_MAGIC);
            FloatVector t = c.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
            FloatVector p = t.mul(1.9875691500e-4f).add(1.3981999507e-3f);
            p = p.mul(t).add(8.3334519073e-3f);
            p = p.mul(t).add(4.1665795894e-2f);
            p = p.mul(t).add(1.6666665459e-1f);
            p = p.mul(t).add(5.0000001201e-1f);
            p = p.mul(t.mul(t)).add(t).add(1f);
            FloatVector e = p.mul(((IntVector) n.convert(VectorOperators.F2I, 0))
                            .add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
                    .blend(0f, shifted.compare(VectorOperators.LT, EXP_FLOOR));
            // sumLanes(e), written out for the same reason
            FloatVector h = L >= 16 ? e.add(e.rearrange(XOR8)) : e;
            h = L >= 8 ? h.add(h.rearrange(XOR4)) : h;
            h = L >= 4 ? h.add(h.rearrange(XOR2)) : h;
            float sum = h.add(h.rearrange(XOR1)).lane(0);
            if (grad != null) {
                float factor = scale / sum;
                // Gradients that would be subnormal (below 1.2e-38) are flushed to 0: multiplying into
                // the subnormal range takes a microcode assist per vector, which doubled this kernel's
                // time for logits spread over more than ~90. The label's "- scale" is applied in the
                // vector, not by a scalar store after the vector one, which would stall on forwarding.
                e.blend(0f, e.compare(VectorOperators.LT, Float.MIN_NORMAL / factor))
                        .mul(factor)
                        .sub(scale, lane.compare(VectorOperators.EQ, (float) label))
                        .intoArray(grad, gradOff + r * cols, inRow);
            }
            loss -= labelLogit - max;
            sumProduct *= sum;
            if ((r & 31) == 31) {
                loss += Math.log(sumProduct);
                sumProduct = 1;
            }
        }
        loss += Math.log(sumProduct);
        return (float) (loss / rows);
    }

    /** Writes {@code out[j] = exp(x[j] - shift)} for {@code j < n} and returns their sum. */
    private static float expShiftedAndSum(float[] x, int xOff, int n, float shift, float[] out, int outOff) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int i = 0;
        // Two accumulators suffice here: the exponential, not the add, limits the speed.
        for (int upper = n - n % (2 * L); i < upper; i += 2 * L) {
            FloatVector s0 = FloatVector.fromArray(F, x, xOff + i).sub(shift);
            FloatVector s1 = FloatVector.fromArray(F, x, xOff + i + L).sub(shift);
            FloatVector e0 = s0.max(EXP_FLOOR).lanewise(VectorOperators.EXP)
                    .blend(0f, s0.compare(VectorOperators.LT, EXP_FLOOR));
            FloatVector e1 = s1.max(EXP_FLOOR).lanewise(VectorOperators.EXP)
                    .blend(0f, s1.compare(VectorOperators.LT, EXP_FLOOR));
            e0.intoArray(out, outOff + i);
            e1.intoArray(out, outOff + i + L);
            acc0 = acc0.add(e0);
            acc1 = acc1.add(e1);
        }
        for (int upper = F.loopBound(n); i < upper; i += L) {
            FloatVector s = FloatVector.fromArray(F, x, xOff + i).sub(shift);
            FloatVector e = s.max(EXP_FLOOR).lanewise(VectorOperators.EXP)
                    .blend(0f, s.compare(VectorOperators.LT, EXP_FLOOR));
            e.intoArray(out, outOff + i);
            acc0 = acc0.add(e);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float e = (float) Math.exp(x[xOff + i] - shift);
            out[outOff + i] = e;
            sum += e;
        }
        return sum;
    }

    /** The sum of {@code exp(x[j] - shift)} for {@code j < n}. */
    private static float sumExpShifted(float[] x, int xOff, int n, float shift) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int i = 0;
        for (int upper = n - n % (2 * L); i < upper; i += 2 * L) {
            FloatVector s0 = FloatVector.fromArray(F, x, xOff + i).sub(shift);
            FloatVector s1 = FloatVector.fromArray(F, x, xOff + i + L).sub(shift);
            acc0 = acc0.add(s0.max(EXP_FLOOR).lanewise(VectorOperators.EXP)
                    .blend(0f, s0.compare(VectorOperators.LT, EXP_FLOOR)));
            acc1 = acc1.add(s1.max(EXP_FLOOR).lanewise(VectorOperators.EXP)
                    .blend(0f, s1.compare(VectorOperators.LT, EXP_FLOOR)));
        }
        for (int upper = F.loopBound(n); i < upper; i += L) {
            FloatVector s = FloatVector.fromArray(F, x, xOff + i).sub(shift);
            acc0 = acc0.add(s.max(EXP_FLOOR).lanewise(VectorOperators.EXP)
                    .blend(0f, s.compare(VectorOperators.LT, EXP_FLOOR)));
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += (float) Math.exp(x[xOff + i] - shift);
        }
        return sum;
    }

    /** {@code x[j] *= factor} for {@code j < n}. */
    private static void scale(float[] x, int off, int n, float factor) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) {
            FloatVector.fromArray(F, x, off + i).mul(factor).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] *= factor;
        }
    }

    // ---------------------------------------------------------------- dropout

    /**
     * {@inheritDoc}
     *
     * <p>The mask is {@link DropoutMask}'s hash computed in {@code L} int lanes at once, on the lane
     * indices {@code start + i + 0, 1, ..., L-1}; int arithmetic wraps identically in both, so the
     * mask is bit-identical to the scalar one.
     */
    @Override
    public void dropout(float[] x, int xOff, float[] out, int outOff, int n, float p, long seed, long start) {
        int keyA = DropoutMask.keyA(seed);
        int keyB = DropoutMask.keyB(seed);
        int threshold = DropoutMask.threshold(p);
        float scale = 1f / (1f - p);
        FloatVector zero = FloatVector.zero(F);
        IntVector lane = IntVector.zero(I).addIndex(1);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) {
            VectorMask<Float> keep = keepMask(lane.add((int) (start + i)), keyA, keyB, threshold);
            zero.blend(FloatVector.fromArray(F, x, xOff + i).mul(scale), keep).intoArray(out, outOff + i);
        }
        if (i < n) {
            ScalarKernels.INSTANCE.dropout(x, xOff + i, out, outOff + i, n - i, p, seed, start + i);   // the last partial vector
        }
    }

    @Override
    public void dropoutBackward(float[] dy, int dyOff, float[] dx, int dxOff, int n, float p, long seed, long start) {
        int keyA = DropoutMask.keyA(seed);
        int keyB = DropoutMask.keyB(seed);
        int threshold = DropoutMask.threshold(p);
        float scale = 1f / (1f - p);
        IntVector lane = IntVector.zero(I).addIndex(1);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) {
            VectorMask<Float> keep = keepMask(lane.add((int) (start + i)), keyA, keyB, threshold);
            FloatVector.fromArray(F, dx, dxOff + i)
                    .add(FloatVector.fromArray(F, dy, dyOff + i).mul(scale), keep)
                    .intoArray(dx, dxOff + i);
        }
        if (i < n) {
            ScalarKernels.INSTANCE.dropoutBackward(dy, dyOff + i, dx, dxOff + i, n - i, p, seed, start + i);
        }
    }

    /** {@link DropoutMask#bits24} {@code >= threshold}, lane by lane, as a mask over float lanes. */
    private static VectorMask<Float> keepMask(IntVector index, int keyA, int keyB, int threshold) {
        IntVector h = lowbias32(index.lanewise(VectorOperators.XOR, keyA));
        h = lowbias32(h.add(keyB));
        return h.lanewise(VectorOperators.LSHR, 8).compare(VectorOperators.GE, threshold).cast(F);
    }

    /** {@link DropoutMask#lowbias32} on every lane. */
    private static IntVector lowbias32(IntVector x) {
        x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16));
        x = x.mul(0x7feb352d);
        x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 15));
        x = x.mul(0x846ca68b);
        x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16));
        return x;
    }

    // ---------------------------------------------------------------- optimizers

    /**
     * {@inheritDoc}
     *
     * <p>One pass: each element's gradient, moments and parameter are loaded once and stored once.
     * The float operations are the scalar twin's, in the same order and without FMA, so the two
     * agree to the bit.
     */
    @Override
    public void adam(float[] param, int pOff, float[] grad, int gOff, float[] m, int mOff, float[] v, int vOff, int n,
                     float lr, float beta1, float beta2, float eps, float weightDecay, long step) {
        if (Parallel.threads() > 1 && (n >= ADAM_PARALLEL_N || (n >= ADAM_AWAKE_N && Parallel.helpersAwake()))) {
            AdamJob job = ADAM_JOB.get();
            job.set(param, pOff, grad, gOff, m, mOff, v, vOff, n, lr, beta1, beta2, eps, weightDecay, step);
            try {
                Parallel.run(Parallel.threads(), job);
            } finally {
                job.clear();
            }
            return;
        }
        adamRange(param, pOff, grad, gOff, m, mOff, v, vOff, n, lr, beta1, beta2, eps, weightDecay, step);
    }

    /**
     * Parameters from which Adam splits over the pool (≈ 100 µs of one core). The tutorial's
     * largest layer (100,352 parameters, 40 µs) stays on one thread: splitting it made a training
     * step slower here, not faster (see VectorSgemm#PARALLEL_FLOPS).
     */
    static final int ADAM_PARALLEL_N = 262_144;

    /** Parameters from which Adam splits when the pool's helpers are awake anyway (see Parallel#helpersAwake). */
    static final int ADAM_AWAKE_N = 32_768;

    private static final ThreadLocal<AdamJob> ADAM_JOB = ThreadLocal.withInitial(AdamJob::new);

    /**
     * One parallel Adam update, cut into stretches of whole vectors so that only the last stretch
     * has a partial vector: every element is computed as on one thread, whatever the split.
     */
    private static final class AdamJob implements Parallel.Part {
        float[] param, grad, m, v;
        int pOff, gOff, mOff, vOff, n;
        float lr, beta1, beta2, eps, weightDecay;
        long step;

        void set(float[] param, int pOff, float[] grad, int gOff, float[] m, int mOff, float[] v, int vOff, int n,
                 float lr, float beta1, float beta2, float eps, float weightDecay, long step) {
            this.param = param;
            this.pOff = pOff;
            this.grad = grad;
            this.gOff = gOff;
            this.m = m;
            this.mOff = mOff;
            this.v = v;
            this.vOff = vOff;
            this.n = n;
            this.lr = lr;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
            this.weightDecay = weightDecay;
            this.step = step;
        }

        void clear() {
            param = grad = m = v = null;
        }

        @Override
        public void run(int part, int parts) {
            int stretch = (n / parts + L - 1) / L * L;
            int start = Math.min(n, part * stretch);
            int end = part == parts - 1 ? n : Math.min(n, start + stretch);
            if (end > start) {
                INSTANCE.adamRange(param, pOff + start, grad, gOff + start, m, mOff + start, v, vOff + start,
                        end - start, lr, beta1, beta2, eps, weightDecay, step);
            }
        }
    }

    private void adamRange(float[] param, int pOff, float[] grad, int gOff, float[] m, int mOff, float[] v, int vOff,
                           int n, float lr, float beta1, float beta2, float eps, float weightDecay, long step) {
        float invBias1 = (float) (1.0 / (1.0 - Math.pow(beta1, step)));
        float invBias2 = (float) (1.0 / (1.0 - Math.pow(beta2, step)));
        float oneMinusBeta1 = 1f - beta1;
        float oneMinusBeta2 = 1f - beta2;
        int i = 0;
        FloatVector zero = FloatVector.zero(F);
        for (int upper = F.loopBound(n); i < upper; i += L) {
            FloatVector g = FloatVector.fromArray(F, grad, gOff + i);
            g = g.blend(zero, g.abs().lt(ADAM_TINY_GRADIENT));         // see KernelProvider#adam
            FloatVector mi = FloatVector.fromArray(F, m, mOff + i).mul(beta1).add(g.mul(oneMinusBeta1));
            FloatVector vi = FloatVector.fromArray(F, v, vOff + i).mul(beta2).add(g.mul(g).mul(oneMinusBeta2));
            mi = mi.blend(zero, mi.abs().lt(ADAM_TINY_MOMENT));
            vi = vi.blend(zero, vi.lt(ADAM_TINY_MOMENT));
            mi.intoArray(m, mOff + i);
            vi.intoArray(v, vOff + i);
            FloatVector mHat = mi.mul(invBias1);
            FloatVector vHat = vi.mul(invBias2);
            FloatVector p = FloatVector.fromArray(F, param, pOff + i);
            FloatVector update = mHat.div(vHat.sqrt().add(eps)).add(p.mul(weightDecay));
            p.sub(update.mul(lr)).intoArray(param, pOff + i);
        }
        if (i < n) {
            // the last partial vector: the scalar twin, on the same formulas
            ScalarKernels.INSTANCE.adam(param, pOff + i, grad, gOff + i, m, mOff + i, v, vOff + i, n - i,
                    lr, beta1, beta2, eps, weightDecay, step);
        }
    }

    // ---------------------------------------------------------------- distances over row tiles (k-means)

    /** {@inheritDoc} Here: the number of float lanes in a vector (see {@link VectorDistances}). */
    @Override
    public int rowTile() {
        return VectorDistances.rowTile();
    }

    /** {@inheritDoc} With tiles as wide as a vector: one gather per coordinate and tile. */
    @Override
    public void packRowTiles(float[] x, int xOff, int d, int from, int to, float[] shift, float[] tiles, int tile) {
        VectorDistances.packRowTiles(x, xOff, d, from, to, shift, tiles, tile);
    }

    @Override
    public double assignNearest(float[] x, int tile, int d, int from, int to, float[] centres, int k, boolean inertia,
                                int[] labels, long[] counts, double[] sums, long[] moved) {
        return VectorDistances.assign(x, tile, d, from, to, centres, k, inertia, labels, counts, sums, moved, false);
    }

    @Override
    public double reassignNearest(float[] x, int tile, int d, int from, int to, float[] centres, int k,
                                  boolean inertia, int[] labels, long[] counts, double[] sums, long[] moved) {
        return VectorDistances.assign(x, tile, d, from, to, centres, k, inertia, labels, counts, sums, moved, true);
    }

    @Override
    public void lowerDistances(float[] x, int tile, int d, int from, int to, float[] point, int pOff, float[] closest) {
        VectorDistances.lowerDistances(x, tile, d, from, to, point, pOff, closest);
    }

    @Override
    public void candidatePotentials(float[] x, int tile, int d, int from, int to, float[] candidates, int m,
                                    float[] closest, double[] potentials) {
        VectorDistances.candidatePotentials(x, tile, d, from, to, candidates, m, closest, potentials);
    }

    @Override
    public double sumDistances(float[] x, int tile, int d, int from, int to, float[] point, int pOff) {
        return VectorDistances.sumDistances(x, tile, d, from, to, point, pOff);
    }

    // ---------------------------------------------------------------- exp, the same bits in every tier

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;          // ln 2 split in two (Cephes): hi has
    private static final float LN2_LO = -2.12194440e-4f;       // few bits, so n·hi is exact
    private static final float ROUND_MAGIC = 12582912f;        // 1.5·2^23: adding it rounds to an integer
    private static final float EXP_LO = -87.33654f;            // e^x below is subnormal: returned as 0
    private static final float EXP_HI = 88.3762626647949f;     // 2^n stays a normal float up to here

    /**
     * e^x per lane, by range reduction x = n·ln2 + r (|r| <= ln2/2) and Cephes' degree-6 polynomial
     * for e^r, then scaling by 2^n through the exponent bits: about 1 ulp, 0 below -87.3 (where the
     * true result is subnormal), +Infinity above 88.38, NaN for NaN.
     *
     * <p>Why not {@code lanewise(VectorOperators.EXP)}: C2 implements it with a vector math library
     * while the not-yet-compiled code computes it lane by lane, and the two differ in the last bit
     * (measured here: 9 lanes in 1024). Training results then depended on when the JIT got to the
     * kernel, so the same seed did not always give the same weights. Plain adds, multiplies
     * and conversions give the same bits in every tier.
     *
     * <p>Used by {@code exp}, {@code sigmoid} and (written out, see there) the narrow fused softmax +
     * cross-entropy that trains a classifier. The row softmaxes and the wide cross-entropy still use
     * {@code EXP} and {@code reduceLanes}: calling this helper from those large methods was not
     * inlined and boxed every vector, so making them tier-independent needs the same writing out.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(EXP_LO).min(EXP_HI);
        FloatVector n = c.mul(LOG2E).add(ROUND_MAGIC).sub(ROUND_MAGIC);
        FloatVector r = c.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));   // n·LN2_HI is exact
        FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f);
        p = p.mul(r).add(8.3334519073e-3f);
        p = p.mul(r).add(4.1665795894e-2f);
        p = p.mul(r).add(1.6666665459e-1f);
        p = p.mul(r).add(5.0000001201e-1f);
        p = p.mul(r.mul(r)).add(r).add(1f);
        FloatVector scale = ((IntVector) n.convert(VectorOperators.F2I, 0))
                .add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector e = p.mul(scale);
        e = e.blend(0f, x.lt(EXP_LO));
        return e.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_HI));
    }

    private static final VectorShuffle<Float> XOR8 = L >= 16 ? VectorShuffle.fromOp(F, i -> i ^ 8) : null;
    private static final VectorShuffle<Float> XOR4 = L >= 8 ? VectorShuffle.fromOp(F, i -> i ^ 4) : null;
    private static final VectorShuffle<Float> XOR2 = L >= 4 ? VectorShuffle.fromOp(F, i -> i ^ 2) : null;
    private static final VectorShuffle<Float> XOR1 = VectorShuffle.fromOp(F, i -> i ^ 1);

    /**
     * The sum of a vector's lanes, added pairwise in a fixed tree (lanes i and i^8, then i^4, ...).
     * Not {@code reduceLanes(ADD)}: its order is left to the implementation, and the JIT-compiled
     * and not-yet-compiled versions add in different orders, so a sum's last bit depended on the
     * JIT tier (one more source of run-to-run differences in training).
     */
    static float sumLanes(FloatVector v) {
        if (L >= 16) {
            v = v.add(v.rearrange(XOR8));
        }
        if (L >= 8) {
            v = v.add(v.rearrange(XOR4));
        }
        if (L >= 4) {
            v = v.add(v.rearrange(XOR2));
        }
        return v.add(v.rearrange(XOR1)).lane(0);
    }
}
