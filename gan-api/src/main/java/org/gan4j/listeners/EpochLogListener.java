package org.gan4j.listeners;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.gan4j.EpochSummary;
import org.gan4j.GanResult;
import org.gan4j.Provenance;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingListener;
import org.gan4j.TrainingPlan;

/**
 * Prints what a run is doing in plain lines, like the reference PyTorch program: one line when training starts
 * (dataset, length, backend, and any {@link org.gan4j.GanConfig#warnings() warning} about the configuration), one
 * per epoch, and one at the end. Unlike a progress bar it reads well in an IDE console, a pipe or a CI log:
 *
 * <pre>
 * gan4j: training 50 epochs of 313 steps (steps 1-15650), seed 42, on mnist: 10000 images of 28x28x1
 * gan4j: backend CpuBackend (CPU, BLAS OPENBLAS, 1 BLAS threads), kernels cpu
 * Epoch [1/50] step 313  lossD 0.3065  lossG 1.4790  D(x) 0.869  D(G(z)) 0.341  (0.7 s)
 * Epoch [1/50] step 313  lossD -0.4120  lossG 0.2013  C(x) 0.310  C(G(z)) -0.206  W 0.516  GP 0.104  (1.9 s)
 * ...
 * Done: 15650 steps in 25.2 s (622 steps/s)
 * </pre>
 *
 * <p>An objective with its own scalars ({@link org.gan4j.MetricNames#extras()}) adds their epoch means after the
 * two means, by label (the second line above is a WGAN-GP run's).
 *
 * <p>{@link #quiet()} keeps the start and end lines only. It needs no library; lines go to standard output unless
 * you give another stream or a line consumer (a logger, a progress bar's {@link ProgressBarListener#lineAbove}).
 * It keeps no state across runs other than the epoch count of the current one, so it may serve several runs.
 */
public final class EpochLogListener implements TrainingListener {

    /** What the run's mean discriminator outputs are called. */
    private org.gan4j.MetricNames names = org.gan4j.MetricNames.PROBABILITIES;
    private final Consumer<String> lines;
    private final boolean everyEpoch;
    private final Supplier<String> detail;
    private long totalEpochs;
    private long firstStep;

    /** Lines on standard output, one per epoch. */
    public EpochLogListener() {
        this(System.out);
    }

    /**
     * Lines on {@code out}, one per epoch.
     *
     * @param out where the lines go (e.g. {@code System.err})
     */
    public EpochLogListener(PrintStream out) {
        this(Objects.requireNonNull(out, "out")::println);
    }

    /**
     * Lines given to {@code lines}, one per epoch.
     *
     * @param lines receives each line, without a line terminator
     */
    public EpochLogListener(Consumer<String> lines) {
        this(Objects.requireNonNull(lines, "lines"), true, null);
    }

    private EpochLogListener(Consumer<String> lines, boolean everyEpoch, Supplier<String> detail) {
        this.lines = lines;
        this.everyEpoch = everyEpoch;
        this.detail = detail;
    }

    /**
     * The same listener without the per-epoch lines: only what starts and what ended the run.
     *
     * @return a new listener writing to the same place
     */
    public EpochLogListener quiet() {
        return new EpochLogListener(lines, false, detail);
    }

    /**
     * The same listener, with text appended in parentheses to every epoch line and to the end line (the command line
     * adds the process's memory this way).
     *
     * @param detail computes the text when a line is printed; it must be cheap
     * @return a new listener writing to the same place
     */
    public EpochLogListener withDetail(Supplier<String> detail) {
        return new EpochLogListener(lines, everyEpoch, Objects.requireNonNull(detail, "detail"));
    }

    @Override
    public void onStart(TrainingPlan plan) {
        totalEpochs = (plan.lastStep() + plan.stepsPerEpoch() - 1) / plan.stepsPerEpoch();
        names = plan.metricNames();
        firstStep = plan.firstStep();
        var data = plan.dataset();
        lines.accept(String.format(Locale.ROOT, "gan4j: %s %d epochs of %d steps (steps %d-%d), seed %d, on %s: %d "
                        + "images of %dx%dx%d", plan.resumed() ? "resuming," : "training", totalEpochs,
                plan.stepsPerEpoch(), plan.firstStep() + 1, plan.lastStep(), plan.config().seed(), data.name(),
                data.size(), data.height(), data.width(), data.channels()));
        lines.accept("gan4j: backend " + plan.backend());
        for (String warning : plan.config().warnings()) {
            lines.accept("gan4j: warning: " + warning);
        }
    }

    @Override
    public void onEpochEnd(EpochSummary s, TrainedGenerator generator) {
        if (!everyEpoch) {
            return;
        }
        lines.accept(String.format(Locale.ROOT, "Epoch [%d/%d] step %d  lossD %.4f  lossG %.4f  %s %.3f  "
                        + "%s %.3f%s  (%.1f s%s)", s.epoch(), totalEpochs, s.lastStep(), s.lossD(), s.lossG(),
                names.real(), s.meanDReal(), names.fake(), s.meanDFake(), extrasText(s), s.elapsed().toNanos() / 1e9,
                detailText()));
    }

    /** One line per evaluation during training; the whole table for the evaluation of the finished run. */
    @Override
    public void onEvaluation(org.gan4j.eval.EvaluationReport report) {
        if (report.last()) {
            lines.accept("Final evaluation, step " + report.step() + ":");
            for (String line : report.result().table().split("\n")) {
                lines.accept(line);
            }
        } else if (everyEpoch) {
            lines.accept("Evaluation at step " + report.step() + ": " + report.result().summaryLine());
        }
    }

    /** The extras' epoch means by label, e.g. {@code "  W 0.516  GP 0.104"}; empty without extras. */
    private String extrasText(EpochSummary s) {
        StringBuilder t = new StringBuilder();
        int n = Math.min(names.extras().size(), s.extras().length);
        for (int i = 0; i < n; i++) {
            t.append(String.format(Locale.ROOT, "  %s %.3f", names.extras().get(i).label(), s.extra(i)));
        }
        return t.toString();
    }

    @Override
    public void onEnd(GanResult result) {
        Provenance p = result.provenance();
        double seconds = p.wallTime().toNanos() / 1e9;
        long steps = p.steps() - firstStep;
        lines.accept(String.format(Locale.ROOT, "Done: %d steps%s in %.1f s (%.0f steps/s%s)", p.steps(),
                firstStep > 0 ? " (" + steps + " after resuming)" : "", seconds, seconds > 0 ? steps / seconds : 0.0,
                detailText()));
    }

    private String detailText() {
        return detail == null ? "" : ", " + detail.get();
    }
}
