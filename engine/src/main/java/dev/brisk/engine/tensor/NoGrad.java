package dev.brisk.engine.tensor;

/**
 * A scope in which operations record no autodiff graph, like PyTorch's {@code torch.no_grad()}.
 *
 * <p>Inside the scope every result is a plain tensor with no parents and
 * {@code requiresGrad() == false}, so evaluation and optimizer updates cost no graph memory. Scopes
 * nest and are per thread.
 *
 * <pre>{@code
 * try (NoGrad g = NoGrad.enter()) {
 *     Tensor predictions = model.forward(x);   // no graph is built
 * }
 * }</pre>
 */
public final class NoGrad implements AutoCloseable {

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private boolean closed;

    private NoGrad() {
    }

    /** Enters a no-grad scope on this thread; close it (try-with-resources) to leave. */
    public static NoGrad enter() {
        DEPTH.get()[0]++;
        return new NoGrad();
    }

    /** Whether this thread is inside a no-grad scope. */
    public static boolean isActive() {
        return DEPTH.get()[0] > 0;
    }

    /** Leaves the scope; closing twice is harmless. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            DEPTH.get()[0]--;
        }
    }
}
