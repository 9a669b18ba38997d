package dev.brisk.engine.tensor;

import java.util.Arrays;

/**
 * Shape, stride and broadcasting arithmetic, and the wording of shape errors.
 *
 * <p>A shape is an {@code int[]} of axis sizes, outermost first; {@code []} is a scalar. Storage is
 * row-major, so the contiguous strides of {@code [2, 3, 4]} are {@code [12, 4, 1]}. Broadcasting
 * follows NumPy: shapes are aligned at their last axis, and two sizes agree when they are equal or
 * one of them is 1 (a missing leading axis counts as 1).
 *
 * <pre>{@code
 * Shape.broadcast("add", new int[]{8, 1, 5}, new int[]{3, 1})   // [8, 3, 5]
 * Shape.toString(new int[]{32, 784})                             // "[32, 784]"
 * }</pre>
 */
public final class Shape {

    private Shape() {
    }

    /** The number of elements of a tensor with this shape (1 for a scalar). */
    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + toString(shape) + " has more than 2^31-1 elements");
        }
        return (int) n;
    }

    /** The row-major (contiguous) strides of a shape, e.g. {@code [2, 3, 4] -> [12, 4, 1]}. */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    /** Formats a shape the way every error message shows it: {@code [32, 784]}. */
    public static String toString(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Formats several shapes as {@code "[3, 4] and [5]"} or {@code "[2], [3] and [4]"}. */
    static String list(int[]... shapes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shapes.length; i++) {
            if (i > 0) {
                sb.append(i == shapes.length - 1 ? " and " : ", ");
            }
            sb.append(toString(shapes[i]));
        }
        return sb.toString();
    }

    /**
     * The NumPy broadcast of several shapes.
     *
     * @param op the operation's name, for the error message
     * @throws IllegalArgumentException naming the op, every shape and the first axis (counted from the
     *         end, as in {@code axis -1: 4 vs 5}) where two sizes are different and neither is 1
     */
    public static int[] broadcast(String op, int[]... shapes) {
        int rank = 0;
        for (int[] s : shapes) {
            rank = Math.max(rank, s.length);
        }
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        for (int back = 1; back <= rank; back++) {
            int size = 1;
            for (int[] s : shapes) {
                if (s.length < back) {
                    continue;
                }
                int d = s[s.length - back];
                if (d == 1) {
                    continue;
                }
                if (size != 1 && size != d) {
                    throw new IllegalArgumentException(op + ": " + list(shapes)
                            + ": shapes cannot be broadcast (axis -" + back + ": " + size + " vs " + d + ")");
                }
                size = d;
            }
            out[rank - back] = size;
        }
        return out;
    }

    /**
     * Resolves a possibly negative axis ({@code -1} is the last) against a rank.
     *
     * @throws IllegalArgumentException naming the op and shape when the axis is out of range
     */
    public static int axis(String op, int axis, int[] shape) {
        int rank = shape.length;
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape "
                    + toString(shape) + " (rank " + rank + ")");
        }
        return a;
    }

    /** Validates a shape given by a user: every size must be at least 0. */
    static int[] check(String op, int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(op + ": negative size in shape " + toString(shape));
            }
        }
        return shape.clone();
    }

    /** The shape with one axis removed, or set to 1 when {@code keepdims}. */
    static int[] reduce(int[] shape, int axis, boolean keepdims) {
        if (keepdims) {
            int[] out = shape.clone();
            out[axis] = 1;
            return out;
        }
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    /** The product of {@code shape[from..to)}. */
    static int prod(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= shape[i];
        }
        return p;
    }

    /**
     * Checks class ids against logits {@code [rows, cols]}: one per row, each in {@code [0, cols)}.
     *
     * @param op the op that asks, for the message
     * @throws IllegalArgumentException naming the op, the shape and the first bad label
     */
    public static void checkClassLabels(String op, int rows, int cols, int[] labels) {
        // the messages are built only when thrown: this runs at every training step
        if (labels.length != rows) {
            throw new IllegalArgumentException(op + ": logits [" + rows + ", " + cols + "] and " + labels.length
                    + " labels: expected one label per row");
        }
        for (int r = 0; r < rows; r++) {
            if (labels[r] < 0 || labels[r] >= cols) {
                throw new IllegalArgumentException(op + ": label " + labels[r] + " at position " + r
                        + " is out of range for logits [" + rows + ", " + cols + "] (classes 0.." + (cols - 1) + ")");
            }
        }
    }
}
