package dev.brisk.engine.tensor;

import dev.brisk.engine.kernels.KernelProvider;
import dev.brisk.engine.kernels.Kernels;

/**
 * Matrix multiplication on {@link KernelProvider#sgemm}. A transposed view is not copied: its
 * storage is a row-major matrix of the other orientation, which sgemm reads with its transpose flag.
 * Only a matrix whose elements are adjacent in neither orientation (e.g. a strided slice of columns)
 * is copied first.
 */
final class MatMul {

    private MatMul() {
    }

    /**
     * How sgemm reads the last two axes of a 2-D or 3-D tensor: matrix {@code b} of the batch starts at
     * {@code offset + b * batchStride} and is stored row-major with leading dimension {@code ld},
     * transposed if {@code trans}.
     */
    private record Operand(float[] data, int offset, int batchStride, int ld, boolean trans) {

        static Operand of(Tensor t) {
            int r = t.rank();
            int rows = t.shape[r - 2];
            int cols = t.shape[r - 1];
            int rowStride = t.strides[r - 2];
            int colStride = t.strides[r - 1];
            int batchStride = r == 3 && t.shape[0] > 1 ? t.strides[0] : 0;
            if ((cols == 1 || colStride == 1) && (rows == 1 || rowStride >= cols)) {
                return new Operand(t.data, t.offset, batchStride, rows == 1 ? Math.max(cols, 1) : rowStride, false);
            }
            if ((rows == 1 || rowStride == 1) && (cols == 1 || colStride >= rows)) {
                return new Operand(t.data, t.offset, batchStride, cols == 1 ? Math.max(rows, 1) : colStride, true);
            }
            Tensor c = t.rawContiguous();                              // adjacent in neither orientation
            return new Operand(c.data, c.offset, r == 3 && t.shape[0] > 1 ? rows * cols : 0, Math.max(cols, 1), false);
        }
    }

    static Tensor matmul(Tensor a, Tensor b) {
        return product(a, b, null);
    }

    /**
     * {@code x · w + bias} for 2-D x and w, with the bias written into C before the product and sgemm
     * accumulating onto it (beta = 1): one pass over the output instead of two, and one graph node.
     */
    static Tensor linear(Tensor x, Tensor w, Tensor bias) {
        String shapes = Shape.toString(x.shape) + " x " + Shape.toString(w.shape) + " + " + Shape.toString(bias.shape);
        if (x.rank() != 2 || w.rank() != 2) {
            throw new IllegalArgumentException("linear: " + shapes + ": input and weight must be 2-D");
        }
        if (bias.rank() != 1 || bias.shape[0] != w.shape[1]) {
            throw new IllegalArgumentException("linear: " + shapes + ": bias must be 1-D with "
                    + w.shape[1] + " elements, one per output column");
        }
        return product(x, w, bias);
    }

    private static Tensor product(Tensor a, Tensor b, Tensor bias) {
        int ra = a.rank();
        int rb = b.rank();
        String shapes = Shape.toString(a.shape) + " x " + Shape.toString(b.shape);
        if (ra < 2 || ra > 3 || rb < 2 || rb > 3) {
            throw new IllegalArgumentException("matmul: " + shapes + ": operands must be 2-D or 3-D");
        }
        int m = a.shape[ra - 2];
        int k = a.shape[ra - 1];
        int kb = b.shape[rb - 2];
        int n = b.shape[rb - 1];
        if (k != kb) {
            throw new IllegalArgumentException("matmul: " + shapes + ": inner dimensions " + k + " and " + kb + " differ");
        }
        int batchA = ra == 3 ? a.shape[0] : 1;
        int batchB = rb == 3 ? b.shape[0] : 1;
        if (batchA != batchB && batchA != 1 && batchB != 1) {
            throw new IllegalArgumentException("matmul: " + shapes + ": batch sizes " + batchA + " and " + batchB + " differ");
        }
        // [B, M, K] x [K, N] is one [B*M, K] x [K, N] product when A's rows stack without a copy.
        if (ra == 3 && rb == 2 && a.rawReshape(new int[]{batchA * m, k}) != null) {
            return a.reshape(batchA * m, k).matmul(b).reshape(batchA, m, n);
        }
        int batch = Math.max(batchA, batchB);
        int[] shape = ra == 2 && rb == 2 ? new int[]{m, n} : new int[]{batch, m, n};
        Operand A = Operand.of(a);
        Operand B = Operand.of(b);
        KernelProvider kern = Kernels.get();
        float[] c = new float[batch * m * n];
        Tensor biasC = bias == null ? null : bias.rawContiguous();
        if (biasC != null) {
            kern.addBiasRows(c, 0, m, n, Math.max(n, 1), biasC.data, biasC.offset);
        }
        if (k > 0) {
            for (int i = 0; i < batch; i++) {
                kern.sgemm(A.trans, B.trans, m, n, k,
                        A.data, A.offset + i * A.batchStride, A.ld,
                        B.data, B.offset + i * B.batchStride, B.ld,
                        biasC == null ? 0f : 1f, c, i * m * n, Math.max(n, 1));
            }
        }
        Tensor out = new Tensor(c, shape);
        // A transposed operand (x.matmul(w.T())) gets its gradient written straight into its base's
        // gradient buffer, in the base's orientation: (dC·op(B)ᵀ)ᵀ and (op(A)ᵀ·dC)ᵀ are again single
        // sgemm calls with the flags flipped, so the view's own gradient is never allocated and no
        // strided pass transposes it back.
        Tensor aBase = a.transposedBase();
        Tensor bBase = b.transposedBase();
        Runnable backward = () -> {
            float[] dc = out.grad;
            if (bias != null && bias.requiresGrad() && m > 0) {      // d(bias) = column sums of dC
                kern.sumRows(dc, 0, m, n, Math.max(n, 1), bias.gradBuffer(), 0);
            }
            for (int i = 0; i < batch; i++) {
                if (m == 0 || n == 0 || k == 0) {
                    break;
                }
                int cOff = i * m * n;
                int aOff = batchA == 1 ? 0 : i * m * k;
                int bOff = batchB == 1 ? 0 : i * k * n;
                if (aBase != null) {                                  // d(base) = op(B) · dCᵀ, [k, m]
                    kern.sgemm(B.trans, true, k, m, n,
                            B.data, B.offset + i * B.batchStride, B.ld,
                            dc, cOff, n,
                            1f, aBase.gradBuffer(), aOff, m);
                } else if (a.requiresGrad()) {                        // dA = dC · op(B)ᵀ, accumulated (beta = 1)
                    kern.sgemm(false, !B.trans, m, k, n,
                            dc, cOff, n,
                            B.data, B.offset + i * B.batchStride, B.ld,
                            1f, a.gradBuffer(), aOff, k);
                }
                if (bBase != null) {                                  // d(base) = dCᵀ · op(A), [n, k]
                    kern.sgemm(true, A.trans, n, k, m,
                            dc, cOff, n,
                            A.data, A.offset + i * A.batchStride, A.ld,
                            1f, bBase.gradBuffer(), bOff, k);
                } else if (b.requiresGrad()) {                        // dB = op(A)ᵀ · dC, accumulated
                    kern.sgemm(!A.trans, false, k, n, m,
                            A.data, A.offset + i * A.batchStride, A.ld,
                            dc, cOff, n,
                            1f, b.gradBuffer(), bOff, n);
                }
            }
        };
        return bias == null ? out.record("matmul", backward, a, b) : out.record("linear", backward, a, b, bias);
    }
}
