package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.Gan;
import org.gan4j.Recipes;
import org.gan4j.StepMetrics;
import org.gan4j.TrainingListener;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.gan4j.io.ArrayBytes;
import org.gan4j.io.GeneratorFile;
import org.gan4j.nd4j.checkpoint.CheckpointFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The DCGAN recipe on real digits: it learns, resumes bit-exactly with its BatchNorm state, and saves whole. */
class ConvTrainingTest {

    private static Dataset digits;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws IOException {
        digits = Datasets.first(Mnist.load(TrainingTest.MNIST), 512);
    }

    /** The recipe's networks and optimizer at a smaller batch, so the test stays short. */
    private static GanConfig.Builder dcgan() {
        return Recipes.dcgan().batchSize(16).seed(11);
    }

    @Test
    void theDiscriminatorLearnsToTellRealFromFakeAndTheRunningStatisticsMove() {
        List<StepMetrics> steps = new ArrayList<>();
        GanResult r = dcgan().maxSteps(60).listener(new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
                steps.add(m);
            }
        }).train(digits);
        assertThat(steps).hasSize(60).allMatch(m -> Double.isFinite(m.lossD()) && Double.isFinite(m.lossG()));
        double gap = steps.subList(40, 60).stream().mapToDouble(m -> m.meanDReal() - m.meanDFake()).average()
                .orElseThrow();
        assertThat(gap).as("D(x) - D(G(z)) over the last 20 steps").isGreaterThan(0.3);
        // BatchNorm running statistics start at mean 0, var 1 and follow the batches in train mode.
        INDArray runningVar = r.generator().network().buffers().get("2.running_var");
        assertThat(r.generator().network().buffers().keySet())
                .containsExactly("2.running_mean", "2.running_var", "5.running_mean", "5.running_var");
        assertThat(runningVar.length()).isEqualTo(128);
        assertThat(Math.abs(runningVar.meanNumber().doubleValue() - 1)).isGreaterThan(1e-3);
        assertThat(r.discriminator().buffers()).containsOnlyKeys("4.running_mean", "4.running_var");
        // Samples in eval mode use the running statistics: not all the same image.
        INDArray samples = r.generator().sample(16);
        assertThat(samples.std(0).meanNumber().doubleValue()).isGreaterThan(0.05);
    }

    @Test
    void aResumedDcganRunIsBitIdenticalIncludingBatchNormState() throws IOException {
        GanResult straight = dcgan().maxSteps(40).train(digits);
        Path dir = tmp.resolve("ck");
        dcgan().maxSteps(20).checkpointDir(dir).checkpointEvery(20).train(digits);
        GanResult resumed = Gan.trainer().resume(dcgan().maxSteps(40).build(), digits, CheckpointFile.newest(dir));
        assertThat(ArrayBytes.toBytes(resumed.generator().network().parameters()))
                .isEqualTo(ArrayBytes.toBytes(straight.generator().network().parameters()));
        assertThat(ArrayBytes.toBytes(resumed.discriminator().parameters()))
                .isEqualTo(ArrayBytes.toBytes(straight.discriminator().parameters()));
        for (String name : straight.generator().network().buffers().keySet()) {
            assertThat(ArrayBytes.toBytes(resumed.generator().network().buffers().get(name))).as(name)
                    .isEqualTo(ArrayBytes.toBytes(straight.generator().network().buffers().get(name)));
        }
        for (String name : straight.discriminator().buffers().keySet()) {
            assertThat(ArrayBytes.toBytes(resumed.discriminator().buffers().get(name))).as("D " + name)
                    .isEqualTo(ArrayBytes.toBytes(straight.discriminator().buffers().get(name)));
        }
    }

    @Test
    void aResumedRunWithDropoutDrawsTheSameMasks() throws IOException {
        java.util.function.Supplier<GanConfig.Builder> withDropout = () -> Gan.builder().seed(5)
                .discriminator(org.gan4j.nn.NetworkSpec.sequential(org.gan4j.nn.Shape.vector(784),
                        org.gan4j.nn.Layers.dense(32), org.gan4j.nn.Layers.leakyRelu(0.2),
                        org.gan4j.nn.Layers.dropout(0.3), org.gan4j.nn.Layers.dense(1)));
        GanResult straight = withDropout.get().maxSteps(40).train(digits);
        Path dir = tmp.resolve("drop");
        withDropout.get().maxSteps(20).checkpointDir(dir).checkpointEvery(20).train(digits);
        GanResult resumed = Gan.trainer().resume(withDropout.get().maxSteps(40).build(), digits,
                CheckpointFile.newest(dir));
        assertThat(resumed.discriminator().buffers()).containsOnlyKeys("2.rng");
        assertThat(ArrayBytes.toBytes(resumed.discriminator().buffers().get("2.rng")))
                .isEqualTo(ArrayBytes.toBytes(straight.discriminator().buffers().get("2.rng")));
        assertThat(ArrayBytes.toBytes(resumed.discriminator().parameters()))
                .isEqualTo(ArrayBytes.toBytes(straight.discriminator().parameters()));
        assertThat(ArrayBytes.toBytes(resumed.generator().network().parameters()))
                .isEqualTo(ArrayBytes.toBytes(straight.generator().network().parameters()));
    }

    @Test
    void aSavedDcganGeneratorSamplesExactlyAsTheTrainedOne() throws IOException {
        GanResult r = dcgan().maxSteps(20).train(digits);
        Path file = tmp.resolve("dcgan.zip");
        GeneratorFile.save(file, r.generator());
        var loaded = GeneratorFile.load(file, 0);
        assertThat(loaded.network().spec()).isEqualTo(r.generator().network().spec());
        INDArray z = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 6, 64);
        assertThat(ArrayBytes.toBytes(loaded.sample(z))).isEqualTo(ArrayBytes.toBytes(r.generator().sample(z)));
    }
}
