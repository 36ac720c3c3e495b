package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumSet;
import org.gan4j.EpochSummary;
import org.gan4j.Gan;
import org.gan4j.StepMetrics;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingListener;
import org.gan4j.data.ImageDataset;
import org.gan4j.io.Checkpoints;
import org.gan4j.io.GeneratorFile;
import org.gan4j.listeners.RunLog;
import org.gan4j.listeners.SampleGridListener;
import org.gan4j.listeners.TensorBoardListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listeners combine, and one that cannot write stops training with a clear error naming the file instead of losing
 * logs; it does not cost the run the checkpoint of the epoch it failed at.
 */
class ListenerFailureTest {

    @TempDir
    Path tmp;

    @Test
    void listenersRunTogetherInOrder() throws IOException {
        ImageDataset data = DataSource.embedded();
        List<String> calls = new ArrayList<>();
        Gan.builder().maxSteps(20)
                .listener(new TrainingListener() {
                    @Override public void onStep(StepMetrics m) { calls.add("a" + m.step()); }
                })
                .listener(new TensorBoardListener(tmp.resolve("logs"), 5))
                .listener(new TrainingListener() {
                    @Override public void onStep(StepMetrics m) { calls.add("b" + m.step()); }
                })
                .train(data);
        assertThat(calls).startsWith("a1", "b1", "a2", "b2").hasSize(40);
        assertThat(tmp.resolve("logs/train")).isDirectory();
    }

    @Test
    void anUnwritableLogDirectoryStopsTrainingWithTheReason() throws IOException {
        ImageDataset data = DataSource.embedded();
        Path blocked = Files.writeString(tmp.resolve("logs"), "a file where the log directory should be");
        assertThatThrownBy(() -> Gan.builder().maxSteps(20)
                .listener(new TensorBoardListener(blocked, 5)).train(data))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot write TensorBoard logs in " + blocked);
        // the command line turns it into one line
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("logs"), "blocked");
        // A start that stopped before its first checkpoint, so that train reuses the directory (any other non-empty
        // directory is refused before training) and meets the blocked path.
        Files.writeString(run.resolve(RunOptions.FILE), RunOptions.HEADER_LINE + "\n");
        CliTest.Run r = CliTest.run("train", "--steps", "20", "--run-dir", run.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("gan4j: error: " + run.resolve("logs")).contains("Not a directory");
    }

    @Test
    void aListenerThatFailsAtAnEpochsEndDoesNotCostTheEpochsCheckpoint() throws IOException {
        ImageDataset data = DataSource.embedded();
        Path checkpoints = tmp.resolve("checkpoints");
        List<Long> epochEnds = new ArrayList<>();
        assertThatThrownBy(() -> Gan.builder().epochs(3).checkpointDir(checkpoints)
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochSummary summary, TrainedGenerator generator) {
                        epochEnds.add(summary.lastStep());
                        throw new UncheckedIOException(new IOException("No space left on device"));
                    }
                }).train(data))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("No space left on device");
        assertThat(epochEnds).hasSize(1);
        List<Path> written = Checkpoints.list(checkpoints);
        assertThat(written).as("the epoch's checkpoint, written before the listener was told").singleElement()
                .satisfies(c -> assertThat(Checkpoints.step(c)).isEqualTo(epochEnds.get(0)));
        // complete: it loads as a generator
        assertThat(GeneratorFile.load(written.get(0), 0).imageWidth()).isEqualTo(28);
    }

    @Test
    void sampleGridsThatCannotBeWrittenNameTheFileAndKeepTheCheckpoint() throws IOException {
        ImageDataset data = DataSource.embedded();
        Path run = Files.createDirectories(tmp.resolve("run"));
        Path samples = Files.writeString(run.resolve(RunLog.SAMPLES_DIR), "a file where the directory should be");
        Path checkpoints = run.resolve("checkpoints");
        List<Long> epochEnds = new ArrayList<>();
        assertThatThrownBy(() -> Gan.builder().epochs(4).checkpointDir(checkpoints)
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochSummary summary, TrainedGenerator generator) {
                        epochEnds.add(summary.lastStep());
                    }
                })
                .listener(RunLog.in(run, EnumSet.of(RunLog.Output.SAMPLES))).train(data))
                .isInstanceOf(UncheckedIOException.class)
                // what the command line prints: the cause's message, "<file>: <reason>"
                .cause().hasMessage(samples.resolve(SampleGridListener.REAL_FILE) + ": " + samples.toAbsolutePath()
                        + " is not a directory");
        // the failure surfaces at an epoch's end (or the end): that epoch's checkpoint was written first
        assertThat(Checkpoints.list(checkpoints)).isNotEmpty().last()
                .satisfies(c -> assertThat(Checkpoints.step(c)).isEqualTo(epochEnds.get(epochEnds.size() - 1)));
        assertThat(samples).hasContent("a file where the directory should be");
    }
}
