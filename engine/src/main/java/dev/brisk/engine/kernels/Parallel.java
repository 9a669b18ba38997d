package dev.brisk.engine.kernels;

import java.util.concurrent.atomic.AtomicLongArray;
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
            int generation = region.open(body, parts);
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
         * The two counters, each alone on its cache lines (128 bytes either side, the reach of the
         * adjacent-line prefetcher): idle workers poll {@code claims} continuously, and any field
         * of another object sharing its line would bounce between the cores at every write.
         */
        private final AtomicLongArray counters = new AtomicLongArray(48);
        private static final int CLAIMS = 16;
        private static final int DONE = 32;
        /** Written only by the opening thread, under LOCK, before {@code claims} publishes them. */
        Part body;
        int parts;
        int generation;
        volatile Thread waiter;
        volatile Throwable failure;

        /** Starts a region of {@code parts} parts, part 0 already the caller's; returns its generation. */
        int open(Part body, int parts) {
            this.body = body;
            this.parts = parts;
            this.failure = null;
            this.waiter = Thread.currentThread();
            counters.set(DONE, 0);
            generation++;
            counters.set(CLAIMS, ((long) generation << 32) | 1L); // volatile write: publishes the fields above
            return generation;
        }

        /** Claims the next part of region {@code g}, or returns -1 if none is left or the region is over. */
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

        /** Runs a claimed part, records its failure, and counts it done. */
        void work(int part) {
            try {
                body.run(part, parts);
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
            }
            if (counters.incrementAndGet(DONE) == parts) {
                LockSupport.unpark(waiter);
            }
        }

        /** Waits for the parts that workers claimed and are still running: polls briefly, then parks. */
        void awaitAll() {
            long start = 0;
            for (int polls = 1; counters.get(DONE) != parts; polls++) {
                Thread.onSpinWait();
                if (polls % 64 == 0) {
                    long now = System.nanoTime();
                    if (start == 0) {
                        start = now;
                    } else if (now - start > POLL_NANOS) {
                        LockSupport.parkNanos(this, 20_000L);
                    }
                }
            }
        }

        /** Ends the region: drops the body, returns the first failure. */
        Throwable close() {
            body = null;
            return failure;
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
        /** Set just before parking; the opener unparks only a parked worker (a syscall otherwise wasted). */
        private volatile boolean parked;

        Worker(int index) {
            super("brisk-kernel-" + index);
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
            long idleSince = 0;
            for (int polls = 1; ; polls++) {
                int g = region.latest();
                if (g != seen) {
                    seen = g;
                    for (int p; (p = region.claim(g)) >= 0; ) {
                        region.work(p);
                    }
                    polls = 0;
                    idleSince = 0;
                    continue;
                }
                Thread.onSpinWait();
                if (polls % 64 != 0) {
                    continue;
                }
                long now = System.nanoTime();
                if (idleSince == 0) {
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
