package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gan4j evaluate} and {@code train --eval-every}: tables, files and one-line errors. */
class EvaluateCliTest {

    @TempDir
    Path tmp;

    /** An IDX3 file of {@code n} images of {@code h x w}, pixel values from a simple pattern. */
    private Path idx(String name, int n, int h, int w) throws IOException {
        byte[] bytes = new byte[16 + n * h * w];
        int[] header = {0x803, n, h, w};
        for (int i = 0; i < 4; i++) {
            for (int b = 0; b < 4; b++) {
                bytes[i * 4 + b] = (byte) (header[i] >>> (24 - 8 * b));
            }
        }
        for (int i = 16; i < bytes.length; i++) {
            bytes[i] = (byte) ((i * 31) % 256);
        }
        Path file = tmp.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    @Test
    void samplesOfAnotherImageSizeAreRefusedNamingTheFileAndBothShapes() throws IOException {
        Path file = idx("small.idx", 20, 14, 14);
        CliTest.Run r = CliTest.run("evaluate", "--samples", file.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("gan4j: error: --samples " + file).contains("[1, 14, 14]")
                .contains("[1, 28, 28]");
    }

    @Test
    void moreReferencesThanTheDatasetHasAreRefusedNamingBothCounts() throws IOException {
        Path file = idx("ok.idx", 20, 28, 28);
        CliTest.Run r = CliTest.run("evaluate", "--samples", file.toString(), "--references", "20000");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("gan4j: error: --references 20000: the dataset embedded MNIST test "
                + "set").endsWith(" has 10000 images");
    }

    @Test
    void aDirectoryDatasetNeedsAFeatureNetworkAndSaysHowToTrainOne() throws IOException {
        Path file = idx("ok.idx", 20, 28, 28);
        Path dir = Files.createDirectories(tmp.resolve("pictures"));
        CliTest.Run r = CliTest.run("evaluate", "--samples", file.toString(), "--dataset", dir.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).contains("no built-in feature network for --dataset " + dir)
                .contains("gan4j train-classifier");
    }

    @Test
    void aTrainedRunIsEvaluatedDuringTrainingAndAfterwardsIntoTheSameFigures() throws IOException {
        Path dir = tmp.resolve("run");
        CliTest.Run train = CliTest.run("train", "--steps", "40", "--run-dir", dir.toString(), "--eval-every", "20",
                "--eval-count", "100");
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(train.out()).contains("Evaluation at step 20: 100 samples vs 10000 real")
                .contains("Final evaluation, step 40:").contains("10000 generated vs 10000 reference images");
        List<String> csv = Files.readAllLines(dir.resolve("evaluation.csv"));
        assertThat(csv).hasSize(4);
        assertThat(csv.get(0)).startsWith("step,epoch,samples,references,fid,kid,");
        assertThat(csv.get(1)).startsWith("20,1,100,10000,");
        assertThat(csv.get(3)).startsWith("40,1,10000,10000,").endsWith(",true");
        assertThat(dir.resolve("report.html")).content().contains("<h2>Evaluation</h2>")
                .contains("alt=\"FID during training\"").doesNotContain("Class fidelity");
        assertThat(dir.resolve("class-fidelity.csv")).as("an unconditional run has none").doesNotExist();
        assertThat(javax.imageio.ImageIO.read(dir.resolve("evaluation.png").toFile())).as("the FID curve")
                .isNotNull();

        Path json = tmp.resolve("scores.json");
        CliTest.Run eval = CliTest.run("evaluate", "--run-dir", dir.toString(), "--json", json.toString());
        assertThat(eval.status()).as(eval.err()).isZero();
        String fid = csv.get(3).split(",")[4];
        assertThat(eval.out()).contains("10000 generated vs 10000 reference images");
        assertThat(Double.parseDouble(fid)).as("the final evaluation and gan4j evaluate measure the same")
                .isCloseTo(readFid(json), org.assertj.core.data.Offset.offset(1e-3 * Double.parseDouble(fid)));

        CliTest.Run again = CliTest.run("evaluate", "--run-dir", dir.toString(), "--json", json.toString());
        assertThat(again.errLines()).containsExactly("gan4j: error: --json " + json + " exists; pass --overwrite to "
                + "replace it");
    }

    private static double readFid(Path json) throws IOException {
        for (String line : Files.readAllLines(json)) {
            if (line.trim().startsWith("\"fid\"")) {
                return Double.parseDouble(line.substring(line.indexOf(':') + 1).replace(",", "").trim());
            }
        }
        throw new AssertionError("no fid in " + json);
    }
}
