package dev.brisk.engine.kernels;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One persistent pool of worker threads shared by every kernel.
 *
 * <p>A kernel that is large enough to gain from threads splits its work into {@code parts}
 * independent pieces and calls {@link #run(int, Part)}: the calling thread runs part 0 and then
 * claims, as the workers do, the parts nobody has started, and the call returns when all are done.
 * How work is split depends only on the sizes and the thread count, and each part writes its own
 * outputs whichever thread runs it, so results are bit-identical from run to run for a fixed count.
 * Idle workers poll for new work for a moment, then park (see {@code POLL_NANOS}).
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
    private static volatile Worker[] workers = new Worker[0];
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
     * Runs {@code parts} pieces of work and returns when all are done. The calling thread runs part
     * 0, then, like every worker, claims the remaining parts one at a time until none is left. So
     * a worker that is late (parked, or descheduled while the JIT compiler or another process
     * holds its core) costs nothing: the caller does its part instead, and two threads are never
     * much slower than one. Which thread runs a part never changes what the part computes, so
     * results stay bit-identical. With one part, one thread, or when called from inside another
     * part, everything runs inline. The first exception thrown by any part is rethrown here.
     */
    public static void run(int parts, Part body) {
        if (parts <= 1 || threads == 1 || INSIDE.get()) {
            for (int p = 0; p < parts; p++) {
                body.run(p, parts);
            }
            return;
        }
        synchronized (LOCK) { // one parallel region at a time: the pool is as wide as the machine
            int helpers = Math.min(parts, threads) - 1;
            Worker[] ws = ensureWorkers(helpers);
            Region region = REGION;
            int generation = region.open(body, parts, helpers);
            for (int i = 0; i < helpers; i++) {
                ws[i].wake();
            }
            INSIDE.set(Boolean.TRUE);
            try {
                region.work(0);
                for (int p; (p = region.claim(generation)) >= 0; ) {
                    region.work(p);
                }
            } finally {
                INSIDE.set(Boolean.FALSE);
            }
            region.awaitAll();
            Throwable failure = region.close();
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

    /**
     * True if the helpers a region of {@link #threads()} parts would use are all awake, polling for
     * work (they poll for {@code POLL_NANOS} after each region, then park). A region opened now
     * then costs a few hundred nanoseconds instead of a wake-up of 20-90 µs, so work too small to
     * pay for a wake-up may still gain from being split: kernels whose results do not depend on
     * the split (elementwise ones) use this to split medium sizes right after a split product.
     * A hint, read without locking: a helper may park just after.
     */
    public static boolean helpersAwake() {
        int helpers = threads - 1;
        Worker[] ws = workers;
        if (helpers < 1 || ws.length < helpers) {
            return false;
        }
        for (int i = 0; i < helpers; i++) {
            if (ws[i].parked) {
                return false;
            }
        }
        return true;
    }

    /** The one parallel region; reused, so that a region allocates nothing. */
    private static final Region REGION = new Region();

    /**
     * The state of the parallel region in flight. Parts are claimed through one atomic word that
     * holds the region's generation (upper 32 bits) and the next unclaimed part (lower 32): a
     * worker that wakes late, after its region closed and another opened, sees a different
     * generation and claims nothing of the new one with the old one's body.
     */
    private static final class Region {
        /**
         * The two counters, at least 128 bytes from each other and from anything else (the reach
         * of the adjacent-line prefetcher): idle workers poll {@code CLAIMS} continuously, and any
         * field of another object sharing its lines would bounce between the cores at every write.
         */
        private final AtomicLongArray counters = new AtomicLongArray(56);
        private static final int CLAIMS = 16;
        private static final int DONE = 32;
        /** Written only by the opening thread, under LOCK, before {@code CLAIMS} publishes them. */
        Part body;
        int parts;
        /** Workers 1 .. helpers may take parts of this region; others ignore it (see setThreads). */
        int helpers;
        int generation;
        Thread waiter;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        /** Starts a region of {@code parts} parts, part 0 already the caller's; returns its generation. */
        int open(Part body, int parts, int helpers) {
            this.body = body;
            this.parts = parts;
            this.helpers = helpers;
            this.waiter = Thread.currentThread();
            failure.set(null);
            counters.set(DONE, 0);
            generation++;
            counters.set(CLAIMS, ((long) generation << 32) | 1L); // volatile write: publishes the fields above
            return generation;
        }

        /**
         * Claims the next part of region {@code g}, or returns -1 if none is left or the region is
         * over. The compare-and-set is on the whole word, generation included, and {@link #close}
         * moves the word past every part: a worker holding a stale snapshot can never claim.
         */
        int claim(int g) {
            while (true) {
                long c = counters.get(CLAIMS);
                if ((int) (c >>> 32) != g || (int) c >= parts) {
                    return -1;
                }
                if (counters.compareAndSet(CLAIMS, c, c + 1)) {
                    return (int) c;
                }
            }
        }

        /** The generation of the latest region opened. */
        int latest() {
            return (int) (counters.get(CLAIMS) >>> 32);
        }

        /**
         * Runs a claimed part, records the first failure, and counts the part done. The region's
         * fields are read before the count: once it reaches {@code parts} the caller may return
         * and open the next region.
         */
        void work(int part) {
            Part b = body;
            int n = parts;
            Thread w = waiter;
            try {
                b.run(part, n);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
            if (counters.incrementAndGet(DONE) == n) {
                LockSupport.unpark(w);
            }
        }

        /** Waits for the parts that workers claimed and are still running: polls briefly, then parks. */
        void awaitAll() {
            boolean timing = false;
            long start = 0;
            for (int polls = 1; counters.get(DONE) != parts; polls++) {
                Thread.onSpinWait();
                if (polls % 64 == 0) {
                    long now = System.nanoTime();
                    if (!timing) {
                        timing = true;
                        start = now;
                    } else if (now - start > POLL_NANOS) {
                        LockSupport.parkNanos(this, 20_000L);
                    }
                }
            }
        }

        /** Ends the region: no part can be claimed any more; drops the body, returns the first failure. */
        Throwable close() {
            counters.set(CLAIMS, ((long) generation << 32) | Integer.MAX_VALUE);
            body = null;
            return failure.get();
        }
    }

    /**
     * How long an idle thread polls for work (or a waiting one for its parts) before it parks. Short,
     * on purpose: on a virtual machine like this one the two virtual CPUs may share one physical
     * core, and a thread that keeps polling slows the one doing the work; measured here, a worker
     * that polled and yielded for 2 ms after each region made one tutorial run in three take twice
     * as long with two threads as with one. Waking a parked thread costs 20-90 µs here, so only
     * regions worth much more than that are split at all (see the kernels' thresholds), and the
     * caller never waits for a worker that has not yet started: it runs unclaimed parts itself.
     */
    private static final long POLL_NANOS = 50_000L;

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
        /** This worker's number, from 1: it takes parts only of regions that want that many helpers. */
        private final int index;
        /** Set just before parking; the opener unparks only a parked worker (a syscall otherwise wasted). */
        private volatile boolean parked;

        Worker(int index) {
            super("brisk-kernel-" + index);
            this.index = index;
            setDaemon(true);
        }

        void wake() {
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            INSIDE.set(Boolean.TRUE);
            Region region = REGION;
            int seen = 0;
            boolean idle = false;
            long idleSince = 0;
            for (int polls = 1; ; polls++) {
                int g = region.latest();
                if (g != seen) {
                    seen = g;
                    if (index <= region.helpers) {         // read after CLAIMS, which published it
                        for (int p; (p = region.claim(g)) >= 0; ) {
                            region.work(p);
                        }
                    }
                    polls = 0;
                    idle = false;
                    continue;
                }
                Thread.onSpinWait();
                if (polls % 64 != 0) {
                    continue;
                }
                long now = System.nanoTime();
                if (!idle) {
                    idle = true;
                    idleSince = now;
                } else if (now - idleSince > POLL_NANOS) {
                    parked = true;
                    // Re-check after announcing: the opener writes claims, then reads parked.
                    if (region.latest() == seen) {
                        // A part may leave this thread interrupted; park returns at once while the
                        // flag is set, which would turn the idle worker into a busy loop for good.
                        Thread.interrupted();
                        LockSupport.park(this);
                    }
                    parked = false;
                }
            }
        }
    }
}
