package org.gan4j.nd4j.backend;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.nd4j.common.config.ND4JClassLoading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, before ND4J initialises, whether ND4J may use its CUDA backend. ND4J chooses by priority alone (CUDA
 * first) and only checks that a device exists and cuBLAS loads, so on a GPU its CUDA build cannot run (Hopper and
 * newer), or with a broken CUDA install, it picks CUDA and fails later. This class probes first and, where CUDA
 * cannot run, hides the CUDA backend from ND4J's service loading: training continues on the CPU after exactly one
 * warning that names the reason.
 *
 * <p>The system property {@value #BACKEND_PROPERTY} overrides: {@code auto} (default), {@code cpu} (never CUDA),
 * {@code cuda} (CUDA or an error). ND4J's own environment variables {@code BACKEND_PRIORITY_GPU} and
 * {@code BACKEND_PRIORITY_CPU}, when set, are the user's explicit choice and are left alone.
 */
public final class BackendSelector {

    /** System property: {@code auto}, {@code cpu} or {@code cuda}. */
    public static final String BACKEND_PROPERTY = "gan4j.backend";

    private static final Logger LOG = LoggerFactory.getLogger(BackendSelector.class);
    private static final String CUDA_BACKEND_CLASS = CudaHidingClassLoader.CUDA_BACKEND;
    private static final String CUDA_RUNTIME_CLASS = "org.bytedeco.cuda.global.cudart";

    /** What was decided, and why. */
    public record Decision(String requested, boolean cudaOnClasspath, boolean cudaHidden, List<String> devices,
                           Optional<String> reason) {
    }

    private static Decision decision;

    private BackendSelector() {
    }

    /**
     * Decides once per JVM (ND4J's backend cannot change after it initialises) and returns the decision.
     *
     * @return the decision taken on the first call, from the {@value #BACKEND_PROPERTY} system property and the
     *     environment; the same on every later call
     */
    public static synchronized Decision apply() {
        if (decision == null) {
            decision = decide(System.getProperty(BACKEND_PROPERTY, "auto"), System.getenv());
        }
        return decision;
    }

    static Decision decide(String property, Map<String, String> env) {
        String requested = property.trim().toLowerCase(Locale.ROOT);
        if (!List.of("auto", "cpu", "cuda").contains(requested)) {
            throw new IllegalArgumentException(BACKEND_PROPERTY + " must be auto, cpu or cuda, got '" + property + "'");
        }
        boolean cudaPresent = ND4JClassLoading.classPresentOnClasspath(CUDA_BACKEND_CLASS);
        if (!cudaPresent) {
            if (requested.equals("cuda")) {
                throw new IllegalStateException(BACKEND_PROPERTY + "=cuda but ND4J's CUDA backend is not on the "
                        + "classpath: add org.nd4j:nd4j-cuda-11.6 (see docs/performance.md#gpus)");
            }
            return new Decision(requested, false, false, List.of(), Optional.empty());
        }
        if (env.containsKey("BACKEND_PRIORITY_GPU") || env.containsKey("BACKEND_PRIORITY_CPU")) {
            LOG.info("gan4j: BACKEND_PRIORITY_GPU/CPU is set; leaving the backend choice to ND4J");
            return new Decision(requested, true, false, List.of(), Optional.empty());
        }
        if (requested.equals("cpu")) {
            hideCuda();
            LOG.info("gan4j: {}=cpu: ND4J's CUDA backend is hidden", BACKEND_PROPERTY);
            return new Decision(requested, true, true, List.of(), Optional.of(BACKEND_PROPERTY + "=cpu"));
        }
        CudaProbe.Result probe = ND4JClassLoading.classPresentOnClasspath(CUDA_RUNTIME_CLASS) ? CudaProbe.probe()
                : new CudaProbe.Result(List.of(), Optional.of("JavaCPP's CUDA bindings (org.bytedeco:cuda) are "
                + "missing"));
        if (probe.problem().isEmpty()) {
            LOG.info("gan4j: CUDA usable on {}", probe.devices());
            return new Decision(requested, true, false, probe.devices(), Optional.empty());
        }
        String reason = probe.problem().get();
        if (requested.equals("cuda")) {
            throw new IllegalStateException(BACKEND_PROPERTY + "=cuda but CUDA cannot run here: " + reason);
        }
        hideCuda();
        LOG.warn("gan4j: ND4J's CUDA backend is on the classpath but cannot run here: {}; using the CPU backend",
                reason);
        return new Decision(requested, true, true, probe.devices(), Optional.of(reason));
    }

    private static void hideCuda() {
        ClassLoader current = ND4JClassLoading.getNd4jClassloader();
        if (!(current instanceof CudaHidingClassLoader)) {
            ND4JClassLoading.setNd4jClassloader(new CudaHidingClassLoader(current));
        }
    }
}
