package org.gan4j.nd4j.eval;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The time of every metric at the evaluation's default sizes (a speed check run by hand, not a test): 10,000 vs
 * 10,000 feature rows of d = 128 for FID, KID (100 subsets of 1000), precision/recall (k = 3), density/coverage
 * (k = 5) and the classifier score (10 classes), and memorisation on 10,000 vs 10,000 images of 784 pixels with
 * each baseline. One BLAS thread:
 *
 * <pre>
 * ./mvnw -B -o -q -pl gan-nd4j -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dmdep.includeScope=test
 * OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 java -cp gan-nd4j/target/test-classes:gan-nd4j/target/classes:\
 * gan-api/target/classes:$(cat gan-nd4j/target/cp.txt) org.gan4j.nd4j.eval.EvalMetricsTiming [n] [d] [pixels]
 * </pre>
 */
public final class EvalMetricsTiming {

    private EvalMetricsTiming() {
    }

    private static double total;
    private static double totalCpu;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * Wall time and this thread's CPU time (with one BLAS thread the products run on the calling thread, so on a
     * machine shared with other work the CPU time is what the metric would take on an idle core).
     */
    private static <T> T time(String what, Supplier<T> metric) {
        long t0 = System.nanoTime();
        long c0 = THREADS.getCurrentThreadCpuTime();
        T result = metric.get();
        double cpu = (THREADS.getCurrentThreadCpuTime() - c0) / 1e9;
        double s = (System.nanoTime() - t0) / 1e9;
        total += s;
        totalCpu += cpu;
        System.out.printf(Locale.ROOT, "%-38s %7.3f s wall %7.3f s cpu   %s%n", what, s, cpu, result);
        return result;
    }

    /**
     * Runs the timings.
     *
     * @param args optional n (rows per set), d (features), pixels
     */
    public static void main(String[] args) {
        Nd4j.factory().blas().setMaxThreads(1);
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int pixels = args.length > 2 ? Integer.parseInt(args[2]) : 784;
        Nd4j.getRandom().setSeed(1);
        // warm the JIT and the native libraries on small inputs, untimed
        run(500, 16, 64, 50, 200, true);
        total = 0;
        totalCpu = 0;
        System.out.printf(Locale.ROOT, "n = %d per set, d = %d, pixels = %d, BLAS threads %d%n", n, d, pixels,
                Nd4j.factory().blas().getMaxThreads());
        run(n, d, pixels, KernelDistance.DEFAULT_SUBSETS, KernelDistance.DEFAULT_SUBSET_SIZE, false);
        System.out.printf(Locale.ROOT, "%-38s %7.3f s wall %7.3f s cpu%n", "total", total, totalCpu);
    }

    private static void run(int n, int d, int pixels, int subsets, int subsetSize, boolean quiet) {
        INDArray real = Nd4j.randn(DataType.DOUBLE, n, d);
        INDArray fake = Nd4j.randn(DataType.DOUBLE, n, d).addi(0.1);
        INDArray probabilities = Transforms.softmax(Nd4j.randn(DataType.DOUBLE, n, 10).muli(3));
        INDArray training = Nd4j.rand(DataType.DOUBLE, n, pixels);
        INDArray samples = Nd4j.rand(DataType.DOUBLE, n, pixels);
        INDArray heldOut = Nd4j.rand(DataType.DOUBLE, n, pixels);
        if (quiet) {
            FrechetDistance.between(FeatureStatistics.of(real), FeatureStatistics.of(fake));
            KernelDistance.of(real, fake, subsets, subsetSize, 1);
            PrecisionRecall.of(real, fake, 3);
            DensityCoverage.of(real, fake, 5);
            ManifoldMetrics.of(real, fake, 3, 5);
            ClassifierScore.of(probabilities);
            Memorisation.of(samples, training);
            Memorisation.of(samples, training, heldOut);
            return;
        }
        time("FID (both statistics + distance)", () -> FrechetDistance.between(FeatureStatistics.of(real),
                FeatureStatistics.of(fake)));
        time("KID (" + subsets + " x " + subsetSize + ")", () -> KernelDistance.of(real, fake, subsets, subsetSize,
                1));
        time("precision/recall k=3", () -> PrecisionRecall.of(real, fake, 3));
        time("density/coverage k=5", () -> DensityCoverage.of(real, fake, 5));
        time("precision/recall + density/coverage", () -> ManifoldMetrics.of(real, fake, 3, 5));
        time("classifier score", () -> ClassifierScore.of(probabilities));
        time("memorisation, leave-one-out", () -> Memorisation.of(samples, training));
        time("memorisation, held-out", () -> Memorisation.of(samples, training, heldOut));
    }
}
