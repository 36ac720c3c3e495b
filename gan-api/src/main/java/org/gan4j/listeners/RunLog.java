package org.gan4j.listeners;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gan4j.EpochSummary;
import org.gan4j.GanResult;
import org.gan4j.StepMetrics;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingListener;
import org.gan4j.TrainingPlan;

/**
 * Everything a GAN user watches, written into one run directory by one listener:
 * <pre>
 * metrics.csv                  one row per step (MetricsCsvListener)
 * loss.png                     lossD, lossG, D(x), D(G(z)) against steps, redrawn every epoch (LossPlotListener)
 * samples/real.png             32 training images
 * samples/epoch-NNN.png        32 samples from fixed noise after every epoch (SampleGridListener)
 * samples/progress.gif         every epoch's grid as one animation, at the end
 * logs/train, logs/fake, logs/real   TensorBoard event files (TensorBoardListener)
 * report.html                  one self-contained page: provenance, plot, every epoch's samples, at the end
 * </pre>
 * A resumed run continues the same directory: the metrics log is cut back to the checkpoint and continued, the plot,
 * the animation and the report cover the whole run.
 *
 * <pre>{@code
 * Gan.builder().listener(RunLog.inNewDirectory(Path.of("runs"))).train(mnist);   // runs/20261127-143512/...
 * }</pre>
 * {@link #in(Path)} writes into a directory you choose; a second run into the same one is refused (its metrics log
 * exists), so a program run twice should use {@link #inNewDirectory(Path)}.
 * The loss plot needs XChart on the class path; without it {@link #in(Path)} leaves the plot out and says so in the
 * log (and {@link #in(Path, Set)} with {@link Output#LOSS_PLOT} fails, naming the artifact).
 */
public final class RunLog implements TrainingListener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RunLog.class.getName());

    /** The metrics log, in the run directory. */
    public static final String METRICS_FILE = "metrics.csv";
    /** The loss plot. */
    public static final String LOSS_PLOT_FILE = "loss.png";
    /** The evaluations of a run that makes them, one row each (written with {@link Output#METRICS}). */
    public static final String EVALUATION_FILE = "evaluation.csv";
    /** The directory of the sample grids and the animation. */
    public static final String SAMPLES_DIR = "samples";
    /** The TensorBoard log directory. */
    public static final String LOGS_DIR = "logs";
    /** The HTML report. */
    public static final String REPORT_FILE = "report.html";

    /** The outputs a run log can write. */
    public enum Output {
        /** {@value RunLog#METRICS_FILE}. */
        METRICS,
        /** {@value RunLog#LOSS_PLOT_FILE} (needs XChart). */
        LOSS_PLOT,
        /** {@value RunLog#SAMPLES_DIR}/: real.png, epoch-NNN.png, progress.gif. */
        SAMPLES,
        /** {@value RunLog#LOGS_DIR}/: TensorBoard event files. */
        TENSORBOARD,
        /** {@value RunLog#REPORT_FILE}, built at the end from the other outputs. */
        REPORT
    }

    private final Path dir;
    private final Set<Output> outputs;
    private final List<TrainingListener> parts = new ArrayList<>();

    private RunLog(Path dir, Set<Output> outputs) {
        this.dir = dir;
        this.outputs = Collections.unmodifiableSet(EnumSet.copyOf(outputs));
        if (outputs.contains(Output.METRICS)) {
            parts.add(new MetricsCsvListener(dir.resolve(METRICS_FILE)));
            parts.add(new EvaluationCsvListener(dir.resolve(EVALUATION_FILE)));
        }
        if (outputs.contains(Output.LOSS_PLOT)) {
            parts.add(new LossPlotListener(dir.resolve(LOSS_PLOT_FILE),
                    outputs.contains(Output.METRICS) ? dir.resolve(METRICS_FILE) : null));
        }
        if (outputs.contains(Output.SAMPLES)) {
            parts.add(new SampleGridListener(dir.resolve(SAMPLES_DIR)));
        }
        if (outputs.contains(Output.TENSORBOARD)) {
            parts.add(new TensorBoardListener(dir.resolve(LOGS_DIR)));
        }
    }

    /**
     * Every output (the loss plot only when XChart is on the class path), in a directory you choose.
     *
     * @param dir the run directory, created when missing; a fresh run refuses one that already holds a metrics log, a
     *            resumed run continues it
     * @return a run log writing every available output into {@code dir}
     */
    public static RunLog in(Path dir) {
        Set<Output> all = EnumSet.allOf(Output.class);
        if (!OptionalLibrary.XCHART.present()) {
            all.remove(Output.LOSS_PLOT);
            LOG.log(Level.INFO, OptionalLibrary.XCHART.missingMessage("the loss plot") + "; writing the rest");
        }
        return new RunLog(dir, all);
    }

    /**
     * Every output, in a new directory under {@code parent} named after the current time (see
     * {@link org.gan4j.io.RunDirectories}): each run of a program gets its own, nothing is overwritten.
     *
     * @param parent where run directories go, e.g. {@code runs}; created if missing
     * @return a run log for the new directory ({@link #directory()} names it)
     * @throws UncheckedIOException if the directory cannot be created
     */
    public static RunLog inNewDirectory(Path parent) {
        try {
            return in(org.gan4j.io.RunDirectories.createUnder(parent));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run directory under " + parent + ": " + e.getMessage(), e);
        }
    }

    /**
     * The chosen outputs.
     *
     * @param dir     the run directory, as for {@link #in(Path)}
     * @param outputs what to write, at least one; copied. {@link Output#LOSS_PLOT} is drawn over the whole run of a
     *                resumed run only together with {@link Output#METRICS}, and {@link Output#REPORT} shows what the
     *                other chosen outputs wrote
     * @return a run log writing exactly {@code outputs} into {@code dir}
     * @throws IllegalArgumentException if {@code outputs} is empty
     * @throws IllegalStateException    if a chosen output needs a library that is missing (the message names it)
     */
    public static RunLog in(Path dir, Set<Output> outputs) {
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("outputs must name at least one output of " + EnumSet.allOf(
                    Output.class));
        }
        return new RunLog(dir, outputs);
    }

    /** {@return the run directory, as given or as made by {@link #inNewDirectory(Path)}} */
    public Path directory() {
        return dir;
    }

    /** {@return the outputs written, an unmodifiable set} */
    public Set<Output> outputs() {
        return outputs;
    }

    /**
     * What this log writes, for printing at the start.
     *
     * @return path relative to the directory (a directory's ends with {@code /}) to a one-line description, one entry
     *         per output in a fixed order; a new map on every call
     */
    public Map<String, String> layout() {
        Map<String, String> rows = new LinkedHashMap<>();
        if (outputs.contains(Output.SAMPLES)) {
            rows.put(SAMPLES_DIR + "/", "real.png; epoch-NNN.png: samples of fixed noise after every epoch; "
                    + "progress.gif at the end");
        }
        if (outputs.contains(Output.METRICS)) {
            rows.put(METRICS_FILE, "one row per step");
        }
        if (outputs.contains(Output.LOSS_PLOT)) {
            rows.put(LOSS_PLOT_FILE, "losses and D outputs, redrawn as epochs end (at most 1% of a core)");
        }
        if (outputs.contains(Output.TENSORBOARD)) {
            rows.put(LOGS_DIR + "/", "TensorBoard: tensorboard --logdir " + dir.resolve(LOGS_DIR));
        }
        if (outputs.contains(Output.REPORT)) {
            rows.put(REPORT_FILE, "a page with all of it, at the end");
        }
        return rows;
    }

    @Override
    public void onStart(TrainingPlan plan) {
        for (TrainingListener l : parts) {
            l.onStart(plan);
        }
    }

    @Override
    public void onStep(StepMetrics metrics) {
        for (TrainingListener l : parts) {
            l.onStep(metrics);
        }
    }

    @Override
    public void onEpochEnd(EpochSummary summary, TrainedGenerator generator) {
        for (TrainingListener l : parts) {
            l.onEpochEnd(summary, generator);
        }
    }

    @Override
    public void onEvaluation(org.gan4j.eval.EvaluationReport report) {
        for (TrainingListener l : parts) {
            l.onEvaluation(report);
        }
    }

    @Override
    public void beforeCheckpoint(long step) {
        for (TrainingListener l : parts) {
            l.beforeCheckpoint(step);
        }
    }

    @Override
    public void onEnd(GanResult result) {
        for (TrainingListener l : parts) {
            l.onEnd(result);
        }
        if (outputs.contains(Output.REPORT)) {
            try {
                HtmlReport.write(dir, result.provenance());
            } catch (IOException e) {
                throw org.gan4j.io.WriteFailures.unchecked(dir.resolve(REPORT_FILE), e);
            }
        }
    }

    /** Releases files and threads of a run that ended with an error (a finished run has released them). */
    @Override
    public void close() {
        for (TrainingListener l : parts) {
            if (l instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.log(Level.DEBUG, "closing " + l.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
    }
}
