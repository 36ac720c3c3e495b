package org.gan4j.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.gan4j.EpochSummary;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingListener;
import org.gan4j.io.ImageGrid;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * After every epoch, writes {@code samples/epoch-NNN.png}: the generator's images for the same 32 noise vectors
 * (the reference's "Mnist Fake Images"), so flipping through them shows training progress.
 */
final class SampleGrids implements TrainingListener {

    static final int COUNT = 32;
    static final int COLUMNS = 8;

    private final Path dir;
    private final long noiseSeed;
    private INDArray fixedNoise;

    SampleGrids(Path dir, long noiseSeed) {
        this.dir = dir;
        this.noiseSeed = noiseSeed;
    }

    @Override
    public void onEpochEnd(EpochSummary summary, TrainedGenerator generator) {
        if (fixedNoise == null) {
            fixedNoise = generator.noise(COUNT, noiseSeed);
        }
        Path file = dir.resolve(String.format("epoch-%03d.png", summary.epoch()));
        try {
            ImageGrid.writePng(file, generator.sample(fixedNoise), generator.imageHeight(), generator.imageWidth(),
                    generator.imageChannels(), COLUMNS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
