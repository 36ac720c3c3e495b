package org.gan4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code --blas bundled|system}: which OpenBLAS the CPU backend uses. ND4J bundles OpenBLAS 0.3.19; a system
 * OpenBLAS (Debian's {@code libopenblas0-pthread}, 0.3.21) is measurably faster for the reference's small matrices
 * (docs/performance.md). It is loaded through JavaCPP's {@code org.bytedeco.openblas.load} property, which must be
 * set before ND4J initialises. The environment ({@code OPENBLAS_CORETYPE}, thread variables) is left untouched; the
 * {@code gan4j} launcher chooses {@code OPENBLAS_CORETYPE} from the CPU's flags only where it is unset.
 */
final class BlasChoice {

    /** Where Debian and most distributions put a shared OpenBLAS, most preferred first. */
    static final List<String> SEARCH = List.of(
            "/usr/lib/x86_64-linux-gnu/openblas-pthread", "/usr/lib/x86_64-linux-gnu/openblas-openmp",
            "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib");

    private BlasChoice() {
    }

    /**
     * Applies a choice.
     *
     * @param choice {@code bundled} (default) or {@code system}
     * @param dir    directory of {@code libopenblas.so.0} for {@code system}, or null to search {@link #SEARCH}
     */
    static void apply(String choice, Path dir) throws IOException {
        switch (choice.toLowerCase(Locale.ROOT)) {
            case "bundled":
                return;
            case "system":
                Path lib = find(dir);
                System.setProperty("org.bytedeco.openblas.load", "openblas");
                System.setProperty("org.bytedeco.javacpp.pathsFirst", "true");
                String path = System.getProperty("java.library.path", "");
                System.setProperty("java.library.path", lib + (path.isEmpty() ? "" : java.io.File.pathSeparator + path));
                return;
            default:
                throw new IllegalArgumentException("--blas must be bundled or system, got '" + choice + "'");
        }
    }

    private static Path find(Path dir) throws IOException {
        List<String> candidates = dir != null ? List.of(dir.toString()) : SEARCH;
        List<String> looked = new ArrayList<>();
        for (String c : candidates) {
            if (Files.isRegularFile(Path.of(c, "libopenblas.so.0"))) {
                return Path.of(c);
            }
            looked.add(c);
        }
        throw new IOException("--blas system: no libopenblas.so.0 in " + looked
                + "; install one (Debian: apt-get install libopenblas0-pthread) or name its directory with --blas-dir");
    }

    /** The OpenBLAS library this process loaded, with its real file name (which carries the version). */
    static String loaded() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int at = line.indexOf('/');
                if (at >= 0 && line.contains("libopenblas")) {
                    Path p = Path.of(line.substring(at).trim());
                    String core = System.getenv("OPENBLAS_CORETYPE");
                    return p.toRealPath() + " (kernel: " + (core != null ? "OPENBLAS_CORETYPE=" + core
                            : "detected by OpenBLAS") + ")" + fasterKernelHint(core, cpuFlags());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the file vanished: fall through
        }
        return "unknown";
    }

    /** The five AVX-512 subsets OpenBLAS's SkylakeX kernels use; it crashes on a CPU that lacks one. */
    private static final List<String> SKYLAKEX_FLAGS = List.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");

    /**
     * A hint when {@code OPENBLAS_CORETYPE} names an AVX2 kernel family on a CPU with AVX-512: measured here, the
     * SkylakeX kernels run single-thread SGEMM at ~200 GFLOP/s against ~110 for Haswell's (docs/performance.md).
     * Empty otherwise, and empty where the flags are unknown.
     */
    static String fasterKernelHint(String core, List<String> cpuFlags) {
        if (core == null || !List.of("haswell", "zen").contains(core.toLowerCase(Locale.ROOT))
                || !cpuFlags.containsAll(SKYLAKEX_FLAGS)) {
            return "";
        }
        return "; this CPU has AVX-512: OPENBLAS_CORETYPE=SkylakeX runs its matrix products faster (docs/performance.md)";
    }

    /** The CPU's feature flags from /proc/cpuinfo, or an empty list where there is none. */
    private static List<String> cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    return List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no hint
        }
        return List.of();
    }
}
