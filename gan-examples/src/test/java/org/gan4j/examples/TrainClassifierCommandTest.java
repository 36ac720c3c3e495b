package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.gan4j.eval.FeatureNetwork;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gan4j train-classifier}: retraining the shipped network bit for bit, a labelled folder, user errors. */
class TrainClassifierCommandTest {

    /** The OPENBLAS_CORETYPE the shipped MNIST network was trained with (the launcher's choice on its machine). */
    static final String SHIPPED_CORETYPE = "Haswell";

    @TempDir
    Path tmp;

    @Test
    void theDefaultsRetrainTheShippedMnistNetworkBitForBit() throws Exception {
        // In a JVM of its own, with the OPENBLAS_CORETYPE the launcher would choose: BLAS kernels of another CPU
        // family sum in another order, so the bits are only promised for the same kernels (docs/feature-networks.md).
        String core = System.getenv().getOrDefault("OPENBLAS_CORETYPE", launcherCoreType());
        Path out = tmp.resolve("mnist.zip");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"), Gan4jCli.class.getName(),
                "train-classifier", "--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("log.txt").toFile());
        if (!core.isEmpty()) {
            pb.environment().put("OPENBLAS_CORETYPE", core);
        }
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.MINUTES)).isTrue();
        String log = Files.readString(tmp.resolve("log.txt"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).contains("gan4j: epoch 8/8: loss ").contains("test accuracy");
        FeatureNetwork retrained = FeatureNetwork.load(out);
        assertThat(retrained.testAccuracy()).isGreaterThanOrEqualTo(0.985);
        Assumptions.assumeTrue(core.equals(SHIPPED_CORETYPE), "bit-identity is promised for the shipped network's "
                + "BLAS kernels (" + SHIPPED_CORETYPE + "), this machine uses '" + core + "'");
        assertThat(retrained.sha256()).isEqualTo(FeatureNetwork.MNIST_SHA256);
        assertThat(Files.readAllBytes(out)).isEqualTo(FeatureNetwork.mnist().toBytes());
        assertThat(log).contains("(identical to the shipped network)");
    }

    /** The launcher's choice (see ./gan4j, blas_core): SkylakeX with all of AVX-512's subsets, Haswell with AVX2. */
    static String launcherCoreType() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return "";
        }
        String flags = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("flags")).findFirst()
                .map(l -> " " + l.substring(l.indexOf(':') + 1) + " ").orElse("");
        if (List.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl").stream()
                .allMatch(f -> flags.contains(" " + f + " "))) {
            return "SkylakeX";
        }
        return flags.contains(" avx2 ") && flags.contains(" fma ") ? "Haswell" : "";
    }

    @Test
    void trainsOnALabelledFolder() throws IOException {
        Path data = tmp.resolve("shapes");
        for (String c : List.of("dark", "light")) {
            Files.createDirectories(data.resolve(c));
            for (int i = 0; i < 10; i++) {
                int v = c.equals("dark") ? 10 + i : 240 - i;
                png(data.resolve(c).resolve(i + ".png"), new Color(v, v, v));
            }
        }
        Path out = tmp.resolve("shapes.zip");
        CliTest.Run run = CliTest.run("train-classifier", "--dataset", data.toString(), "--image-size", "8x8",
                "--epochs", "2", "--batch-size", "4", "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("16 for training, 4 held out for testing").contains("epoch 2/2")
                .contains("wrote " + out);
        FeatureNetwork n = FeatureNetwork.load(out);
        assertThat(n.name()).isEqualTo("shapes");
        assertThat(n.classNames()).containsExactly("dark", "light");
        assertThat(n.imageShape().dims()).containsExactly(1, 8, 8);
    }

    private static void png(Path file, Color color) throws IOException {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                img.setRGB(x, y, color.getRGB());
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void refusesToOverwriteAnExistingFile() throws IOException {
        Path out = tmp.resolve("mine.zip");
        Files.writeString(out, "keep me");
        CliTest.Run run = CliTest.run("train-classifier", "--out", out.toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("gan4j: error: --out " + out + " exists; choose another file or "
                + "remove it first");
        assertThat(Files.readString(out)).isEqualTo("keep me");
    }

    @Test
    void mnistMeansTheSixtyThousandDigitsAsForTrainAndIsRefusedOfflineInOneLine() {
        // as for `train --dataset mnist`: the published 60,000 (not the embedded digits, which are mnist-t10k)
        String before = System.getProperty(org.gan4j.data.DatasetStore.CACHE_PROPERTY);
        System.setProperty(org.gan4j.data.DatasetStore.CACHE_PROPERTY, tmp.resolve("empty-cache").toString());
        try {
            Path out = tmp.resolve("m.zip");
            CliTest.Run r = CliTest.run("train-classifier", "--dataset", "mnist", "--out", out.toString());
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.errLines()).singleElement().asString().startsWith("gan4j: error: ")
                    .contains("mnist is not in").contains("--download");
            assertThat(out).doesNotExist();
        } finally {
            if (before == null) {
                System.clearProperty(org.gan4j.data.DatasetStore.CACHE_PROPERTY);
            } else {
                System.setProperty(org.gan4j.data.DatasetStore.CACHE_PROPERTY, before);
            }
        }
    }

    @Test
    void refusesUnknownDatasetsAndFoldersOfOneClass() throws IOException {
        CliTest.Run unknown = CliTest.run("train-classifier", "--dataset", tmp.resolve("nowhere").toString(),
                "--out", tmp.resolve("x.zip").toString());
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.errLines()).singleElement().asString().startsWith("gan4j: error: --dataset ")
                .contains("neither mnist-t10k, mnist, fashion-mnist nor a directory");
        Path one = tmp.resolve("one");
        Files.createDirectories(one.resolve("only"));
        png(one.resolve("only").resolve("a.png"), Color.GRAY);
        CliTest.Run single = CliTest.run("train-classifier", "--dataset", one.toString(), "--out",
                tmp.resolve("y.zip").toString());
        assertThat(single.status()).isEqualTo(1);
        assertThat(single.errLines()).singleElement().asString().startsWith("gan4j: error: " + one)
                .contains("at least 2 classes");
        assertThat(tmp.resolve("x.zip")).doesNotExist();
        assertThat(tmp.resolve("y.zip")).doesNotExist();
        CliTest.Run badFraction = CliTest.run("train-classifier", "--test-fraction", "1.5");
        assertThat(badFraction.errLines()).containsExactly("gan4j: error: --test-fraction must be between 0 and 1, "
                + "got 1.5");
    }
}
