package dev.brisk.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Which kernels the engine runs on. The build runs this class twice: once as the JVM is normally
 * started (with {@code --add-modules jdk.incubator.vector}, so SIMD), and once in the
 * {@code scalar-kernels} surefire execution with {@code -Dbrisk.kernels=scalar}, together with the
 * tensor and demo tests, which this proves really ran on the scalar twin.
 */
class KernelsTest {

    @Test
    void theSystemPropertyChoosesTheProvider() {
        String forced = System.getProperty("brisk.kernels", "").trim();
        if (forced.equals("scalar")) {
            assertSame(Kernels.scalar(), Kernels.get());
            assertEquals("scalar", Kernels.get().name());
        } else if (Kernels.vectorAvailable()) {
            assertSame(Kernels.vector(), Kernels.get());
            assertTrue(Kernels.get().name().startsWith("vector"), Kernels.get().name());
        } else {
            assertSame(Kernels.scalar(), Kernels.get(), "without jdk.incubator.vector the scalar kernels are the fallback");
        }
    }

    @Test
    void theBuildAddsTheVectorModuleToTheTestJvm() {
        assertTrue(Kernels.vectorAvailable(),
                "the test JVM should be started with --add-modules=jdk.incubator.vector (see test.argLine in pom.xml)");
    }
}
