package org.gan4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.gan4j.Gan;
import org.gan4j.Objective;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The progress bar shows an objective's extra scalars by label, and nothing more for the reference run. */
class ExtraMetricsBarTest {

    static Dataset digits;

    @BeforeAll
    static void load() throws IOException {
        digits = Datasets.first(Mnist.load(Path.of("../data/mnist")), 320);
    }

    private static String bar(org.gan4j.GanConfig.Builder builder) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        builder.maxSteps(20).batchSize(32).listener(new ProgressBarListener(new PrintStream(captured, true,
                StandardCharsets.UTF_8))).train(digits);
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aWganGpBarShowsTheEstimateAndThePenalty() {
        assertThat(bar(Gan.builder().objective(Objective.parse("wgan-gp")))).containsPattern(
                "C\\(G\\(z\\)\\) -?[0-9.]+ W -?[0-9.]+ GP [0-9.]+");
        assertThat(bar(Gan.builder())).contains("D(G(z))").doesNotContain(" W ").doesNotContain(" GP ");
    }
}
