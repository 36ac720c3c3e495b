package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gan4j.data.IdxFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in-process: real training runs on the embedded digits, and every user error in one line. */
class CliTest {

    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.startsWith("[")).toList(); // drop log lines
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Gan4jCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void trainWritesTheRunDirectoryAndSampleReadsIt() throws IOException {
        Path runDir = tmp.resolve("run");
        Run train = run("train", "--steps", "320", "--run-dir", runDir.toString(), "--seed", "5");
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(train.out()).contains("gan4j: training 2 epochs of 313 steps (steps 1-320), seed 5, on embedded "
                        + "MNIST test set (10000 images): 10000 images of 28x28x1")
                .contains("Epoch [1/2] step 313").contains("Epoch [2/2] step 320")
                .containsPattern("Done: 320 steps in [0-9.]+ s \\([0-9]+ steps/s, RSS")
                .contains("Report: " + runDir.resolve("report.html"));
        assertThat(runDir.resolve("samples/real.png")).isRegularFile();
        assertThat(runDir.resolve("samples/progress.gif")).isRegularFile();
        assertThat(runDir.resolve("samples/epoch-001.png")).isRegularFile();
        assertThat(runDir.resolve("samples/epoch-002.png")).isRegularFile();
        assertThat(runDir.resolve("run.properties")).content().contains("steps=320").contains("seed=5");
        java.awt.image.BufferedImage plot = javax.imageio.ImageIO.read(runDir.resolve("loss.png").toFile());
        assertThat(plot.getWidth()).isEqualTo(900);
        assertThat(plot.getHeight()).isEqualTo(450);
        assertThat(train.out()).as("no progress bar when the output is not a terminal").doesNotContain("steps/s epoch");
        List<String> csv = Files.readAllLines(runDir.resolve("metrics.csv"));
        assertThat(csv).hasSize(321);
        assertThat(csv.get(0)).isEqualTo(org.gan4j.listeners.MetricsCsvListener.HEADER);
        assertThat(csv.get(320)).startsWith("320,2,7,");

        Path idx = tmp.resolve("samples.idx");
        Run sample = run("sample", "--run-dir", runDir.toString(), "--count", "100", "--out", idx.toString());
        assertThat(sample.status()).as(sample.err()).isZero();
        assertThat(IdxFile.read(idx, 3).dims()).containsExactly(100, 28, 28);
        assertThat(Files.size(idx)).isEqualTo(16 + 100 * 784);

        Path png = tmp.resolve("grid.png");
        assertThat(run("sample", "--run-dir", runDir.toString(), "--count", "32", "--out", png.toString()).status())
                .isZero();
        java.awt.image.BufferedImage grid = javax.imageio.ImageIO.read(png.toFile());
        assertThat(grid.getWidth()).isEqualTo(2 + 16 * 30);
        assertThat(grid.getHeight()).isEqualTo(2 + 2 * 30);

        Run again = run("sample", "--run-dir", runDir.toString(), "--count", "10", "--out", idx.toString());
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.errLines()).containsExactly(
                "gan4j: error: --out " + idx + " exists; pass --overwrite to replace it");
        assertThat(Files.size(idx)).as("nothing overwritten").isEqualTo(16 + 100 * 784);

        Run reuse = run("train", "--steps", "1", "--run-dir", runDir.toString());
        assertThat(reuse.status()).isEqualTo(1);
        assertThat(reuse.errLines()).singleElement().asString().contains("already holds a run");
    }

    @Test
    void invalidSettingsAreOneLine() {
        Run r = run("train", "--z-dim", "-3", "--run-dir", tmp.resolve("r").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("gan4j: error: zDim must be positive, got -3");
        Run both = run("train", "--epochs", "2", "--steps", "3");
        assertThat(both.status()).isEqualTo(2);
        assertThat(both.errLines()).singleElement().asString().contains("mutually exclusive");
        Run notANumber = run("train", "--steps", "many");
        assertThat(notANumber.status()).isEqualTo(2);
        assertThat(notANumber.errLines()).singleElement().asString().contains("'many'");
        assertThat(run("bench", "--no-logs").errLines()).containsExactly("gan4j: error: --no-logs needs --run-dir");
        Run taken = run("bench", "--run-dir", tmp.toString());
        assertThat(taken.errLines()).containsExactly("gan4j: error: --run-dir " + tmp + " already exists; give a "
                + "new directory");
        assertThat(taken.out()).as("refused before any work").isEmpty();
    }

    @Test
    void malformedIdxInputIsOneLineNamingTheFile() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path images = data.resolve("train-images-idx3-ubyte");
        Files.write(images, new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3});
        Run r = run("train", "--dataset", data.toString(), "--run-dir", tmp.resolve("r").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("gan4j: error: " + images
                + ": data is truncated: dimensions [2, 28, 28] need 1568 bytes, found 3");
        Files.write(images, new byte[] {0, 0, 9, 3});
        assertThat(run("train", "--dataset", data.toString()).errLines()).singleElement().asString()
                .contains("magic number");
        Run missing = run("train", "--dataset", tmp.resolve("nowhere").toString());
        assertThat(missing.errLines()).singleElement().asString().contains("nowhere").contains("nor a directory");
    }

    @Test
    void anUnknownProviderIsOneLineListingTheProviders() {
        System.setProperty("gan4j.provider", "nope");
        try {
            Run r = run("train", "--steps", "1", "--run-dir", tmp.resolve("r").toString());
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.errLines()).singleElement().asString()
                    .contains("gan4j provider 'nope'").contains("[nd4j]");
        } finally {
            System.clearProperty("gan4j.provider");
        }
    }
}
