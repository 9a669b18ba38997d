package dev.brisk.engine.tensor;

import dev.brisk.engine.kernels.KernelProvider;
import dev.brisk.engine.kernels.Kernels;

/**
 * Elementwise ops: each method computes its output and records the closure that back-propagates
 * through it. Binary ops broadcast by expanding both inputs (zero-copy, stride 0) to the output
 * shape; their backward closures add the output gradient into the inputs' gradient buffers viewed
 * through the same expansion, which sums it over the broadcast axes.
 */
final class Elementwise {

    private Elementwise() {
    }

    /** The binary primitives, with their scalar definition and, where one exists, their kernel. */
    enum Binary {
        ADD {
            float apply(float x, float y) {
                return x + y;
            }

            boolean kernel(KernelProvider k, float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
                k.add(x, xo, y, yo, out, oo, n);
                return true;
            }
        },
        SUB {
            float apply(float x, float y) {
                return x - y;
            }

            boolean kernel(KernelProvider k, float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
                k.sub(x, xo, y, yo, out, oo, n);
                return true;
            }
        },
        MUL {
            float apply(float x, float y) {
                return x * y;
            }

            boolean kernel(KernelProvider k, float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
                k.mul(x, xo, y, yo, out, oo, n);
                return true;
            }
        },
        DIV {
            float apply(float x, float y) {
                return x / y;
            }

            boolean kernel(KernelProvider k, float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
                k.div(x, xo, y, yo, out, oo, n);
                return true;
            }
        },
        POW {
            float apply(float x, float y) {
                return (float) Math.pow(x, y);
            }
        },
        GT {
            float apply(float x, float y) {
                return x > y ? 1f : 0f;
            }
        },
        GE {
            float apply(float x, float y) {
                return x >= y ? 1f : 0f;
            }
        },
        LT {
            float apply(float x, float y) {
                return x < y ? 1f : 0f;
            }
        },
        LE {
            float apply(float x, float y) {
                return x <= y ? 1f : 0f;
            }
        },
        EQ {
            float apply(float x, float y) {
                return x == y ? 1f : 0f;
            }
        };

        abstract float apply(float x, float y);

        /** Runs the contiguous kernel if there is one; false means "no kernel, loop yourself". */
        boolean kernel(KernelProvider k, float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
            return false;
        }
    }

    /** Below this many columns a per-row kernel call costs more than it saves. */
    private static final int MIN_ROW_KERNEL = 16;

    /**
     * {@code op(a, b)} broadcast to {@code shape}, as a new contiguous tensor with no graph. Uses the
     * kernel when both operands are contiguous or one is a contiguous row repeated over leading axes
     * (a bias); any other layout goes through the general strided loop.
     */
    static Tensor compute(Binary op, Tensor a, Tensor b, int[] shape) {
        Tensor ae = a.rawExpand(shape);
        Tensor be = b.rawExpand(shape);
        int n = Shape.size(shape);
        float[] out = new float[n];
        KernelProvider k = Kernels.get();
        boolean ac = ae.isContiguous();
        boolean bc = be.isContiguous();
        if (ac && bc && op.kernel(k, ae.data, ae.offset, be.data, be.offset, out, 0, n)) {
            return new Tensor(out, shape);
        }
        if (ac != bc) {
            int cols = Strided.rowBroadcastCols(ac ? be : ae);
            if (cols >= MIN_ROW_KERNEL) {
                boolean done = true;
                for (int r = 0, rows = n / cols; r < rows && done; r++) {
                    done = ac ? op.kernel(k, ae.data, ae.offset + r * cols, be.data, be.offset, out, r * cols, cols)
                            : op.kernel(k, ae.data, ae.offset, be.data, be.offset + r * cols, out, r * cols, cols);
                }
                if (done) {
                    return new Tensor(out, shape);
                }
            }
        }
        int[] ao = Strided.offsets(ae);
        int[] bo = Strided.offsets(be);
        float[] x = ae.data;
        float[] y = be.data;
        for (int i = 0; i < n; i++) {
            out[i] = op.apply(x[ao[i]], y[bo[i]]);
        }
        return new Tensor(out, shape);
    }

    /** Adds {@code alpha * g} (shaped like a broadcast output) into {@code input}'s gradient, summing broadcast axes. */
    static void accumulate(Tensor input, Tensor g, float alpha) {
        if (input.requiresGrad()) {
            Strided.addInto(g, input.gradTarget().rawExpand(g.shape), alpha);
        }
    }

    // ------------------------------------------------------------------ binary

    static Tensor add(Tensor a, Tensor b) {
        int[] shape = Shape.broadcast("add", a.shape, b.shape);
        Tensor out = compute(Binary.ADD, a, b, shape);
        return out.record("add", () -> {
            Tensor g = out.gradTarget();
            accumulate(a, g, 1f);
            accumulate(b, g, 1f);
        }, a, b);
    }

    static Tensor sub(Tensor a, Tensor b) {
        int[] shape = Shape.broadcast("sub", a.shape, b.shape);
        Tensor out = compute(Binary.SUB, a, b, shape);
        return out.record("sub", () -> {
            Tensor g = out.gradTarget();
            accumulate(a, g, 1f);
            accumulate(b, g, -1f);
        }, a, b);
    }

    static Tensor mul(Tensor a, Tensor b) {
        int[] shape = Shape.broadcast("mul", a.shape, b.shape);
        Tensor out = compute(Binary.MUL, a, b, shape);
        return out.record("mul", () -> {
            Tensor g = out.gradTarget();
            if (a.requiresGrad()) {
                accumulate(a, compute(Binary.MUL, g, b, shape), 1f);   // d(ab)/da = b
            }
            if (b.requiresGrad()) {
                accumulate(b, compute(Binary.MUL, g, a, shape), 1f);   // d(ab)/db = a
            }
        }, a, b);
    }

    static Tensor div(Tensor a, Tensor b) {
        int[] shape = Shape.broadcast("div", a.shape, b.shape);
        Tensor out = compute(Binary.DIV, a, b, shape);
        return out.record("div", () -> {
            Tensor g = out.gradTarget();
            Tensor gOverB = compute(Binary.DIV, g, b, shape);
            accumulate(a, gOverB, 1f);                                  // d(a/b)/da = 1/b
            if (b.requiresGrad()) {
                accumulate(b, compute(Binary.MUL, gOverB, out, shape), -1f); // d(a/b)/db = -(a/b)/b
            }
        }, a, b);
    }

    static Tensor pow(Tensor a, Tensor b) {
        int[] shape = Shape.broadcast("pow", a.shape, b.shape);
        Tensor out = compute(Binary.POW, a, b, shape);
        return out.record("pow", () -> {
            int n = out.size;
            int[] ao = Strided.offsets(a.rawExpand(shape));
            int[] bo = Strided.offsets(b.rawExpand(shape));
            float[] g = out.grad;
            float[] y = out.data;
            if (a.requiresGrad()) {
                float[] ga = new float[n];                              // b · a^(b-1)
                for (int i = 0; i < n; i++) {
                    float e = b.data[bo[i]];
                    ga[i] = g[i] * e * (float) Math.pow(a.data[ao[i]], e - 1f);
                }
                accumulate(a, new Tensor(ga, shape), 1f);
            }
            if (b.requiresGrad()) {
                float[] gb = new float[n];                              // a^b · ln a
                for (int i = 0; i < n; i++) {
                    gb[i] = g[i] * y[i] * (float) Math.log(a.data[ao[i]]);
                }
                accumulate(b, new Tensor(gb, shape), 1f);
            }
        }, a, b);
    }

    static Tensor compare(String name, Tensor a, Tensor b) {
        Binary op = Binary.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        return compute(op, a, b, Shape.broadcast(name, a.shape, b.shape));
    }

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast("where", cond.shape, a.shape, b.shape);
        int n = Shape.size(shape);
        int[] co = Strided.offsets(cond.rawExpand(shape));
        int[] ao = Strided.offsets(a.rawExpand(shape));
        int[] bo = Strided.offsets(b.rawExpand(shape));
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = cond.data[co[i]] != 0f ? a.data[ao[i]] : b.data[bo[i]];
        }
        Tensor out = new Tensor(y, shape);
        return out.record("where", () -> {
            float[] g = out.grad;
            float[] ga = new float[n];
            float[] gb = new float[n];
            for (int i = 0; i < n; i++) {
                if (cond.data[co[i]] != 0f) {
                    ga[i] = g[i];
                } else {
                    gb[i] = g[i];
                }
            }
            accumulate(a, new Tensor(ga, shape), 1f);
            accumulate(b, new Tensor(gb, shape), 1f);
        }, a, b);
    }

    // ------------------------------------------------------------------ unary

    /** {@code alpha * x + beta}: scalar add, sub, mul, div and neg. */
    static Tensor affine(String name, Tensor x, float alpha, float beta) {
        Tensor xc = x.rawContiguous();
        int n = x.size;
        float[] y = new float[n];
        Kernels.get().affine(xc.data, xc.offset, alpha, beta, y, 0, n);
        Tensor out = new Tensor(y, x.shape);
        return out.record(name, () -> Kernels.get().axpy(alpha, out.grad, 0, x.gradBuffer(), 0, n), x);
    }

    static Tensor exp(Tensor x) {
        Tensor xc = x.rawContiguous();
        int n = x.size;
        float[] y = new float[n];
        Kernels.get().exp(xc.data, xc.offset, y, 0, n);
        Tensor out = new Tensor(y, x.shape);
        return out.record("exp", () -> {                              // d e^x = e^x
            float[] t = new float[n];
            Kernels.get().mul(out.grad, 0, y, 0, t, 0, n);
            Kernels.get().axpy(1f, t, 0, x.gradBuffer(), 0, n);
        }, x);
    }

    static Tensor log(Tensor x) {
        Tensor xc = x.rawContiguous();
        int n = x.size;
        float[] y = new float[n];
        Kernels.get().log(xc.data, xc.offset, y, 0, n);
        Tensor out = new Tensor(y, x.shape);
        return out.record("log", () -> {                              // d ln x = 1/x
            float[] t = new float[n];
            Kernels.get().div(out.grad, 0, xc.data, xc.offset, t, 0, n);
            Kernels.get().axpy(1f, t, 0, x.gradBuffer(), 0, n);
        }, x);
    }

    static Tensor sqrt(Tensor x) {
        Tensor xc = x.rawContiguous();
        int n = x.size;
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = (float) Math.sqrt(xc.data[xc.offset + i]);
        }
        Tensor out = new Tensor(y, x.shape);
        return out.record("sqrt", () -> {                             // d √x = 1 / (2√x)
            float[] g = out.grad;
            float[] dx = x.gradBuffer();
            for (int i = 0; i < n; i++) {
                dx[i] += g[i] * 0.5f / y[i];
            }
        }, x);
    }

    static Tensor pow(Tensor x, float p) {
        Tensor xc = x.rawContiguous();
        int n = x.size;
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            float v = xc.data[xc.offset + i];
            y[i] = p == 2f ? v * v : (float) Math.pow(v, p);
        }
        Tensor out = new Tensor(y, x.shape);
        return out.record("pow", () -> {                              // d x^p = p · x^(p-1)
            float[] g = out.grad;
            float[] dx = x.gradBuffer();
            for (int i = 0; i < n; i++) {
                float v = xc.data[xc.offset + i];
                dx[i] += g[i] * (p == 2f ? 2f * v : p * (float) Math.pow(v, p - 1f));
            }
        }, x);
    }

    static Tensor abs(Tensor x) {
        Tensor xc = x.rawContiguous();
        int n = x.size;
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.abs(xc.data[xc.offset + i]);
        }
        Tensor out = new Tensor(y, x.shape);
        return out.record("abs", () -> {                              // d|x| = sign(x)
            float[] g = out.grad;
            float[] dx = x.gradBuffer();
            for (int i = 0; i < n; i++) {
                dx[i] += g[i] * Math.signum(xc.data[xc.offset + i]);
            }
        }, x);
    }

    static Tensor clamp(Tensor x, float min, float max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max
                    + " (shape " + Shape.toString(x.shape) + ")");
        }
        Tensor xc = x.rawContiguous();
        int n = x.size;
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.min(Math.max(xc.data[xc.offset + i], min), max);
        }
        Tensor out = new Tensor(y, x.shape);
        return out.record("clamp", () -> {                            // 1 inside [min, max], 0 where clipped
            float[] g = out.grad;
            float[] dx = x.gradBuffer();
            for (int i = 0; i < n; i++) {
                float v = xc.data[xc.offset + i];
                if (v >= min && v <= max) {
                    dx[i] += g[i];
                }
            }
        }, x);
    }

    static Tensor relu(Tensor x) {
        Tensor xc = x.rawContiguous();
        int n = x.size;
        float[] y = new float[n];
        Kernels.get().relu(xc.data, xc.offset, y, 0, n);
        Tensor out = new Tensor(y, x.shape);
        return out.record("relu",
                () -> Kernels.get().reluBackward(y, 0, out.grad, 0, x.gradBuffer(), 0, n), x);
    }

    static Tensor sigmoid(Tensor x) {
        Tensor xc = x.rawContiguous();
        int n = x.size;
        float[] y = new float[n];
        Kernels.get().sigmoid(xc.data, xc.offset, y, 0, n);
        Tensor out = new Tensor(y, x.shape);
        return out.record("sigmoid",
                () -> Kernels.get().sigmoidBackward(y, 0, out.grad, 0, x.gradBuffer(), 0, n), x);
    }

    static Tensor tanh(Tensor x) {
        Tensor xc = x.rawContiguous();
        int n = x.size;
        float[] y = new float[n];
        Kernels.get().tanh(xc.data, xc.offset, y, 0, n);
        Tensor out = new Tensor(y, x.shape);
        return out.record("tanh",
                () -> Kernels.get().tanhBackward(y, 0, out.grad, 0, x.gradBuffer(), 0, n), x);
    }
}
