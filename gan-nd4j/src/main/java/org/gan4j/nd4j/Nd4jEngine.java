package org.gan4j.nd4j;

import java.util.Properties;
import org.gan4j.Discriminator;
import org.gan4j.Generator;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.Trainer;
import org.gan4j.data.LabelledImages;
import org.gan4j.eval.ClassifierTraining;
import org.gan4j.eval.FeatureExtractor;
import org.gan4j.eval.FeatureNetwork;
import org.gan4j.nd4j.classify.ClassifierTrainer;
import org.gan4j.nd4j.classify.Nd4jFeatureExtractor;
import org.gan4j.nd4j.backend.BackendSelector;
import org.gan4j.nd4j.kernels.CpuKernels;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.kernels.PortableKernels;
import org.gan4j.nd4j.layers.NetworkFactory;
import org.gan4j.nd4j.layers.Sequential;
import org.gan4j.spi.GanEngine;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ND4J engine: initialises ND4J, says which backend it got, and builds networks and trainers. */
public final class Nd4jEngine implements GanEngine {

    private static final Logger LOG = LoggerFactory.getLogger(Nd4jEngine.class);

    private final Kernels kernels;
    private final NetworkFactory networks;

    /** System property choosing the kernels: {@code auto} (default), {@code cpu} or {@code portable}. */
    public static final String KERNELS_PROPERTY = "gan4j.kernels";

    /**
     * Initialises ND4J (if it is not yet), picks the kernels ({@value #KERNELS_PROPERTY}: the CPU fast path on
     * ND4J's native backend, the portable ND4J ops elsewhere) and logs the backend in use.
     *
     * @throws IllegalArgumentException if {@value #KERNELS_PROPERTY} is not {@code auto}, {@code cpu} or
     *                                  {@code portable}, or {@value #THREADS_PROPERTY} is not a positive integer
     * @throws IllegalStateException    if {@value #KERNELS_PROPERTY} is {@code cpu} and ND4J did not load its native
     *                                  CPU backend
     */
    public Nd4jEngine() {
        this(chooseKernels(System.getProperty(KERNELS_PROPERTY, "auto")));
    }

    /** System property: BLAS threads; by default they follow the batch size ({@link #threadsFor(int)}). */
    public static final String THREADS_PROPERTY = "gan4j.threads";

    /** From this batch size on, the default is one BLAS thread per core. */
    static final int MULTI_THREAD_BATCH = 128;

    static Kernels chooseKernels(String choice) {
        boolean cpuBackend = Nd4j.getBackend().getClass().getSimpleName().equals("CpuBackend");
        switch (choice.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "auto":
                return cpuBackend ? new CpuKernels() : new PortableKernels();
            case "portable":
                return new PortableKernels();
            case "cpu":
                if (!cpuBackend) {
                    throw new IllegalStateException(KERNELS_PROPERTY + "=cpu needs ND4J's native CPU backend, but "
                            + "ND4J loaded " + Nd4j.getBackend().getClass().getSimpleName());
                }
                return new CpuKernels();
            default:
                throw new IllegalArgumentException(KERNELS_PROPERTY + " must be auto, cpu or portable, got '"
                        + choice + "'");
        }
    }

    /**
     * An engine computing with the given kernels, whatever {@value #KERNELS_PROPERTY} says (tests compare the
     * kernels this way). Sets the BLAS threads for the default batch size and logs the backend.
     *
     * @param kernels the arithmetic of every network and trainer this engine makes; it must suit the ND4J backend
     *                loaded (the CPU kernels need the native CPU backend)
     * @throws IllegalArgumentException if {@value #THREADS_PROPERTY} is set but not a positive integer
     */
    public Nd4jEngine(Kernels kernels) {
        this.kernels = kernels;
        this.networks = new NetworkFactory(kernels);
        configureThreads(org.gan4j.GanConfig.DEFAULT_BATCH_SIZE); // what a default run will use; each run sets its own
        LOG.info("gan4j: ND4J backend {}", backend());
    }

    /**
     * BLAS threads for a batch size: {@value #THREADS_PROPERTY} if set, else 1 below batch
     * {@value #MULTI_THREAD_BATCH} (the reference's 32-row matrices are too small to share: 2 threads are 15% slower
     * on 2 cores) and one per core from there (batch 256: 45% faster on 2 cores). See docs/performance.md.
     *
     * @param batchSize the run's batch size, in rows
     * @return the BLAS thread count, positive
     * @throws IllegalArgumentException if the property is not a positive integer
     */
    static int threadsFor(int batchSize) {
        String value = System.getProperty(THREADS_PROPERTY);
        if (value == null) {
            return batchSize < MULTI_THREAD_BATCH ? 1 : Runtime.getRuntime().availableProcessors();
        }
        try {
            int threads = Integer.parseInt(value.trim());
            if (threads > 0) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(THREADS_PROPERTY + " must be a positive integer, got '" + value + "'");
    }

    /**
     * Sets the BLAS thread count for a run with this batch size (a process-wide setting). It covers everything gan4j
     * computes itself (its CPU kernels are cblas calls and Java loops on the calling thread). ND4J's own ops (what a
     * hand-written network calls: {@code mmul} aside, {@code Transforms.tanh}, {@code sum}, ...) run on libnd4j's
     * thread pool, whose size is fixed when ND4J loads, from {@code OMP_NUM_THREADS} or the core count: in 1.0.0-M2.1
     * {@code Nd4j.getEnvironment().setMaxThreads} is ignored (measured: it stays at 2 on 2 cores after
     * {@code setMaxThreads(1)}, while {@code OMP_NUM_THREADS=1} gives 1). So gan4j does not pretend to set it; the
     * backend description reports it, and docs/performance.md says to set {@code OMP_NUM_THREADS} for custom networks.
     *
     * @param batchSize the run's batch size, in rows (see {@link #threadsFor(int)})
     */
    void configureThreads(int batchSize) {
        Nd4j.factory().blas().setMaxThreads(threadsFor(batchSize));
    }

    private static String describeBackend() {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        return Nd4j.getBackend().getClass().getSimpleName() + " (" + env.getOrDefault("backend", "?") + ", BLAS "
                + env.getOrDefault("blas.vendor", "?") + ", " + Nd4j.factory().blas().getMaxThreads() + " BLAS threads, "
                + Nd4j.getEnvironment().maxThreads() + " ND4J op threads)";
    }

    /**
     * Fails loudly when the user asked for CUDA and ND4J loaded something else (a JVM cannot switch backends after
     * ND4J initialises, so this is the last chance to say so).
     *
     * @param decision what the backend selector was asked for and chose
     * @throws IllegalStateException if CUDA was requested and ND4J loaded another backend
     */
    void checkBackend(BackendSelector.Decision decision) {
        String loaded = Nd4j.getBackend().getClass().getSimpleName();
        if (decision.requested().equals("cuda") && !loaded.equals("JCublasBackend")) {
            throw new IllegalStateException(BackendSelector.BACKEND_PROPERTY + "=cuda but ND4J loaded " + loaded
                    + "; see docs/troubleshooting.md");
        }
    }

    /** {@return the kernels every network and trainer of this engine computes with} */
    public Kernels kernels() {
        return kernels;
    }

    @Override
    public String providerName() {
        return Nd4jGanProvider.NAME;
    }

    @Override
    public String backend() {
        return describeBackend() + ", kernels " + kernels.name();
    }

    @Override
    public Trainer trainer() {
        return new Nd4jTrainer(this);
    }

    @Override
    public Generator generator(NetworkSpec spec, DataType dataType, long seed) {
        return build(spec, dataType, seed);
    }

    @Override
    public Discriminator discriminator(NetworkSpec spec, DataType dataType, long seed) {
        if (!spec.outputShape().isVector()) { // one logit, or 1 + classes for an auxiliary classifier (GanConfig)
            throw new IllegalArgumentException("a discriminator must output one logit per image (1 + classes values "
                    + "with an auxiliary classifier), but " + spec + " outputs " + spec.outputShape());
        }
        return build(spec, dataType, seed);
    }

    @Override
    public org.gan4j.eval.Evaluator evaluator(org.gan4j.eval.Evaluation evaluation) {
        return new org.gan4j.nd4j.eval.Nd4jEvaluator(evaluation, featureExtractor(evaluation.featureNetwork()));
    }

    /**
     * Builds a network from a spec; usable as either role. Unlike {@link #discriminator}, it does not check that
     * the output is one logit.
     *
     * @param spec     what to build: its input shape and layers
     * @param dataType FLOAT or DOUBLE: the type of the parameters, inputs and outputs
     * @param seed     fixes the initial parameters (PyTorch's default initialisation of each layer)
     * @return a new network with freshly initialised parameters, its {@link Sequential#spec()} being {@code spec}
     * @throws IllegalArgumentException if this provider cannot build a layer: a kind without an implementation, or
     *                                  a batchNorm with another momentum or eps than PyTorch's (the message names the
     *                                  layer)
     */
    public Sequential build(NetworkSpec spec, DataType dataType, long seed) {
        return networks.build(spec, dataType, seed);
    }

    @Override
    public FeatureExtractor featureExtractor(FeatureNetwork network) {
        return new Nd4jFeatureExtractor(this, network);
    }

    @Override
    public FeatureNetwork trainClassifier(ClassifierTraining settings, LabelledImages train, LabelledImages test,
                                          java.util.function.Consumer<String> log) {
        return new ClassifierTrainer(this).train(settings, train, test, log);
    }
}
