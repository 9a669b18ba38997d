package dev.brisk.engine.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One persistent pool of worker threads shared by every kernel.
 *
 * <p>A kernel that is large enough to gain from threads splits its work into {@code parts}
 * independent pieces and calls {@link #run(int, Part)}: the calling thread runs part 0 and the
 * workers the rest, and the call returns when all are done. How work is split depends only on the
 * sizes and the thread count, and each part writes its own outputs, so results are bit-identical
 * from run to run for a fixed count.
 *
 * <p>The thread count defaults to the number of available processors; the system property
 * {@code brisk.threads} or {@link #setThreads(int)} changes it. Nothing here allocates per call:
 * kernels pass a reusable {@link Part} object, not a capturing lambda.
 */
public final class Parallel {

    /** A piece of parallel work: {@code run(part, parts)} handles piece {@code part} of {@code parts}. */
    @FunctionalInterface
    public interface Part {
        void run(int part, int parts);
    }

    private static volatile int threads = initialThreads();
    private static Worker[] workers = new Worker[0];
    private static final Object LOCK = new Object();
    /** True on the pool's threads; a kernel called from inside a part runs on one thread. */
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private Parallel() {
    }

    private static int initialThreads() {
        String prop = System.getProperty("brisk.threads");
        int n = Runtime.getRuntime().availableProcessors();
        if (prop != null && !prop.isBlank()) {
            try {
                n = Integer.parseInt(prop.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("brisk.threads must be a positive integer, got '" + prop + "'");
            }
        }
        if (n < 1) {
            throw new IllegalArgumentException("brisk.threads must be a positive integer, got " + n);
        }
        return n;
    }

    /** The number of threads kernels may use, counting the caller's. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads kernels may use (at least 1). Takes effect at the next kernel call. */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + n);
        }
        threads = n;
    }

    /**
     * Runs {@code parts} pieces of work, part 0 on the calling thread, and returns when all are done.
     * With one part, one thread, or when called from inside another part, everything runs inline.
     * The first exception thrown by any part is rethrown here.
     */
    public static void run(int parts, Part body) {
        if (parts <= 1 || threads == 1 || INSIDE.get()) {
            for (int p = 0; p < parts; p++) {
                body.run(p, parts);
            }
            return;
        }
        synchronized (LOCK) { // one parallel region at a time: the pool is as wide as the machine
            Worker[] ws = ensureWorkers(parts - 1);
            Batch batch = BATCH;
            batch.reset(body, parts);
            for (int p = 1; p < parts; p++) {
                ws[p - 1].submit(batch, p);
            }
            Throwable failure = null;
            try {
                INSIDE.set(Boolean.TRUE);
                body.run(0, parts);
            } catch (Throwable t) {
                failure = t;
            } finally {
                INSIDE.set(Boolean.FALSE);
            }
            batch.awaitOthers();
            if (failure == null) {
                failure = batch.failure;
            }
            batch.body = null;
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error err) {
                throw err;
            }
            if (failure != null) {
                throw new RuntimeException(failure);
            }
        }
    }

    private static final Batch BATCH = new Batch();

    /** The state of the one parallel region in flight. */
    private static final class Batch {
        volatile Part body;
        int parts;
        final AtomicInteger pending = new AtomicInteger();
        volatile Thread waiter;
        volatile Throwable failure;

        void reset(Part body, int parts) {
            this.body = body;
            this.parts = parts;
            this.failure = null;
            this.waiter = Thread.currentThread();
            pending.set(parts - 1);
        }

        void done(Throwable t) {
            if (t != null && failure == null) {
                failure = t;
            }
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(waiter);
            }
        }

        void awaitOthers() {
            int spins = 0;
            while (pending.get() != 0) {
                if (++spins < 2000) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 50_000L);
                }
            }
        }
    }

    private static Worker[] ensureWorkers(int needed) {
        if (workers.length < needed) {
            Worker[] grown = new Worker[needed];
            System.arraycopy(workers, 0, grown, 0, workers.length);
            for (int i = workers.length; i < needed; i++) {
                grown[i] = new Worker(i + 1);
                grown[i].start();
            }
            workers = grown;
        }
        return workers;
    }

    private static final class Worker extends Thread {
        private volatile Batch batch;
        private volatile int part;

        Worker(int index) {
            super("brisk-kernel-" + index);
            setDaemon(true);
        }

        void submit(Batch b, int p) {
            part = p;
            batch = b; // volatile write publishes part
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            INSIDE.set(Boolean.TRUE);
            while (true) {
                Batch b = batch;
                if (b == null) {
                    // Spin briefly first: training issues kernels back to back, and parking costs microseconds.
                    for (int i = 0; i < 20_000 && (b = batch) == null; i++) {
                        Thread.onSpinWait();
                    }
                    if (b == null) {
                        // A part may leave this thread interrupted; park returns at once while the
                        // flag is set, which would turn the idle worker into a busy loop for good.
                        Thread.interrupted();
                        LockSupport.park(this);
                        continue;
                    }
                }
                batch = null;
                Throwable t = null;
                try {
                    b.body.run(part, b.parts);
                } catch (Throwable e) {
                    t = e;
                }
                b.done(t);
            }
        }
    }
}
