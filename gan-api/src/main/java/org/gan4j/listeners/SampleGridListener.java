package org.gan4j.listeners;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gan4j.EpochSummary;
import org.gan4j.GanResult;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingListener;
import org.gan4j.TrainingPlan;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.io.AnimatedGif;
import org.gan4j.io.ImageGrid;
import org.gan4j.io.WriteFailures;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pictures of training progress in a directory:
 * <ul>
 *   <li>{@value #REAL_FILE}: the first {@value #COUNT} training images, for comparison;</li>
 *   <li>{@code epoch-NNN.png} after every epoch: the generator's images for the same {@value #COUNT} noise vectors
 *       (the reference's "Mnist Fake Images"), so flipping through them shows the run's progress; for a
 *       conditional generator one row of {@value #COLUMNS} per class, its name on the left;</li>
 *   <li>{@value #ANIMATION_FILE} at the end: the epochs' grids as the frames of one looping animation (at most
 *       {@value #MAX_FRAMES}, evenly spaced; a resumed run's covers the whole run).</li>
 * </ul>
 * The samples are drawn on the training thread (one small forward pass); drawing and PNG encoding happen on a
 * background thread, so an epoch's grid costs the training a fraction of a millisecond.
 */
public final class SampleGridListener implements TrainingListener, AutoCloseable {

    /** Images per grid. */
    public static final int COUNT = 32;
    /** Images per grid row. */
    public static final int COLUMNS = 8;
    /** The real images' grid. */
    public static final String REAL_FILE = "real.png";
    /** The animation of every epoch's grid. */
    public static final String ANIMATION_FILE = "progress.gif";
    /** Time each epoch's frame is shown in the animation. */
    static final int FRAME_MILLIS = 250;
    /** Frames of the animation at most: a 300-epoch run shows every third epoch (and the last). */
    static final int MAX_FRAMES = 100;
    /** The stream of the fixed noise: the same 32 vectors in every epoch and every run with the same seed. */
    static final long NOISE_STREAM = 1;
    private static final Pattern EPOCH_FILE = Pattern.compile("epoch-(\\d{1,18})\\.png");

    private final OneRun oneRun = new OneRun();
    private final Path dir;
    private final Background background = new Background("gan4j-sample-grids");
    private INDArray fixedNoise;
    private long noiseSeed;

    /**
     * Grids written into {@code dir} (created when missing).
     *
     * @param dir the directory of {@value #REAL_FILE}, the epoch grids and {@value #ANIMATION_FILE}; existing files
     *            of those names are replaced (a resumed run writes its epochs again)
     */
    public SampleGridListener(Path dir) {
        this.dir = dir;
    }

    /**
     * The file of an epoch's grid.
     *
     * @param epoch the epoch, from 1
     * @return its file name, zero-padded to three digits: {@code epoch-007.png}, {@code epoch-1000.png}
     */
    public static String epochFile(int epoch) {
        return String.format("epoch-%03d.png", epoch);
    }

    /**
     * The epoch grids in {@code dir}, in epoch order (by number: epoch-1000 comes after epoch-999).
     *
     * @param dir a directory this listener writes into
     * @return the files named like {@link #epochFile(int)}, sorted by epoch; empty when {@code dir} does not exist
     * @throws IOException if the directory cannot be listed
     */
    public static List<Path> epochFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            return s.filter(f -> EPOCH_FILE.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(SampleGridListener::epochOf)).toList();
        }
    }

    private static long epochOf(Path file) {
        Matcher m = EPOCH_FILE.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    @Override
    public void onStart(TrainingPlan plan) {
        oneRun.start(this);
        noiseSeed = plan.config().seed() + NOISE_STREAM;
        Dataset data = plan.dataset();
        INDArray real = Datasets.firstImages(data, COUNT);
        Path file = dir.resolve(REAL_FILE);
        background.submit(() -> write(file, real, data.height(), data.width(), data.channels(), List.of()));
    }

    @Override
    public void onEpochEnd(EpochSummary summary, TrainedGenerator generator) {
        if (fixedNoise == null) {
            fixedNoise = generator.noise(COUNT, noiseSeed);
        }
        INDArray samples = generator.gridSamples(fixedNoise, COLUMNS); // a conditional one: a row per class
        Path file = dir.resolve(epochFile(summary.epoch()));
        int h = generator.imageHeight();
        int w = generator.imageWidth();
        int c = generator.imageChannels();
        List<String> rows = generator.classNames(); // a conditional generator's rows are its classes, named
        background.submit(() -> write(file, samples, h, w, c, rows));
    }

    private static void write(Path file, INDArray images, int h, int w, int c, List<String> rowLabels) {
        try {
            if (rowLabels.isEmpty()) {
                ImageGrid.writePng(file, images, h, w, c, COLUMNS);
            } else {
                org.gan4j.io.LabelledGrid.writePng(file, images, h, w, c, COLUMNS, rowLabels);
            }
        } catch (IOException e) {
            throw WriteFailures.unchecked(file, e);
        }
    }

    @Override
    public void onEnd(GanResult result) {
        try {
            background.finish();
            List<Path> frames = evenlySpaced(epochFiles(dir), MAX_FRAMES);
            if (!frames.isEmpty()) {
                AnimatedGif.write(dir.resolve(ANIMATION_FILE), frames, FRAME_MILLIS);
            }
        } catch (IOException e) {
            throw WriteFailures.unchecked(dir.resolve(ANIMATION_FILE), e);
        } finally {
            background.close();
        }
    }

    /** At most {@code max} of {@code all}, evenly spaced, always with the first and the last. */
    static <T> List<T> evenlySpaced(List<T> all, int max) {
        if (all.size() <= max) {
            return all;
        }
        List<T> picked = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            picked.add(all.get((int) Math.round(i * (all.size() - 1) / (double) (max - 1))));
        }
        return picked;
    }

    @Override
    public void close() {
        background.close();
    }
}
