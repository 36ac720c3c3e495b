package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.gan4j.io.ArrayBytes;
import org.gan4j.io.CheckpointException;
import org.gan4j.io.GeneratorFile;
import org.gan4j.nd4j.checkpoint.CheckpointFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Instance noise in real training on 500 digits: it changes the run while it lasts, and resume stays exact. */
class InstanceNoiseTrainingTest {

    private static Dataset digits;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws IOException {
        digits = Datasets.first(Mnist.load(TrainingTest.MNIST), 500);
    }

    private static GanConfig.Builder base() {
        return Gan.builder().seed(7).batchSize(50);
    }

    private static byte[] bytes(org.nd4j.linalg.api.ndarray.INDArray a) {
        return ArrayBytes.toBytes(a);
    }

    @Test
    void theNoiseChangesTheRunAndOnlyRunsWithItCheckpointItsStream() throws IOException {
        Path noisyDir = tmp.resolve("noisy");
        Path cleanDir = tmp.resolve("clean");
        GanResult noisy = Gan.trainer().train(base().instanceNoise(0.5, 100).maxSteps(10).checkpointDir(noisyDir)
                .build(), digits);
        GanResult clean = Gan.trainer().train(base().maxSteps(10).checkpointDir(cleanDir).build(), digits);
        assertThat(bytes(noisy.discriminator().parameters())).isNotEqualTo(bytes(clean.discriminator().parameters()));
        assertThat(bytes(noisy.generator().network().parameters()))
                .isNotEqualTo(bytes(clean.generator().network().parameters()));
        CheckpointFile.Contents with = CheckpointFile.read(CheckpointFile.newest(noisyDir));
        CheckpointFile.Contents without = CheckpointFile.read(CheckpointFile.newest(cleanDir));
        assertThat(with.manifest().getProperty("config.instanceNoise")).isEqualTo("sigma=0.5,steps=100");
        assertThat(with.manifest().getProperty("random.instanceNoise")).isNotBlank();
        assertThat(new String(with.entry("run.json"), StandardCharsets.UTF_8))
                .contains("\"instanceNoise\" : \"sigma=0.5,steps=100\"");
        assertThat(without.manifest().stringPropertyNames()).noneMatch(k -> k.contains("instanceNoise"));
        assertThat(new String(without.entry("run.json"), StandardCharsets.UTF_8)).doesNotContain("instanceNoise");
        assertThat(noisy.provenance().spec().orElseThrow().instanceNoise()).isPresent();
    }

    @Test
    void aResumedRunWithInstanceNoiseIsBitIdenticalToOneThatNeverStopped() throws IOException {
        // annealed over 45 steps: the checkpoint at 30 is mid-annealing, the run ends after it
        GanConfig.Builder config = base().instanceNoise(0.4, 45).criticSteps(2);
        Path straightDir = tmp.resolve("straight");
        GanResult straight = Gan.trainer().train(config.maxSteps(60).checkpointDir(straightDir).build(), digits);
        Path dir = tmp.resolve("half");
        Gan.trainer().train(config.maxSteps(30).checkpointDir(dir).build(), digits);
        Path newest = CheckpointFile.newest(dir);
        assertThat(newest.getFileName().toString()).isEqualTo("checkpoint-0000000030.zip");
        GanResult resumed = Gan.trainer().resume(config.maxSteps(60).checkpointDir(dir).build(), digits, newest);
        assertThat(bytes(resumed.generator().network().parameters()))
                .isEqualTo(bytes(straight.generator().network().parameters()));
        assertThat(bytes(resumed.discriminator().parameters()))
                .isEqualTo(bytes(straight.discriminator().parameters()));
        CheckpointFile.Contents a = CheckpointFile.read(CheckpointFile.newest(straightDir));
        CheckpointFile.Contents b = CheckpointFile.read(CheckpointFile.newest(dir));
        assertThat(b.entry(GeneratorFile.PARAMETERS_ENTRY)).isEqualTo(a.entry(GeneratorFile.PARAMETERS_ENTRY));
        assertThat(b.manifest().getProperty("random.instanceNoise"))
                .isEqualTo(a.manifest().getProperty("random.instanceNoise"));
    }

    @Test
    void resumingWithOtherInstanceNoiseIsRefusedNamingIt() throws IOException {
        Path on = tmp.resolve("on");
        Path off = tmp.resolve("off");
        Gan.trainer().train(base().instanceNoise(0.5, 100).maxSteps(10).checkpointDir(on).build(), digits);
        Gan.trainer().train(base().maxSteps(10).checkpointDir(off).build(), digits);
        Path withNoise = CheckpointFile.newest(on);
        Path without = CheckpointFile.newest(off);
        assertThatThrownBy(() -> Gan.trainer().resume(base().maxSteps(20).build(), digits, withNoise))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("written with instanceNoise sigma=0.5,steps=100, but the configuration has off");
        assertThatThrownBy(() -> Gan.trainer().resume(base().instanceNoise(0.5, 200).maxSteps(20).build(), digits,
                withNoise))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("written with instanceNoise sigma=0.5,steps=100, but the configuration has "
                        + "sigma=0.5,steps=200");
        assertThatThrownBy(() -> Gan.trainer().resume(base().instanceNoise(0.5, 100).maxSteps(20).build(), digits,
                without))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("written with instanceNoise off, but the configuration has sigma=0.5,steps=100");
    }
}
