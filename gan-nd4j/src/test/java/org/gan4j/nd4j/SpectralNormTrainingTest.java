package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gan4j.nn.Layers.conv2d;
import static org.gan4j.nn.Layers.dense;
import static org.gan4j.nn.Layers.flatten;
import static org.gan4j.nn.Layers.leakyRelu;
import static org.gan4j.nn.Layers.reshape;
import static org.gan4j.nn.Layers.spectralNorm;
import static org.gan4j.nn.Layers.tanh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.gan4j.io.ArrayBytes;
import org.gan4j.io.GeneratorFile;
import org.gan4j.nd4j.checkpoint.CheckpointFile;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Networks with spectral normalisation in training: the {@code u} and {@code v} vectors move with the power
 * iteration, a resumed run continues them bit-exactly from the checkpoint, and a saved generator samples with them.
 */
class SpectralNormTrainingTest {

    private static Dataset digits;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws IOException {
        digits = Datasets.first(Mnist.load(TrainingTest.MNIST), 256);
    }

    /** A conv critic normalised throughout (SNGAN's), and a generator with a normalised first layer. */
    private static GanConfig.Builder sngan() {
        return Gan.builder().seed(3).batchSize(16).zDim(16)
                .generator(NetworkSpec.sequential(Shape.vector(16), spectralNorm(dense(64)), leakyRelu(0.2),
                        dense(784), tanh()))
                .discriminator(NetworkSpec.sequential(Shape.vector(784), reshape(1, 28, 28),
                        spectralNorm(conv2d(8, 4, 2, 1)), leakyRelu(0.2), spectralNorm(conv2d(8, 3, 1, 1)),
                        leakyRelu(0.2), flatten(), spectralNorm(dense(1))));
    }

    private static void assertSameBuffers(String who, Map<String, INDArray> actual, Map<String, INDArray> expected) {
        assertThat(actual.keySet()).as(who).containsExactlyElementsOf(expected.keySet());
        for (String name : expected.keySet()) {
            assertThat(ArrayBytes.toBytes(actual.get(name))).as(who + " " + name)
                    .isEqualTo(ArrayBytes.toBytes(expected.get(name)));
        }
    }

    @Test
    void aResumedRunIsBitIdenticalIncludingTheSpectralNormVectors() throws IOException {
        GanResult straight = sngan().maxSteps(30).train(digits);
        assertThat(straight.discriminator().buffers()).containsOnlyKeys("1.weight_u", "1.weight_v", "3.weight_u",
                "3.weight_v", "6.weight_u", "6.weight_v");
        assertThat(straight.generator().network().buffers()).containsOnlyKeys("0.weight_u", "0.weight_v");
        Path dir = tmp.resolve("ck");
        GanResult half = sngan().maxSteps(15).checkpointDir(dir).checkpointEvery(15).train(digits);
        assertThat(ArrayBytes.toBytes(half.discriminator().buffers().get("3.weight_u")))
                .as("the power iteration moves u between steps 15 and 30")
                .isNotEqualTo(ArrayBytes.toBytes(straight.discriminator().buffers().get("3.weight_u")));
        GanResult resumed = Gan.trainer().resume(sngan().maxSteps(30).build(), digits, CheckpointFile.newest(dir));
        assertThat(ArrayBytes.toBytes(resumed.discriminator().parameters()))
                .isEqualTo(ArrayBytes.toBytes(straight.discriminator().parameters()));
        assertThat(ArrayBytes.toBytes(resumed.generator().network().parameters()))
                .isEqualTo(ArrayBytes.toBytes(straight.generator().network().parameters()));
        assertSameBuffers("D", resumed.discriminator().buffers(), straight.discriminator().buffers());
        assertSameBuffers("G", resumed.generator().network().buffers(), straight.generator().network().buffers());
    }

    @Test
    void aSavedGeneratorWithSpectralNormSamplesExactlyAsTheTrainedOne() throws IOException {
        GanResult r = sngan().maxSteps(10).train(digits);
        Path file = tmp.resolve("sn.zip");
        GeneratorFile.save(file, r.generator());
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertThat(Collections.list(zip.entries())).extracting(ZipEntry::getName)
                    .contains("buffer.0.weight_u.bin", "buffer.0.weight_v.bin");
        }
        var loaded = GeneratorFile.load(file, 0);
        assertThat(loaded.network().spec()).isEqualTo(r.generator().network().spec());
        assertSameBuffers("loaded G", loaded.network().buffers(), r.generator().network().buffers());
        INDArray z = Nd4j.rand(DataType.FLOAT, 6, 16);
        byte[] trained = ArrayBytes.toBytes(r.generator().sample(z));
        assertThat(ArrayBytes.toBytes(loaded.sample(z))).isEqualTo(trained);
        // Sampling is eval mode: no power iteration, so sampling again gives the same images.
        assertThat(ArrayBytes.toBytes(loaded.sample(z))).isEqualTo(trained);
        assertSameBuffers("G after sampling", loaded.network().buffers(), r.generator().network().buffers());
    }
}
