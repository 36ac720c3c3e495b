package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.gan4j.Activation;
import org.gan4j.Gan;
import org.gan4j.Generator;
import org.gan4j.Mlp;
import org.gan4j.TrainedGenerator;
import org.gan4j.io.GeneratorFile;
import org.gan4j.io.HostileZips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** {@code gan4j sample} on forged generator files: one line naming the file and field, and no output written. */
class SampleHostileFileTest {

    @TempDir
    Path tmp;

    /** A generator of 2x2 grey images, saved, with its manifest and entries changed. */
    private Path forged(java.util.function.Consumer<Properties> manifest, Map<String, Object> replaced)
            throws IOException {
        Generator g = Gan.engine().generator(Mlp.of(Activation.relu(), Activation.tanh(), 5).generatorSpec(3, 4),
                DataType.FLOAT, 1);
        Path good = tmp.resolve("good.zip");
        GeneratorFile.save(good, new TrainedGenerator(g, 2, 2, 1, 0));
        Map<String, Object> entries = new LinkedHashMap<>(HostileZips.entries(good));
        Properties p = new Properties();
        p.load(new StringReader(new String((byte[]) entries.get(GeneratorFile.MANIFEST_ENTRY),
                StandardCharsets.ISO_8859_1)));
        manifest.accept(p);
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        p.store(text, null);
        entries.put(GeneratorFile.MANIFEST_ENTRY, text.toByteArray());
        entries.putAll(replaced);
        return Files.write(tmp.resolve("forged.zip"), HostileZips.zip(entries));
    }

    private void assertOneLineAndNoOutput(Path file, String fragment) throws IOException {
        Path out = tmp.resolve("samples.idx");
        CliTest.Run r = CliTest.run("sample", "--checkpoint", file.toString(), "--count", "3", "--out",
                out.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("gan4j: error: " + file).contains(fragment);
        assertThat(r.err()).doesNotContain("\tat ");
        assertThat(out).doesNotExist();
    }

    @Test
    void negativeImageDimensionsWhoseProductFitsAreRefused() throws IOException {
        // -2 x -2 x 1 = 4, the generator's output size: the old reader accepted it and wrote dims 0xfffffffe
        assertOneLineAndNoOutput(forged(p -> {
            p.setProperty("image.height", "-2");
            p.setProperty("image.width", "-2");
        }, Map.of()), "image.height must be in 1..1048576, found -2");
    }

    @Test
    void aZipBombIsRefusedInOneLine() throws IOException {
        assertOneLineAndNoOutput(forged(p -> { }, Map.of(GeneratorFile.PARAMETERS_ENTRY,
                new HostileZips.Zeros(200_000_000L))), "entry parameters.bin declares 200000000 bytes, expected 176");
    }
}
