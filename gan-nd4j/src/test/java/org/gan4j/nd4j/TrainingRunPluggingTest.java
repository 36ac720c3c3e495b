package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.gan4j.io.ArrayBytes;
import org.gan4j.nd4j.checkpoint.CheckpointFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step strategy of its own, with a piece of state of its own, plugs into {@link TrainingRun} without a change to the
 * loop or the checkpoint code: its state is checkpointed and restored, and the run's bits are the default step's.
 */
class TrainingRunPluggingTest {

    private static Dataset digits;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws IOException {
        digits = Datasets.first(Mnist.load(TrainingTest.MNIST), 200);
    }

    /** The default step, counting the batches it ran: a new piece of state, registered under its own name. */
    private static final class CountingStep extends ForwardingTrainingStep {
        long batches;

        CountingStep(TrainingStep inner) {
            super(inner);
        }

        @Override
        public void run(int batch, long step) {
            inner.run(batch, step);
            batches++;
        }
    }

    private static TrainingStep.Factory counting(List<CountingStep> made) {
        return (config, dataset, networks, state) -> {
            CountingStep s = new CountingStep(GanSteps.create(config, dataset, networks, state));
            state.register("test.counter", to -> to.field("test.batches", Long.toString(s.batches)),
                    from -> s.batches = Long.parseLong(from.field("test.batches")));
            made.add(s);
            return s;
        };
    }

    private static GanConfig.Builder base() {
        return Gan.builder().seed(3);
    }

    private static byte[] bytes(org.nd4j.linalg.api.ndarray.INDArray a) {
        return ArrayBytes.toBytes(a);
    }

    @Test
    void aStepStrategyAndItsOwnStateCheckpointAndResumeWithoutChangesToTheLoop() throws IOException {
        Nd4jEngine engine = new Nd4jEngine();
        GanResult plain = new TrainingRun(engine, base().maxSteps(20).build(), digits).run();
        List<CountingStep> made = new ArrayList<>();
        GanResult wrapped = new TrainingRun(engine, base().maxSteps(20).build(), digits, counting(made)).run();
        assertThat(made.get(0).batches).isEqualTo(20);
        assertThat(bytes(wrapped.generator().network().parameters())).as("the same step, the same bits")
                .isEqualTo(bytes(plain.generator().network().parameters()));

        Path dir = tmp.resolve("a");
        new TrainingRun(engine, base().maxSteps(9).checkpointDir(dir).build(), digits, counting(made)).run();
        CheckpointFile.Contents c = CheckpointFile.read(CheckpointFile.newest(dir));
        assertThat(c.field("test.batches")).as("the new piece's field, in the checkpoint").isEqualTo("9");

        TrainingRun resumed = new TrainingRun(engine, base().maxSteps(20).build(), digits, counting(made));
        CountingStep step = made.get(made.size() - 1);
        resumed.restore(c);
        assertThat(step.batches).as("restored with the run").isEqualTo(9);
        GanResult r = resumed.run();
        assertThat(step.batches).isEqualTo(20);
        assertThat(bytes(r.generator().network().parameters())).as("resumed bit for bit")
                .isEqualTo(bytes(plain.generator().network().parameters()));
        assertThat(bytes(r.discriminator().parameters())).isEqualTo(bytes(plain.discriminator().parameters()));
    }
}
