package dev.brisk.engine.tensor;

import dev.brisk.engine.kernels.KernelProvider;
import dev.brisk.engine.kernels.Kernels;

/**
 * Softmax, log-softmax, the fused softmax + cross-entropy loss, and dropout. Softmax over the last
 * axis of a contiguous tensor runs on the row kernels; other axes loop over strided slices.
 */
final class Activations {

    private Activations() {
    }

    /** Softmax ({@code log == false}) or log-softmax along an axis. */
    static Tensor softmax(Tensor x, int axis, boolean log) {
        String name = log ? "logSoftmax" : "softmax";
        int a = Shape.axis(name, axis, x.shape);
        int outer = Shape.prod(x.shape, 0, a);
        int n = x.shape[a];
        int inner = Shape.prod(x.shape, a + 1, x.shape.length);
        Tensor xc = x.rawContiguous();
        float[] y = new float[x.size];
        if (inner == 1) {
            if (log) {
                Kernels.get().logSoftmaxRows(xc.data, xc.offset, outer, n, y, 0);
            } else {
                Kernels.get().softmaxRows(xc.data, xc.offset, outer, n, y, 0);
            }
        } else {
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int base = o * n * inner + i;
                    float m = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < n; j++) {
                        m = Math.max(m, xc.data[xc.offset + base + j * inner]);
                    }
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        sum += Math.exp(xc.data[xc.offset + base + j * inner] - m);
                    }
                    float logSum = (float) Math.log(sum);
                    for (int j = 0; j < n; j++) {
                        float shifted = xc.data[xc.offset + base + j * inner] - m;
                        y[base + j * inner] = log ? shifted - logSum : (float) (Math.exp(shifted) / sum);
                    }
                }
            }
        }
        Tensor out = new Tensor(y, x.shape);
        return out.record(name, () -> {
            // softmax:     dx_j = y_j (g_j - Σ_k g_k y_k)
            // logSoftmax:  dx_j = g_j - exp(y_j) Σ_k g_k
            float[] g = out.grad;
            float[] dx = x.gradBuffer();
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int base = o * n * inner + i;
                    float dot = 0f;
                    for (int j = 0; j < n; j++) {
                        int e = base + j * inner;
                        dot += log ? g[e] : g[e] * y[e];
                    }
                    for (int j = 0; j < n; j++) {
                        int e = base + j * inner;
                        dx[e] += log ? g[e] - (float) Math.exp(y[e]) * dot : y[e] * (g[e] - dot);
                    }
                }
            }
        }, x);
    }

    static Tensor sparseCrossEntropy(Tensor logits, int[] labels) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("sparseCrossEntropy: logits must be 2-D [N, C], got "
                    + Shape.toString(logits.shape));
        }
        int rows = logits.shape[0];
        int cols = logits.shape[1];
        Shape.checkClassLabels("sparseCrossEntropy", rows, cols, labels);
        if (rows == 0) {
            throw new IllegalArgumentException("sparseCrossEntropy: logits " + Shape.toString(logits.shape)
                    + " have no rows to average over");
        }
        Tensor xc = logits.rawContiguous();
        boolean needGrad = logits.requiresGrad() && !NoGrad.isActive();
        // The kernel computes d(mean loss)/d(logits) together with the loss; backward just scales it.
        float[] saved = needGrad ? new float[logits.size] : null;
        float loss = Kernels.get().softmaxCrossEntropy(xc.data, xc.offset, rows, cols, labels.clone(), 0, saved, 0, 1f);
        Tensor out = new Tensor(new float[]{loss}, new int[0]);
        return out.record("sparseCrossEntropy",
                () -> Kernels.get().axpy(out.grad[0], saved, 0, logits.gradBuffer(), 0, logits.size), logits);
    }

    static Tensor dropout(Tensor x, float p, long seed) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout: rate must be in [0, 1), got " + p
                    + " (shape " + Shape.toString(x.shape) + ")");
        }
        Tensor xc = x.rawContiguous();
        int n = x.size;
        float[] y = new float[n];
        KernelProvider k = Kernels.get();
        k.dropout(xc.data, xc.offset, y, 0, n, p, seed, 0L);
        Tensor out = new Tensor(y, x.shape);
        // The mask is a pure function of (seed, index): regenerate it rather than store it.
        return out.record("dropout",
                () -> Kernels.get().dropoutBackward(out.grad, 0, x.gradBuffer(), 0, n, p, seed, 0L), x);
    }
}
