package org.gan4j.tensorboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import org.gan4j.EpochSummary;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.StepMetrics;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingListener;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.io.ImageGrid;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Logs a run for TensorBoard ({@code tensorboard --logdir DIR}) the way the reference program does: every epoch a
 * grid of 32 samples from fixed noise under "Mnist Fake Images" in {@code DIR/fake} and a grid of 32 real images
 * under "Mnist Real Images" in {@code DIR/real}; and, every {@code scalarEvery} steps, lossD, lossG, D(x), D(G(z))
 * and steps/s in {@code DIR/train}. A write failure (disk full, unwritable directory) stops training with the error,
 * instead of silently losing the logs.
 */
public final class TensorBoardListener implements TrainingListener, AutoCloseable {

    static final String FAKE_TAG = "Mnist Fake Images";
    static final String REAL_TAG = "Mnist Real Images";
    static final int GRID = 32;
    static final int COLUMNS = 8;

    private final Path dir;
    private final Dataset real;
    private final int scalarEvery;
    private final Clock clock;
    private EventFileWriter scalars;
    private EventFileWriter fake;
    private EventFileWriter realWriter;
    private INDArray fixedNoise;
    private INDArray realImages;
    private long lastStep;
    private long lastNanos;
    private long noiseSeed;

    /**
     * A listener writing under {@code dir}.
     *
     * @param real        the training data, for the real-image grid
     * @param scalarEvery steps between scalar records (1 logs every step)
     */
    public TensorBoardListener(Path dir, Dataset real, int scalarEvery) {
        this(dir, real, scalarEvery, Clock.systemUTC());
    }

    TensorBoardListener(Path dir, Dataset real, int scalarEvery, Clock clock) {
        if (scalarEvery <= 0) {
            throw new IllegalArgumentException("scalarEvery must be positive, got " + scalarEvery);
        }
        this.dir = dir;
        this.real = real;
        this.scalarEvery = scalarEvery;
        this.clock = clock;
    }

    @Override
    public void onStart(GanConfig config, String backend) {
        try {
            scalars = new EventFileWriter(dir.resolve("train"), clock);
            fake = new EventFileWriter(dir.resolve("fake"), clock);
            realWriter = new EventFileWriter(dir.resolve("real"), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TensorBoard logs in " + dir + ": " + e.getMessage(), e);
        }
        noiseSeed = config.seed() + 1;
        realImages = Datasets.firstImages(real, GRID);
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
        try {
            scalars.scalar("lossD", m.step(), (float) m.lossD());
            scalars.scalar("lossG", m.step(), (float) m.lossG());
            scalars.scalar("D(x)", m.step(), (float) m.meanDReal());
            scalars.scalar("D(G(z))", m.step(), (float) m.meanDFake());
            scalars.scalar("steps_per_s", m.step(), (float) stepsPerSecond);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TensorBoard scalars in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEpochEnd(EpochSummary summary, TrainedGenerator generator) {
        if (fixedNoise == null) {
            fixedNoise = generator.noise(GRID, noiseSeed);
        }
        try {
            fake.image(FAKE_TAG, summary.epoch(), ImageGrid.draw(generator.sample(fixedNoise),
                    generator.imageHeight(), generator.imageWidth(), generator.imageChannels(), COLUMNS));
            realWriter.image(REAL_TAG, summary.epoch(), ImageGrid.draw(realImages, real.height(), real.width(),
                    real.channels(), COLUMNS));
            scalars.flush();
            fake.flush();
            realWriter.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TensorBoard images in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEnd(GanResult result) {
        close();
    }

    @Override
    public void close() {
        try {
            for (EventFileWriter w : new EventFileWriter[] {scalars, fake, realWriter}) {
                if (w != null) {
                    w.close();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close TensorBoard logs in " + dir + ": " + e.getMessage(), e);
        }
    }
}
