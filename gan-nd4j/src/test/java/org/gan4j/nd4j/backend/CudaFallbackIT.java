package org.gan4j.nd4j.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.gan4j.Gan;
import org.gan4j.nd4j.Nd4jEngine;
import org.junit.jupiter.api.Test;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs with ND4J's CUDA backend on the classpath (Maven profile {@code cuda-fallback}) on a machine without a
 * usable GPU: gan4j must hide CUDA, say why, and train on the CPU.
 */
class CudaFallbackIT {

    private static List<String> backendsNd4jSees() throws IOException {
        List<String> lines = new ArrayList<>();
        ClassLoader loader = ND4JClassLoading.getNd4jClassloader();
        for (URL url : Collections.list(loader.getResources(CudaHidingClassLoader.SERVICE_FILE))) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(),
                    StandardCharsets.UTF_8))) {
                r.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(lines::add);
            }
        }
        return lines;
    }

    @Test
    void cudaOnTheClasspathWithoutAGpuFallsBackToTheCpuWithTheReason() throws IOException {
        assertThat(ND4JClassLoading.classPresentOnClasspath("org.nd4j.linalg.jcublas.JCublasBackend"))
                .as("this test needs the cuda-fallback profile").isTrue();
        List<String> before = backendsNd4jSees();
        assertThat(before).contains("org.nd4j.linalg.jcublas.JCublasBackend");

        Nd4jEngine engine = (Nd4jEngine) Gan.engine();
        BackendSelector.Decision decision = BackendSelector.apply();

        assertThat(decision.cudaOnClasspath()).isTrue();
        assertThat(decision.cudaHidden()).isTrue();
        assertThat(decision.reason()).hasValueSatisfying(r -> assertThat(r).containsAnyOf(
                "CUDA runtime cannot be loaded", "cudaGetDeviceCount failed", "no CUDA device"));
        assertThat(backendsNd4jSees()).doesNotContain("org.nd4j.linalg.jcublas.JCublasBackend")
                .contains("org.nd4j.linalg.cpu.nativecpu.CpuBackend");
        assertThat(Nd4j.getBackend().getClass().getSimpleName()).isEqualTo("CpuBackend");
        assertThat(engine.backend()).startsWith("CpuBackend");
        assertThat(Gan.builder().maxSteps(5).train(new TinyDigits()).provenance().steps()).isEqualTo(5);
    }

    /** 64 blank 28x28 images: enough to run steps through the whole stack. */
    static final class TinyDigits implements org.gan4j.data.Dataset {
        @Override public String name() { return "blank"; }
        @Override public int size() { return 64; }
        @Override public int height() { return 28; }
        @Override public int width() { return 28; }
        @Override public int channels() { return 1; }
        @Override public void copyImages(int[] idx, int from, int count, float[] dest) {
            java.util.Arrays.fill(dest, 0, count * 784, -1f);
        }
        @Override public boolean hasLabels() { return false; }
        @Override public int label(int index) { throw new IllegalStateException(); }
    }
}
