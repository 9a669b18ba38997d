package dev.brisk.engine.kernels;

import java.lang.System.Logger.Level;

/**
 * Chooses, once at start-up, which {@link KernelProvider} the engine uses.
 *
 * <p>The SIMD implementation needs the incubating module {@code jdk.incubator.vector}, which the JVM
 * only loads when started with {@code --add-modules jdk.incubator.vector} (the build adds it
 * everywhere). Without it the engine still works on {@link ScalarKernels} and says once, on the
 * {@code System.Logger}, that it is slow and why. The system property {@code brisk.kernels=scalar}
 * forces the scalar path, e.g. to compare results; {@code brisk.kernels=vector} insists on SIMD and
 * fails loudly if it is unavailable.
 */
public final class Kernels {

    private static final String VECTOR_CLASS = "dev.brisk.engine.kernels.VectorKernels";
    private static final KernelProvider VECTOR = loadVector();
    private static final KernelProvider PROVIDER = choose();

    private Kernels() {
    }

    /** The kernels the engine runs on. */
    public static KernelProvider get() {
        return PROVIDER;
    }

    /** The plain-Java reference kernels (always available). */
    public static KernelProvider scalar() {
        return ScalarKernels.INSTANCE;
    }

    /** Whether the Vector API kernels can run in this JVM. */
    public static boolean vectorAvailable() {
        return VECTOR != null;
    }

    /**
     * The Vector API kernels.
     *
     * @throws IllegalStateException if {@code jdk.incubator.vector} is not loaded in this JVM
     */
    public static KernelProvider vector() {
        if (VECTOR == null) {
            throw new IllegalStateException("The Vector API kernels need the JVM option "
                    + "--add-modules jdk.incubator.vector (and JDK 25 or later)");
        }
        return VECTOR;
    }

    private static KernelProvider loadVector() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            return (KernelProvider) Class.forName(VECTOR_CLASS).getField("INSTANCE").get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            System.getLogger(Kernels.class.getName()).log(Level.WARNING,
                    "Vector API kernels failed to load (" + e + "); using scalar kernels");
            return null;
        }
    }

    private static KernelProvider choose() {
        String forced = System.getProperty("brisk.kernels", "").trim();
        switch (forced) {
            case "scalar":
                return ScalarKernels.INSTANCE;
            case "vector":
                return vector();
            case "":
                break;
            default:
                throw new IllegalArgumentException("brisk.kernels must be 'scalar' or 'vector', got '" + forced + "'");
        }
        if (VECTOR == null) {
            System.getLogger(Kernels.class.getName()).log(Level.WARNING,
                    "jdk.incubator.vector is not loaded: Brisk runs on its scalar kernels, several times slower. "
                            + "Start the JVM (JDK 25+) with --add-modules jdk.incubator.vector to use SIMD.");
            return ScalarKernels.INSTANCE;
        }
        return VECTOR;
    }
}
