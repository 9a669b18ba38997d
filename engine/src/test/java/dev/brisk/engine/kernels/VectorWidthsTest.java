package dev.brisk.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Vector API kernels on narrower vectors than this machine's: a JVM started with
 * {@code -XX:MaxVectorSize} 16 or 32 prefers 128- or 256-bit vectors (NEON, AVX2), where some
 * species and paths differ (no byte shape a quarter as wide at 128 bits; no half-vector narrow
 * kernels below 512). Each width must load the vector kernels, not fall back to the scalar ones,
 * and match the scalar twin.
 */
class VectorWidthsTest {

    @ParameterizedTest(name = "MaxVectorSize={0}")
    @ValueSource(ints = {16, 32})
    void narrowerVectorsLoadAndMatchTheScalarTwin(int bytes) throws IOException, InterruptedException {
        assumeTrue(Kernels.vectorAvailable(), "jdk.incubator.vector is not loaded");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-XX:MaxVectorSize=" + bytes,
                "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Check.class.getName()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("vector(" + bytes * 8 + "-bit)"), out);
    }

    /** Run in the child JVM: exits 1 with a message on the first mismatch. */
    public static final class Check {
        public static void main(String[] args) {
            KernelProvider v = Kernels.get();
            KernelProvider s = Kernels.scalar();
            System.out.println(v.name());
            if (v == s) {
                fail("the scalar kernels were loaded");
            }
            Random r = new Random(5);
            byte[] pixels = new byte[1000];
            r.nextBytes(pixels);
            for (int n : new int[] {7, 16, 33, 784}) {
                float[] a = new float[n];
                float[] b = new float[n];
                v.unsignedBytesToFloats(pixels, 3, a, 0, n, 255f);
                s.unsignedBytesToFloats(pixels, 3, b, 0, n, 255f);
                if (!java.util.Arrays.equals(a, b)) {
                    fail("unsignedBytesToFloats n=" + n);
                }
            }
            int[] order = {9, 2, 5, 0, 7};
            float[] gathered = new float[order.length * 33];
            float[] gatheredScalar = new float[gathered.length];
            v.unsignedByteRowsToFloats(pixels, 33, order, 0, order.length, gathered, 0, 255f);
            s.unsignedByteRowsToFloats(pixels, 33, order, 0, order.length, gatheredScalar, 0, 255f);
            if (!java.util.Arrays.equals(gathered, gatheredScalar)) {
                fail("unsignedByteRowsToFloats");
            }
            // every sgemm path: narrow (10 columns) row-major and transposed, small, main, one row
            int[][] shapes = {{300, 10, 128}, {128, 10, 300}, {32, 128, 784}, {200, 130, 300}, {1, 128, 300}, {70, 9, 70}};
            for (int[] sh : shapes) {
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0;
                    boolean tb = (t & 2) != 0;
                    int m = sh[0], n = sh[1], k = sh[2];
                    float[] x = gaussian(r, m * k);
                    float[] y = gaussian(r, k * n);
                    float[] c1 = gaussian(r, m * n);
                    float[] c2 = c1.clone();
                    v.sgemm(ta, tb, m, n, k, x, 0, ta ? m : k, y, 0, tb ? k : n, 0f, c1, 0, n);
                    s.sgemm(ta, tb, m, n, k, x, 0, ta ? m : k, y, 0, tb ? k : n, 0f, c2, 0, n);
                    for (int i = 0; i < c1.length; i++) {
                        if (!(Math.abs(c1[i] - c2[i]) <= 1e-4f * (float) Math.sqrt(k) * 4f + 1e-5f * Math.abs(c2[i]))) {
                            fail("sgemm " + m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb + " at " + i
                                    + ": " + c1[i] + " vs " + c2[i]);
                        }
                    }
                }
            }
            System.out.println("ok");
        }

        private static float[] gaussian(Random r, int n) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) r.nextGaussian();
            }
            return v;
        }

        private static void fail(String what) {
            System.out.println("FAILED: " + what);
            System.exit(1);
        }
    }
}
