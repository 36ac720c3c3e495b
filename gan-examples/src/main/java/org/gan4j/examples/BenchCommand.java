package org.gan4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.Recipes;
import org.gan4j.listeners.RunLog;
import org.gan4j.StepMetrics;
import org.gan4j.TrainingListener;
import org.gan4j.data.ImageDataset;
import org.gan4j.spi.GanEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gan4j bench}: times the real training step (the reference configuration) on real MNIST batches, after a
 * warm-up, through the public API. Never on random images: a discriminator that saturates at once runs a regime
 * real training never sees.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure training steps per second on real MNIST batches (the embedded digits).")
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--recipe", paramLabel = "NAME", description = "The recipe whose step to time (default: "
            + "reference; 'gan4j recipes' lists them).")
    String recipe = "reference";

    @Option(names = "--batch", paramLabel = "B", description = "Batch size (default: the recipe's, 32 for "
            + "reference).")
    Integer batchOption;

    @Option(names = "--threads", paramLabel = "T",
            description = "BLAS threads (default: 1 below batch 128, else one per core).")
    Integer threads;

    @Option(names = "--steps", paramLabel = "N", description = "Timed steps (default: 2000).")
    long steps = 2000;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed steps first (default: 200).")
    long warmup = 200;

    @Option(names = "--kernels", paramLabel = "K", description = "auto, cpu or portable (default: auto).")
    String kernels;

    @Option(names = "--blas", paramLabel = "WHICH", description = "bundled (ND4J's OpenBLAS 0.3.19, default) or "
            + "system (a system OpenBLAS, e.g. Debian's libopenblas0-pthread).")
    String blas = "bundled";

    @Option(names = "--blas-dir", paramLabel = "DIR", description = "Directory of libopenblas.so.0 for --blas system.")
    Path blasDir;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Also write what 'train' writes by default into DIR "
            + "(a new directory): a checkpoint every epoch and the run log (metrics, grids, plot, TensorBoard, report). "
            + "Compare with runs without it to measure what they cost (docs/observability.md).")
    Path runDir;

    @Option(names = "--no-logs", description = "With --run-dir: checkpoints only, no run log, progress bar or "
            + "warnings (the baseline for the cost of logging).")
    boolean noLogs;

    @Override
    public Integer call() throws IOException {
        if (steps <= 0 || warmup < 0) {
            throw new IllegalArgumentException("--steps must be positive and --warmup not negative");
        }
        if (steps > Long.MAX_VALUE - warmup) {
            throw new IllegalArgumentException("--steps " + steps + " plus --warmup " + warmup + " is more steps than "
                    + "a run counts (" + Long.MAX_VALUE + ")");
        }
        if (noLogs && runDir == null) {
            throw new IllegalArgumentException("--no-logs needs --run-dir");
        }
        if (runDir != null && Files.exists(runDir)) {
            throw new IllegalArgumentException("--run-dir " + runDir + " already exists; give a new directory");
        }
        if (threads != null) {
            if (threads <= 0) {
                throw new IllegalArgumentException("--threads must be positive, got " + threads);
            }
            System.setProperty("gan4j.threads", Integer.toString(threads));
        }
        if (kernels != null) {
            System.setProperty("gan4j.kernels", kernels);
        }
        BlasChoice.apply(blas, blasDir);
        PrintWriter out = spec.commandLine().getOut();
        ImageDataset data = DataSource.embedded();
        GanEngine engine = Gan.engine();
        Timer timer = new Timer(warmup);
        GanConfig.Builder builder = Recipes.named(recipe).builder().maxSteps(warmup + steps).listener(timer);
        if (batchOption != null) {
            builder.batchSize(batchOption);
        }
        GanConfig checked = builder.build();
        checked.checkDataset(data); // batch size and memory, before the header says what would run
        int batch = checked.batchSize();
        out.printf("gan4j bench: recipe %s, batch %d, %d steps after %d warm-up, on %s%s%n", recipe, batch, steps,
                warmup, data.name(), runDir == null ? "" : ", writing " + outputs() + " into " + runDir);
        RunLog log = null;
        if (runDir != null) {
            builder.checkpointDir(runDir.resolve(TrainCommand.CHECKPOINTS_DIR));
            if (!noLogs) {
                log = TrainCommand.addOutputs(builder, runDir, out);
            }
        }
        try (RunLog closing = log) {
            engine.trainer().train(builder.build(), data);
        }
        double seconds = (System.nanoTime() - timer.start) / 1e9;
        double stepsPerSecond = steps / seconds;
        double threadCpu = (Timer.threadCpuNanos() - timer.threadCpuStart) / 1e9;
        double processCpu = (Timer.processCpuNanos() - timer.processCpuStart) / 1e9;
        long rssMb = ProcessMemory.peakRssMb();
        out.printf("backend: %s%n", engine.backend());
        out.printf("BLAS library: %s%n", BlasChoice.loaded());
        out.printf(Locale.ROOT, "steps/s=%.1f images/s=%.0f ms/step=%.3f peak_rss_mb=%d%n", stepsPerSecond,
                stepsPerSecond * batch, 1000 / stepsPerSecond, rssMb);
        // CPU seconds of the training thread and of the whole process (every thread: background writers, JIT, GC)
        // over the timed steps: steadier than wall time on a shared machine, and they show where extra work goes.
        out.printf(Locale.ROOT, "cpu: training thread %.2f s, process %.2f s, wall %.2f s%n", threadCpu, processCpu,
                seconds);
        out.printf(Locale.ROOT, "RESULT impl=gan4j-%s recipe=%s blas=%s threads=%s batch=%d outputs=%s "
                        + "steps_per_s=%.2f ms_per_step=%.3f peak_rss_mb=%d thread_cpu_s=%.2f process_cpu_s=%.2f "
                        + "wall_s=%.2f%n", org.gan4j.Version.get(), recipe, blas, System.getProperty("gan4j.threads", "default"), batch, outputs(),
                stepsPerSecond, 1000 / stepsPerSecond, rssMb, threadCpu, processCpu, seconds);
        return 0;
    }

    private String outputs() {
        return runDir == null ? "none" : noLogs ? "checkpoints" : "checkpoints+logs";
    }

    /** Starts the clock when the warm-up ends. */
    static final class Timer implements TrainingListener {
        private final long warmup;
        long start = System.nanoTime();
        long threadCpuStart = threadCpuNanos();
        long processCpuStart = processCpuNanos();

        Timer(long warmup) {
            this.warmup = warmup;
        }

        @Override
        public void onStep(StepMetrics m) {
            if (m.step() == warmup) {
                start = System.nanoTime();
                threadCpuStart = threadCpuNanos();
                processCpuStart = processCpuNanos();
            }
        }

        /** CPU time of the calling thread, which is the training thread for the timer and for the bench. */
        static long threadCpuNanos() {
            return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }

        static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }
}
