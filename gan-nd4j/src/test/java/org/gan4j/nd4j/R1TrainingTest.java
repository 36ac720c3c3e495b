package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gan4j.nn.Layers.conv2d;
import static org.gan4j.nn.Layers.dense;
import static org.gan4j.nn.Layers.flatten;
import static org.gan4j.nn.Layers.leakyRelu;
import static org.gan4j.nn.Layers.reshape;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.Objective;
import org.gan4j.SeededRandom;
import org.gan4j.StepMetrics;
import org.gan4j.TrainingListener;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.gan4j.io.ArrayBytes;
import org.gan4j.io.CheckpointException;
import org.gan4j.nd4j.checkpoint.CheckpointFile;
import org.gan4j.nd4j.kernels.CpuKernels;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.kernels.PortableKernels;
import org.gan4j.nd4j.layers.Sequential;
import org.gan4j.nd4j.penalty.R1Penalty;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@code GanConfig.Builder.r1Penalty}: the R1 penalty in real training on digits, beside an objective. */
class R1TrainingTest {

    private static final int BATCH = 32;
    private static final double GAMMA = 10;
    private static final NetworkSpec CONV_CRITIC = NetworkSpec.sequential(Shape.vector(784), reshape(1, 28, 28),
            conv2d(4, 4, 2, 1), leakyRelu(0.2), conv2d(8, 4, 2, 1), leakyRelu(0.2), flatten(), dense(1));

    private static Dataset digits;
    /** Exactly one batch: the first step sees all of it, in some order. */
    private static Dataset oneBatch;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws IOException {
        digits = Datasets.first(Mnist.load(TrainingTest.MNIST), 640);
        oneBatch = Datasets.first(digits, BATCH);
    }

    /** Records every step's metrics. */
    private static final class Recorder implements TrainingListener {
        final List<StepMetrics> steps = new ArrayList<>();

        @Override
        public void onStep(StepMetrics m) {
            steps.add(m);
        }
    }

    static Stream<Arguments> kernelsAndCritics() {
        List<Arguments> a = new ArrayList<>();
        for (String critic : List.of("mlp", "conv")) {
            a.add(Arguments.of(new PortableKernels(), critic));
            a.add(Arguments.of(new CpuKernels(), critic));
        }
        return a.stream();
    }

    private static GanConfig.Builder base(String critic) {
        GanConfig.Builder b = Gan.builder().seed(9).batchSize(BATCH).dataType(DataType.DOUBLE)
                .objective(new Objective.Hinge());
        return critic.equals("conv") ? b.discriminator(CONV_CRITIC) : b;
    }

    /**
     * At step 1 both runs have the same networks, batch and noise, so their lossD differ by exactly the penalty of
     * the initial critic on the real batch, computed here by {@link R1Penalty#value} (in double; only the order of
     * the rows differs, since the run shuffles them).
     */
    @ParameterizedTest
    @MethodSource("kernelsAndCritics")
    void theFirstStepsLossDIsTheObjectivesPlusThePenaltyOfTheInitialCriticOnTheRealBatch(Kernels kernels,
                                                                                       String critic) {
        Nd4jEngine engine = new Nd4jEngine(kernels);
        Recorder plain = new Recorder();
        Recorder penalised = new Recorder();
        GanResult without = engine.trainer().train(base(critic).maxSteps(1).listener(plain).build(), oneBatch);
        GanResult with = engine.trainer().train(base(critic).r1Penalty(GAMMA).maxSteps(1).listener(penalised)
                .build(), oneBatch);

        GanConfig config = base(critic).build();
        Sequential initial = engine.build(config.discriminatorSpec(oneBatch.imageShape()), DataType.DOUBLE,
                SeededRandom.forStream(config.seed(), TrainingRun.STREAM_DISCRIMINATOR_INIT).nextLong());
        float[] pixels = new float[BATCH * 784];
        int[] order = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            order[i] = i;
        }
        oneBatch.copyImages(order, 0, BATCH, pixels);
        INDArray real = Nd4j.createFromArray(pixels).castTo(DataType.DOUBLE).reshape(BATCH, 784);
        double expected = new R1Penalty(kernels, initial, GAMMA).value(real);

        double difference = penalised.steps.get(0).lossD() - plain.steps.get(0).lossD();
        assertThat(expected).as("a penalty large enough to see").isGreaterThan(1e-6);
        assertThat(difference).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12 * (1 + expected)));
        assertThat(penalised.steps.get(0).meanDReal()).isEqualTo(plain.steps.get(0).meanDReal());
        assertThat(ArrayBytes.toBytes(with.discriminator().parameters()))
                .as("the penalty's gradient reached the critic's update")
                .isNotEqualTo(ArrayBytes.toBytes(without.discriminator().parameters()));
    }

    @Test
    void aResumedRunWithR1IsBitIdenticalAndAResumeWithoutItIsRefusedNamingTheLoss() throws IOException {
        GanConfig.Builder b = Gan.builder().seed(4).batchSize(BATCH).r1Penalty(GAMMA);
        Recorder straightSteps = new Recorder();
        GanResult straight = Gan.trainer().train(b.maxSteps(30).listener(straightSteps).build(), digits);
        Path dir = tmp.resolve("r1");
        Gan.trainer().train(Gan.builder().seed(4).batchSize(BATCH).r1Penalty(GAMMA).maxSteps(15).checkpointDir(dir)
                .build(), digits);
        Recorder resumedSteps = new Recorder();
        GanResult resumed = Gan.trainer().resume(Gan.builder().seed(4).batchSize(BATCH).r1Penalty(GAMMA)
                .maxSteps(30).listener(resumedSteps).build(), digits, CheckpointFile.newest(dir));
        assertThat(ArrayBytes.toBytes(resumed.generator().network().parameters()))
                .isEqualTo(ArrayBytes.toBytes(straight.generator().network().parameters()));
        assertThat(ArrayBytes.toBytes(resumed.discriminator().parameters()))
                .isEqualTo(ArrayBytes.toBytes(straight.discriminator().parameters()));
        assertThat(resumedSteps.steps.get(0).lossD()).isEqualTo(straightSteps.steps.get(15).lossD());

        Path newest = CheckpointFile.newest(dir);
        assertThatThrownBy(() -> Gan.trainer().resume(Gan.builder().seed(4).batchSize(BATCH).maxSteps(40).build(),
                digits, newest)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("r1Penalty: 10.0 vs 0.0"); // the run's spec holds the penalty
        assertThatThrownBy(() -> Gan.trainer().resume(Gan.builder().seed(4).batchSize(BATCH).r1Penalty(1)
                .maxSteps(40).build(), digits, newest)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("r1Penalty: 10.0 vs 1.0");
    }
}
