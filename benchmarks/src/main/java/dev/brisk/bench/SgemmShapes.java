package dev.brisk.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GEMM shapes we time, exactly those of the numpy peer ({@code shared/peers/numpy_sgemm.py}), so
 * that the two sweeps can be laid side by side row by row.
 *
 * <p>Square products 256 to 2048, then the five products of one training step of the Fashion-MNIST
 * MLP (784-128-10) at batch 32 and 256. Transposed operands are stored as the transposed view would
 * be (A as {@code k × m} when {@code transA}, B as {@code n × k} when {@code transB}), as numpy's
 * {@code a.T} hands BLAS a transpose flag instead of a copy.
 */
public final class SgemmShapes {

    /**
     * One product {@code C[m×n] = op(A)[m×k] · op(B)[k×n]}.
     *
     * @param id    the JMH parameter value, e.g. {@code B32_fwd1} or {@code 256x256x256:NN}
     * @param label the peer's name for the same product, e.g. {@code B32 fwd1 [32x784]@[784x128]}
     */
    public record Shape(String id, String label, int m, int n, int k, boolean transA, boolean transB) {

        /** Floating-point operations of one call: a multiply and an add per (i, j, p). */
        public double flops() {
            return 2.0 * m * n * k;
        }
    }

    /** Every shape in the peer's order, by id. */
    public static final Map<String, Shape> ALL = build();

    private SgemmShapes() {
    }

    /** The shape with this id. */
    public static Shape of(String id) {
        Shape s = ALL.get(id);
        if (s == null) {
            throw new IllegalArgumentException("sgemm: unknown shape '" + id + "', expected one of " + ALL.keySet());
        }
        return s;
    }

    private static Map<String, Shape> build() {
        List<Shape> list = new ArrayList<>();
        for (int s : new int[] {256, 512, 1024, 2048}) {
            list.add(new Shape(s + "x" + s + "x" + s + ":NN", "square " + s, s, s, s, false, false));
        }
        for (int b : new int[] {32, 256}) {
            // Labels copy the peer's, padding included; comparisons collapse whitespace anyway.
            list.add(new Shape("B" + b + "_fwd1", "B" + b + " fwd1 [" + b + "x784]@[784x128]", b, 128, 784, false, false));
            list.add(new Shape("B" + b + "_fwd2", "B" + b + " fwd2 [" + b + "x128]@[128x10]", b, 10, 128, false, false));
            list.add(new Shape("B" + b + "_dH", "B" + b + " dH   [" + b + "x10]@[10x128]^T", b, 128, 10, false, true));
            list.add(new Shape("B" + b + "_dW2", "B" + b + " dW2  [128x" + b + "]^T@[" + b + "x10]", 128, 10, b, true, false));
            list.add(new Shape("B" + b + "_dW1", "B" + b + " dW1  [784x" + b + "]^T@[" + b + "x128]", 784, 128, b, true, false));
        }
        Map<String, Shape> map = new LinkedHashMap<>();
        for (Shape s : list) {
            map.put(s.id(), s);
        }
        return map;
    }
}
