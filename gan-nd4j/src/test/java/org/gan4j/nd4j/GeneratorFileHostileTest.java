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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.gan4j.Activation;
import org.gan4j.Gan;
import org.gan4j.Generator;
import org.gan4j.Mlp;
import org.gan4j.TrainedGenerator;
import org.gan4j.io.BoundedZip;
import org.gan4j.io.GeneratorFile;
import org.gan4j.io.GeneratorFileException;
import org.gan4j.io.HostileZips;
import org.gan4j.testing.Allocations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Generator files built to break the reader: a valid file written by the library, then rewritten with one change
 * (generator files have no checksums beyond the zip's CRC, which the rewrite recomputes).
 */
class GeneratorFileHostileTest {

    /** 200 MB of zeros, about 200 KB deflated. */
    private static final long BOMB = 200_000_000L;
    /** A z 3 -> 5 -> 4 MLP of 2x2 images: 44 FLOAT parameters, 176 bytes. */
    private static final int PARAMETER_BYTES = 44 * 4;

    @TempDir
    Path tmp;

    private Path good;
    private Map<String, byte[]> entries;

    @BeforeEach
    void writeAGoodFile() throws IOException {
        Generator g = Gan.engine().generator(Mlp.of(Activation.relu(), Activation.tanh(), 5).generatorSpec(3, 4),
                DataType.FLOAT, 1);
        good = tmp.resolve("good.zip");
        GeneratorFile.save(good, new TrainedGenerator(g, 2, 2, 1, 0));
        entries = HostileZips.entries(good);
        assertThat(entries.get(GeneratorFile.PARAMETERS_ENTRY)).hasSize(PARAMETER_BYTES);
    }

    /** The good file with its manifest changed. */
    private Path withManifest(String name, Consumer<Properties> change) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(new String(entries.get(GeneratorFile.MANIFEST_ENTRY), StandardCharsets.ISO_8859_1)));
        change.accept(p);
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        p.store(text, null);
        Map<String, Object> e = new LinkedHashMap<>(entries);
        e.put(GeneratorFile.MANIFEST_ENTRY, text.toByteArray());
        return Files.write(tmp.resolve(name), HostileZips.zip(e));
    }

    private Path withEntry(String name, String entry, Object content) throws IOException {
        Map<String, Object> e = new LinkedHashMap<>(entries);
        e.put(entry, content);
        return Files.write(tmp.resolve(name), HostileZips.zip(e));
    }

    /** Asserts that loading is refused with a message that starts with the file and contains {@code fragment}. */
    private static void assertRefused(Path file, String fragment) {
        assertThatThrownBy(() -> GeneratorFile.load(file, 0)).isInstanceOf(GeneratorFileException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining(fragment);
    }

    /** Refused, in bounded time and with a bounded allocation (the old reader inflated everything first). */
    private static void assertRefusedCheaply(Path file, String fragment) {
        Allocations.assertCheap(() -> assertRefused(file, fragment), 5000, 32L << 20);
    }

    @Test
    void theRewrittenGoodFileLoads() throws IOException {
        Path same = withManifest("same.zip", p -> { });
        assertThat(GeneratorFile.load(same, 0).network().parameterCount()).isEqualTo(44);
    }

    @Test
    void aParameterEntryThatInflatesTo200MbIsRefusedWithoutInflatingIt() throws IOException {
        Path bomb = withEntry("bomb.zip", GeneratorFile.PARAMETERS_ENTRY, new HostileZips.Zeros(BOMB));
        assertThat(Files.size(bomb)).isLessThan(1 << 20);
        assertRefusedCheaply(bomb, "entry parameters.bin declares " + BOMB + " bytes, expected " + PARAMETER_BYTES);
    }

    @Test
    void aParameterEntryWhoseCentralDirectoryLiesIsStoppedAtTheFirstByteOver() throws IOException {
        Map<String, Object> e = new LinkedHashMap<>(entries);
        e.put(GeneratorFile.PARAMETERS_ENTRY, new HostileZips.Zeros(BOMB));
        Path liar = Files.write(tmp.resolve("liar.zip"),
                HostileZips.claimSize(HostileZips.zip(e), GeneratorFile.PARAMETERS_ENTRY, PARAMETER_BYTES));
        assertRefusedCheaply(liar, "entry parameters.bin holds more than the expected " + PARAMETER_BYTES + " bytes");
    }

    @Test
    void aManifestOverTheCapIsRefusedAndOneThatLiesIsStoppedAtTheCap() throws IOException {
        byte[] big = new byte[BoundedZip.MAX_TEXT_BYTES + 1];
        Arrays.fill(big, (byte) '#');
        assertRefusedCheaply(withEntry("big.zip", GeneratorFile.MANIFEST_ENTRY, big),
                "entry generator.properties declares " + big.length + " bytes; a manifest holds at most "
                        + BoundedZip.MAX_TEXT_BYTES);

        Map<String, Object> e = new LinkedHashMap<>(entries);
        e.put(GeneratorFile.MANIFEST_ENTRY, new HostileZips.Zeros(BOMB));
        Path liar = Files.write(tmp.resolve("liar.zip"),
                HostileZips.claimSize(HostileZips.zip(e), GeneratorFile.MANIFEST_ENTRY, 100));
        assertRefusedCheaply(liar, "entry generator.properties holds more than the " + BoundedZip.MAX_TEXT_BYTES
                + " bytes a manifest may hold");
    }

    @Test
    void aFileWhoseCentralDirectoryLostItsLastBytesIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(good);
        Path cut = Files.write(tmp.resolve("cut.zip"), Arrays.copyOf(bytes, bytes.length - 10));
        assertRefused(cut, "not a gan4j generator file: not a complete zip");
    }

    @Test
    void aDuplicateParameterEntryIsRefused() throws IOException {
        byte[] other = entries.get(GeneratorFile.PARAMETERS_ENTRY).clone();
        other[0] ^= 1;
        Map<String, Object> e = new LinkedHashMap<>(entries);
        e.put("parameters.bix", other);
        Path dup = Files.write(tmp.resolve("dup.zip"),
                HostileZips.rename(HostileZips.zip(e), "parameters.bix", GeneratorFile.PARAMETERS_ENTRY));
        assertRefused(dup, "entry parameters.bin appears twice");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "image.height=-2 image.width=-2 | image.height must be in 1..1048576, found -2",
        "image.channels=0                | image.channels must be in 1..1048576, found 0",
        "image.width=abc                 | image.width must be a whole number, found abc",
        "image.height=1 image.width=4    | ",
        "image.height=65536 image.width=65536 | must be at most 2147483647, found 65536x65536x1",
        "zDim=-5                         | zDim must be in 1..1048576, found -5",
        "zDim=4                          | zDim is 4 but the network described has 3",
        "dataType=HALF                   | dataType must be FLOAT or DOUBLE, found HALF",
        "parameterCount=9223372036854775807 | parameterCount must be in 1..",
        "parameterCount=45               | parameterCount is 45 but the network described has 44",
        "network.layers=-1               | network.layers must be in 1..10000, found -1",
        "network.layers=two              | generator.properties: network.layers must be a whole number, found two",
    })
    void manifestFieldsOutOfRangeAreRefusedNamingTheField(String changes, String fragment) throws IOException {
        Path file = withManifest("field.zip", p -> {
            for (String change : changes.split(" ")) {
                String[] kv = change.split("=", 2);
                p.setProperty(kv[0], kv[1]);
            }
        });
        if (fragment == null) { // a consistent change: 1x4 images instead of 2x2
            assertThat(GeneratorFile.load(file, 0).imageWidth()).isEqualTo(4);
        } else {
            assertRefused(file, fragment);
        }
    }

    /** The good file rewritten as a version 1 file (gan4j 0.1.0: the MLP in {@code mlp.*} keys), then changed. */
    private Path asVersion1(String name, Consumer<Properties> change) throws IOException {
        return withManifest(name, p -> {
            p.stringPropertyNames().stream().filter(k -> k.startsWith("network") || k.startsWith("buffer"))
                    .forEach(p::remove);
            p.setProperty("version", "1");
            p.setProperty("mlp.hidden", "5");
            p.setProperty("mlp.hiddenActivation", "relu");
            p.setProperty("mlp.outputActivation", "tanh");
            change.accept(p);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mlp.hidden=         | ",
        "mlp.hidden=5,x      | generator.properties: mlp.hidden must be comma-separated layer widths, found 5,x",
        "mlp.hidden=0        | hidden layer 0 width must be positive, got 0",
    })
    void version1FieldsAreRefusedNamingTheField(String change, String fragment) throws IOException {
        String[] kv = change.split("=", 2);
        Path file = asVersion1("v1.zip", p -> {
            if (!kv[1].isEmpty()) {
                p.setProperty(kv[0], kv[1]);
            }
        });
        if (fragment == null) { // unchanged: the rewritten file loads
            assertThat(GeneratorFile.load(file, 0).network().parameterCount()).isEqualTo(44);
        } else {
            assertRefused(file, fragment);
        }
    }

    @ParameterizedTest
    @CsvSource({"NaN", "Infinity", "-Infinity"})
    void nonFiniteParametersAreRefusedNamingTheEntry(float bad) throws IOException {
        byte[] p = entries.get(GeneratorFile.PARAMETERS_ENTRY).clone();
        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putFloat(4 * 7, bad);
        assertRefused(withEntry("nan.zip", GeneratorFile.PARAMETERS_ENTRY, p),
                "parameters.bin holds NaN or infinite values");
    }

    @Test
    void aRefusedFileLeavesTheGeneratorToLoadIntoUnchanged() throws IOException {
        Generator target = Gan.engine().generator(Mlp.of(Activation.relu(), Activation.tanh(), 5)
                .generatorSpec(3, 4), DataType.FLOAT, 2);
        byte[] before = org.gan4j.io.ArrayBytes.toBytes(target.parameters());
        byte[] p = entries.get(GeneratorFile.PARAMETERS_ENTRY).clone();
        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, Float.NaN);
        Path nan = withEntry("nan.zip", GeneratorFile.PARAMETERS_ENTRY, p);
        assertThatThrownBy(() -> GeneratorFile.load(nan, target, 0)).isInstanceOf(GeneratorFileException.class)
                .hasMessageContaining("parameters.bin holds NaN");
        assertThat(org.gan4j.io.ArrayBytes.toBytes(target.parameters())).isEqualTo(before);
    }

    @Test
    void aLayerTextNestedTensOfThousandsDeepIsRefusedCheaply() throws IOException {
        int depth = 40_000; // about 840 KB of manifest: under the 1 MB a manifest may hold
        Path deep = withManifest("deep.zip", p -> p.setProperty("network.layer.0",
                "spectralNorm(layer=".repeat(depth) + "dense(out=5)" + ")".repeat(depth)));
        assertThat(Files.size(deep)).isLessThan(1 << 20);
        assertRefusedCheaply(deep, "invalid manifest: layer 0: a layer's text nests brackets at most 8 deep");
    }
}
