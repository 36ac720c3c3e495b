package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.Generator;
import org.gan4j.Mlp;
import org.gan4j.TrainedGenerator;
import org.gan4j.data.ImageDataset;
import org.gan4j.io.GeneratorFile;
import org.gan4j.io.GeneratorFileException;
import org.gan4j.testing.ForwardingGenerator;
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
        GeneratorFile.save(file, trained.generator());
        TrainedGenerator loaded = GeneratorFile.load(file, 1);
        assertThat(loaded.network().parameters().equals(trained.generator().network().parameters())).isTrue();
        INDArray z = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 5, 64);
        assertThat(loaded.sample(z).equals(trained.generator().sample(z))).isTrue();
        assertThat(Files.list(tmp)).as("no temporary file left").containsExactly(file);
    }

    @Test
    void damagedOrMismatchedFilesAreRefusedWithTheReason() throws IOException {
        Path file = tmp.resolve("g.zip");
        GeneratorFile.save(file, trained.generator());
        byte[] bytes = Files.readAllBytes(file);

        Path cut = Files.write(tmp.resolve("cut.zip"), Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> GeneratorFile.load(cut, 0)).isInstanceOf(GeneratorFileException.class)
                .hasMessageStartingWith(cut.toString());

        Path text = Files.writeString(tmp.resolve("text.zip"), "hello");
        assertThatThrownBy(() -> GeneratorFile.load(text, 0)).isInstanceOf(GeneratorFileException.class)
                .hasMessageContaining("not a gan4j generator file");
    }

    @Test
    void anExistingFileIsReplacedOnlyWhenAsked() throws IOException {
        Path file = tmp.resolve("g.zip");
        Files.writeString(file, "the user's own file");
        assertThatThrownBy(() -> GeneratorFile.save(file, trained.generator()))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("REPLACE_EXISTING");
        assertThat(Files.readString(file)).isEqualTo("the user's own file");
        assertThat(Files.list(tmp)).as("no temporary file left").containsExactly(file);

        GeneratorFile.save(file, trained.generator(), StandardCopyOption.REPLACE_EXISTING);
        assertThat(GeneratorFile.load(file, 0).network().parameterCount())
                .isEqualTo(trained.generator().network().parameterCount());
    }

    @Test
    void aHandWrittenGeneratorIsSavedAndLoadsIntoAnInstanceOfItself() throws IOException {
        // A generator the library did not build: a wrapper with no description (spec() is empty).
        Generator libraryBuilt = trained.generator().network();
        Generator handWritten = new ForwardingGenerator(libraryBuilt);
        TrainedGenerator custom = new TrainedGenerator(handWritten, 28, 28, 1, 0);
        Path file = tmp.resolve("custom.zip");
        GeneratorFile.save(file, custom);

        assertThatThrownBy(() -> GeneratorFile.load(file, 0)).isInstanceOf(GeneratorFileException.class)
                .hasMessageContaining(ForwardingGenerator.class.getName())
                .hasMessageContaining("GeneratorFile.load(file, generator, seed)");

        Generator fresh = Gan.engine().generator(config.generatorSpec(org.gan4j.nn.Shape.image(1, 28, 28)), config.dataType(), 99);
        assertThat(fresh.parameters().equals(libraryBuilt.parameters())).as("different before loading").isFalse();
        TrainedGenerator loaded = GeneratorFile.load(file, new ForwardingGenerator(fresh), 0);
        assertThat(fresh.parameters().equals(libraryBuilt.parameters())).isTrue();
        INDArray z = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 5, 64);
        assertThat(loaded.sample(z).equals(trained.generator().sample(z))).isTrue();

        Generator small = Gan.engine().generator(Mlp.of(org.gan4j.Activation.relu(),
                org.gan4j.Activation.tanh(), 8).generatorSpec(64, 784), config.dataType(), 1);
        assertThatThrownBy(() -> GeneratorFile.load(file, small, 0)).isInstanceOf(GeneratorFileException.class)
                .hasMessageContaining(PARAMETERS_BIN).hasMessageContaining("expected");
    }

    private static final String PARAMETERS_BIN = GeneratorFile.PARAMETERS_ENTRY;

    /**
     * A file written by gan4j 0.1.0 before generator files said which kind of network they hold (format version 1,
     * {@code mlp.*} keys only): a z 3 -> 5 -> 4 MLP generator of 2x2 images, with the samples it gave for this noise
     * when it was written.
     */
    @Test
    void aFileWrittenByTheFirstReleaseStillLoads() throws Exception {
        Path file = Path.of(GeneratorFileTest.class.getResource("/generator-files/generator-v1-0.1.0.zip").toURI());
        TrainedGenerator g = GeneratorFile.load(file, 0);
        INDArray z = org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][] {{0.5f, -1f, 2f}, {0f, 0.25f, -0.75f}});
        assertThat(g.sample(z).data().asFloat()).containsExactly(0.55000097f, 0.9061797f, 0.26705822f,
                -0.76581246f, -0.08236668f, 0.0577611f, -0.3674131f, -0.5560393f);
        assertThat(g.network().spec()).contains(Mlp.of(org.gan4j.Activation.leakyRelu(0.2),
                org.gan4j.Activation.tanh(), 5).generatorSpec(3, 4));
    }
}
