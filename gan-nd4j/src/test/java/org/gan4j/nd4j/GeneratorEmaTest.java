package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.gan4j.EpochSummary;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.Generator;
import org.gan4j.SeededRandom;
import org.gan4j.StepMetrics;
import org.gan4j.TrainedGenerator;
import org.gan4j.TrainingListener;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.gan4j.io.ArrayBytes;
import org.gan4j.io.CheckpointException;
import org.gan4j.io.GeneratorFile;
import org.gan4j.nd4j.checkpoint.CheckpointFile;
import org.gan4j.nd4j.kernels.CpuKernels;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.kernels.PortableKernels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The generator's moving average in real training on 1,000 digits: its arithmetic, where it is used, and resume. */
class GeneratorEmaTest {

    private static Dataset digits;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws IOException {
        digits = Datasets.first(Mnist.load(TrainingTest.MNIST), 1000);
    }

    private static GanConfig.Builder base() {
        return Gan.builder().seed(11).batchSize(50);
    }

    private static byte[] bytes(INDArray a) {
        return ArrayBytes.toBytes(a);
    }

    /** A library generator built outside the run, so that a listener can read the live parameters at every step. */
    private static Generator liveGenerator(Nd4jEngine engine, GanConfig config, DataType type) {
        return engine.generator(config.generatorSpec(digits.imageShape()), type,
                SeededRandom.forStream(config.seed(), TrainingRun.STREAM_GENERATOR_INIT).nextLong());
    }

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("cpu", 1, 0L), Arguments.of("portable", 1, 0L),
                Arguments.of("cpu", 1, 4L), Arguments.of("portable", 1, 4L),
                Arguments.of("cpu", 2, 3L), Arguments.of("portable", 2, 3L));
    }

    @ParameterizedTest(name = "{0} kernels, criticSteps {1}, startStep {2}")
    @MethodSource("paths")
    void theAverageAfterKUpdatesIsTheHandComputationFromTheLiveHistory(String path, int criticSteps, long start) {
        Kernels kernels = path.equals("cpu") ? new CpuKernels() : new PortableKernels();
        Nd4jEngine engine = new Nd4jEngine(kernels);
        double decay = 0.8;
        int k = 9;
        GanConfig probe = base().dataType(DataType.DOUBLE).build();
        Generator g = liveGenerator(engine, probe, DataType.DOUBLE);
        List<double[]> history = new ArrayList<>();
        history.add(g.parameters().toDoubleVector()); // theta_0
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
                history.add(g.parameters().toDoubleVector());
            }
        };
        GanConfig config = base().dataType(DataType.DOUBLE).generator(g).criticSteps(criticSteps)
                .generatorEma(decay, start).maxSteps(k).listener(recorder).build();
        GanResult result = new Nd4jTrainer(engine).train(config, digits);

        double[] ema = history.get(0).clone();
        int averaged = 0;
        for (int t = 1; t <= k; t++) {
            if (t % criticSteps != 0) {
                continue; // no generator update at this step
            }
            double[] theta = history.get(t);
            for (int i = 0; i < ema.length; i++) {
                ema[i] = t <= start ? theta[i] : decay * ema[i] + (1 - decay) * theta[i];
            }
            averaged += t <= start ? 0 : 1;
        }
        assertThat(history).hasSize(k + 1);
        assertThat(averaged).as("updates that averaged").isGreaterThan(2);
        Generator handedOut = result.generator().network();
        assertThat(handedOut).as("the result's generator is the average, not the live network").isNotSameAs(g);
        double[] actual = handedOut.parameters().toDoubleVector();
        assertThat(actual).hasSameSizeAs(ema).hasSizeGreaterThan(0);
        assertThat(actual).as("the average differs from the live parameters")
                .isNotEqualTo(g.parameters().toDoubleVector());
        if (path.equals("cpu")) {
            assertThat(actual).as("the CPU path's average, bit for bit").isEqualTo(ema);
        } else {
            double worst = 0;
            for (int i = 0; i < ema.length; i++) {
                worst = Math.max(worst, Math.abs(actual[i] - ema[i]) / (Math.abs(ema[i]) + 1e-8));
            }
            assertThat(worst).as("the portable path's largest relative difference").isLessThan(1e-12);
        }
    }

    @Test
    void beforeAndAtTheStartStepTheAverageIsTheLiveGenerator() {
        Nd4jEngine engine = new Nd4jEngine(new CpuKernels());
        for (int steps : new int[] {10, 11}) {
            GanConfig probe = base().build();
            Generator g = liveGenerator(engine, probe, DataType.FLOAT);
            GanResult r = new Nd4jTrainer(engine).train(base().generator(g).generatorEma(0.5, 10).maxSteps(steps)
                    .build(), digits);
            byte[] average = bytes(r.generator().network().parameters());
            if (steps == 10) {
                assertThat(average).as("at the start step").isEqualTo(bytes(g.parameters()));
            } else {
                assertThat(average).as("one step after it").isNotEqualTo(bytes(g.parameters()));
            }
        }
    }

    @Test
    void samplesGridsAndSavedGeneratorsComeFromTheAverage() throws IOException {
        Nd4jEngine engine = new Nd4jEngine(new CpuKernels());
        Generator g = liveGenerator(engine, base().build(), DataType.FLOAT);
        List<byte[]> gridParameters = new ArrayList<>();
        List<byte[]> liveAtEpochEnd = new ArrayList<>();
        TrainingListener grids = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochSummary summary, TrainedGenerator generator) {
                gridParameters.add(bytes(generator.network().parameters()));
                liveAtEpochEnd.add(bytes(g.parameters()));
            }
        };
        Path dir = tmp.resolve("run");
        GanResult r = new Nd4jTrainer(engine).train(base().generator(g).generatorEma(0.9).maxSteps(20)
                .checkpointDir(dir).listener(grids).build(), digits);
        CheckpointFile.Contents c = CheckpointFile.read(CheckpointFile.newest(dir));
        byte[] ema = c.entry(GeneratorFile.EMA_PARAMETERS_ENTRY);
        assertThat(c.entry(GeneratorFile.PARAMETERS_ENTRY)).as("the checkpoint's live generator")
                .isEqualTo(bytes(g.parameters()));
        assertThat(ema).as("the average differs from the live generator").isNotEqualTo(bytes(g.parameters()));

        assertThat(bytes(r.generator().network().parameters())).as("the result's generator").isEqualTo(ema);
        assertThat(gridParameters).as("one epoch of 20 batches").hasSize(1);
        assertThat(gridParameters.get(0)).as("the epoch's sample grid generator").isEqualTo(ema)
                .isNotEqualTo(liveAtEpochEnd.get(0));

        INDArray z = Nd4j.randn(DataType.FLOAT, 8, 64);
        INDArray samples = r.generator().sample(z);
        Generator averaged = liveGenerator(engine, base().build(), DataType.FLOAT);
        averaged.parameters().assign(ArrayBytes.fromBytes(ema, DataType.FLOAT));
        assertThat(bytes(samples)).as("samples are the average's")
                .isEqualTo(bytes(averaged.forward(z, false).dup()))
                .isNotEqualTo(bytes(g.forward(z, false).dup()));

        Path saved = tmp.resolve("generator.zip");
        GeneratorFile.save(saved, r.generator());
        assertThat(bytes(GeneratorFile.load(saved, 1).network().parameters())).as("the saved generator")
                .isEqualTo(ema);
        assertThat(bytes(GeneratorFile.load(CheckpointFile.newest(dir), 1).network().parameters()))
                .as("a checkpoint read as a generator file").isEqualTo(ema);
    }

    @Test
    void withTheAverageTheNetworksTrainExactlyAsWithout() throws IOException {
        Path on = tmp.resolve("on");
        Path off = tmp.resolve("off");
        GanResult a = Gan.trainer().train(base().generatorEma(0.99).maxSteps(30).checkpointDir(on).build(), digits);
        GanResult b = Gan.trainer().train(base().maxSteps(30).checkpointDir(off).build(), digits);
        CheckpointFile.Contents withEma = CheckpointFile.read(CheckpointFile.newest(on));
        CheckpointFile.Contents without = CheckpointFile.read(CheckpointFile.newest(off));
        assertThat(bytes(a.discriminator().parameters())).as("the discriminator trains against the live generator")
                .isEqualTo(bytes(b.discriminator().parameters()));
        assertThat(withEma.entry(GeneratorFile.PARAMETERS_ENTRY)).as("the live generator")
                .isEqualTo(without.entry(GeneratorFile.PARAMETERS_ENTRY))
                .isEqualTo(bytes(b.generator().network().parameters()));
        assertThat(without.entries()).as("a run without the average").doesNotContainKey(
                GeneratorFile.EMA_PARAMETERS_ENTRY);
        assertThat(without.manifest().stringPropertyNames()).noneMatch(k -> k.contains("generatorEma"));
        Map<String, byte[]> rest = new LinkedHashMap<>(withEma.entries());
        rest.remove(GeneratorFile.EMA_PARAMETERS_ENTRY);
        // the run's spec says the average is on; everything that trains is identical
        assertThat(new String(rest.remove("run.json"), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"generatorEma\" : \"0.99,0\"");
        assertThat(new String(without.entries().get("run.json"), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"generatorEma\" : null");
        assertThat(rest.keySet()).as("entries besides run.json")
                .containsExactlyElementsOf(without.entries().keySet().stream().filter(k -> !k.equals("run.json"))
                        .toList());
        for (String name : rest.keySet()) {
            assertThat(withoutDate(name, rest.get(name))).as(name)
                    .isEqualTo(withoutDate(name, without.entries().get(name)));
        }
    }

    /** A properties entry without the date comment {@code Properties.store} writes (the two runs differ by seconds). */
    private static String withoutDate(String name, byte[] entry) {
        String text = new String(entry, java.nio.charset.StandardCharsets.ISO_8859_1);
        return name.endsWith(".properties") ? text.replaceAll("(?m)^#.*\\R", "") : text;
    }

    @Test
    void aResumedRunWithTheAverageIsBitIdenticalToOneThatNeverStopped() throws IOException {
        GanConfig.Builder config = base().generatorEma(0.95, 20).criticSteps(2);
        Path straightDir = tmp.resolve("straight");
        GanResult straight = Gan.trainer().train(config.maxSteps(60).checkpointDir(straightDir).build(), digits);
        Path dir = tmp.resolve("half");
        Gan.trainer().train(config.maxSteps(30).checkpointDir(dir).build(), digits);
        Path newest = CheckpointFile.newest(dir);
        assertThat(newest.getFileName().toString()).isEqualTo("checkpoint-0000000030.zip");
        assertThat(CheckpointFile.read(newest).entries()).containsKey(GeneratorFile.EMA_PARAMETERS_ENTRY);
        GanResult resumed = Gan.trainer().resume(config.maxSteps(60).checkpointDir(dir).build(), digits, newest);
        assertThat(bytes(resumed.generator().network().parameters())).as("the average, byte for byte")
                .isEqualTo(bytes(straight.generator().network().parameters()));
        assertThat(bytes(resumed.discriminator().parameters()))
                .isEqualTo(bytes(straight.discriminator().parameters()));
        CheckpointFile.Contents a = CheckpointFile.read(CheckpointFile.newest(straightDir));
        CheckpointFile.Contents b = CheckpointFile.read(CheckpointFile.newest(dir));
        for (String name : List.of(GeneratorFile.EMA_PARAMETERS_ENTRY, GeneratorFile.PARAMETERS_ENTRY)) {
            assertThat(b.entry(name)).as(name + " at step 60").isEqualTo(a.entry(name));
        }
    }

    @Test
    void resumingWithOtherAverageSettingsIsRefusedNamingThem() throws IOException {
        Path on = tmp.resolve("on");
        Path off = tmp.resolve("off");
        Gan.trainer().train(base().generatorEma(0.99, 5).maxSteps(20).checkpointDir(on).build(), digits);
        Gan.trainer().train(base().maxSteps(20).checkpointDir(off).build(), digits);
        Path withEma = CheckpointFile.newest(on);
        Path without = CheckpointFile.newest(off);
        assertThatThrownBy(() -> Gan.trainer().resume(base().maxSteps(40).build(), digits, withEma))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("written with generatorEma 0.99,5, but the configuration has off");
        assertThatThrownBy(() -> Gan.trainer().resume(base().generatorEma(0.999, 5).maxSteps(40).build(), digits,
                withEma))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("written with generatorEma 0.99,5, but the configuration has 0.999,5");
        assertThatThrownBy(() -> Gan.trainer().resume(base().generatorEma(0.99).maxSteps(40).build(), digits,
                without))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("written with generatorEma off, but the configuration has 0.99,0");
    }

    @Test
    void aForgedAverageEntryIsRefusedNamingIt() throws IOException {
        Path dir = tmp.resolve("forged");
        Gan.trainer().train(base().generatorEma(0.9).maxSteps(20).checkpointDir(dir).build(), digits);
        CheckpointFile.Contents good = CheckpointFile.read(CheckpointFile.newest(dir));
        String entry = GeneratorFile.EMA_PARAMETERS_ENTRY;

        Map<String, byte[]> nan = new LinkedHashMap<>(good.entries());
        byte[] poisoned = nan.get(entry).clone();
        System.arraycopy(ArrayBytes.toBytes(Nd4j.createFromArray(Float.NaN)), 0, poisoned, 400, 4);
        nan.put(entry, poisoned);
        assertRefused(write("nan", good.manifest(), nan), "entry " + entry + " holds NaN or infinite values");

        Map<String, byte[]> shorter = new LinkedHashMap<>(good.entries());
        shorter.put(entry, java.util.Arrays.copyOf(good.entry(entry), good.entry(entry).length - 4));
        assertRefused(write("short", good.manifest(), shorter), "entry " + entry + " holds "
                + (good.entry(entry).length - 4) + " bytes but parameters.bin holds " + good.entry(entry).length);

        Properties noSettings = (Properties) good.manifest().clone();
        noSettings.remove("config.generatorEma");
        assertRefused(write("orphan", noSettings, good.entries()), "entry " + entry + " is present but");

        Properties outOfRange = (Properties) good.manifest().clone();
        outOfRange.setProperty("config.generatorEma", "1.5,0");
        assertRefused(write("range", outOfRange, good.entries()),
                "config.generatorEma: generatorEma decay must be in (0, 1), got 1.5");

        Map<String, byte[]> missing = new LinkedHashMap<>(good.entries());
        missing.remove(entry);
        assertRefused(write("missing", good.manifest(), missing), "missing entry " + entry);
    }

    @Test
    void aHandWrittenGeneratorWithoutCopyIsRefusedNamingTheSetting() {
        Nd4jEngine engine = new Nd4jEngine(new CpuKernels());
        Generator own = new org.gan4j.testing.ForwardingGenerator(liveGenerator(engine, base().build(),
                DataType.FLOAT));
        assertThatThrownBy(() -> new Nd4jTrainer(engine).train(base().generator(own).generatorEma(0.9).maxSteps(1)
                .build(), digits))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("generatorEma 0.9,0 needs a copy of the generator, but "
                        + own.getClass().getName() + " does not implement Network.copy()");
    }

    private Path write(String name, Properties manifest, Map<String, byte[]> entries) throws IOException {
        Properties m = new Properties();
        for (String key : manifest.stringPropertyNames()) {
            if (!key.startsWith("entry.")) {
                m.setProperty(key, manifest.getProperty(key));
            }
        }
        Path file = tmp.resolve(name).resolve(CheckpointFile.fileName(20));
        java.nio.file.Files.createDirectories(file.getParent());
        CheckpointFile.write(file, m, entries); // checksums recomputed: only the rules can refuse it
        return file;
    }

    private static void assertRefused(Path file, String message) {
        assertThatThrownBy(() -> CheckpointFile.read(file)).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining(message);
    }
}
