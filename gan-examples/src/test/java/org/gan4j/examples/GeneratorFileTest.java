package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.Mlp;
import org.gan4j.TrainedGenerator;
import org.gan4j.data.ImageDataset;
import org.gan4j.io.GeneratorFile;
import org.gan4j.io.GeneratorFileException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class GeneratorFileTest {

    private static GanResult trained;
    private static GanConfig config;

    @TempDir
    Path tmp;

    @BeforeAll
    static void train() throws IOException {
        ImageDataset data = DataSource.embedded();
        config = Gan.builder().maxSteps(30).build();
        trained = Gan.trainer().train(config, data);
    }

    @Test
    void aSavedGeneratorLoadsWithTheSameParametersAndSamples() throws IOException {
        Path file = tmp.resolve("g.zip");
        GeneratorFile.save(file, config.generatorMlp(), trained.generator());
        TrainedGenerator loaded = GeneratorFile.load(file, 1);
        assertThat(loaded.network().parameters().equals(trained.generator().network().parameters())).isTrue();
        INDArray z = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 5, 64);
        assertThat(loaded.sample(z).equals(trained.generator().sample(z))).isTrue();
        assertThat(Files.list(tmp)).as("no temporary file left").containsExactly(file);
    }

    @Test
    void damagedOrMismatchedFilesAreRefusedWithTheReason() throws IOException {
        Path file = tmp.resolve("g.zip");
        GeneratorFile.save(file, config.generatorMlp(), trained.generator());
        byte[] bytes = Files.readAllBytes(file);

        Path cut = Files.write(tmp.resolve("cut.zip"), Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> GeneratorFile.load(cut, 0)).isInstanceOf(GeneratorFileException.class)
                .hasMessageStartingWith(cut.toString());

        Path text = Files.writeString(tmp.resolve("text.zip"), "hello");
        assertThatThrownBy(() -> GeneratorFile.load(text, 0)).isInstanceOf(GeneratorFileException.class)
                .hasMessageContaining("not a gan4j generator file");

        assertThatThrownBy(() -> GeneratorFile.save(tmp.resolve("x.zip"), Mlp.referenceDiscriminator(),
                trained.generator())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameters but");
    }
}
