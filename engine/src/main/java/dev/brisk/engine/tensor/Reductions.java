package dev.brisk.engine.tensor;

import dev.brisk.engine.kernels.KernelProvider;
import dev.brisk.engine.kernels.Kernels;

/**
 * Reductions along one axis. The input is viewed (after a copy only if it is not contiguous) as
 * {@code [outer, n, inner]}, where {@code n} is the reduced axis: with {@code inner == 1} each slice
 * is a contiguous row (kernel {@code sum}), otherwise the slices are columns of {@code [n, inner]}
 * blocks (kernel {@code sumRows}).
 */
final class Reductions {

    private Reductions() {
    }

    /** The {@code [outer, n, inner]} factorisation of a shape around an axis. */
    private record Split(int outer, int n, int inner) {
        static Split of(int[] shape, int axis) {
            return new Split(Shape.prod(shape, 0, axis), shape[axis], Shape.prod(shape, axis + 1, shape.length));
        }
    }

    static Tensor sumAll(Tensor x) {
        Tensor xc = x.rawContiguous();
        int n = x.size;
        Tensor out = new Tensor(new float[]{Kernels.get().sum(xc.data, xc.offset, n)}, new int[0]);
        return out.record("sum", () -> {                              // every element gets the scalar's gradient
            float[] dx = x.gradBuffer();
            Kernels.get().affine(dx, 0, 1f, out.grad[0], dx, 0, n);
        }, x);
    }

    static Tensor sum(Tensor x, int axis, boolean keepdims) {
        int a = Shape.axis("sum", axis, x.shape);
        Split s = Split.of(x.shape, a);
        Tensor xc = x.rawContiguous();
        KernelProvider k = Kernels.get();
        float[] y = new float[s.outer * s.inner];
        for (int o = 0; o < s.outer; o++) {
            int base = xc.offset + o * s.n * s.inner;
            if (s.inner == 1) {
                y[o] = k.sum(xc.data, base, s.n);
            } else {
                k.sumRows(xc.data, base, s.n, s.inner, s.inner, y, o * s.inner);
            }
        }
        Tensor out = new Tensor(y, Shape.reduce(x.shape, a, keepdims));
        return out.record("sum", () -> {                              // broadcast the gradient back along the axis
            float[] g = out.grad;
            float[] dx = x.gradBuffer();
            for (int o = 0; o < s.outer; o++) {
                for (int j = 0; j < s.n; j++) {
                    int d = (o * s.n + j) * s.inner;
                    if (s.inner == 1) {
                        dx[d] += g[o];
                    } else {
                        k.axpy(1f, g, o * s.inner, dx, d, s.inner);
                    }
                }
            }
        }, x);
    }

    /** For each slice, the position along the axis of its first maximum (NaN counts as maximal). */
    private static int[] argmaxIndices(Tensor xc, Split s) {
        int[] idx = new int[s.outer * s.inner];
        for (int o = 0; o < s.outer; o++) {
            for (int i = 0; i < s.inner; i++) {
                int base = xc.offset + o * s.n * s.inner + i;
                float best = xc.data[base];
                int arg = 0;
                for (int j = 1; j < s.n && !Float.isNaN(best); j++) {
                    float v = xc.data[base + j * s.inner];
                    if (v > best || Float.isNaN(v)) {
                        best = v;
                        arg = j;
                    }
                }
                idx[o * s.inner + i] = arg;
            }
        }
        return idx;
    }

    private static void checkNonEmpty(String op, Tensor x, int a) {
        if (x.shape[a] == 0) {
            throw new IllegalArgumentException(op + ": axis " + a + " of shape " + Shape.toString(x.shape) + " is empty");
        }
    }

    static Tensor max(Tensor x, int axis, boolean keepdims) {
        int a = Shape.axis("max", axis, x.shape);
        checkNonEmpty("max", x, a);
        Split s = Split.of(x.shape, a);
        Tensor xc = x.rawContiguous();
        int[] idx = argmaxIndices(xc, s);
        float[] y = new float[idx.length];
        for (int o = 0; o < s.outer; o++) {
            for (int i = 0; i < s.inner; i++) {
                int r = o * s.inner + i;
                y[r] = xc.data[xc.offset + (o * s.n + idx[r]) * s.inner + i];
            }
        }
        Tensor out = new Tensor(y, Shape.reduce(x.shape, a, keepdims));
        return out.record("max", () -> {                              // only the winner gets the gradient
            float[] g = out.grad;
            float[] dx = x.gradBuffer();
            for (int o = 0; o < s.outer; o++) {
                for (int i = 0; i < s.inner; i++) {
                    int r = o * s.inner + i;
                    dx[(o * s.n + idx[r]) * s.inner + i] += g[r];
                }
            }
        }, x);
    }

    static Tensor argmax(Tensor x, int axis, boolean keepdims) {
        int a = Shape.axis("argmax", axis, x.shape);
        checkNonEmpty("argmax", x, a);
        int[] idx = argmaxIndices(x.rawContiguous(), Split.of(x.shape, a));
        float[] y = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            y[i] = idx[i];
        }
        return new Tensor(y, Shape.reduce(x.shape, a, keepdims));
    }

    static Tensor logsumexp(Tensor x, int axis, boolean keepdims) {
        int a = Shape.axis("logsumexp", axis, x.shape);
        Split s = Split.of(x.shape, a);
        Tensor xc = x.rawContiguous();
        float[] y = new float[s.outer * s.inner];
        for (int o = 0; o < s.outer; o++) {
            for (int i = 0; i < s.inner; i++) {
                int base = xc.offset + o * s.n * s.inner + i;
                float m = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < s.n; j++) {
                    m = Math.max(m, xc.data[base + j * s.inner]);
                }
                if (m == Float.NEGATIVE_INFINITY || m == Float.POSITIVE_INFINITY) {
                    y[o * s.inner + i] = m;                           // all -inf (or some +inf): no finite shift
                    continue;
                }
                double sum = 0;
                for (int j = 0; j < s.n; j++) {
                    sum += Math.exp(xc.data[base + j * s.inner] - m);
                }
                y[o * s.inner + i] = (float) (m + Math.log(sum));
            }
        }
        Tensor out = new Tensor(y, Shape.reduce(x.shape, a, keepdims));
        return out.record("logsumexp", () -> {                        // d lse / dx_j = softmax(x)_j = exp(x_j - lse)
            float[] g = out.grad;
            float[] dx = x.gradBuffer();
            for (int o = 0; o < s.outer; o++) {
                for (int i = 0; i < s.inner; i++) {
                    int r = o * s.inner + i;
                    for (int j = 0; j < s.n; j++) {
                        int e = (o * s.n + j) * s.inner + i;
                        dx[e] += g[r] * (float) Math.exp(xc.data[xc.offset + e] - y[r]);
                    }
                }
            }
        }, x);
    }
}
