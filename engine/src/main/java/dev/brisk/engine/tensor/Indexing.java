package dev.brisk.engine.tensor;

import dev.brisk.engine.kernels.KernelProvider;
import dev.brisk.engine.kernels.Kernels;

/** Ops that move elements between tensors by index: row gather (embedding lookup), concat and stack. */
final class Indexing {

    private Indexing() {
    }

    static Tensor gatherRows(Tensor table, int[] ids) {
        if (table.rank() != 2) {
            throw new IllegalArgumentException("gatherRows: table must be 2-D [V, D], got " + Shape.toString(table.shape));
        }
        int v = table.shape[0];
        int d = table.shape[1];
        int[] rows = ids.clone();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= v) {
                throw new IllegalArgumentException("gatherRows: id " + rows[i] + " at position " + i
                        + " is out of range for table " + Shape.toString(table.shape) + " (ids 0.." + (v - 1) + ")");
            }
        }
        float[] y = new float[rows.length * d];
        int rs = table.strides[0];
        int cs = table.strides[1];
        for (int i = 0; i < rows.length; i++) {
            int src = table.offset + rows[i] * rs;
            if (cs == 1) {
                System.arraycopy(table.data, src, y, i * d, d);
            } else {
                for (int j = 0; j < d; j++) {
                    y[i * d + j] = table.data[src + j * cs];
                }
            }
        }
        Tensor out = new Tensor(y, new int[]{rows.length, d});
        return out.record("gatherRows", () -> {                       // scatter-add: repeated ids sum their gradients
            KernelProvider k = Kernels.get();
            float[] dt = table.gradBuffer();
            for (int i = 0; i < rows.length; i++) {
                k.axpy(1f, out.grad, i * d, dt, rows[i] * d, d);
            }
        }, table);
    }

    static Tensor concat(int axis, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        int[][] shapes = new int[tensors.length][];
        for (int i = 0; i < tensors.length; i++) {
            shapes[i] = tensors[i].shape;
        }
        int[] first = tensors[0].shape;
        if (first.length == 0) {
            throw new IllegalArgumentException("concat: cannot join scalars (shapes " + Shape.list(shapes) + "); use stack");
        }
        int a = Shape.axis("concat", axis, first);
        int[] shape = first.clone();
        shape[a] = 0;
        for (Tensor t : tensors) {
            boolean fits = t.shape.length == first.length;
            for (int d = 0; fits && d < first.length; d++) {
                fits = d == a || t.shape[d] == first[d];
            }
            if (!fits) {
                throw new IllegalArgumentException("concat: " + Shape.list(shapes)
                        + ": shapes must agree on every axis except " + axis);
            }
            shape[a] += t.shape[a];
        }
        Tensor out = new Tensor(new float[Shape.size(shape)], shape);
        int[] starts = new int[tensors.length];
        for (int i = 0, start = 0; i < tensors.length; i++) {
            starts[i] = start;
            Strided.copyInto(tensors[i], out.rawSlice(a, start, tensors[i].shape[a], 1));
            start += tensors[i].shape[a];
        }
        return out.record("concat", () -> {                           // each input gets its slice of the gradient
            Tensor g = out.gradTarget();
            for (int i = 0; i < tensors.length; i++) {
                if (tensors[i].requiresGrad()) {
                    Strided.addInto(g.rawSlice(a, starts[i], tensors[i].shape[a], 1), tensors[i].gradTarget(), 1f);
                }
            }
        }, tensors.clone());
    }

    static Tensor stack(int axis, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("stack: needs at least one tensor");
        }
        int[][] shapes = new int[tensors.length][];
        for (int i = 0; i < tensors.length; i++) {
            shapes[i] = tensors[i].shape;
        }
        for (int[] s : shapes) {
            if (!java.util.Arrays.equals(s, shapes[0])) {
                throw new IllegalArgumentException("stack: " + Shape.list(shapes) + ": all shapes must be equal");
            }
        }
        int rank = tensors[0].rank();
        if (axis < -(rank + 1) || axis > rank) {
            throw new IllegalArgumentException("stack: axis " + axis + " is out of range for stacking shape "
                    + Shape.toString(tensors[0].shape) + " (result rank " + (rank + 1) + ")");
        }
        Tensor[] expanded = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            expanded[i] = tensors[i].unsqueeze(axis);
        }
        return concat(axis, expanded);
    }
}
