package org.gan4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.gan4j.nn.Layers;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@value FeatureNetwork#FORMAT} file: the same network always makes the same bytes, it loads back equal, and
 * damaged files (flipped bytes, a cut end, another format, a manifest that lies) are refused naming the file. In
 * gan-nd4j for its ND4J backend (gan-api's tests have none).
 */
class FeatureNetworkFileTest {

    @TempDir
    Path dir;

    /** A small network with made-up weights: conv, batchNorm, relu, flatten, dense, relu, dense. */
    static FeatureNetwork small(String name) {
        NetworkSpec spec = NetworkSpec.sequential(Shape.image(1, 4, 4), Layers.conv2d(2, 3, 2, 1), Layers.batchNorm(),
                Layers.relu(), Layers.flatten(), Layers.dense(5), Layers.relu(), Layers.dense(3));
        Map<String, INDArray> p = new LinkedHashMap<>();
        p.put("0.weight", Nd4j.linspace(-1.0, 1.0, 18, DataType.FLOAT).reshape(2, 1, 3, 3));
        p.put("0.bias", Nd4j.createFromArray(0.5f, -0.5f));
        p.put("1.weight", Nd4j.ones(DataType.FLOAT, 2));
        p.put("1.bias", Nd4j.zeros(DataType.FLOAT, 2));
        p.put("4.weight", Nd4j.linspace(-2.0, 2.0, 40, DataType.FLOAT).reshape(5, 8));
        p.put("4.bias", Nd4j.zeros(DataType.FLOAT, 5));
        p.put("6.weight", Nd4j.linspace(0.0, 1.0, 15, DataType.FLOAT).reshape(3, 5));
        p.put("6.bias", Nd4j.createFromArray(1f, 2f, 3f));
        Map<String, INDArray> b = new LinkedHashMap<>();
        b.put("1.running_mean", Nd4j.createFromArray(0.1f, 0.2f));
        b.put("1.running_var", Nd4j.createFromArray(1.5f, 0.5f));
        return FeatureNetwork.of(name, spec, FeatureNetwork.featureLayerOf(spec), List.of("cat", "dog", "T-shirt/top"),
                p, b, 0.75, "made up for a test, seed 1");
    }

    @Test
    void savesAndLoadsTheSameNetworkAndTheSameBytes() throws IOException {
        FeatureNetwork n = small("tiny");
        assertThat(n.featureLayer()).isEqualTo(5);
        assertThat(n.featureSize()).isEqualTo(5);
        assertThat(n.toBytes()).isEqualTo(small("tiny").toBytes());
        Path file = dir.resolve("tiny.zip");
        n.save(file);
        FeatureNetwork back = FeatureNetwork.load(file);
        assertThat(back.sha256()).isEqualTo(n.sha256());
        assertThat(Files.readAllBytes(file)).isEqualTo(back.toBytes());
        assertThat(back.spec()).isEqualTo(n.spec());
        assertThat(back.classNames()).containsExactly("cat", "dog", "T-shirt/top");
        assertThat(back.testAccuracy()).isEqualTo(0.75);
        assertThat(back.training()).isEqualTo("made up for a test, seed 1");
        assertThat(back.parameters().keySet()).containsExactlyElementsOf(n.parameters().keySet());
        assertThat(back.parameters().get("0.weight")).isEqualTo(n.parameters().get("0.weight"));
        assertThat(back.parameters().get("0.weight").shape()).containsExactly(2, 1, 3, 3);
        assertThat(back.buffers().get("1.running_var")).isEqualTo(n.buffers().get("1.running_var"));
        assertThat(small("other").sha256()).isNotEqualTo(n.sha256());
    }

    @Test
    void refusesToOverwrite() throws IOException {
        Path file = dir.resolve("mine.zip");
        Files.writeString(file, "the user's own");
        assertThatThrownBy(() -> small("tiny").save(file)).isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining(file.toString());
        assertThat(Files.readString(file)).isEqualTo("the user's own");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file); // no temporary file left
        }
    }

    @Test
    void refusesAFlippedByteInTheWeights() throws IOException {
        byte[] bytes = small("tiny").toBytes();
        byte[] name = FeatureNetwork.PARAMETERS_ENTRY.getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, name) + name.length + 5; // the local header's name, then the stored data
        bytes[at] ^= 1;
        Path file = dir.resolve("flipped.zip");
        Files.write(file, bytes);
        assertThatThrownBy(() -> FeatureNetwork.load(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining(FeatureNetwork.PARAMETERS_ENTRY)
                .hasMessageNotContaining("\n");
    }

    @Test
    void refusesWeightsThatDoNotMatchTheManifestChecksum() throws IOException {
        // a consistent zip (right CRCs) whose parameters were changed after the checksum was written
        FeatureNetwork n = small("tiny");
        Map<String, byte[]> entries = entries(n.toBytes());
        byte[] params = entries.get(FeatureNetwork.PARAMETERS_ENTRY);
        params[0] ^= 1;
        Path file = dir.resolve("forged.zip");
        Files.write(file, zip(entries));
        assertThatThrownBy(() -> FeatureNetwork.load(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("checksum")
                .hasMessageContaining("damaged");
    }

    @Test
    void refusesATruncatedFileAndAnotherFormat() throws IOException {
        byte[] bytes = small("tiny").toBytes();
        Path cut = dir.resolve("cut.zip");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> FeatureNetwork.load(cut)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(cut.toString()).hasMessageContaining("truncated");

        Map<String, byte[]> entries = entries(bytes);
        String manifest = new String(entries.get(FeatureNetwork.MANIFEST_ENTRY), StandardCharsets.US_ASCII);
        entries.put(FeatureNetwork.MANIFEST_ENTRY, manifest.replace("format=gan4j-feature-network",
                "format=gan4j-generator").getBytes(StandardCharsets.US_ASCII));
        Path other = dir.resolve("other.zip");
        Files.write(other, zip(entries));
        assertThatThrownBy(() -> FeatureNetwork.load(other)).isInstanceOf(IOException.class)
                .hasMessage(other + ": format: expected gan4j-feature-network, found gan4j-generator");

        entries.put(FeatureNetwork.MANIFEST_ENTRY, manifest.replace("version=1", "version=7")
                .getBytes(StandardCharsets.US_ASCII));
        Files.write(other, zip(entries));
        assertThatThrownBy(() -> FeatureNetwork.load(other)).isInstanceOf(IOException.class)
                .hasMessageContaining("version: expected 1, found 7");

        // a manifest declaring a network far larger than the file: refused before anything of that size
        entries.put(FeatureNetwork.MANIFEST_ENTRY, manifest.replace("network.layer.4=dense(out=5)",
                "network.layer.4=dense(out=5000000)").getBytes(StandardCharsets.US_ASCII));
        Files.write(other, zip(entries));
        assertThatThrownBy(() -> FeatureNetwork.load(other)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(other.toString());

        Path text = dir.resolve("notes.zip");
        Files.writeString(text, "not a zip");
        assertThatThrownBy(() -> FeatureNetwork.load(text)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(text.toString());
    }

    @Test
    void refusesInconsistentParts() {
        FeatureNetwork n = small("tiny");
        assertThatThrownBy(() -> FeatureNetwork.of("x", n.spec(), 6, n.classNames(), n.parameters(), n.buffers(), 1,
                "t")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("featureLayer");
        assertThatThrownBy(() -> FeatureNetwork.of("x", n.spec(), 5, List.of("a", "b"), n.parameters(), n.buffers(),
                1, "t")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one logit per class");
        Map<String, INDArray> p = n.parameters();
        p.remove("6.bias");
        assertThatThrownBy(() -> FeatureNetwork.of("x", n.spec(), 5, n.classNames(), p, n.buffers(), 1, "t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameters hold");
        Map<String, INDArray> nan = n.parameters();
        nan.get("6.bias").putScalar(0, Float.NaN);
        assertThatThrownBy(() -> FeatureNetwork.of("x", n.spec(), 5, n.classNames(), nan, n.buffers(), 1, "t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(raw)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return raw.toByteArray();
    }
}
