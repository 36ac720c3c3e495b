package org.gan4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.gan4j.io.GeneratorFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spark-submit entry, run in-process against {@code local[2]}. */
class SparkGanMainTest {

    @TempDir
    Path tmp;

    @Test
    void trainsOnTwoWorkersAndWritesAGeneratorFile() throws Exception {
        Path out = tmp.resolve("g.zip");
        Path spec = tmp.resolve("run.json");
        java.nio.file.Files.writeString(spec, org.gan4j.Gan.builder().learningRate(1e-4).build().spec().toJson());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SparkGanMain.run(new String[] {"--master", "local[2]", "--conf", "spark.ui.enabled=false",
            "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
            "--workers", "2", "--config", spec.toString(), "--global-batch", "64", "--steps", "5", "--seed", "3",
            "--ema", "0.99",
            "--data", DataParallelEquivalenceTest.MNIST.toString(), "--out", out.toString(),
            "--timeout-seconds", "120", "--checkpoint-dir", tmp.resolve("c").toString(), "--checkpoint-every", "5",
            "--run-dir", tmp.resolve("run").toString()},
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(GeneratorFile.load(out, 1).sample(2).shape()).containsExactly(2, 784);
        assertThat(org.gan4j.io.Checkpoints.list(tmp.resolve("c"))).hasSize(1); // step 5, by rank 0
        // the driver's listeners: a metrics row per step, the sample grid of the (partial) epoch, the report
        assertThat(java.nio.file.Files.readAllLines(tmp.resolve("run").resolve(org.gan4j.listeners.RunLog.METRICS_FILE)))
                .hasSize(1 + 5);
        assertThat(tmp.resolve("run").resolve(org.gan4j.listeners.RunLog.SAMPLES_DIR).resolve("epoch-001.png"))
                .isNotEmptyFile();
        assertThat(tmp.resolve("run").resolve(org.gan4j.listeners.RunLog.REPORT_FILE)).isNotEmptyFile();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Epoch [1/1] step 5");
        // the spec file's settings were trained with, and the option on top (the report's configuration names the
        // learning rate and the moving average)
        assertThat(java.nio.file.Files.readString(tmp.resolve("run").resolve(org.gan4j.listeners.RunLog.REPORT_FILE)))
                .contains("1.0E-4").contains("0.99,0");
    }

    /** A run that fails (here: every task finds a truncated image file) says so in one line naming the file. */
    @Test
    void aFailedRunPrintsOneLineNamingTheTasksError() throws Exception {
        Path dir = java.nio.file.Files.createDirectories(tmp.resolve("partial-mnist"));
        byte[] images = java.nio.file.Files.readAllBytes(
                DataParallelEquivalenceTest.MNIST.resolve("t10k-images-idx3-ubyte.gz"));
        java.nio.file.Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"),
                java.util.Arrays.copyOf(images, images.length / 2));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SparkGanMain.run(new String[] {"--master", "local[2]", "--conf", "spark.ui.enabled=false",
            "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
            "--workers", "2", "--global-batch", "64", "--steps", "5", "--data", dir.toString(),
            "--out", tmp.resolve("g.zip").toString()}, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(1);
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines()).hasSize(1);
        assertThat(printed).startsWith("gan4j-spark: the run failed: ").contains("t10k-images-idx3-ubyte.gz")
                .doesNotContain("\tat ");
        assertThat(tmp.resolve("g.zip")).doesNotExist();
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhy() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(SparkGanMain.run(new String[] {"--workers", "2", "--data", "d"}, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--out is required (--help prints the usage)");
        assertThat(SparkGanMain.run(new String[] {"--workers", "2", "--data", "d", "--out", "o", "--lr", "fast"}, e))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--lr fast: ");
        assertThat(SparkGanMain.run(new String[] {"--workers", "2", "--data", "d", "--out", "o", "--objective",
            "wgan-xx"}, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--objective wgan-xx: ");
        assertThat(SparkGanMain.run(new String[] {"--workers", "two", "--data", "d", "--out", "o"}, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--workers takes a whole number, got 'two'");
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).allMatch(l -> l.startsWith("gan4j-spark: "));
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        assertThat(SparkGanMain.run(new String[] {"--help"}, new PrintStream(help, true, StandardCharsets.UTF_8)))
                .isZero();
        assertThat(help.toString(StandardCharsets.UTF_8)).startsWith("usage: SparkGanMain --workers N")
                .contains("[--objective NAME]");
        assertThat(SparkGanMain.run(new String[] {"--workers", "2", "--data", "d", "--out", "o", "--wokers", "3"},
                e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --wokers");
        assertThat(SparkGanMain.run(new String[] {"--workers", "2", "--data", "d", "--out", "o", "--config",
            "no-such-run.json"}, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--config: ").contains("no-such-run.json");
        assertThat(SparkGanMain.run(new String[] {"--workers", "2", "--data", "d", "--out", "o", "--config",
            "run.json", "--recipe", "dcgan"}, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--config and --recipe cannot be given together");
    }
}
