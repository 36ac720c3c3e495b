package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.gan4j.MetricNames;
import org.gan4j.listeners.MetricsCsvListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A critic's run through the command line: its outputs name scores as scores, and it resumes with its options. */
class ObjectiveCliTest {

    @TempDir
    Path tmp;

    @Test
    void aHingeRunLabelsItsMeansAsCriticScoresEverywhereAndResumes() throws IOException {
        Path dir = tmp.resolve("hinge");
        CliTest.Run train = CliTest.run("train", "--objective", "hinge", "--critic-steps", "2", "--steps", "330",
                "--run-dir", dir.toString());
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(train.out()).contains("lossG").contains("C(x)").contains("C(G(z))").doesNotContain("D(x)");
        List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
        assertThat(csv.get(0)).isEqualTo(MetricsCsvListener.header(MetricNames.SCORES))
                .isEqualTo("step,epoch,batch,lossD,lossG,scoreReal,scoreFake");
        byte[] events;
        try (Stream<Path> files = Files.list(dir.resolve("logs/train"))) {
            events = Files.readAllBytes(files.findFirst().orElseThrow());
        }
        String text = new String(events, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("C(x)").contains("C(G(z))").doesNotContain("D(x)");

        CliTest.Run resumed = CliTest.run("train", "--resume", dir.toString(), "--steps", "400");
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("metrics.csv"))).hasSize(401);
        assertThat(dir.resolve("run-options.properties")).content().contains("objective=hinge")
                .contains("criticSteps=2");
        CliTest.Run changed = CliTest.run("train", "--resume", dir.toString(), "--objective", "lsgan");
        assertThat(changed.status()).isNotZero();
        assertThat(changed.errLines()).singleElement().asString().contains("--objective");
    }

    @Test
    void anUnknownObjectiveIsOneLineNamingTheOptionAndLeavesNothing() {
        Path dir = tmp.resolve("bad");
        CliTest.Run r = CliTest.run("train", "--objective", "wgan-pg", "--steps", "10", "--run-dir", dir.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .isEqualTo("gan4j: error: --objective: unknown objective 'wgan-pg'; expected one of "
                        + "[bce, minimax, lsgan, wgan, wgan-gp, hinge, ragan]");
        assertThat(dir).doesNotExist();
    }
}
