package dev.brisk.engine.tensor;

import dev.brisk.engine.kernels.KernelProvider;
import dev.brisk.engine.kernels.Kernels;

/**
 * Loops over strided views: the slow-but-general path behind every op, plus the two strided
 * layouts common enough to deserve kernels (fully contiguous, and "row broadcast": a contiguous
 * block repeated along leading axes of stride 0, which is what a bias looks like once expanded).
 */
final class Strided {

    private Strided() {
    }

    /** The storage offset of every element of {@code t}, in row-major order of its logical index. */
    static int[] offsets(Tensor t) {
        return offsets(t.shape, t.strides, t.offset);
    }

    static int[] offsets(int[] shape, int[] strides, int offset) {
        int n = Shape.size(shape);
        int[] out = new int[n];
        if (n == 0) {
            return out;
        }
        int rank = shape.length;
        if (rank == 0) {
            out[0] = offset;
            return out;
        }
        int[] idx = new int[rank];
        int last = rank - 1;
        int lastSize = shape[last];
        int lastStride = strides[last];
        int base = offset;
        int i = 0;
        while (true) {
            for (int j = 0, o = base; j < lastSize; j++, o += lastStride) {
                out[i++] = o;
            }
            if (i == n) {
                return out;
            }
            // Odometer carry over the outer axes.
            int d = last - 1;
            while (true) {
                idx[d]++;
                base += strides[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                base -= strides[d] * shape[d];
                idx[d] = 0;
                d--;
            }
        }
    }

    /**
     * If {@code t} is a contiguous block of {@code cols} elements repeated (stride 0) over leading
     * axes totalling {@code rows}, returns {@code cols}; otherwise -1. A fully contiguous tensor is not
     * reported here (callers test that first).
     */
    static int rowBroadcastCols(Tensor t) {
        int rank = t.shape.length;
        int expected = 1;
        int k = rank;
        // Walk from the innermost axis while the strides are contiguous.
        while (k > 0) {
            int d = k - 1;
            if (t.shape[d] != 1 && t.strides[d] != expected) {
                break;
            }
            expected *= t.shape[d];
            k--;
        }
        for (int d = 0; d < k; d++) {
            if (t.shape[d] != 1 && t.strides[d] != 0) {
                return -1;
            }
        }
        return expected;
    }

    /**
     * {@code dst += alpha * src}, elementwise over two views of the same shape. {@code dst} may have
     * zero strides (an expanded view of a gradient buffer): then several elements of {@code src} land
     * on the same storage element and are summed, which is exactly the gradient of a broadcast.
     */
    static void addInto(Tensor src, Tensor dst, float alpha) {
        KernelProvider k = Kernels.get();
        int n = src.size;
        if (n == 0) {
            return;
        }
        boolean srcC = src.isContiguous();
        boolean dstC = dst.isContiguous();
        if (srcC && dstC) {
            k.axpy(alpha, src.data, src.offset, dst.data, dst.offset, n);
            return;
        }
        if (srcC) {
            int cols = rowBroadcastCols(dst);
            if (cols > 0) {
                int rows = n / cols;
                if (alpha == 1f) {
                    k.sumRows(src.data, src.offset, rows, cols, cols, dst.data, dst.offset);
                } else {
                    float[] tmp = new float[cols];
                    k.sumRows(src.data, src.offset, rows, cols, cols, tmp, 0);
                    k.axpy(alpha, tmp, 0, dst.data, dst.offset, cols);
                }
                return;
            }
        }
        if (dstC) {
            int cols = rowBroadcastCols(src);
            if (cols > 0) {
                for (int r = 0, rows = n / cols; r < rows; r++) {
                    k.axpy(alpha, src.data, src.offset, dst.data, dst.offset + r * cols, cols);
                }
                return;
            }
        }
        int[] so = offsets(src);
        int[] d = offsets(dst);
        float[] s = src.data;
        float[] t = dst.data;
        for (int i = 0; i < n; i++) {
            t[d[i]] += alpha * s[so[i]];
        }
    }

    /** {@code dst = src} over two views of the same shape; {@code dst} must not have zero strides. */
    static void copyInto(Tensor src, Tensor dst) {
        int n = src.size;
        if (src.isContiguous() && dst.isContiguous()) {
            System.arraycopy(src.data, src.offset, dst.data, dst.offset, n);
            return;
        }
        int[] so = offsets(src);
        int[] d = offsets(dst);
        for (int i = 0; i < n; i++) {
            dst.data[d[i]] = src.data[so[i]];
        }
    }
}
