package dev.brisk.engine.kernels;

/**
 * The counter-based random generator behind dropout masks.
 *
 * <p>Whether element {@code i} survives depends only on {@code (seed, i)}: a keyed integer hash of the
 * index, not a sequential generator. That makes masks reproducible, lets every SIMD lane and every
 * thread compute its own elements independently, and lets the backward pass regenerate the forward
 * mask instead of storing it. The hash is two rounds of the "lowbias32" integer mixer (Chris
 * Wellons' hash-prospector), keyed by the seed; it uses only 32-bit multiply, xor, add and shift, so
 * {@code VectorKernels} computes the very same bits with {@code IntVector}s.
 */
public final class DropoutMask {

    private DropoutMask() {
    }

    /** The first 32-bit key derived from a 64-bit seed. */
    public static int keyA(long seed) {
        return (int) mix64(seed);
    }

    /** The second 32-bit key derived from a 64-bit seed. */
    public static int keyB(long seed) {
        return (int) (mix64(seed) >>> 32);
    }

    /** 24 uniformly distributed random bits for element {@code index} under the keys of a seed. */
    public static int bits24(int keyA, int keyB, int index) {
        return lowbias32(lowbias32(index ^ keyA) + keyB) >>> 8;
    }

    /**
     * The integer threshold for drop probability {@code p}: an element is kept when its
     * {@link #bits24} are at least this, so it is dropped with probability {@code threshold / 2^24 ≈ p}.
     */
    public static int threshold(float p) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout: rate must be in [0, 1), got " + p);
        }
        return (int) Math.round(p * (double) (1 << 24));
    }

    /** Whether element {@code index} is kept under {@code seed} at drop rate {@code p}. */
    public static boolean keep(long seed, long index, float p) {
        return bits24(keyA(seed), keyB(seed), (int) index) >= threshold(p);
    }

    /** The lowbias32 mixer: a bijection on 32-bit integers with good avalanche. */
    static int lowbias32(int x) {
        x ^= x >>> 16;
        x *= 0x7feb352d;
        x ^= x >>> 15;
        x *= 0x846ca68b;
        x ^= x >>> 16;
        return x;
    }

    /** SplitMix64's finalizer, used once per call to spread a seed into two keys. */
    static long mix64(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
