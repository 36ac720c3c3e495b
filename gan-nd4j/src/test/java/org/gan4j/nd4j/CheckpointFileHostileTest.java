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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.gan4j.io.BoundedZip;
import org.gan4j.io.CheckpointException;
import org.gan4j.io.HostileZips;
import org.gan4j.nd4j.checkpoint.CheckpointFile;
import org.gan4j.nd4j.checkpoint.SpecEntry;
import org.gan4j.testing.Allocations;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checkpoints built to break the reader: a real checkpoint, rewritten with one change and its SHA-256 values and
 * lengths recomputed, so that only the range and consistency checks stand between it and a resumed run.
 */
class CheckpointFileHostileTest {

    /** 200 MB of zeros, about 200 KB deflated. */
    private static final long BOMB = 200_000_000L;
    /** 100 images in batches of 32: 4 steps per epoch; 6 steps end at epoch 2, batch 2, position 64. */
    private static final int IMAGES = 100;

    @TempDir
    static Path run;

    private static Dataset digits;
    private static Path good;
    private static Map<String, byte[]> entries;

    @TempDir
    Path tmp;

    private static GanConfig.Builder base() {
        return Gan.builder().seed(3).batchSize(32);
    }

    @BeforeAll
    static void writeACheckpoint() throws IOException {
        digits = Datasets.first(Mnist.load(TrainingTest.MNIST), IMAGES);
        Path dir = run.resolve("checkpoints");
        Gan.trainer().train(base().maxSteps(6).checkpointDir(dir).build(), digits);
        good = dir.resolve("checkpoint-0000000006.zip");
        entries = HostileZips.entries(good);
    }

    private static Properties manifest() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(new String(entries.get(CheckpointFile.MANIFEST), StandardCharsets.ISO_8859_1)));
        return p;
    }

    /** The good checkpoint with some entries replaced and the manifest changed, its checksums recomputed. */
    private Path forged(String name, Map<String, byte[]> replaced, Consumer<Properties> change) throws IOException {
        Properties p = manifest();
        Map<String, Object> e = new LinkedHashMap<>(entries);
        e.putAll(replaced);
        for (Map.Entry<String, byte[]> r : replaced.entrySet()) {
            p.setProperty("entry." + r.getKey() + ".sha256", sha256(r.getValue()));
            p.setProperty("entry." + r.getKey() + ".bytes", Integer.toString(r.getValue().length));
        }
        change.accept(p);
        e.put(CheckpointFile.MANIFEST, text(p));
        return Files.write(tmp.resolve(name), HostileZips.zip(e));
    }

    /** The good checkpoint as written before the {@value SpecEntry#NAME} entry existed, the manifest changed. */
    private Path forgedWithoutSpec(String name, Consumer<Properties> change) throws IOException {
        Properties p = manifest();
        Map<String, Object> e = new LinkedHashMap<>(entries);
        assertThat(e.remove(SpecEntry.NAME)).as("written by this version").isNotNull();
        p.remove("entry." + SpecEntry.NAME + ".sha256");
        p.remove("entry." + SpecEntry.NAME + ".bytes");
        change.accept(p);
        e.put(CheckpointFile.MANIFEST, text(p));
        return Files.write(tmp.resolve(name), HostileZips.zip(e));
    }

    @Test
    void aResumeComparesTheWholeSpecAndNamesTheFirstFieldThatDiffers() throws IOException {
        assertThat(new String(entries.get(SpecEntry.NAME), StandardCharsets.UTF_8))
                .isEqualTo(base().maxSteps(6).build().spec().toJson());
        assertThatThrownBy(() -> Gan.trainer().resume(base().seed(99).maxSteps(8).build(), digits, good))
                .isInstanceOf(CheckpointException.class).hasMessage(good + ": written with another run spec; the "
                        + "first field that differs is seed: 3 vs 99 (checkpoint vs this configuration)");
        assertThatThrownBy(() -> Gan.trainer().resume(base().objective(org.gan4j.Objective.parse("lsgan"))
                .maxSteps(8).build(), digits, good))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("the first field that differs is "
                        + "objective: bce vs lsgan");
        // the run's length is not compared: a resume may train longer
        assertThat(Gan.trainer().resume(base().epochs(3).build(), digits, good).provenance().steps()).isEqualTo(12);
    }

    @Test
    void aDamagedSpecEntryIsRefusedNamingTheEntryAndThePath() throws IOException {
        String json = new String(entries.get(SpecEntry.NAME), StandardCharsets.UTF_8);
        Path wrongType = forgedEntry("checkpoint-0000000006.zip", SpecEntry.NAME,
                json.replace("\"zDim\" : 64", "\"zDim\" : [ 64 ]").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Gan.trainer().resume(base().maxSteps(8).build(), digits, wrongType))
                .isInstanceOf(CheckpointException.class).hasMessageStartingWith(wrongType + ": entry run.json: "
                        + "$.zDim: expected a whole number");
        Path unknown = forgedEntry("checkpoint-0000000006.zip", SpecEntry.NAME,
                json.replace("\"seed\" : 3,", "\"seed\" : 3, \"ema\" : 0.999,").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Gan.trainer().resume(base().maxSteps(8).build(), digits, unknown))
                .isInstanceOf(CheckpointException.class).hasMessageContaining(": entry run.json: $.ema: unknown "
                        + "field");
    }

    private Path forgedEntry(String name, String entry, byte[] content) throws IOException {
        return forged(name, Map.of(entry, content), p -> { });
    }

    private static byte[] text(Properties p) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        p.store(out, null);
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertRefused(Path file, String fragment) {
        assertThatThrownBy(() -> CheckpointFile.read(file)).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining(fragment);
    }

    private static void assertRefusedCheaply(Path file, String fragment) {
        Allocations.assertCheap(() -> assertRefused(file, fragment), 5000, 48L << 20);
    }

    private static byte[] floats(String entry, int index, float value) {
        byte[] b = entries.get(entry).clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(4 * index, value);
        return b;
    }

    private static byte[] ints(String entry, int index, int value) {
        byte[] b = entries.get(entry).clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(4 * index, value);
        return b;
    }

    @Test
    void theForgedCopyWithoutAChangeReadsAndResumes() throws IOException {
        Path same = forged("checkpoint-0000000006.zip", Map.of(), p -> { });
        assertThat(CheckpointFile.read(same).manifest().getProperty("steps")).isEqualTo("6");
        assertThat(Gan.trainer().resume(base().maxSteps(8).build(), digits, same).provenance().steps()).isEqualTo(8);
    }

    @Test
    void aCheckpointOfTheFirstReleaseWithoutOptimizerFieldsIsAdamAndResumes() throws IOException {
        Properties written = manifest();
        assertThat(written.getProperty("config.optimizer.generator"))
                .isEqualTo("adam(lr=3.0E-4,beta1=0.9,beta2=0.999,eps=1.0E-8)");
        assertThat(written.getProperty("config.lrSchedule")).isEqualTo("constant");
        Path old = forgedWithoutSpec("checkpoint-0000000006.zip", p -> {
            p.remove("config.optimizer.generator");
            p.remove("config.optimizer.discriminator");
            p.remove("config.lrSchedule");
        });
        assertThat(Gan.trainer().resume(base().maxSteps(8).build(), digits, old).provenance().steps()).isEqualTo(8);
        assertThatThrownBy(() -> Gan.trainer().resume(base().learningRate(1e-4).maxSteps(8).build(), digits, old))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("written with learningRate 3.0E-4");
        assertThatThrownBy(() -> Gan.trainer().resume(base().discriminatorOptimizer(
                org.gan4j.optim.OptimizerSpec.sgd(0.1, 0)).maxSteps(8).build(), digits, old))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("written with discriminator optimizer "
                        + "adam(lr=3.0E-4,beta1=0.9,beta2=0.999,eps=1.0E-8), but the configuration has sgd(");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "position=-32            | position must be in 0..100, found -32",
        "position=101            | position must be in 0..100, found 101",
        "position=33             | position is 33 after 2 batches of 32 in an epoch of 100 images; expected 64",
        "epoch=-5                | epoch must be in 0..2147483647, found -5",
        "epoch=0                 | epoch is 0 (before the first step)",
        "epoch=3                 | steps is 6 but epoch 3 at batch 2 of 4 means 10",
        "steps=9223372036854775807 | steps is 9223372036854775807 but epoch 2 at batch 2 of 4 means 6",
        "steps=-1                | steps must be in 0..",
        "steps=six               | steps must be a whole number, found six",
        "batchInEpoch=99         | batchInEpoch must be in 0..4, found 99",
        "adam.generator.steps=7  | adam.generator.steps is 7 but steps is 6",
        "adam.discriminator.steps=-1 | adam.discriminator.steps must be in 0..",
        "dataset.size=0          | dataset.size must be in 1..",
        "config.batchSize=-32    | config.batchSize must be in 1..",
        "sums=NaN,0x1p0,0x1p0,0x1p0 | sums must hold finite numbers",
        "sums=0x1p0              | sums must hold 4 numbers",
        "random.noise=1,maybe,0  | random.noise must be <state>,<true|false>,<spare>",
        "random.shuffle=1,false,Infinity | random.shuffle must hold finite numbers",
        "config.instanceNoise=sigma=0.1,steps=5 | config.instanceNoise is set but random.instanceNoise (its stream) is missing",
        "random.instanceNoise=1,false,0 | random.instanceNoise is set but config.instanceNoise (its settings) is missing",
        "extraSums=0x1p0,NaN     | extraSums must hold finite numbers",
        "config.dataType=INT     | config.dataType must be FLOAT or DOUBLE, found INT",
        "entry.order.bin.bytes=-1 | entry.order.bin.bytes must be in 0..",
        "entry.order.bin.bytes=8 | entry order.bin declares 400 bytes, expected 8",
    })
    void manifestFieldsOutOfRangeOrInconsistentAreRefusedNamingTheField(String change, String fragment)
            throws IOException {
        String[] kv = change.split("=", 2);
        Path file = forged("checkpoint-0000000006.zip", Map.of(), p -> p.setProperty(kv[0], kv[1]));
        assertRefused(file, fragment);
        assertThatThrownBy(() -> Gan.trainer().resume(base().maxSteps(8).build(), digits, file))
                .isInstanceOf(CheckpointException.class).hasMessageContaining(fragment);
    }

    @Test
    void anOrderThatIsNotAPermutationOfTheDatasetIsRefused() throws IOException {
        assertRefused(forgedEntry("big-index.zip", "order.bin", ints("order.bin", 5, 99_999_999)),
                "entry order.bin: index 5 is 99999999, outside the dataset's 0..99");
        assertRefused(forgedEntry("negative-index.zip", "order.bin", ints("order.bin", 0, -1)),
                "entry order.bin: index 0 is -1");
        int first = ByteBuffer.wrap(entries.get("order.bin")).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        assertRefused(forgedEntry("twice.zip", "order.bin", ints("order.bin", 1, first)),
                "entry order.bin: image " + first + " appears twice");
        assertRefused(forgedEntry("short.zip", "order.bin", Arrays.copyOf(entries.get("order.bin"), 396)),
                "entry order.bin holds 396 bytes; 100 indices (dataset.size) take 400");
    }

    @ParameterizedTest
    @CsvSource({
        "parameters.bin, NaN, entry parameters.bin holds NaN or infinite values",
        "discriminator.bin, Infinity, entry discriminator.bin holds NaN or infinite values",
        "adam-generator-m.bin, NaN, entry adam-generator-m.bin holds NaN or infinite values",
        "adam-discriminator-v.bin, -Infinity, entry adam-discriminator-v.bin holds NaN or infinite values",
        "adam-generator-v.bin, -0.5, entry adam-generator-v.bin holds negative values; Adam's second moments are "
                + "squares",
    })
    void nonFiniteArraysAndNegativeSecondMomentsAreRefusedNamingTheEntry(String entry, float value, String fragment)
            throws IOException {
        assertRefused(forgedEntry("bad.zip", entry, floats(entry, 3, value)), fragment);
    }

    @Test
    void momentsOfAnotherLengthThanTheParametersAreRefused() throws IOException {
        byte[] m = entries.get("adam-generator-m.bin");
        assertRefused(forgedEntry("short.zip", "adam-generator-m.bin", Arrays.copyOf(m, m.length - 4)),
                "entry adam-generator-m.bin holds " + (m.length - 4) + " bytes but parameters.bin holds " + m.length);
    }

    @Test
    void aDuplicateParameterEntryIsRefused() throws IOException {
        Map<String, Object> e = new LinkedHashMap<>(entries);
        e.put("parameters.bix", floats("parameters.bin", 0, 1e30f));
        Path dup = Files.write(tmp.resolve("dup.zip"), HostileZips.rename(HostileZips.zip(e), "parameters.bix",
                "parameters.bin"));
        assertRefused(dup, "entry parameters.bin appears twice");
    }

    @Test
    void aCheckpointWhoseCentralDirectoryLostItsLastBytesIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(good);
        for (int cut : new int[] {1, 10}) {
            Path file = Files.write(tmp.resolve("cut" + cut + ".zip"), Arrays.copyOf(bytes, bytes.length - cut));
            assertRefused(file, "not a gan4j checkpoint: not a complete zip");
        }
    }

    @Test
    void aManifestOverTheCapIsRefused() throws IOException {
        Properties p = manifest();
        p.setProperty("padding", "x".repeat(BoundedZip.MAX_TEXT_BYTES));
        Map<String, Object> e = new LinkedHashMap<>(entries);
        e.put(CheckpointFile.MANIFEST, text(p));
        Path big = Files.write(tmp.resolve("big.zip"), HostileZips.zip(e));
        assertRefusedCheaply(big, "entry checkpoint.properties declares");
        assertRefusedCheaply(big, "a manifest holds at most " + BoundedZip.MAX_TEXT_BYTES);
    }

    @Test
    void anEntryThatInflatesTo200MbIsRefusedWithoutInflatingIt() throws IOException {
        Properties p = manifest();
        p.setProperty("entry.discriminator.bin.bytes", Long.toString(BOMB));
        Map<String, Object> e = new LinkedHashMap<>(entries);
        e.put("discriminator.bin", new HostileZips.Zeros(BOMB));
        e.put(CheckpointFile.MANIFEST, text(p));
        Path bomb = Files.write(tmp.resolve("bomb.zip"), HostileZips.zip(e));
        assertThat(Files.size(bomb)).isLessThan(8 << 20);
        assertRefusedCheaply(bomb, "entry discriminator.bin should hold " + BOMB + " bytes");
    }

    @Test
    void anEntryWhoseCentralDirectoryLiesIsStoppedAtTheFirstByteOver() throws IOException {
        int real = entries.get("discriminator.bin").length;
        Map<String, Object> e = new LinkedHashMap<>(entries);
        e.put("discriminator.bin", new HostileZips.Zeros(BOMB));
        Path liar = Files.write(tmp.resolve("liar.zip"),
                HostileZips.claimSize(HostileZips.zip(e), "discriminator.bin", real));
        assertRefusedCheaply(liar, "entry discriminator.bin holds more than the expected " + real + " bytes");
    }
}
