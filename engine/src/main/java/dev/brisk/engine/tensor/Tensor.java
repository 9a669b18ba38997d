package dev.brisk.engine.tensor;

import dev.brisk.engine.kernels.Kernels;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * An n-dimensional array of {@code float}s that remembers how it was computed, so that
 * {@link #backward()} can compute gradients (define-by-run reverse-mode autodiff).
 *
 * <h2>Storage and views</h2>
 * A tensor is a window on a heap {@code float[]}: an offset, a shape and a stride per axis, row-major.
 * Movement ops ({@link #reshape}, {@link #transpose}, {@link #permute}, {@link #T()}, {@link #narrow},
 * {@link #slice}, {@link #expand}) return <em>views</em> that share the storage and copy nothing;
 * {@link #contiguous()} copies only when the elements are not already laid out row-major.
 *
 * <h2>Autodiff</h2>
 * Every op computes its output and, if some input {@link #requiresGrad()} and no {@link NoGrad}
 * scope is open, records its inputs and a closure that back-propagates through it, written next to
 * the forward code. {@link #backward()} sorts the graph topologically and runs the closures in
 * reverse; gradients of leaf tensors accumulate ({@code +=}) in {@link #grad()} across calls until
 * {@link #zeroGrad()}.
 *
 * <pre>{@code
 * Tensor w = Tensor.randn(42, 3, 2).requiresGrad(true);
 * Tensor x = Tensor.of(new float[][]{{1, 2, 3}});
 * Tensor loss = x.matmul(w).relu().sum();
 * loss.backward();
 * w.grad();                     // d loss / d w, shape [3, 2]
 * }</pre>
 *
 * <p>Binary ops broadcast like NumPy ({@code [8, 1, 5] + [3, 1] -> [8, 3, 5]}); their gradients are
 * summed back to each input's shape. Shape errors are {@link IllegalArgumentException}s naming the op
 * and every shape, e.g. {@code matmul: [32, 784] x [128, 10]: inner dimensions 784 and 128 differ}.
 *
 * <p>Tensors are not thread-safe; numeric work runs on {@link Kernels#get()}.
 */
public final class Tensor {

    private static final Tensor[] NO_PARENTS = new Tensor[0];

    // ------------------------------------------------------------------ state

    final float[] data;
    final int offset;
    final int[] shape;
    final int[] strides;
    final int size;

    private boolean requiresGrad;
    /** The gradient, contiguous in this tensor's shape; allocated on first use. */
    float[] grad;
    private Tensor[] parents = NO_PARENTS;
    private Runnable backwardFn;
    private String op = "leaf";

    Tensor(float[] data, int offset, int[] shape, int[] strides) {
        this.data = data;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
        this.size = Shape.size(shape);
    }

    /** A contiguous tensor over {@code data} (not copied). */
    Tensor(float[] data, int[] shape) {
        this(data, 0, shape, Shape.contiguousStrides(shape));
        if (data.length < size) {
            throw new IllegalArgumentException("tensor: " + data.length + " values cannot fill shape "
                    + Shape.toString(shape) + " (" + size + " elements)");
        }
    }

    // ------------------------------------------------------------------ creation

    /** A tensor of zeros. {@code Tensor.zeros(2, 3)} has shape {@code [2, 3]}; {@code zeros()} is a scalar. */
    public static Tensor zeros(int... shape) {
        int[] s = Shape.check("zeros", shape);
        return new Tensor(new float[Shape.size(s)], s);
    }

    /** A tensor of ones. */
    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    /** A tensor with every element equal to {@code value}. */
    public static Tensor full(float value, int... shape) {
        int[] s = Shape.check("full", shape);
        float[] d = new float[Shape.size(s)];
        Arrays.fill(d, value);
        return new Tensor(d, s);
    }

    /** The 1-D tensor {@code [0, 1, ..., n-1]}. */
    public static Tensor arange(int n) {
        return arange(0f, n, 1f);
    }

    /**
     * The 1-D tensor {@code [start, start+step, ...]} of values below {@code end} (above it for a
     * negative step), like NumPy's {@code arange}.
     */
    public static Tensor arange(float start, float end, float step) {
        if (step == 0f || Float.isNaN(step)) {
            throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        }
        int n = (int) Math.max(0, Math.ceil((end - (double) start) / step));
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) (start + (double) i * step);
        }
        return new Tensor(d, new int[]{n});
    }

    /**
     * A tensor holding a copy of {@code values} in the given shape (row-major).
     * {@code Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3)} is {@code [[1, 2, 3], [4, 5, 6]]}; with no
     * shape the tensor is 1-D.
     */
    public static Tensor of(float[] values, int... shape) {
        int[] s = shape.length == 0 ? new int[]{values.length} : Shape.check("of", shape);
        if (Shape.size(s) != values.length) {
            throw new IllegalArgumentException("of: " + values.length + " values do not fill shape "
                    + Shape.toString(s) + " (" + Shape.size(s) + " elements)");
        }
        return new Tensor(values.clone(), s);
    }

    /**
     * A tensor over {@code values} itself, not a copy: later writes to the array show in the tensor.
     * For results computed into a fresh array; {@link #of(float[], int...)} copies.
     */
    public static Tensor wrap(float[] values, int... shape) {
        int[] s = Shape.check("wrap", shape);
        if (Shape.size(s) != values.length) {
            throw new IllegalArgumentException("wrap: " + values.length + " values do not fill shape "
                    + Shape.toString(s) + " (" + Shape.size(s) + " elements)");
        }
        return new Tensor(values, s);
    }

    /** A 2-D tensor copied from rows of equal length. */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] d = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("of: row " + r + " has " + rows[r].length
                        + " values but row 0 has " + cols);
            }
            System.arraycopy(rows[r], 0, d, r * cols, cols);
        }
        return new Tensor(d, new int[]{rows.length, cols});
    }

    /** A scalar (rank 0) tensor. */
    public static Tensor scalar(float value) {
        return new Tensor(new float[]{value}, new int[0]);
    }

    /** Standard normal samples (mean 0, std 1), reproducible from {@code seed}. */
    public static Tensor randn(long seed, int... shape) {
        return normal(seed, 0f, 1f, shape);
    }

    /** Normal samples with the given mean and standard deviation (Box-Muller), reproducible from {@code seed}. */
    public static Tensor normal(long seed, float mean, float std, int... shape) {
        int[] s = Shape.check("normal", shape);
        float[] d = new float[Shape.size(s)];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < d.length; i += 2) {
            double u1 = 1.0 - rng.nextDouble(); // (0, 1]: log is finite
            double u2 = rng.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1));
            d[i] = (float) (mean + std * r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < d.length) {
                d[i + 1] = (float) (mean + std * r * Math.sin(2 * Math.PI * u2));
            }
        }
        return new Tensor(d, s);
    }

    /** Uniform samples in {@code [0, 1)}, reproducible from {@code seed}. */
    public static Tensor rand(long seed, int... shape) {
        return uniform(seed, 0f, 1f, shape);
    }

    /** Uniform samples in {@code [low, high)}, reproducible from {@code seed}. */
    public static Tensor uniform(long seed, float low, float high, int... shape) {
        int[] s = Shape.check("uniform", shape);
        float[] d = new float[Shape.size(s)];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (low + (high - (double) low) * rng.nextDouble());
        }
        return new Tensor(d, s);
    }

    // ------------------------------------------------------------------ inspection

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The size of one axis; negative axes count from the end. */
    public int dim(int axis) {
        return shape[Shape.axis("dim", axis, shape)];
    }

    /** The number of axes (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** The number of elements. */
    public int size() {
        return size;
    }

    /** A copy of the strides, in elements. */
    public int[] strides() {
        return strides.clone();
    }

    /** Where element {@code [0, ..., 0]} sits in {@link #data()}. */
    public int offset() {
        return offset;
    }

    /**
     * The storage array itself, shared with every view of it, for code that hands it to kernels
     * (e.g. optimizers). Writing to it bypasses autodiff.
     */
    public float[] data() {
        return data;
    }

    /** Whether the elements lie row-major and adjacent in storage (from {@link #offset()}). */
    public boolean isContiguous() {
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (size != 1) {
            throw new IllegalArgumentException("item: needs a one-element tensor, got shape " + Shape.toString(shape));
        }
        return data[offset];
    }

    /** The element at a full index, e.g. {@code t.get(1, 2)}; negative indices count from the end. */
    public float get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates but shape " + Shape.toString(shape) + " has " + shape.length + " axes");
        }
        int o = offset;
        for (int d = 0; d < index.length; d++) {
            int i = index[d] < 0 ? index[d] + shape[d] : index[d];
            if (i < 0 || i >= shape[d]) {
                throw new IllegalArgumentException("get: index " + Arrays.toString(index) + " is out of range for shape "
                        + Shape.toString(shape));
            }
            o += i * strides[d];
        }
        return data[o];
    }

    /** The elements in row-major order, copied. */
    public float[] toArray() {
        if (isContiguous()) {
            return Arrays.copyOfRange(data, offset, offset + size);
        }
        int[] o = Strided.offsets(this);
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = data[o[i]];
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Shape.toString(shape));
        if (requiresGrad) {
            sb.append(parents.length == 0 ? " requiresGrad" : " grad_fn=" + op);
        }
        sb.append(' ');
        float[] v = toArray();
        if (v.length > 64) {
            String head = Arrays.toString(Arrays.copyOf(v, 64));
            sb.append(head, 0, head.length() - 1).append(", ... (").append(v.length).append(" values)]");
        } else {
            sb.append(Arrays.toString(v));
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ autodiff

    /** Whether gradients flow to (and, for a leaf, accumulate in) this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf tensor (one made by a factory, not by an op) as a parameter whose gradient
     * {@link #backward()} should compute. Returns {@code this}, so {@code Tensor.randn(1, 3, 3).requiresGrad(true)}.
     *
     * @throws IllegalStateException on a tensor computed by an op; use {@link #detach()} for that
     */
    public Tensor requiresGrad(boolean requires) {
        if (parents.length > 0) {
            throw new IllegalStateException("requiresGrad: " + Shape.toString(shape) + " is the output of '" + op
                    + "', not a leaf; call detach() to get a leaf sharing its storage");
        }
        this.requiresGrad = requires;
        return this;
    }

    /** Whether this tensor was made by a factory (or {@link #detach()}) rather than by a recorded op. */
    public boolean isLeaf() {
        return parents.length == 0;
    }

    /** The name of the op that produced this tensor ({@code "leaf"} for a leaf), for debugging graphs. */
    public String op() {
        return op;
    }

    /**
     * The accumulated gradient of a leaf (contiguous, same shape), or null if no backward pass has
     * reached it. Intermediate tensors' gradients are released after each backward pass.
     */
    public Tensor grad() {
        return grad == null ? null : new Tensor(grad, shape.clone());
    }

    /** Whether a gradient has been accumulated into this tensor (its buffer exists). */
    public boolean hasGrad() {
        return grad != null;
    }

    /** Resets the accumulated gradient to zero (keeping its buffer, so references to it stay valid). */
    public void zeroGrad() {
        if (grad != null) {
            Arrays.fill(grad, 0f);
        }
    }

    /** A tensor sharing this one's storage but cut off from the graph: a leaf with {@code requiresGrad() == false}. */
    public Tensor detach() {
        return new Tensor(data, offset, shape, strides);
    }

    /**
     * Back-propagates from this scalar (e.g. a loss): afterwards every leaf that requires grad and
     * took part in computing it has {@code d this / d leaf} added to its {@link #grad()}.
     *
     * @throws IllegalArgumentException if this tensor has more than one element (use {@link #backward(Tensor)})
     * @throws IllegalStateException if this tensor does not require grad
     */
    public void backward() {
        if (size != 1) {
            throw new IllegalArgumentException("backward: needs a scalar (one-element) tensor, got shape "
                    + Shape.toString(shape) + "; reduce it first (e.g. sum()) or call backward(gradient)");
        }
        backward(full(1f, shape));
    }

    /**
     * Back-propagates a given gradient of some downstream scalar with respect to this tensor
     * (a vector-Jacobian product): leaves receive {@code Σ gradient · d this / d leaf}.
     */
    public void backward(Tensor gradient) {
        if (!Arrays.equals(gradient.shape, shape)) {
            throw new IllegalArgumentException("backward: gradient shape " + Shape.toString(gradient.shape)
                    + " differs from tensor shape " + Shape.toString(shape));
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward: tensor " + Shape.toString(shape)
                    + " does not require grad (no input of it has requiresGrad(true), or it was computed under NoGrad)");
        }
        List<Tensor> order = topologicalOrder();
        for (Tensor t : order) {
            if (!t.isLeaf()) {
                t.grad = null;
            }
        }
        Strided.addInto(gradient, gradTarget(), 1f);
        try (NoGrad g = NoGrad.enter()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                if (t.backwardFn != null && t.grad != null) {
                    t.backwardFn.run();
                }
            }
        } finally {
            for (Tensor t : order) {
                if (!t.isLeaf()) {
                    t.grad = null;
                }
            }
        }
    }

    /** Every tensor requiring grad that this one depends on, inputs before outputs (iterative DFS: graphs can be deep). */
    private List<Tensor> topologicalOrder() {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        stack.push(this);
        next.push(0);
        seen.put(this, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            int i = next.pop();
            if (i < t.parents.length) {
                next.push(i + 1);
                Tensor p = t.parents[i];
                if (p.requiresGrad && seen.put(p, Boolean.TRUE) == null) {
                    stack.push(p);
                    next.push(0);
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }

    /**
     * Makes this freshly computed tensor the output of {@code op} in the graph, if grad mode is on
     * and some input requires grad; {@code backward} then runs during {@link #backward()} and must add
     * this tensor's gradient, pushed through the op, into the inputs' gradients. Returns {@code this}.
     */
    Tensor record(String op, Runnable backward, Tensor... inputs) {
        if (NoGrad.isActive()) {
            return this;
        }
        boolean any = false;
        for (Tensor t : inputs) {
            any |= t.requiresGrad;
        }
        if (any) {
            this.op = op;
            this.parents = inputs;
            this.requiresGrad = true;
            this.backwardFn = backward;
        }
        return this;
    }

    /**
     * If this tensor is a recorded view that swaps the last two axes of its one input (what
     * {@link #T()} and {@code transpose(-2, -1)} make), that input; otherwise null. Matmul's backward
     * uses it to write a transposed operand's gradient straight into the input's gradient, in the
     * input's orientation, with flipped sgemm flags instead of a strided pass through the view.
     */
    Tensor transposedBase() {
        if (parents.length != 1 || !"permute".equals(op) || shape.length < 2) {
            return null;
        }
        Tensor p = parents[0];
        int r = shape.length;
        if (p.data != data || p.offset != offset || p.shape.length != r) {
            return null;
        }
        for (int d = 0; d < r - 2; d++) {
            if (p.shape[d] != shape[d] || p.strides[d] != strides[d]) {
                return null;
            }
        }
        boolean swapped = p.shape[r - 2] == shape[r - 1] && p.shape[r - 1] == shape[r - 2]
                && p.strides[r - 2] == strides[r - 1] && p.strides[r - 1] == strides[r - 2];
        return swapped ? p : null;
    }

    /**
     * The gradient's backing array, contiguous in this tensor's shape, created zeroed on first use:
     * where kernels that run outside the graph (a layer's {@code Step}) accumulate gradients.
     */
    public float[] gradBuffer() {
        if (grad == null) {
            grad = new float[size];
        }
        return grad;
    }

    /** The gradient buffer as a contiguous tensor: the target that ops' backward closures add into. */
    Tensor gradTarget() {
        return new Tensor(gradBuffer(), 0, shape, Shape.contiguousStrides(shape));
    }

    // ------------------------------------------------------------------ raw movement (no graph)

    Tensor asStrided(int offset, int[] shape, int[] strides) {
        return new Tensor(data, offset, shape, strides);
    }

    /** A contiguous tensor with the same elements: this one's storage when possible, else a copy. No graph. */
    Tensor rawContiguous() {
        if (isContiguous()) {
            return asStrided(offset, shape, Shape.contiguousStrides(shape));
        }
        return new Tensor(toArray(), shape);
    }

    Tensor rawPermute(int[] dims) {
        int[] s = new int[dims.length];
        int[] st = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            s[i] = shape[dims[i]];
            st[i] = strides[dims[i]];
        }
        return asStrided(offset, s, st);
    }

    /** The broadcast of this tensor to {@code target} (already validated): size-1 and missing axes get stride 0. */
    Tensor rawExpand(int[] target) {
        int lead = target.length - shape.length;
        int[] st = new int[target.length];
        for (int i = 0; i < shape.length; i++) {
            st[lead + i] = shape[i] == 1 && target[lead + i] != 1 ? 0 : strides[i];
        }
        return asStrided(offset, target.clone(), st);
    }

    Tensor rawSlice(int axis, int start, int length, int step) {
        int[] s = shape.clone();
        int[] st = strides.clone();
        s[axis] = length;
        st[axis] = strides[axis] * step;
        return asStrided(offset + (length == 0 ? 0 : start * strides[axis]), s, st);
    }

    /** A view with the new shape, or null if these strides cannot express it without copying. */
    Tensor rawReshape(int[] newShape) {
        if (isContiguous()) {
            return asStrided(offset, newShape, Shape.contiguousStrides(newShape));
        }
        // PyTorch's stride computation: split the old axes into chunks that are contiguous among
        // themselves, and check each chunk maps onto whole new axes.
        int[] newStrides = new int[newShape.length];
        int viewD = newShape.length - 1;
        int chunkBaseStride = strides[strides.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int tensorD = shape.length - 1; tensorD >= 0; tensorD--) {
            tensorNumel *= shape[tensorD];
            if (tensorD == 0 || (shape[tensorD - 1] != 1 && strides[tensorD - 1] != tensorNumel * chunkBaseStride)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = (int) (viewNumel * chunkBaseStride);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (tensorD > 0) {
                    chunkBaseStride = strides[tensorD - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? asStrided(offset, newShape, newStrides) : null;
    }

    // ------------------------------------------------------------------ views (zero-copy, differentiable)

    /**
     * A differentiable view: {@code move} maps a tensor to a view of it. Its backward applies the very
     * same movement to the input's gradient buffer and adds into it, so a transpose's gradient is
     * transposed back, a slice's lands in its slice, and an expand's is summed (stride 0 aliases).
     */
    private Tensor view(String name, UnaryOperator<Tensor> move) {
        Tensor out = move.apply(this);
        return out.record(name, () -> Strided.addInto(out.gradTarget(), move.apply(gradTarget()), 1f), this);
    }

    /**
     * The same elements in a new shape (row-major order), as a view when the strides allow it and a
     * copy otherwise. One size may be {@code -1}, inferred: {@code x.reshape(-1, 784)}.
     */
    public Tensor reshape(int... newShape) {
        int[] s = inferShape(newShape);
        if (rawReshape(s) == null) {
            return contiguous().reshape(s);
        }
        return view("reshape", t -> t.rawReshape(s));
    }

    private int[] inferShape(int[] newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        int known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1 && infer < 0) {
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("reshape: " + Shape.toString(shape) + " to " + Arrays.toString(newShape)
                        + ": sizes must be non-negative, with at most one -1");
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException("reshape: " + Shape.toString(shape) + " to " + Arrays.toString(newShape)
                        + ": " + size + " elements cannot be split into parts of " + known);
            }
            s[infer] = size / known;
        }
        if (Shape.size(s) != size) {
            throw new IllegalArgumentException("reshape: " + Shape.toString(shape) + " to " + Shape.toString(s)
                    + ": " + size + " elements cannot fill " + Shape.size(s));
        }
        return s;
    }

    /** Flattens axes {@code fromAxis..} into one: {@code [B, C, H, W].flatten(1) -> [B, C*H*W]}. */
    public Tensor flatten(int fromAxis) {
        if (shape.length == 0) {
            return reshape(1);
        }
        int a = Shape.axis("flatten", fromAxis, shape);
        int[] s = Arrays.copyOf(shape, a + 1);
        s[a] = Shape.prod(shape, a, shape.length);
        return reshape(s);
    }

    /** Removes an axis of size 1: {@code [3, 1, 4].squeeze(1) -> [3, 4]}. */
    public Tensor squeeze(int axis) {
        int a = Shape.axis("squeeze", axis, shape);
        if (shape[a] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " of " + Shape.toString(shape) + " has size "
                    + shape[a] + ", not 1");
        }
        return reshape(Shape.reduce(shape, a, false));
    }

    /** Inserts an axis of size 1 at position {@code axis} of the result: {@code [3, 4].unsqueeze(0) -> [1, 3, 4]}. */
    public Tensor unsqueeze(int axis) {
        int a = axis < 0 ? axis + shape.length + 1 : axis;
        if (a < 0 || a > shape.length) {
            throw new IllegalArgumentException("unsqueeze: axis " + axis + " is out of range for shape " + Shape.toString(shape));
        }
        int[] s = new int[shape.length + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            s[i] = i == a ? 1 : shape[j++];
        }
        return reshape(s);
    }

    /** Reorders the axes: {@code [N, H, W, C].permute(0, 3, 1, 2) -> [N, C, H, W]}, zero-copy. */
    public Tensor permute(int... dims) {
        if (dims.length != shape.length) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(dims) + " has " + dims.length
                    + " axes but shape " + Shape.toString(shape) + " has " + shape.length);
        }
        int[] d = new int[dims.length];
        boolean[] used = new boolean[dims.length];
        for (int i = 0; i < dims.length; i++) {
            d[i] = Shape.axis("permute", dims[i], shape);
            if (used[d[i]]) {
                throw new IllegalArgumentException("permute: " + Arrays.toString(dims) + " repeats axis " + dims[i]
                        + " (shape " + Shape.toString(shape) + ")");
            }
            used[d[i]] = true;
        }
        int[] inverse = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            inverse[d[i]] = i;
        }
        Tensor out = rawPermute(d);
        return out.record("permute", () -> Strided.addInto(out.gradTarget().rawPermute(inverse), gradTarget(), 1f), this);
    }

    /** Swaps two axes, zero-copy: {@code w.transpose(0, 1)}. */
    public Tensor transpose(int axisA, int axisB) {
        int a = Shape.axis("transpose", axisA, shape);
        int b = Shape.axis("transpose", axisB, shape);
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i;
        }
        dims[a] = b;
        dims[b] = a;
        return permute(dims);
    }

    /** The transpose of the last two axes ({@code [m, n] -> [n, m]}), zero-copy; matmul reads it without copying. */
    public Tensor T() {
        if (shape.length < 2) {
            throw new IllegalArgumentException("T: needs at least 2 axes, got shape " + Shape.toString(shape));
        }
        return transpose(-2, -1);
    }

    /** Elements {@code start .. start+length-1} along an axis, zero-copy: {@code x.narrow(0, 10, 32)} takes rows 10..41. */
    public Tensor narrow(int axis, int start, int length) {
        int a = Shape.axis("narrow", axis, shape);
        if (start < 0 || length < 0 || start + length > shape[a]) {
            throw new IllegalArgumentException("narrow: start " + start + " and length " + length
                    + " do not fit axis " + axis + " of size " + shape[a] + " in shape " + Shape.toString(shape));
        }
        return view("narrow", t -> t.rawSlice(a, start, length, 1));
    }

    /**
     * Python's {@code x[start:end:step]} along one axis, zero-copy. Negative {@code start}/{@code end}
     * count from the end; {@code end} is clamped to the axis size; {@code step} must be positive.
     * {@code x.slice(1, 0, x.dim(1), 2)} keeps the even columns.
     */
    public Tensor slice(int axis, int start, int end, int step) {
        int a = Shape.axis("slice", axis, shape);
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step + " (shape " + Shape.toString(shape) + ")");
        }
        int n = shape[a];
        int s = Math.min(Math.max(start < 0 ? start + n : start, 0), n);
        int e = Math.min(Math.max(end < 0 ? end + n : end, 0), n);
        int length = e > s ? (e - s + step - 1) / step : 0;
        return view("slice", t -> t.rawSlice(a, s, length, step));
    }

    /** {@code slice(axis, start, end, 1)}. */
    public Tensor slice(int axis, int start, int end) {
        return slice(axis, start, end, 1);
    }

    /**
     * Broadcasts to a larger shape without copying (size-1 and missing leading axes repeat with
     * stride 0): {@code bias.expand(32, 10)} for a bias of shape {@code [10]}. The gradient is summed
     * over the repeated axes.
     */
    public Tensor expand(int... target) {
        int lead = target.length - shape.length;
        if (lead < 0) {
            throw new IllegalArgumentException("expand: " + Shape.toString(shape) + " to " + Shape.toString(target)
                    + ": the target has fewer axes");
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] != 1 && shape[i] != target[lead + i]) {
                throw new IllegalArgumentException("expand: " + Shape.toString(shape) + " to " + Shape.toString(target)
                        + ": axis " + i + " has size " + shape[i] + ", which is neither 1 nor " + target[lead + i]);
            }
        }
        int[] t = target.clone();
        return view("expand", x -> x.rawExpand(t));
    }

    /** This tensor if it is already contiguous, otherwise a row-major copy (whose gradient flows back here). */
    public Tensor contiguous() {
        if (isContiguous()) {
            return this;
        }
        Tensor out = rawContiguous();
        return out.record("contiguous",
                () -> Kernels.get().axpy(1f, out.grad, 0, gradBuffer(), 0, size), this);
    }

    // ------------------------------------------------------------------ elementwise arithmetic

    /** {@code this + other}, broadcasting. */
    public Tensor add(Tensor other) {
        return Elementwise.add(this, other);
    }

    /** {@code this - other}, broadcasting. */
    public Tensor sub(Tensor other) {
        return Elementwise.sub(this, other);
    }

    /** {@code this * other} elementwise, broadcasting (not a matrix product: see {@link #matmul}). */
    public Tensor mul(Tensor other) {
        return Elementwise.mul(this, other);
    }

    /** {@code this / other}, broadcasting. */
    public Tensor div(Tensor other) {
        return Elementwise.div(this, other);
    }

    /** {@code this ^ exponent} elementwise, broadcasting; the base must be positive where the exponent's gradient is needed. */
    public Tensor pow(Tensor exponent) {
        return Elementwise.pow(this, exponent);
    }

    /** {@code this + c}. */
    public Tensor add(float c) {
        return Elementwise.affine("add", this, 1f, c);
    }

    /** {@code this - c}. */
    public Tensor sub(float c) {
        return Elementwise.affine("sub", this, 1f, -c);
    }

    /** {@code this * c}. */
    public Tensor mul(float c) {
        return Elementwise.affine("mul", this, c, 0f);
    }

    /** {@code this / c}. */
    public Tensor div(float c) {
        return Elementwise.affine("div", this, 1f / c, 0f);
    }

    /** {@code -this}. */
    public Tensor neg() {
        return Elementwise.affine("neg", this, -1f, 0f);
    }

    /** {@code this ^ p} elementwise, e.g. {@code x.pow(2)}; for non-integer {@code p} the elements should be positive. */
    public Tensor pow(float p) {
        return Elementwise.pow(this, p);
    }

    /** {@code e^x} elementwise. */
    public Tensor exp() {
        return Elementwise.exp(this);
    }

    /** The natural logarithm elementwise. */
    public Tensor log() {
        return Elementwise.log(this);
    }

    /** The square root elementwise. */
    public Tensor sqrt() {
        return Elementwise.sqrt(this);
    }

    /** {@code |x|} elementwise (gradient 0 at 0). */
    public Tensor abs() {
        return Elementwise.abs(this);
    }

    /** Limits every element to {@code [min, max]}; the gradient is zero where an element was clipped. */
    public Tensor clamp(float min, float max) {
        return Elementwise.clamp(this, min, max);
    }

    /** {@code max(x, 0)} elementwise. */
    public Tensor relu() {
        return Elementwise.relu(this);
    }

    /** {@code 1 / (1 + e^-x)} elementwise. */
    public Tensor sigmoid() {
        return Elementwise.sigmoid(this);
    }

    /** The hyperbolic tangent elementwise. */
    public Tensor tanh() {
        return Elementwise.tanh(this);
    }

    // ------------------------------------------------------------------ comparisons (no gradient)

    /** 1 where {@code this > other}, else 0 (broadcasting; never requires grad). */
    public Tensor gt(Tensor other) {
        return Elementwise.compare("gt", this, other);
    }

    /** 1 where {@code this >= other}, else 0. */
    public Tensor ge(Tensor other) {
        return Elementwise.compare("ge", this, other);
    }

    /** 1 where {@code this < other}, else 0. */
    public Tensor lt(Tensor other) {
        return Elementwise.compare("lt", this, other);
    }

    /** 1 where {@code this <= other}, else 0. */
    public Tensor le(Tensor other) {
        return Elementwise.compare("le", this, other);
    }

    /** 1 where {@code this == other}, else 0. */
    public Tensor eq(Tensor other) {
        return Elementwise.compare("eq", this, other);
    }

    /** 1 where {@code this > c}, else 0. */
    public Tensor gt(float c) {
        return gt(scalar(c));
    }

    /** 1 where {@code this >= c}, else 0. */
    public Tensor ge(float c) {
        return ge(scalar(c));
    }

    /** 1 where {@code this < c}, else 0. */
    public Tensor lt(float c) {
        return lt(scalar(c));
    }

    /** 1 where {@code this <= c}, else 0. */
    public Tensor le(float c) {
        return le(scalar(c));
    }

    /** 1 where {@code this == c}, else 0. */
    public Tensor eq(float c) {
        return eq(scalar(c));
    }

    /**
     * Picks {@code a} where {@code cond} is non-zero and {@code b} elsewhere, broadcasting all three:
     * {@code Tensor.where(x.gt(0), x, x.mul(0.01f))} is a leaky ReLU. Gradients flow to {@code a} and
     * {@code b} only where each was picked; {@code cond} gets none.
     */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return Elementwise.where(cond, a, b);
    }

    // ------------------------------------------------------------------ reductions

    /** The sum of all elements, a scalar. */
    public Tensor sum() {
        return Reductions.sumAll(this);
    }

    /** The sum along one axis (negative counts from the end), which is removed unless {@code keepdims}. */
    public Tensor sum(int axis, boolean keepdims) {
        return Reductions.sum(this, axis, keepdims);
    }

    /** {@code sum(axis, false)}. */
    public Tensor sum(int axis) {
        return sum(axis, false);
    }

    /** The mean of all elements, a scalar. */
    public Tensor mean() {
        return sum().mul(1f / size);
    }

    /** The mean along one axis. */
    public Tensor mean(int axis, boolean keepdims) {
        return sum(axis, keepdims).mul(1f / shape[Shape.axis("mean", axis, shape)]);
    }

    /** {@code mean(axis, false)}. */
    public Tensor mean(int axis) {
        return mean(axis, false);
    }

    /** The largest element, a scalar; its gradient goes to the first position holding it. */
    public Tensor max() {
        return reshape(-1).max(0, false);
    }

    /** The maximum along an axis; the gradient goes to the first maximal element of each slice (as {@link #argmax}). */
    public Tensor max(int axis, boolean keepdims) {
        return Reductions.max(this, axis, keepdims);
    }

    /** {@code max(axis, false)}. */
    public Tensor max(int axis) {
        return max(axis, false);
    }

    /** The index of the first maximum along an axis, as a float tensor (no gradient): predicted classes are {@code logits.argmax(-1)}. */
    public Tensor argmax(int axis, boolean keepdims) {
        return Reductions.argmax(this, axis, keepdims);
    }

    /** {@code argmax(axis, false)}. */
    public Tensor argmax(int axis) {
        return argmax(axis, false);
    }

    /** The row-major position of the first largest element. */
    public int argmax() {
        return (int) reshape(-1).argmax(0, false).item();
    }

    /** {@code log Σ exp(x)} along an axis, computed stably (the maximum is factored out). */
    public Tensor logsumexp(int axis, boolean keepdims) {
        return Reductions.logsumexp(this, axis, keepdims);
    }

    /** {@code logsumexp(axis, false)}. */
    public Tensor logsumexp(int axis) {
        return logsumexp(axis, false);
    }

    // ------------------------------------------------------------------ linear algebra and nn

    /**
     * The matrix product. {@code [m, k] x [k, n] -> [m, n]}; batched {@code [b, m, k] x [b, k, n] -> [b, m, n]}
     * (a batch of 1 broadcasts); {@code [b, m, k] x [k, n]} applies one matrix to every batch element.
     * Transposed views ({@code x.matmul(w.T())}) are read in place through the kernel's transpose flags.
     */
    public Tensor matmul(Tensor other) {
        return MatMul.matmul(this, other);
    }

    /**
     * A dense layer's affine map, {@code this · weight + bias}, fused: the bias is written into the
     * output first and the matrix product accumulates onto it, so the output is produced in one pass
     * and the graph gets one node instead of two. Equal to {@code matmul(weight).add(bias)}.
     *
     * <pre>{@code
     * Tensor h = x.linear(w, b);   // x [batch, in], w [in, out] (or a transposed view), b [out]
     * }</pre>
     *
     * @throws IllegalArgumentException if this or {@code weight} is not 2-D, the inner dimensions
     *         differ, or {@code bias} is not 1-D with one element per output column
     */
    public Tensor linear(Tensor weight, Tensor bias) {
        return MatMul.linear(this, weight, bias);
    }

    /** The softmax along an axis (each slice becomes positive and sums to 1), numerically stable. */
    public Tensor softmax(int axis) {
        return Activations.softmax(this, axis, false);
    }

    /** {@code log(softmax(x))} along an axis, computed without taking the log of tiny probabilities. */
    public Tensor logSoftmax(int axis) {
        return Activations.softmax(this, axis, true);
    }

    /**
     * The mean cross-entropy of logits {@code [N, C]} against class labels (one per row, in {@code [0, C)}),
     * fused with the softmax: a scalar loss. {@code logits.sparseCrossEntropy(new int[]{3, 0, 9})}.
     */
    public Tensor sparseCrossEntropy(int[] labels) {
        return Activations.sparseCrossEntropy(this, labels);
    }

    /**
     * Inverted dropout: each element is zeroed with probability {@code p} and the survivors scaled by
     * {@code 1/(1-p)}, so the expectation is unchanged. The mask depends only on {@code seed} and the
     * element's position: the same seed gives the same mask (the backward pass regenerates it).
     * Use a new seed per training step; skip dropout at inference.
     */
    public Tensor dropout(float p, long seed) {
        return Activations.dropout(this, p, seed);
    }

    // ------------------------------------------------------------------ indexing

    /**
     * Rows of this table {@code [V, D]} picked by id: an embedding lookup returning {@code [ids.length, D]}.
     * Ids may repeat; their gradients add up in the table's gradient.
     */
    public Tensor gatherRows(int[] ids) {
        return Indexing.gatherRows(this, ids);
    }

    /** Joins tensors along an existing axis; the other axes must agree: {@code concat(1, [2, 3], [2, 5]) -> [2, 8]}. */
    public static Tensor concat(int axis, Tensor... tensors) {
        return Indexing.concat(axis, tensors);
    }

    /** Joins equally shaped tensors along a new axis: {@code stack(0, [3], [3]) -> [2, 3]}. */
    public static Tensor stack(int axis, Tensor... tensors) {
        return Indexing.stack(axis, tensors);
    }
}
