package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.Objective;
import org.gan4j.StepMetrics;
import org.gan4j.TrainingListener;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.gan4j.io.ArrayBytes;
import org.gan4j.io.CheckpointException;
import org.gan4j.nd4j.checkpoint.CheckpointFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The objectives and critic steps in real training on 1,000 digits: what each changes, and exact resume. */
class ObjectiveTrainingTest {

    private static Dataset digits;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws IOException {
        digits = Datasets.first(Mnist.load(TrainingTest.MNIST), 1000);
    }

    private static GanConfig.Builder base() {
        return Gan.builder().seed(5).batchSize(50);
    }

    /** Records every step's metrics. */
    private static final class Recorder implements TrainingListener {
        final List<StepMetrics> steps = new ArrayList<>();

        @Override
        public void onStep(StepMetrics m) {
            steps.add(m);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"minimax", "lsgan", "wgan(clip=0.01)", "wgan-gp", "hinge", "ragan", "bce(real=0.9)"})
    void eachObjectiveTrainsWithFiniteLossesAndMovesBothNetworks(String text) {
        Recorder r = new Recorder();
        GanResult start = Gan.trainer().train(base().objective(Objective.parse(text)).maxSteps(1).build(), digits);
        GanResult result = Gan.trainer().train(base().objective(Objective.parse(text)).maxSteps(60).listener(r)
                .build(), digits);
        assertThat(r.steps).hasSize(60);
        for (StepMetrics m : r.steps) {
            assertThat(m.lossD()).as("%s lossD at step %d", text, m.step()).isFinite();
            assertThat(m.lossG()).as("%s lossG at step %d", text, m.step()).isFinite();
        }
        // the losses are not the default's: the objective really reached the step (minimax's D loss is the
        // default's, its G loss is not)
        GanResult bce = Gan.trainer().train(base().maxSteps(1).build(), digits);
        if (!text.equals("bce(real=0.9)")) {
            assertThat(ArrayBytes.toBytes(start.generator().network().parameters()))
                    .as("%s's first generator update differs from cross-entropy's", text)
                    .isNotEqualTo(ArrayBytes.toBytes(bce.generator().network().parameters()));
        }
        assertThat(ArrayBytes.toBytes(start.discriminator().parameters()))
                .as("%s's first discriminator update", text)
                .matches(d -> text.equals("minimax") == java.util.Arrays.equals(d,
                        ArrayBytes.toBytes(bce.discriminator().parameters())));
        assertThat(ArrayBytes.toBytes(result.generator().network().parameters()))
                .isNotEqualTo(ArrayBytes.toBytes(start.generator().network().parameters()));
    }

    @Test
    void weightClippingKeepsEveryCriticParameterInsideTheClip() {
        GanResult clipped = Gan.trainer().train(base().objective(new Objective.Wasserstein(0.01)).maxSteps(30)
                .build(), digits);
        double[] p = clipped.discriminator().parameters().toDoubleVector();
        double max = 0;
        for (double v : p) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat(max).isLessThanOrEqualTo(0.01f);
        assertThat(max).as("something is at the clip (PyTorch's init puts most weights above 0.01)")
                .isEqualTo(0.01f, org.assertj.core.data.Offset.offset(1e-9));
        GanResult unclipped = Gan.trainer().train(base().objective(new Objective.Wasserstein(0)).maxSteps(30)
                .build(), digits);
        double maxUnclipped = 0;
        for (double v : unclipped.discriminator().parameters().toDoubleVector()) {
            maxUnclipped = Math.max(maxUnclipped, Math.abs(v));
        }
        assertThat(maxUnclipped).isGreaterThan(0.02);
    }

    @Test
    void withCriticStepsTheGeneratorMovesOnlyAtEveryNthStep() {
        List<byte[]> generators = new ArrayList<>();
        for (int steps = 1; steps <= 4; steps++) {
            GanResult r = Gan.trainer().train(base().objective(new Objective.Wasserstein(0.01)).criticSteps(3)
                    .maxSteps(steps).build(), digits);
            generators.add(ArrayBytes.toBytes(r.generator().network().parameters()));
        }
        assertThat(generators.get(1)).as("step 2: no generator update").isEqualTo(generators.get(0));
        assertThat(generators.get(2)).as("step 3: the first generator update").isNotEqualTo(generators.get(1));
        assertThat(generators.get(3)).as("step 4: none").isEqualTo(generators.get(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"wgan(clip=0.01)", "wgan-gp(lambda=10)", "ragan"})
    void aResumedRunWithCriticStepsIsBitIdenticalIncludingItsMetrics(String text) throws IOException {
        Recorder straightSteps = new Recorder();
        GanConfig.Builder b = base().objective(Objective.parse(text)).criticSteps(3);
        GanResult straight = Gan.trainer().train(b.maxSteps(50).listener(straightSteps).build(), digits);
        Path dir = tmp.resolve(text.replaceAll("\\W", ""));
        Gan.trainer().train(base().objective(Objective.parse(text)).criticSteps(3).maxSteps(25).checkpointDir(dir)
                .build(), digits);
        Recorder resumedSteps = new Recorder();
        GanResult resumed = Gan.trainer().resume(base().objective(Objective.parse(text)).criticSteps(3).maxSteps(50)
                .listener(resumedSteps).build(), digits, CheckpointFile.newest(dir));
        assertThat(ArrayBytes.toBytes(resumed.generator().network().parameters()))
                .isEqualTo(ArrayBytes.toBytes(straight.generator().network().parameters()));
        assertThat(ArrayBytes.toBytes(resumed.discriminator().parameters()))
                .isEqualTo(ArrayBytes.toBytes(straight.discriminator().parameters()));
        // step 26 has no generator update: its lossG is step 24's, carried through the checkpoint
        assertThat(resumedSteps.steps.get(0).step()).isEqualTo(26);
        assertThat(resumedSteps.steps.get(0).lossG()).isEqualTo(straightSteps.steps.get(25).lossG());
        assertThat(resumedSteps.steps.get(0).lossG()).isNotZero();
    }

    @Test
    void aResumeWithOtherCriticStepsOrAnotherObjectiveIsRefusedNamingIt() throws IOException {
        Path dir = tmp.resolve("c");
        Gan.trainer().train(base().objective(new Objective.Hinge()).criticSteps(2).maxSteps(10).checkpointDir(dir)
                .build(), digits);
        Path newest = CheckpointFile.newest(dir);
        assertThatThrownBy(() -> Gan.trainer().resume(base().objective(new Objective.Hinge()).maxSteps(20).build(),
                digits, newest)).isInstanceOf(CheckpointException.class).hasMessageContaining("criticSteps: 2 vs 1");
        assertThatThrownBy(() -> Gan.trainer().resume(base().objective(new Objective.LeastSquares()).criticSteps(2)
                .maxSteps(20).build(), digits, newest)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("objective: hinge vs lsgan");
    }

    @Test
    void aRelativisticObjectiveWithABatchNormDiscriminatorIsRefused() {
        GanConfig c = org.gan4j.Recipes.dcgan().objective(new Objective.RelativisticAverage())
                .maxSteps(1).build();
        Dataset few = Datasets.first(digits, 128);
        assertThatThrownBy(() -> Gan.trainer().train(c, few)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("separable");
    }

    @Test
    void thePenaltyIsPartOfTheCriticsLossAndChangesItsUpdate() {
        Recorder plain = new Recorder();
        Recorder penalised = new Recorder();
        GanResult w = Gan.trainer().train(base().objective(new Objective.Wasserstein(0)).maxSteps(1).listener(plain)
                .build(), digits);
        GanResult gp = Gan.trainer().train(base().objective(new Objective.WassersteinGp(10)).maxSteps(1)
                .listener(penalised).build(), digits);
        // the same networks, batch and noise at step 1: the difference in lossD is the penalty, positive
        double penalty = penalised.steps.get(0).lossD() - plain.steps.get(0).lossD();
        assertThat(penalty).isPositive();
        assertThat(plain.steps.get(0).meanDReal()).isEqualTo(penalised.steps.get(0).meanDReal());
        assertThat(ArrayBytes.toBytes(gp.discriminator().parameters()))
                .isNotEqualTo(ArrayBytes.toBytes(w.discriminator().parameters()));
    }

    @Test
    void criticOutputsAreReportedAsScoresNotProbabilities() {
        Recorder r = new Recorder();
        Gan.trainer().train(base().objective(new Objective.Wasserstein(0)).maxSteps(40).listener(r).build(), digits);
        boolean outside = r.steps.stream().anyMatch(m -> m.meanDReal() < 0 || m.meanDReal() > 1
                || m.meanDFake() < 0 || m.meanDFake() > 1);
        assertThat(outside).as("an unclipped critic's mean score leaves [0, 1] within 40 steps").isTrue();
        StepMetrics last = r.steps.get(r.steps.size() - 1);
        // lossD = mean f - mean r for the Wasserstein critic
        assertThat(last.lossD()).isCloseTo(last.meanDFake() - last.meanDReal(),
                org.assertj.core.data.Offset.offset(1e-5));
    }
}
