package org.gan4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gan4j.Gan;
import org.gan4j.data.ImageDataset;
import org.gan4j.data.Mnist;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a library user sees from {@link EpochLogListener}, and fresh run directories from {@link RunLog}. */
class EpochLogListenerTest {

    private static ImageDataset digits;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws Exception {
        digits = Mnist.load(Path.of("..", "data", "mnist"));
    }

    @Test
    void printsAStartLineTheBackendOneLinePerEpochAndTheEnd() {
        List<String> lines = new ArrayList<>();
        Gan.builder().maxSteps(320).seed(5).listener(new EpochLogListener(lines::add).withDetail(() -> "extra"))
                .train(digits);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("gan4j: training 2 epochs of 313 steps (steps 1-320), seed 5, on "
                + digits.name() + ": 10000 images of 28x28x1");
        assertThat(lines.get(1)).startsWith("gan4j: backend ");
        assertThat(lines.get(2)).matches("Epoch \\[1/2] step 313  lossD \\d\\.\\d{4}  lossG \\d\\.\\d{4}  D\\(x\\) "
                + "0\\.\\d{3}  D\\(G\\(z\\)\\) 0\\.\\d{3}  \\(\\d+\\.\\d s, extra\\)");
        assertThat(lines.get(3)).startsWith("Epoch [2/2] step 320  ");
        assertThat(lines.get(4)).matches("Done: 320 steps in \\d+\\.\\d s \\(\\d+ steps/s, extra\\)");
    }

    @Test
    void quietKeepsTheStartAndTheEndAndWarningsAreShown() {
        List<String> lines = new ArrayList<>();
        Gan.builder().maxSteps(20).learningRate(0.5).listener(new EpochLogListener(lines::add).quiet())
                .train(digits);
        assertThat(lines).noneMatch(l -> l.startsWith("Epoch"));
        assertThat(lines.get(0)).startsWith("gan4j: training 1 epochs");
        assertThat(lines).anyMatch(l -> l.startsWith("gan4j: warning: learningRate 0.5 is far above"));
        assertThat(lines.get(lines.size() - 1)).startsWith("Done: 20 steps in ");
    }

    @Test
    void runningTheSameProgramTwiceGetsTwoRunDirectories() throws Exception {
        Path parent = tmp.resolve("runs");
        Path first = null;
        for (int run = 0; run < 2; run++) {
            RunLog log = RunLog.inNewDirectory(parent);
            try (log) {
                Gan.builder().maxSteps(10).listener(log).train(digits);
            }
            if (first == null) {
                first = log.directory();
            } else {
                assertThat(log.directory()).isNotEqualTo(first);
            }
            assertThat(log.directory().getParent()).isEqualTo(parent);
            assertThat(log.directory().resolve(RunLog.METRICS_FILE)).isRegularFile();
        }
        try (var dirs = Files.list(parent)) {
            assertThat(dirs).hasSize(2);
        }
    }
}
