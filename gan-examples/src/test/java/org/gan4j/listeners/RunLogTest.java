package org.gan4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.gan4j.io.Checkpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library's listeners on real training through {@code Gan.builder()}, as a user of the library would use them. */
class RunLogTest {

    static Dataset digits;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws IOException {
        digits = Datasets.first(Mnist.load(Path.of("../data/mnist")), 640); // 20 steps per epoch
    }

    private static int frames(Path gif) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            return reader.getNumImages(true);
        } finally {
            reader.dispose();
        }
    }

    @Test
    void aRunDirectoryHoldsEveryOutputAndAResumedRunContinuesIt() throws IOException {
        Path run = tmp.resolve("run");
        GanConfig.Builder builder = Gan.builder().seed(3).epochs(3).checkpointDir(run.resolve("checkpoints"));
        Gan.trainer().train(builder.listener(RunLog.in(run)).build(), digits);

        List<String> rows = Files.readAllLines(run.resolve(RunLog.METRICS_FILE));
        assertThat(rows).hasSize(1 + 60).first().isEqualTo(MetricsCsvListener.HEADER);
        assertThat(rows.get(60)).startsWith("60,3,20,").matches("60,3,20(,\\d+\\.\\d{6}){4}");
        assertThat(ImageIO.read(run.resolve(RunLog.LOSS_PLOT_FILE).toFile()).getWidth()).isEqualTo(900);
        Path samples = run.resolve(RunLog.SAMPLES_DIR);
        assertThat(SampleGridListener.epochFiles(samples)).extracting(p -> p.getFileName().toString())
                .containsExactly("epoch-001.png", "epoch-002.png", "epoch-003.png");
        assertThat(ImageIO.read(samples.resolve("real.png").toFile()).getWidth()).isEqualTo(2 + 8 * 30);
        assertThat(frames(samples.resolve(SampleGridListener.ANIMATION_FILE))).isEqualTo(3);
        assertThat(run.resolve("logs/train")).isDirectoryContaining("glob:**/events.out.tfevents.*");
        assertThat(run.resolve(RunLog.REPORT_FILE)).content().contains("60, 3").contains("data:image/gif;base64,");

        // Resume from the checkpoint after epoch 2 for two more epochs: the log is cut back to step 40 and continued.
        Path epoch2 = run.resolve("checkpoints").resolve(Checkpoints.fileName(40));
        Gan.trainer().resume(Gan.builder().seed(3).epochs(5).checkpointDir(run.resolve("checkpoints"))
                .listener(RunLog.in(run)).build(), digits, epoch2);
        rows = Files.readAllLines(run.resolve(RunLog.METRICS_FILE));
        assertThat(rows).hasSize(1 + 100);
        for (int i = 1; i <= 100; i++) {
            assertThat(rows.get(i)).startsWith(i + ",");
        }
        assertThat(frames(samples.resolve(SampleGridListener.ANIMATION_FILE))).isEqualTo(5);
        assertThat(run.resolve(RunLog.REPORT_FILE)).content().contains("100, 5");
    }

    @Test
    void aFreshRunDoesNotOverwriteAnotherRunsMetrics() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(run.resolve(RunLog.METRICS_FILE), "step,epoch\n1,1\n");
        assertThatThrownBy(() -> Gan.builder().maxSteps(5).listener(RunLog.in(run)).train(digits))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(run.resolve(RunLog.METRICS_FILE) + " already exists");
        assertThat(run.resolve(RunLog.METRICS_FILE)).hasContent("step,epoch\n1,1");
    }

    @Test
    void aWriteThatFailsOnTheBackgroundThreadStillStopsTraining() throws IOException {
        // samples/ is a file: the grids are encoded and written on a background thread, whose failure must reach the
        // training thread (at the next epoch at the latest) and name the path
        Path run = Files.createDirectories(tmp.resolve("blocked"));
        Files.writeString(run.resolve(RunLog.SAMPLES_DIR), "a file where the directory should be");
        List<Long> steps = new java.util.ArrayList<>();
        assertThatThrownBy(() -> Gan.builder().epochs(5).listener(RunLog.in(run, EnumSet.of(RunLog.Output.SAMPLES)))
                .listener(new org.gan4j.TrainingListener() {
                    @Override
                    public void onStep(org.gan4j.StepMetrics m) {
                        steps.add(m.step());
                    }
                }).train(digits))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("cannot write " + run.resolve(RunLog.SAMPLES_DIR));
        assertThat(steps.size()).as("stopped within two epochs of the failure, not at the end").isLessThanOrEqualTo(40);
    }

    @Test
    void chosenOutputsOnly() throws IOException {
        Path run = tmp.resolve("some");
        RunLog log = RunLog.in(run, EnumSet.of(RunLog.Output.METRICS, RunLog.Output.SAMPLES));
        assertThat(log.layout()).containsOnlyKeys("samples/", "metrics.csv");
        Gan.builder().maxSteps(25).listener(log).train(digits);
        try (var files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("metrics.csv", "samples");
        }
        assertThatThrownBy(() -> Gan.builder().maxSteps(5).listener(log).train(digits))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already served a run");
        assertThatThrownBy(() -> RunLog.in(run, EnumSet.noneOf(RunLog.Output.class)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one output");
    }

    @Test
    void theProgressBarDrawsTheRunWhenAsked() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Gan.builder().maxSteps(30).listener(new ProgressBarListener(new PrintStream(captured, true,
                StandardCharsets.UTF_8))).train(digits);
        String bar = captured.toString(StandardCharsets.UTF_8);
        assertThat(bar).contains("Training").contains("30/30").contains("lossD").contains("D(G(z))");

        assertThat(ProgressBarListener.onTerminal()).as("tests do not run on a terminal").isFalse();
        assertThat(new ProgressBarListener().enabled()).as("quiet off a terminal").isFalse();
        assertThat(new ProgressBarListener(false).enabled()).isFalse();
        // log lines printed while the bar is up replace its line; the bar redraws below them
        assertThat(new ProgressBarListener(false).lineAbove("Epoch [1/2]")).isEqualTo("Epoch [1/2]");
        assertThat(new ProgressBarListener(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .lineAbove("Epoch [1/2]")).isEqualTo("\r\u001b[2KEpoch [1/2]");
    }

    @Test
    void fixedDecimalsAreExact() {
        StringBuilder s = new StringBuilder();
        for (double v : new double[] {0.6931471805, 0, 1.0000004, 12.5, 0.000005, 0.0000004, -0.25}) {
            MetricsCsvListener.appendFixed(s, v).append(' ');
        }
        assertThat(s.toString()).isEqualTo("0.693147 0.000000 1.000000 12.500000 0.000005 0.000000 -0.250000 ");
    }
}
