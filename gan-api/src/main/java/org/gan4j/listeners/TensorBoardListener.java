package org.gan4j.listeners;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.gan4j.EpochSummary;
import org.gan4j.GanResult;
import org.gan4j.StepMetrics;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingListener;
import org.gan4j.TrainingPlan;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.io.ImageGrid;
import org.gan4j.tensorboard.EventFileWriter;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Logs a run for TensorBoard ({@code tensorboard --logdir DIR}) the way the reference program does: every epoch a
 * grid of 32 samples from fixed noise under "Mnist Fake Images" in {@code DIR/fake} and a grid of 32 real images
 * under "Mnist Real Images" in {@code DIR/real} (a conditional generator's grid is one row of 8 per class, the
 * class's name left of its row, as in {@code samples/epoch-NNN.png}); and, every {@code scalarEvery} steps, lossD, lossG, D(x), D(G(z))
 * and steps/s in {@code DIR/train}, then one scalar per extra metric of the objective, tagged with its column name
 * ({@link org.gan4j.MetricNames#extras()}, e.g. {@code wasserstein} and {@code gradientPenalty} for WGAN-GP). Images are encoded on a background thread (the real grid once). A write failure
 * (disk full, unwritable directory) stops training with the error, instead of silently losing the logs.
 */
public final class TensorBoardListener implements TrainingListener, AutoCloseable {

    /** The tag of the generated images (the reference program's). */
    public static final String FAKE_TAG = "Mnist Fake Images";
    /** The tag of the real images. */
    public static final String REAL_TAG = "Mnist Real Images";
    /** Steps between scalar records unless told otherwise: enough points for a curve, few enough to cost nothing. */
    public static final int DEFAULT_SCALAR_EVERY = 10;
    /** The scalars' tags for objectives on logits; a critic's run tags its means C(x) and C(G(z)). */
    static final String[] SCALAR_TAGS = {"lossD", "lossG", "D(x)", "D(G(z))", "steps_per_s"};
    static final int GRID = SampleGridListener.COUNT;
    static final int COLUMNS = SampleGridListener.COLUMNS;

    private final OneRun oneRun = new OneRun();
    private final Path dir;
    private final int scalarEvery;
    private final Clock clock;
    private final Background background = new Background("gan4j-tensorboard");
    private EventFileWriter scalars;
    private EventFileWriter fake;
    private EventFileWriter real;
    private byte[] realPng;
    private BufferedImage realGrid;
    private INDArray fixedNoise;
    private long noiseSeed;
    private long lastStep;
    private long lastNanos;
    private float[] values = new float[SCALAR_TAGS.length];
    private String[] tags = SCALAR_TAGS;

    /**
     * A listener writing under {@code dir}, scalars every {@value #DEFAULT_SCALAR_EVERY} steps.
     *
     * @param dir the log directory, {@code tensorboard --logdir}'s argument: event files go into its subdirectories
     *            {@code train}, {@code fake} and {@code real}, created when training starts
     */
    public TensorBoardListener(Path dir) {
        this(dir, DEFAULT_SCALAR_EVERY);
    }

    /**
     * A listener writing under {@code dir}.
     *
     * @param dir         the log directory, {@code tensorboard --logdir}'s argument: event files go into its
     *                    subdirectories {@code train}, {@code fake} and {@code real}, created when training starts
     * @param scalarEvery steps between scalar records, positive (1 logs every step)
     * @throws IllegalArgumentException if {@code scalarEvery} is not positive
     */
    public TensorBoardListener(Path dir, int scalarEvery) {
        this(dir, scalarEvery, Clock.systemUTC());
    }

    TensorBoardListener(Path dir, int scalarEvery, Clock clock) {
        if (scalarEvery <= 0) {
            throw new IllegalArgumentException("scalarEvery must be positive, got " + scalarEvery);
        }
        this.dir = dir;
        this.scalarEvery = scalarEvery;
        this.clock = clock;
    }

    @Override
    public void onStart(TrainingPlan plan) {
        oneRun.start(this);
        try {
            scalars = new EventFileWriter(dir.resolve("train"), clock);
            fake = new EventFileWriter(dir.resolve("fake"), clock);
            real = new EventFileWriter(dir.resolve("real"), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TensorBoard logs in " + dir + ": " + e.getMessage(), e);
        }
        noiseSeed = plan.config().seed() + SampleGridListener.NOISE_STREAM;
        tags = scalarTags(plan.metricNames());
        values = new float[tags.length];
        Dataset data = plan.dataset();
        realGrid = ImageGrid.draw(Datasets.firstImages(data, GRID), data.height(), data.width(), data.channels(),
                COLUMNS);
        lastStep = plan.firstStep();
        lastNanos = System.nanoTime();
    }

    @Override
    public void onStep(StepMetrics m) {
        if (m.step() % scalarEvery != 0) {
            return;
        }
        long now = System.nanoTime();
        double stepsPerSecond = (m.step() - lastStep) / ((now - lastNanos) / 1e9);
        lastStep = m.step();
        lastNanos = now;
        values[0] = (float) m.lossD();
        values[1] = (float) m.lossG();
        values[2] = (float) m.meanDReal();
        values[3] = (float) m.meanDFake();
        values[4] = (float) stepsPerSecond;
        putExtras(m);
        try {
            scalars.scalars(m.step(), tags, values);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TensorBoard scalars in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The tags of the scalars: the five of every run, then the objective's extras by their column names. */
    private static String[] scalarTags(org.gan4j.MetricNames names) {
        List<String> t = new ArrayList<>(List.of("lossD", "lossG", names.real(), names.fake(), "steps_per_s"));
        names.extras().forEach(e -> t.add(e.column()));
        return t.toArray(new String[0]);
    }

    /** The extras' values after the five of every run. */
    private void putExtras(StepMetrics m) {
        for (int i = 0; i < m.extraCount() && SCALAR_TAGS.length + i < values.length; i++) {
            values[SCALAR_TAGS.length + i] = (float) m.extra(i);
        }
    }

    @Override
    public void onEpochEnd(EpochSummary summary, TrainedGenerator generator) {
        if (fixedNoise == null) {
            fixedNoise = generator.noise(GRID, noiseSeed);
        }
        INDArray samples = generator.gridSamples(fixedNoise, COLUMNS); // a conditional one: a row per class
        int h = generator.imageHeight();
        int w = generator.imageWidth();
        int c = generator.imageChannels();
        List<String> rows = generator.classNames(); // a conditional generator's rows are its classes, named
        int epoch = summary.epoch();
        try {
            scalars.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TensorBoard scalars in " + dir + ": " + e.getMessage(), e);
        }
        background.submit(() -> {
            try {
                BufferedImage grid = rows.isEmpty() ? ImageGrid.draw(samples, h, w, c, COLUMNS)
                        : org.gan4j.io.LabelledGrid.draw(samples, h, w, c, COLUMNS, rows);
                fake.image(FAKE_TAG, epoch, grid);
                if (realPng == null) {
                    realPng = EventFileWriter.png(realGrid);
                }
                real.image(REAL_TAG, epoch, realPng, realGrid.getHeight(), realGrid.getWidth(),
                        realGrid.getColorModel().getNumComponents());
                fake.flush();
                real.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write TensorBoard images in " + dir + ": " + e.getMessage(), e);
            }
        });
    }

    /** Every figure of an evaluation as a scalar {@code eval/<name>} at the step it measured. */
    @Override
    public void onEvaluation(org.gan4j.eval.EvaluationReport report) {
        java.util.Map<String, Double> figures = report.result().scalars();
        String[] names = new String[figures.size()];
        float[] numbers = new float[figures.size()];
        int i = 0;
        for (java.util.Map.Entry<String, Double> e : figures.entrySet()) {
            names[i] = "eval/" + e.getKey();
            numbers[i++] = e.getValue().floatValue();
        }
        try {
            scalars.scalars(report.step(), names, numbers);
            scalars.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TensorBoard scalars in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEnd(GanResult result) {
        try {
            background.finish();
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        background.close();
        try {
            for (EventFileWriter w : new EventFileWriter[] {scalars, fake, real}) {
                if (w != null) {
                    w.close();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close TensorBoard logs in " + dir + ": " + e.getMessage(), e);
        }
    }
}
