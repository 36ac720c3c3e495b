package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.gan4j.io.ArrayBytes;
import org.gan4j.io.CheckpointException;
import org.gan4j.io.HostileZips;
import org.gan4j.nd4j.checkpoint.CheckpointFile;
import org.gan4j.optim.LearningRateSchedule;
import org.gan4j.optim.OptimizerSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checkpoints of runs with RMSprop (momentum) on D, SGD (momentum) on G and a linear decay: bit-exact resume, a
 * resume with other optimizers refused, and forged state refused naming the field or entry.
 */
class OptimizerCheckpointTest {

    private static final OptimizerSpec RMSPROP = OptimizerSpec.rmsProp(2e-4, 0.99, 1e-8, 0.5);
    private static final OptimizerSpec SGD = OptimizerSpec.sgd(0.01, 0.9);

    private static Dataset digits;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws IOException {
        digits = Datasets.first(Mnist.load(TrainingTest.MNIST), 200);
    }

    /** 200 images in batches of 32: 7 steps per epoch. */
    private static GanConfig.Builder base() {
        return Gan.builder().seed(31).discriminatorOptimizer(RMSPROP).generatorOptimizer(SGD)
                .learningRateSchedule(LearningRateSchedule.linearDecay(60));
    }

    private static byte[] bytes(INDArray a) {
        return ArrayBytes.toBytes(a);
    }

    @Test
    void aRunWithRmsPropOnDAndSgdOnGResumesBitIdentically() throws IOException {
        GanResult straight = Gan.trainer().train(base().maxSteps(60).build(), digits);
        Path dir = tmp.resolve("a");
        Gan.trainer().train(base().maxSteps(25).checkpointDir(dir).checkpointEvery(25).build(), digits);
        Path newest = CheckpointFile.newest(dir);
        CheckpointFile.Contents c = CheckpointFile.read(newest);
        assertThat(c.entries()).containsKeys("rmsprop-discriminator-v.bin", "rmsprop-discriminator-buf.bin",
                "sgd-generator-buf.bin").doesNotContainKeys("adam-generator-m.bin", "adam-discriminator-v.bin");
        assertThat(c.field("config.optimizer.discriminator")).isEqualTo(RMSPROP.toString());
        assertThat(c.field("config.optimizer.generator")).isEqualTo(SGD.toString());
        assertThat(c.field("config.lrSchedule")).isEqualTo("linear(steps=60)");
        assertThat(c.field("sgd.generator.steps")).isEqualTo("25");
        assertThat(c.field("rmsprop.discriminator.steps")).isEqualTo("25");

        GanResult resumed = Gan.trainer().resume(base().maxSteps(60).build(), digits, newest);
        assertThat(resumed.provenance().steps()).isEqualTo(60);
        assertThat(bytes(resumed.generator().network().parameters())).as("generator parameters, byte for byte")
                .isEqualTo(bytes(straight.generator().network().parameters()));
        assertThat(bytes(resumed.discriminator().parameters())).as("discriminator parameters, byte for byte")
                .isEqualTo(bytes(straight.discriminator().parameters()));
        assertThat(resumed.provenance().config().toString()).contains("discriminatorOptimizer=" + RMSPROP)
                .contains("generatorOptimizer=" + SGD);
        // and the optimizers changed the run: the same seed with the default Adam ends elsewhere
        GanResult adam = Gan.trainer().train(Gan.builder().seed(31).maxSteps(60).build(), digits);
        assertThat(bytes(adam.discriminator().parameters())).isNotEqualTo(bytes(straight.discriminator().parameters()));
    }

    @Test
    void theDefaultIsTheAdamOfLearningRateAndBetasBitForBit() {
        GanResult implicit = Gan.trainer().train(Gan.builder().seed(31).learningRate(2e-4).betas(0.5, 0.999)
                .maxSteps(10).build(), digits);
        OptimizerSpec adam = OptimizerSpec.adam(2e-4, 0.5, 0.999, 1e-8);
        GanResult explicit = Gan.trainer().train(Gan.builder().seed(31).generatorOptimizer(adam)
                .discriminatorOptimizer(adam).learningRateSchedule(LearningRateSchedule.constant()).maxSteps(10)
                .build(), digits);
        assertThat(bytes(explicit.generator().network().parameters()))
                .isEqualTo(bytes(implicit.generator().network().parameters()));
        assertThat(bytes(explicit.discriminator().parameters())).isEqualTo(bytes(implicit.discriminator().parameters()));
    }

    @Test
    void aResumeWithAnotherOptimizerOrScheduleIsRefusedNamingIt() throws IOException {
        Path dir = tmp.resolve("b");
        Gan.trainer().train(base().maxSteps(14).checkpointDir(dir).build(), digits);
        Path newest = CheckpointFile.newest(dir);
        assertThatThrownBy(() -> Gan.trainer().resume(base().discriminatorOptimizer(OptimizerSpec.rmsProp(1e-4, 0.99,
                1e-8, 0.5)).maxSteps(60).build(), digits, newest))
                .isInstanceOf(CheckpointException.class).hasMessageStartingWith(newest.toString())
                .hasMessageContaining("the first field that differs is discriminatorOptimizer: " + RMSPROP
                        + " vs rmsprop(lr=1.0E-4");
        assertThatThrownBy(() -> Gan.trainer().resume(base().generatorOptimizer(OptimizerSpec.adam(1e-3, 0.5, 0.999,
                1e-8)).maxSteps(60).build(), digits, newest))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("the first field that differs is generatorOptimizer: " + SGD + " vs adam(");
        assertThatThrownBy(() -> Gan.trainer().resume(base().learningRateSchedule(LearningRateSchedule.linearDecay())
                .maxSteps(80).build(), digits, newest))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("written with learning-rate schedule linear(steps=60), but the configuration "
                        + "has linear(steps=80)");
        // the default Adam checkpoint and an SGD configuration
        Path adamDir = tmp.resolve("adam");
        Gan.trainer().train(Gan.builder().seed(31).maxSteps(7).checkpointDir(adamDir).build(), digits);
        assertThatThrownBy(() -> Gan.trainer().resume(Gan.builder().seed(31).generatorOptimizer(SGD).maxSteps(14)
                .build(), digits, CheckpointFile.newest(adamDir)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("the first field that differs is generatorOptimizer: adam(lr=3.0E-4,beta1=0.9,"
                        + "beta2=0.999,eps=1.0E-8) vs " + SGD);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rmsprop-discriminator-v.bin   | entry rmsprop-discriminator-v.bin holds negative values; RMSprop's square "
                + "averages are never negative",
        "sgd-generator-buf.bin         | ",
    })
    void forgedOptimizerStateIsRefusedNamingTheEntry(String entry, String fragment) throws IOException {
        Path good = goodCheckpoint();
        Map<String, byte[]> entries = new LinkedHashMap<>(CheckpointFile.read(good).entries());
        byte[] b = entries.get(entry).clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(4 * 3, fragment == null ? Float.NaN : -0.5f);
        Path bad = forged(good, Map.of(entry, b), p -> { });
        assertRefused(bad, fragment == null ? "entry " + entry + " holds NaN or infinite values" : fragment);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sgd.generator.steps=6          | sgd.generator.steps is 6 but steps is 7 (one update per step)",
        "rmsprop.discriminator.steps=x  | rmsprop.discriminator.steps must be a whole number, found x",
        "config.optimizer.generator=adamw(lr=1) | config.optimizer.generator: optimizer 'adamw(lr=1)': unknown name",
        "config.optimizer.discriminator=rmsprop(alpha=2) | config.optimizer.discriminator: 'rmsprop(alpha=2)': alpha "
                + "must be in [0, 1)",
        "config.optimizer.generator=adam | missing field adam.generator.steps",
        "config.optimizer.discriminator=rmsprop(lr=2.0E-4,alpha=0.99,eps=1.0E-8,momentum=0.0) | ",
        "config.lrSchedule=cosine       | config.lrSchedule: learning-rate schedule 'cosine': unknown name",
    })
    void forgedOptimizerFieldsAreRefusedNamingTheField(String change, String fragment) throws IOException {
        Path good = goodCheckpoint();
        String[] kv = change.split("=", 2);
        Path bad = forged(good, Map.of(), p -> p.setProperty(kv[0], kv[1]));
        if (fragment == null) {
            // RMSprop without momentum reads (its buf entry is then unused), but it is not this run's optimizer
            assertThatThrownBy(() -> Gan.trainer().resume(base().maxSteps(14).build(), digits, bad))
                    .isInstanceOf(CheckpointException.class).hasMessageContaining("written with discriminator "
                            + "optimizer rmsprop(lr=2.0E-4,alpha=0.99,eps=1.0E-8,momentum=0.0), but");
            return;
        }
        assertRefused(bad, fragment);
        assertThatThrownBy(() -> Gan.trainer().resume(base().maxSteps(14).build(), digits, bad))
                .isInstanceOf(CheckpointException.class).hasMessageContaining(fragment);
    }

    private Path goodCheckpoint() throws IOException {
        Path dir = tmp.resolve("good");
        if (!Files.isDirectory(dir)) {
            Gan.trainer().train(base().maxSteps(7).checkpointDir(dir).build(), digits);
        }
        return CheckpointFile.newest(dir);
    }

    private static void assertRefused(Path file, String fragment) {
        assertThatThrownBy(() -> CheckpointFile.read(file)).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining(fragment);
    }

    /** {@code good} with entries replaced and the manifest changed, its checksums recomputed. */
    private Path forged(Path good, Map<String, byte[]> replaced, Consumer<Properties> change) throws IOException {
        CheckpointFile.Contents c = CheckpointFile.read(good);
        Map<String, Object> e = new LinkedHashMap<>(c.entries());
        Properties p = new Properties();
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(good.toFile())) {
            p.load(new StringReader(new String(z.getInputStream(z.getEntry(CheckpointFile.MANIFEST)).readAllBytes(),
                    StandardCharsets.ISO_8859_1)));
        }
        e.putAll(replaced);
        for (Map.Entry<String, byte[]> r : replaced.entrySet()) {
            p.setProperty("entry." + r.getKey() + ".sha256", sha256(r.getValue()));
            p.setProperty("entry." + r.getKey() + ".bytes", Integer.toString(r.getValue().length));
        }
        change.accept(p);
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        p.store(text, null);
        e.put(CheckpointFile.MANIFEST, text.toByteArray());
        return Files.write(tmp.resolve("checkpoint-0000000007.zip"), HostileZips.zip(e));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
