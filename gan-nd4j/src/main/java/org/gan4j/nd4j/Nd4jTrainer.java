package org.gan4j.nd4j;

import java.io.IOException;
import java.nio.file.Path;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.Trainer;
import org.gan4j.data.Dataset;
import org.gan4j.nd4j.checkpoint.CheckpointFile;

/** Runs {@link TrainingRun}s: fresh, or resumed from a checkpoint. Keeps no state between runs. */
final class Nd4jTrainer implements Trainer {

    private final Nd4jEngine engine;

    Nd4jTrainer(Nd4jEngine engine) {
        this.engine = engine;
    }

    @Override
    public GanResult train(GanConfig config, Dataset dataset) {
        return new TrainingRun(engine, org.gan4j.ClassLabels.withDatasetNames(config, dataset), dataset).run();
    }

    @Override
    public GanResult resume(GanConfig config, Dataset dataset, Path checkpoint) throws IOException {
        CheckpointFile.Contents contents = CheckpointFile.read(checkpoint);
        TrainingRun run = new TrainingRun(engine, org.gan4j.ClassLabels.withDatasetNames(config, dataset), dataset);
        run.restore(contents);
        return run.run();
    }
}
