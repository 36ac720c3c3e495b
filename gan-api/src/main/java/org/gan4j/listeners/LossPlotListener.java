package org.gan4j.listeners;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.gan4j.EpochSummary;
import org.gan4j.GanResult;
import org.gan4j.StepMetrics;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingListener;
import org.gan4j.TrainingPlan;
import org.gan4j.io.AtomicFiles;
import org.gan4j.io.ImageGrid;
import org.gan4j.io.WriteFailures;

/**
 * A loss plot PNG: lossD, lossG, D(x) and D(G(z)) (and the objective's extra scalars, e.g. WGAN's Wasserstein
 * estimate, {@link org.gan4j.MetricNames#extras()}) against steps, drawn with XChart, refreshed after every epoch and
 * complete at the end. Each point is the mean of {@value #EVERY} steps (the last one of the steps since), so a long
 * run stays readable. Drawing happens on a background thread. XChart's first drawing in a process takes ~0.7 s of CPU
 * (start-up), later ones ~40 ms; so that the drawing thread never takes a noticeable share of the CPU, an epoch's
 * refresh is skipped while less than {@value #PAUSE_FACTOR} times the last drawing's duration has passed since the
 * last one (about 1% of a core), but never for more than 30 s. With the 10,000 test digits (two epochs a second) the
 * plot is drawn after the first epoch, after 30 s, then every ~4 s; with the 60,000 training digits (3-second
 * epochs), after the first epoch, after 30 s, then about every other epoch.
 *
 * <p>Needs {@code org.knowm.xchart:xchart} on the class path (an optional dependency of gan-api); the constructor
 * says so when it is missing. This class uses the library only through {@code LossPlot}, so it loads without it.
 */
public final class LossPlotListener implements TrainingListener, AutoCloseable {

    /** Steps per plotted point. */
    public static final int EVERY = 50;
    static final int WIDTH = 900;
    static final int HEIGHT = 450;

    /** The legend: set when training starts from the run's {@link org.gan4j.MetricNames}. */
    private volatile String[] names = {"lossD", "lossG", "D(x)", "D(G(z))"};

    private final OneRun oneRun = new OneRun();
    /** The library's chart, made once the library was found. */
    private final LossPlot plot;
    private final Path file;
    private final Path history;
    private final List<Double> steps = new ArrayList<>();
    /** One list of points per series, in the order of {@link #names}. */
    private List<List<Double>> series = newSeries(4);
    private double[] sums = new double[4];
    /** One step's values, in the order of {@link #names}; reused. */
    private double[] point = new double[4];
    private int inBucket;
    private long lastStep;
    /** After a drawing that took {@code d}, the next refresh waits at least {@code PAUSE_FACTOR * d}. */
    static final int PAUSE_FACTOR = 100;
    /** ...but never more than this: the first drawing's one-time start-up cost must not freeze the plot for long. */
    static final long MAX_PAUSE_NANOS = 30_000_000_000L;

    private final Background background = new Background("gan4j-loss-plot");
    /** How long the last drawing took; written by the background thread. */
    private volatile long lastDrawNanos;
    private long lastSubmitNanos;
    /** Whether a drawing was ever submitted (nanoTime values have no fixed origin: no sentinel time works). */
    private boolean submitted;
    private final LongSupplier clock;
    private final AtomicInteger drawings = new AtomicInteger();
    private final AtomicInteger evaluationDrawings = new AtomicInteger();
    /** Whether points were added since the last drawing was submitted. */
    private boolean stale;
    /** Evaluations in the last drawing of {@value #EVALUATION_PLOT_FILE}: it is redrawn only when one is added. */
    private int evaluationsDrawn;
    /** The evaluations during training, if the run makes them: step (thousands) and FID, drawn into evaluation.png. */
    private final List<Double> evaluationSteps = new ArrayList<>();
    private final List<Double> evaluationFids = new ArrayList<>();
    private int evaluationSamples;
    private BufferedImage evaluationCanvas;
    /** Drawn on by the background thread only. */
    private BufferedImage canvas;

    /**
     * A plot written to {@code file}, covering the steps of this run only.
     *
     * @param file the PNG to write, 900x450 pixels; replaced at every refresh (atomically, so a viewer never sees
     *             half a picture)
     * @throws IllegalStateException if XChart is not on the class path (the message names the artifact to add)
     */
    public LossPlotListener(Path file) {
        this(file, null);
    }

    /**
     * A plot written to {@code file} that, in a resumed run, starts with the rows up to the checkpoint from
     * {@code metricsCsv} (a {@link MetricsCsvListener} file), so it covers the whole run.
     *
     * @param file       the PNG to write, 900x450 pixels; replaced at every refresh (atomically)
     * @param metricsCsv the metrics log of the run being resumed, read once when training starts; null, or a file
     *                   that does not exist, for a plot of this run's steps only (a fresh run never reads it)
     * @throws IllegalStateException if XChart is not on the class path (the message names the artifact to add)
     */
    public LossPlotListener(Path file, Path metricsCsv) {
        this(file, metricsCsv, System::nanoTime);
    }

    /** With the clock that decides when a refresh is due (tests). */
    LossPlotListener(Path file, Path metricsCsv, LongSupplier clock) {
        OptionalLibrary.XCHART.require("LossPlotListener");
        this.plot = new XChartLossPlot();
        this.file = file;
        this.history = metricsCsv;
        this.clock = clock;
    }

    /** The legend, in the order of the series (tests). */
    List<String> legend() {
        return List.of(names);
    }

    /** The points of one series so far, full buckets only (tests). */
    List<Double> points(int series) {
        return List.copyOf(this.series.get(series));
    }

    /** Drawings finished so far. */
    int drawings() {
        return drawings.get();
    }

    /** Drawings of {@value #EVALUATION_PLOT_FILE} finished so far. */
    int evaluationDrawings() {
        return evaluationDrawings.get();
    }

    @Override
    public void onStart(TrainingPlan plan) {
        oneRun.start(this);
        names = legend(plan.metricNames());
        series = newSeries(names.length);
        sums = new double[names.length];
        point = new double[names.length];
        if (!plan.resumed() || history == null || !Files.isRegularFile(history)) {
            return;
        }
        try {
            for (String line : MetricsCsvListener.readLog(history)) {
                String[] f = line.split(",");
                // the value columns after step, epoch and batch are the series, in the legend's order
                if (f.length == 3 + names.length && !MetricsCsvListener.isHeader(line)
                        && Long.parseLong(f[0]) <= plan.firstStep()) {
                    for (int i = 0; i < point.length; i++) {
                        point[i] = Double.parseDouble(f[3 + i]);
                    }
                    add(Long.parseLong(f[0]), point);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e); // names the file and says what it should hold
        } catch (NumberFormatException e) {
            throw new IllegalStateException("cannot read the earlier metrics of this run from " + history + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void onStep(StepMetrics m) {
        point[0] = m.lossD();
        point[1] = m.lossG();
        point[2] = m.meanDReal();
        point[3] = m.meanDFake();
        for (int i = 0; i < m.extraCount() && 4 + i < point.length; i++) {
            point[4 + i] = m.extra(i);
        }
        add(m.step(), point);
    }

    /** The legend: the four series of every run, then the objective's extras by their labels. */
    private static String[] legend(org.gan4j.MetricNames names) {
        List<String> legend = new ArrayList<>(List.of("lossD", "lossG", names.real(), names.fake()));
        names.extras().forEach(e -> legend.add(e.label()));
        return legend.toArray(new String[0]);
    }

    private static List<List<Double>> newSeries(int count) {
        List<List<Double>> s = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            s.add(new ArrayList<>());
        }
        return s;
    }

    private void add(long step, double[] values) {
        lastStep = step;
        stale = true;
        for (int i = 0; i < sums.length; i++) {
            sums[i] += values[i];
        }
        if (++inBucket == EVERY) {
            steps.add(step / 1000.0); // thousands: six-digit step labels would run into each other
            for (int i = 0; i < sums.length; i++) {
                series.get(i).add(sums[i] / EVERY);
            }
            Arrays.fill(sums, 0);
            inBucket = 0;
        }
    }

    @Override
    public void onEpochEnd(EpochSummary summary, TrainedGenerator generator) {
        long now = clock.getAsLong();
        // Not before the first drawing has finished: its duration sets the pause (and it may take longer than an epoch).
        boolean due = !submitted || lastDrawNanos > 0
                && now - lastSubmitNanos >= Math.min(PAUSE_FACTOR * lastDrawNanos, MAX_PAUSE_NANOS);
        if (hasPoints() && due) {
            submitted = true;
            lastSubmitNanos = now;
            submitDrawing();
        }
    }

    private boolean hasPoints() {
        return !steps.isEmpty() || inBucket > 0;
    }

    /** Hands a copy of the points to the drawing thread, the steps of a bucket not yet full as the last point. */
    private void submitDrawing() {
        stale = false;
        List<Double> x = new ArrayList<>(steps);
        List<List<Double>> ys = new ArrayList<>();
        for (List<Double> s : series) {
            ys.add(new ArrayList<>(s));
        }
        if (inBucket > 0) {
            x.add(lastStep / 1000.0);
            for (int i = 0; i < ys.size(); i++) {
                ys.get(i).add(sums[i] / inBucket);
            }
        }
        // The FID curve changes only with an evaluation, a few times per run: redrawing it with every loss plot
        // doubled the drawing thread's work, on the core the evaluations run on.
        boolean newEvaluations = evaluationSteps.size() > evaluationsDrawn;
        evaluationsDrawn = evaluationSteps.size();
        List<Double> evalX = new ArrayList<>(evaluationSteps);
        List<Double> evalY = new ArrayList<>(evaluationFids);
        int samples = evaluationSamples;
        background.submitLatest(() -> {
            long start = System.nanoTime();
            draw(x, ys);
            if (newEvaluations) {
                drawEvaluations(evalX, evalY, samples);
                evaluationDrawings.incrementAndGet();
            }
            lastDrawNanos = Math.max(1, System.nanoTime() - start);
            drawings.incrementAndGet();
        });
    }

    /**
     * Adds an evaluation during training to the FID curve of {@value #EVALUATION_PLOT_FILE} (beside the loss plot;
     * FID's scale, hundreds to thousands, would flatten the losses on one axis), drawn with the next loss plot. The
     * evaluation of the finished run (more samples, so another FID scale) is not a point of the curve.
     */
    @Override
    public void onEvaluation(org.gan4j.eval.EvaluationReport report) {
        if (report.last()) {
            return;
        }
        evaluationSteps.add(report.step() / 1000.0);
        evaluationFids.add(report.result().fid());
        evaluationSamples = report.result().samples();
        stale = true;
    }

    /** The FID curve's file name, in the loss plot's directory. */
    public static final String EVALUATION_PLOT_FILE = "evaluation.png";

    @Override
    public void onEnd(GanResult result) {
        try {
            if (stale && hasPoints()) {
                submitDrawing();
            }
            background.finish();
        } finally {
            background.close();
        }
    }

    @Override
    public void close() {
        background.close();
    }

    private void draw(List<Double> x, List<List<Double>> ys) {
        Map<String, List<Double>> lines = new LinkedHashMap<>();
        String[] legend = names;
        for (int i = 0; i < legend.length; i++) {
            lines.put(legend[i], ys.get(i));
        }
        // One canvas for the whole run: a new 1.6 MB image per epoch outlives young collections and piles up.
        if (canvas == null) {
            canvas = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        }
        Graphics2D g = canvas.createGraphics();
        try {
            plot.paint(g, WIDTH, HEIGHT, "gan4j training", "step (thousands)", x, lines);
        } finally {
            g.dispose();
        }
        try {
            AtomicFiles.write(file, out -> ImageGrid.encodePng(canvas, out));
        } catch (IOException e) {
            throw WriteFailures.unchecked(file, e);
        }
    }

    private void drawEvaluations(List<Double> x, List<Double> fid, int samples) {
        if (evaluationCanvas == null) {
            evaluationCanvas = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        }
        Graphics2D g = evaluationCanvas.createGraphics();
        try {
            plot.paint(g, WIDTH, HEIGHT, "FID during training (" + samples + " samples; lower is better)",
                    "step (thousands)", x, Map.of("FID", fid));
        } finally {
            g.dispose();
        }
        Path out = file.resolveSibling(EVALUATION_PLOT_FILE);
        try {
            AtomicFiles.write(out, o -> ImageGrid.encodePng(evaluationCanvas, o));
        } catch (IOException e) {
            throw WriteFailures.unchecked(out, e);
        }
    }
}
